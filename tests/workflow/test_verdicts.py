"""One verdict everywhere (issue 13 parts 1 and 5): a finding awaiting review is 待复核 and does not
fail its target; confirming it fails the target, rejecting it passes the target and empties
``pending_review`` — in the console summary, findings.json, ``explain`` and the bulletin alike.

A real site on 127.0.0.1 (stdlib HTTP server) whose 活动预告 list dates an entry after the
monitoring point, the only evidence of it: W-V1e grades that as ambiguous (an event list may date
an event, not a publication), a veto pending review."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.config import load_config
from govinspect.model import Site, SiteType
from govinspect.registry.importer import write_registry
from govinspect.report.bulletin import build_bulletin
from govinspect.report.periods import parse_period
from govinspect.rules.explain import explain
from govinspect.store import open_store
from govinspect.store.models import FindingRow

from ..crawl.helpers import pages_handler, threaded_site

runner = CliRunner()
CODE = "3399000003"
AS_OF = "2021-03-21"

PAGES = {
    "/": """<html><head><meta charset="utf-8"><title>青石镇人民政府</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/hdyg/">活动预告</a></div>
<div class="box"><h3>活动预告</h3><ul>
<li><a href="/hdyg/qs0412.html">青石镇2021年春季义务植树活动安排</a><em>2021-04-12</em></li>
<li><a href="/hdyg/qs0318.html">青石镇老年大学春季班开课</a><em>2021-03-18</em></li>
</ul></div><div class="foot">青石镇人民政府办公室主办</div></body></html>""",
    "/hdyg/qs0412.html": """<html><head><meta charset="utf-8"><title>春季义务植树活动安排</title></head><body>
<h1>青石镇2021年春季义务植树活动安排</h1><p>全镇机关干部于4月中旬参加义务植树，具体安排另行通知。</p></body></html>""",
    "/hdyg/qs0318.html": """<html><head><meta charset="utf-8"><title>老年大学春季班开课</title></head><body>
<h1>青石镇老年大学春季班开课</h1><p>发布时间：2021-03-18</p><p>春季班设书法、太极拳等课程。</p></body></html>""",
}


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    with threaded_site(pages_handler(PAGES)) as url:
        yield url


def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_url: str) -> tuple[Path, Path]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('[crawl]\nsite_checks = "none"\nrender_js = "never"\ntimeout_seconds = 5\n'
                                      "retries = 0\n", encoding="utf-8")
    registry = tmp_path / "sites.csv"
    write_registry([Site(CODE, "青石镇人民政府", site_url, "青石镇人民政府办公室", "示范市人民政府", "示范市",
                         SiteType.DEPARTMENT)], registry)
    return home, registry


def _cli(home: Path, *args: str) -> str:
    result = runner.invoke(app, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _target(doc: dict[str, Any]) -> dict[str, Any]:
    return next(t for t in doc["targets"] if t["code"] == CODE)


def _everywhere(home: Path, run_id: str, findings_json: Path) -> dict[str, Any]:
    """The target's verdict as each of the four places states it."""
    config = load_config(home)
    store = open_store(config.db_url)
    try:
        ex = explain(store, config, CODE, run_id)
        data = build_bulletin(store, config, parse_period("2021Q1"), issued=date(2021, 4, 8))
    finally:
        store.close()
    bulletin_target = next(t for t in data.targets if t.site.code == CODE)
    doc = json.loads(findings_json.read_text(encoding="utf-8"))
    return {"explain": (ex.verdict, ex.pending_codes, [v.rule for v in ex.vetoes], ex.consistent),
            "file": (_target(doc)["verdict"], _target(doc)["pending_review"], _target(doc)["veto"]),
            "bulletin": (bulletin_target.verdict, bulletin_target.pending_review,
                         [t.site.code for t in data.pending], data.pending_paragraph()),
            "doc": doc}


def _pending_id(home: Path, run_id: str) -> int:
    store = open_store(load_config(home).db_url)
    try:
        with store.session() as session:
            return int(session.scalars(select(FindingRow.id).where(
                FindingRow.run_id == run_id, FindingRow.rule == "W-V1e", FindingRow.review.is_(True))).one())
    finally:
        store.close()


@pytest.fixture
def inspected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_url: str) -> tuple[Path, str, Path, str]:
    home, registry = _home(tmp_path, monkeypatch, site_url)
    out = tmp_path / "out"
    summary = _cli(home, "inspect", "--registry", str(registry), "--as-of", AS_OF, "--rules", "W-V1e",
                   "--out", str(out))
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    return home, doc["run"]["id"], out / "findings.json", summary


def test_pending_veto_is_shown_as_pending_everywhere_and_passes(inspected: tuple[Path, str, Path, str]) -> None:
    home, run_id, path, summary = inspected
    assert "待复核" in summary and "W-V1e" in summary and "合格" in summary
    seen = _everywhere(home, run_id, path)
    target = _target(seen["doc"])
    assert target["kind"] == "site"
    assert seen["file"] == ("pass", ["W-V1e"], [])
    assert seen["explain"] == ("pass", ["W-V1e"], [], True)
    verdict, pending, pending_sites, paragraph = seen["bulletin"]
    assert (verdict, pending, pending_sites) == ("pass", ["W-V1e"], [CODE])
    assert paragraph.startswith("【待复核】1家") and "青石镇人民政府" in paragraph
    (finding,) = [f for f in seen["doc"]["findings"] if f["rule"] == "W-V1e"]
    assert finding["review"] is True and "2021-04-12" in finding["message"]


