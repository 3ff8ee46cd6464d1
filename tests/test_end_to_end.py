"""End to end on the demo farm: registry → crawl through http_proxy → WARC → rules → findings.json.

The farm's manifest (govinspect.demo.expected) names the defects planted in each site and the
look-alikes that must not be flagged; this test holds the whole pipeline to it.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from govinspect import pipeline
from govinspect.demo.expected import EXPECTATIONS
from govinspect.demo.farm import DEMO_AS_OF, Farm, build_farm
from govinspect.demo.server import serve_farm_in_thread
from govinspect.registry.importer import write_registry
from govinspect.store import open_store

from .e2e_support import FAST_CRAWL, inspect_sites, proxy_env

AS_OF = DEMO_AS_OF.isoformat()


@pytest.fixture(scope="module")
def farm() -> Farm:
    return build_farm(DEMO_AS_OF)


@pytest.fixture(scope="module")
def proxy(farm: Farm) -> Iterator[str]:
    with serve_farm_in_thread(farm) as url, proxy_env(url):
        yield url


@pytest.fixture(scope="module")
def demo_run(farm: Farm, proxy: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.RunResult]:
    home = tmp_path_factory.mktemp("home")
    _, result = inspect_sites(home, farm.registry(), AS_OF)
    return home, result


def test_every_planted_defect_is_found_and_no_look_alike_is_flagged(demo_run: tuple[Path, pipeline.RunResult]) -> None:
    _, result = demo_run
    found = {(f.target, f.rule) for f in result.findings}
    missed = [(e.site_code, rule, why) for e in EXPECTATIONS for rule, why in e.must_find.items()
              if (e.site_code, rule) not in found]
    false_alarms = [(e.site_code, rule, why) for e in EXPECTATIONS for rule, why in e.must_not_find.items()
                    if (e.site_code, rule) in found]
    assert not missed, f"planted defects not found: {missed}"
    assert not false_alarms, f"look-alikes flagged: {false_alarms}"
    assert not result.errors, f"rules raised: {result.errors}"


def test_compliant_sites_pass_and_unreachable_never_passes(farm: Farm, demo_run: tuple[Path, pipeline.RunResult]) -> None:
    _, result = demo_run
    verdicts = {t.site.code: t.judgement for t in result.targets}
    for exp in EXPECTATIONS:
        assert verdicts[exp.site_code].verdict == exp.verdict, (exp.site_code, verdicts[exp.site_code])
    for fs in farm.sites:
        if fs.behaviour == "503":
            assert verdicts[fs.site.code].verdict == "fail"
            assert "W-V2" in verdicts[fs.site.code].veto
    compliant = [e.site_code for e in EXPECTATIONS if not e.must_find]
    assert compliant, "the farm has a compliant site"
    for code in compliant:
        assert verdicts[code].verdict == "pass", (code, verdicts[code])


def test_findings_json_follows_the_contract(demo_run: tuple[Path, pipeline.RunResult], tmp_path: Path) -> None:
    _, result = demo_run
    path = pipeline.write_findings(result, tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert set(doc["run"]) == {"id", "as_of", "started", "finished"}
    assert doc["run"]["as_of"] == "2021-03-21T00:00:00+08:00"
    for target in doc["targets"]:
        assert {"kind", "code", "name", "url", "verdict", "score", "veto", "pending_review"} <= set(target)
        assert target["kind"] == "site"
        assert target["verdict"] in ("pass", "fail")
    assert doc["findings"]
    for finding in doc["findings"]:
        assert {"target", "rule", "severity", "message", "url", "evidence", "details"} <= set(finding)
    # every finding about a fetched page points at its WARC record
    with_evidence = [f for f in doc["findings"] if f["evidence"].get("warc")]
    assert with_evidence, "findings carry WARC evidence"


def test_analyse_again_offline_gives_the_same_findings(demo_run: tuple[Path, pipeline.RunResult]) -> None:
    home, result = demo_run
    from govinspect.config import load_config

    config = load_config(home, FAST_CRAWL)  # the settings of the run, time-compressed W-V2 spans included
    store = open_store(config.db_url)
    with proxy_env("http://127.0.0.1:9"):  # nothing listens there: any network use would fail
        again = pipeline.analyse(store, config, result.run_id)
    store.close()
    key = lambda f: (f.target, f.rule, f.url or "", f.message)  # noqa: E731
    assert sorted(map(key, again.findings)) == sorted(map(key, result.findings))


def test_paragraph_results_remembered_give_the_same_findings(demo_run: tuple[Path, pipeline.RunResult]) -> None:
    """An analysis reading the content checks' stored results (content_results: what W-D12 and
    W-V1a found per paragraph, stored by the inspection) writes the same findings.json as one
    judging every paragraph afresh."""
    from sqlalchemy import delete, func, select

    from govinspect.config import load_config
    from govinspect.content.models import ContentResultRow

    home, result = demo_run
    config = load_config(home, FAST_CRAWL)
    store = open_store(config.db_url)

    def document(again: pipeline.RunResult) -> dict[str, object]:
        doc = pipeline.findings_document(again)
        del doc["run"]["finished"]
        return doc

    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ContentResultRow)), "the inspection kept results"
    with proxy_env("http://127.0.0.1:9"):
        remembered = document(pipeline.analyse(store, config, result.run_id))
        with store.session() as session, session.begin():
            session.execute(delete(ContentResultRow))
        afresh = document(pipeline.analyse(store, config, result.run_id))
    store.close()
    assert {"W-D12", "W-V1a"} <= {f["rule"] for f in afresh["findings"]}  # the cached checks found things
    assert remembered == afresh


@pytest.mark.slow
def test_killed_inspection_resumes_without_refetching(farm: Farm, proxy: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("[crawl]\ntimeout_seconds = 5\nretries = 1\nper_host_concurrency = 1\n"
                                      "download_delay_seconds = 0.02\n", encoding="utf-8")
    registry = tmp_path / "sites.csv"
    sites = [fs.site for fs in farm.sites if fs.behaviour == "normal"][:4]
    write_registry(sites, registry)
    cmd = [sys.executable, "-m", "govinspect.cli", "--home", str(home), "inspect", "--registry", str(registry),
           "--as-of", AS_OF, "--format", "json"]
    env = {**os.environ}
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db_path = home / "govinspect.db"
    deadline = time.monotonic() + 180  # liveness only: the command's start-up takes seconds on a loaded machine
    stored = 0
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if db_path.exists():
            try:
                with sqlite3.connect(db_path) as db:
                    stored = db.execute("select count(*) from fetches where kind='page'").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 20:
                break
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert stored >= 20, "the first crawl got going before it was killed"
    with sqlite3.connect(db_path) as db:
        before = {row[0] for row in db.execute("select url from fetches where kind='page'")}
    second = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    assert second.returncode == 0, second.stderr.decode()[-2000:]
    with sqlite3.connect(db_path) as db:
        dupes = db.execute("select url, count(*) from fetches where kind='page' group by url having count(*) > 1"
                           ).fetchall()
        after = {row[0] for row in db.execute("select url from fetches where kind='page'")}
        runs = db.execute("select count(*), max(state) from runs").fetchone()
    assert not dupes, f"fetched twice: {dupes[:5]}"
    assert before < after
    assert runs == (1, "analysed"), "the second command resumed the same run"
    doc = json.loads(second.stdout)
    assert {t["code"] for t in doc["targets"]} == {s.code for s in sites}


def test_parallel_analysis_equals_serial_and_a_redone_target_adds_nothing(
        demo_run: tuple[Path, pipeline.RunResult]) -> None:
    from govinspect.config import load_config
    from govinspect.store.models import FetchRow, FindingRow
    from govinspect.store.runs import list_runs
    from govinspect.tasks.run import similarity_pass
    from govinspect.tasks.target import analyse_target, crawl_target, plan_analysis, run_targets

    home, _ = demo_run
    config = load_config(home, FAST_CRAWL)
    store = open_store(config.db_url)
    (run_id,) = [r.id for r in list_runs(store)]

    def comparable(result: pipeline.RunResult) -> dict[str, object]:
        doc = pipeline.findings_document(result)
        del doc["run"]["finished"]
        return {"doc": doc, "pages": [(t.site.code, t.pages, t.coverage) for t in result.targets]}

    def counts() -> tuple[int, int]:
        with store.session() as session:
            return (session.query(FindingRow).filter_by(run_id=run_id).count(),
                    session.query(FetchRow).filter_by(run_id=run_id).count())

    with proxy_env("http://127.0.0.1:9"):  # offline: a redone crawl of a finished target fetches nothing
        serial = pipeline.analyse(store, config, run_id, jobs=1)
        heard: list[str] = []  # the progress a web-launched run shows: each target once, as it finishes
        parallel = pipeline.analyse(store, config, run_id, jobs=3, on_done=lambda t: heard.append(t.site.code))
        assert comparable(parallel) == comparable(serial)
        assert sorted(heard) == sorted(t.site.code for t in serial.targets)
        assert len(serial.targets) > 3 and serial.findings
        before = counts()
        target = next(t for t in run_targets(store, run_id) if any(f.target == t.code for f in serial.findings))
        crawl_target(store, config, run_id, target.code)  # a task redone after its worker died
        plan = plan_analysis(store, config, run_id, None, similarity_pass(store, config, run_id))
        again = analyse_target(store, config, plan, target)
        assert counts() == before
        assert [f.to_json() for f in again.findings] == [f.to_json() for f in serial.findings
                                                          if f.target == target.code]
    store.close()

