"""A run launched from the browser analyses its targets in the process pool of ``inspect --jobs``
(``serve --jobs``, default the cores), counts each target analysed into the progress the page
polls, and judges the same as the command line's run on the same sites."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from govinspect import pipeline
from govinspect.config import load_config
from govinspect.store import Store, open_store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow
from govinspect.web.app import create_app
from govinspect.web.jobs import Jobs

from .conftest import AS_OF, Web


def test_a_web_run_is_analysed_by_the_pool_with_progress(tmp_path: Path, inspected_home: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    shutil.copytree(inspected_home, home)
    config = load_config(home)
    store = open_store(config.db_url)
    asked: list[dict[str, Any]] = []
    real_analyse = pipeline.analyse

    def analyse(*args: Any, **kwargs: Any) -> pipeline.RunResult:
        asked.append(kwargs)
        return real_analyse(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    app = create_app(config, store, analysis_jobs=2)
    try:
        with TestClient(app, base_url="https://testserver") as client:
            web = Web(home, store, client)
            web.login("insp1")
            answer = client.post("/runs", data={"csrf": web.csrf("/runs"), "as_of": AS_OF}, follow_redirects=False)
            assert answer.status_code == 303
            jobs: Jobs = app.state.jobs
            jobs.wait(180)
            assert jobs.state.phase == "done", jobs.state.error
            assert [k["jobs"] for k in asked] == [2]
            assert jobs.state.analysed == jobs.state.targets_total == 2
            status = client.get("/runs/status").text
            assert "分析 analysed <span id=\"run-analysed\">2/2</span>" in status
            launched = jobs.state.run_id
        first = run_id_of_cli(store, launched)
        with store.session() as session:
            def verdicts(run: str) -> dict[str, str | None]:
                rows = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run)).all()
                return {r.site_code: r.verdict for r in rows}

            def w_v1e(run: str) -> set[tuple[str, str | None]]:
                rows = session.scalars(select(FindingRow).where(FindingRow.run_id == run,
                                                                FindingRow.rule == "W-V1e")).all()
                return {(f.target, f.url) for f in rows}

            assert set(verdicts(launched)) == set(verdicts(first))
            assert w_v1e(launched) == w_v1e(first) != set()  # the planted future-dated event, found again
    finally:
        app.state.jobs.wait(30)
        store.close()


def run_id_of_cli(store: Store, launched: str) -> str:
    """The command line's run in the copied home (the one that is not the launched one)."""
    with store.session() as session:
        (other,) = [r for r in session.scalars(select(RunRow.id)).all() if r != launched]
    return str(other)