def test_confirm_fails_the_target_in_all_four_places(inspected: tuple[Path, str, Path, str]) -> None:
    home, run_id, path, _ = inspected
    said = _cli(home, "findings", "confirm", str(_pending_id(home, run_id)))
    assert "不合格 fail" in said and "单项否决 veto: W-V1e" in said
    seen = _everywhere(home, run_id, path)
    assert seen["file"] == ("fail", [], ["W-V1e"])
    assert seen["explain"] == ("fail", [], ["W-V1e"], True)
    verdict, pending, pending_sites, paragraph = seen["bulletin"]
    assert (verdict, pending, pending_sites, paragraph) == ("fail", [], [], "")
    (finding,) = [f for f in seen["doc"]["findings"] if f["rule"] == "W-V1e"]
    assert finding["decision"] == "confirmed" and "review" not in finding
    # the console summary of judging the run again keeps the inspector's decision
    again = _cli(home, "analyse", run_id, "--rules", "W-V1e", "--out", str(path.parent))
    assert "不合格" in again and "待复核 pending review: 0" in again
    assert _target(json.loads(path.read_text(encoding="utf-8")))["verdict"] == "fail"


def test_reject_passes_the_target_and_empties_pending(inspected: tuple[Path, str, Path, str], tmp_path: Path) -> None:
    home, run_id, path, _ = inspected
    _cli(home, "findings", "reject", str(_pending_id(home, run_id)), "--note", "活动日期，非发稿日期")
    seen = _everywhere(home, run_id, path)
    assert seen["file"] == ("pass", [], [])
    assert seen["explain"] == ("pass", [], [], True)
    assert seen["bulletin"] == ("pass", [], [], "")
    assert not [f for f in seen["doc"]["findings"] if f["rule"] == "W-V1e"]  # a false alarm is not published
    again = _cli(home, "analyse", run_id, "--rules", "W-V1e", "--out", str(path.parent))
    assert "待复核 pending review: 0" in again and "不合格" not in again
    # export from the store is the same document as the one analyse wrote
    exported = tmp_path / "export.json"
    _cli(home, "findings", "export", run_id, "--out", str(exported))
    assert json.loads(exported.read_text(encoding="utf-8")) == json.loads(path.read_text(encoding="utf-8"))


def test_export_of_an_unknown_run_is_a_clear_error(inspected: tuple[Path, str, Path, str]) -> None:
    home, _, _, _ = inspected
    result = runner.invoke(app, ["--home", str(home), "findings", "export", "no-such-run"])
    assert result.exit_code != 0
    assert "未找到运行" in result.output and "no run" in result.output


def test_a_run_stored_before_pending_review_existed_reads_its_codes_from_findings(tmp_path: Path) -> None:
    from govinspect.workflow.verdicts import stored_document
    from tests.report.helpers import Q1_FINDINGS, add_run, home

    config, store = home(tmp_path)
    add_run(store, "old-q1", "2021-03-21", Q1_FINDINGS)  # rows with verdict and score only
    try:
        targets = {t["code"]: t for t in stored_document(store, "old-q1")["targets"]}
        ex = explain(store, config, "3399020004", "old-q1")
    finally:
        store.close()
    assert (targets["3399020004"]["verdict"], targets["3399020004"]["pending_review"]) == ("pass", ["W-V1e"])
    assert targets["3399210002"]["veto"] == ["W-V3", "W-V4a"] and targets["3399210002"]["pending_review"] == []
    assert ex.pending_codes == ["W-V1e"]


def test_a_decision_on_an_account_keeps_its_kind_and_an_unreadable_account_stays_not_assessable(
        tmp_path: Path) -> None:
    from govinspect.media.model import Account, Platform
    from govinspect.media.registry import account_to_json
    from govinspect.store.models import RunRow, RunTargetRow
    from govinspect.timeutil import parse_as_of, utcnow
    from govinspect.workflow.verdicts import record_decision, stored_target
    from tests.report.helpers import home

    config, store = home(tmp_path)
    quiet = Account("澄溪发布", Platform.WECHAT, "澄溪县人民政府办公室", "gh_0c1d2e3f4a5b")
    unread = Account("澄溪水利", Platform.WEIBO, "澄溪县水利局", "5820001234")
    with store.session() as session, session.begin():
        session.add(RunRow(id="m1", as_of=parse_as_of(AS_OF), started=utcnow(), finished=utcnow(), state="analysed"))
        for account, verdict in ((quiet, "pass"), (unread, "not_assessable")):
            session.add(RunTargetRow(run_id="m1", site_code=account.code, snapshot=account_to_json(account),
                                     verdict=verdict, veto=[], pending_review=["M-V2"]))
            session.add(FindingRow(run_id="m1", target=account.code, rule="M-V2", severity="veto",
                                   message="近2周无更新（待复核）", review=True, fingerprint=f"fp-{account.code}"))
        session.flush()
        ids = {r.target: r.id for r in session.scalars(select(FindingRow).where(FindingRow.run_id == "m1"))}
    try:
        record_decision(store, config, ids[quiet.code], "confirmed")
        record_decision(store, config, ids[unread.code], "rejected")
        confirmed, rejected = stored_target(store, "m1", quiet.code), stored_target(store, "m1", unread.code)
    finally:
        store.close()
    assert (confirmed["kind"], confirmed["verdict"], confirmed["veto"], confirmed["pending_review"]) == \
        ("account", "fail", ["M-V2"], [])
    assert (rejected["kind"], rejected["verdict"], rejected["pending_review"]) == ("account", "not_assessable", [])
