"""The Celery tasks in-process (``Task.apply``, no broker): an analysis task stores one target's
judgement, a copy of it handed out after its run finished does nothing, and the per-target lease
keeps a second worker off a target a live worker holds while a dead worker's lease is taken over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from govinspect.config import load_config
from govinspect.model import Site, SiteType
from govinspect.store import Store, open_store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow
from govinspect.store.runlock import RunLock
from govinspect.store.runs import start_run
from govinspect.timeutil import parse_as_of

pytest.importorskip("celery", reason="Celery 未安装 / Celery not installed (pip install -e .[distributed])")

from govinspect.distributed import app as dist  # after the skip: needs Celery
from govinspect.distributed.settings import DistributedSettings

SITE = Site("3398000009", "云溪县水利局", "http://127.0.0.1:9/", "云溪县水利局", site_type=SiteType.DEPARTMENT)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, str]]:
    monkeypatch.setenv("GOVINSPECT_HOME", str(tmp_path))
    monkeypatch.delenv("GOVINSPECT_DB_URL", raising=False)
    monkeypatch.setattr(dist, "_context", None)
    store = open_store(load_config(tmp_path).db_url)
    run_id = start_run(store, [SITE], parse_as_of("2021-03-21"))
    yield store, run_id
    store.close()


def _app() -> object:
    return dist.make_app(DistributedSettings.from_config(load_config()))


def test_an_analysis_task_stores_its_target_once_and_a_late_copy_does_nothing(home: tuple[Store, str]) -> None:
    store, run_id = home
    app = _app()
    analyse = app.tasks[dist.ANALYSE]  # type: ignore[attr-defined]

    def stored() -> tuple[int, str | None]:
        with store.session() as session:
            findings = len(session.scalars(select(FindingRow.id).where(FindingRow.run_id == run_id)).all())
            verdict = session.scalar(select(RunTargetRow.verdict).where(RunTargetRow.run_id == run_id))
        return findings, verdict

    # never crawled: the judgement of an empty snapshot; what matters here is that it is stored once
    first = analyse.apply(args=[run_id, SITE.code, None, []]).get()
    assert first["code"] == SITE.code and "stale" not in first
    after_one = stored()
    assert after_one[0] > 0 and after_one[1] in ("pass", "fail")
    analyse.apply(args=[run_id, SITE.code, None, []]).get()  # redone (its worker died before the ack)
    assert stored() == after_one
    with store.session() as session, session.begin():
        session.execute(update(RunRow).where(RunRow.id == run_id).values(state="analysed"))
    assert analyse.apply(args=[run_id, SITE.code, None, []]).get() == {"code": SITE.code, "stale": True}


def test_the_lease_keeps_a_live_holder_and_passes_a_dead_ones_on(home: tuple[Store, str]) -> None:
    store, run_id = home
    with RunLock(store, dist.lease_name(run_id, SITE.code), host="worker-a").acquire() as other:
        other.set_run(run_id)
        with dist.target_lease(store, run_id, SITE.code) as held:
            assert held is False  # a live worker elsewhere (fresh heartbeat) has it
        assert dist.lease_holder(store, run_id, SITE.code) is not None
    dead = RunLock(store, dist.lease_name(run_id, SITE.code))
    dead.pid = 2**22 + 7  # a pid of this host that no process has: its worker was killed
    dead.acquire()
    assert dist.lease_holder(store, run_id, SITE.code) is None
    with dist.target_lease(store, run_id, SITE.code) as held:
        assert held is True
    assert dist.lease_name(run_id, SITE.code) != dist.lease_name(run_id, "3398000010")
    assert len(dist.lease_name(run_id, SITE.code)) <= 40
