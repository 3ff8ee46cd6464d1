"""One verdict everywhere for the targets that are not simply judged (issue 13 part 5): an account
whose data could not be read (无法评估 not_assessable) and a closed (关停) site. The console summary,
findings.json, ``explain`` and the bulletin give each the same verdict and score, and they still
agree after an inspector's decision on the unreadable account; ``findings confirm`` says its
verdict in words.

A real run: ``inspect --registry --media`` against a standard-library server on 127.0.0.1 serving a
township site, a closed bureau site that still shows its news, and one account's RSS feed; the other
account's feed answers 404. Both accounts belong to one unit on one platform (M-D3, a deduction),
and [media_scoring] is on, so an unreadable account would have a score if anything forgot it."""

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
from govinspect.media.model import Account, Platform
from govinspect.media.registry import account_to_json, write_accounts
from govinspect.model import Site, SiteStatus, SiteType
from govinspect.registry.importer import write_registry
from govinspect.report.bulletin import build_bulletin
from govinspect.report.periods import parse_period
from govinspect.rules.explain import explain
from govinspect.store import open_store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow
from govinspect.timeutil import parse_as_of, utcnow

from ..crawl.helpers import pages_handler, threaded_site

runner = CliRunner()
AS_OF = "2021-03-21"
OPEN_SITE, CLOSED_SITE = "3399000021", "3399000022"
SPONSOR = "柳塘县文化和旅游局"
READABLE = Account("柳塘文旅", Platform.WEIBO, SPONSOR, "7301005566", region="柳塘县")
UNREADABLE = Account("柳塘文旅资讯", Platform.WEIBO, SPONSOR, "7301009911", region="柳塘县")
CONFIG = """[crawl]
site_checks = "none"
render_js = "never"
timeout_seconds = 5
retries = 0
[media_scoring]
enabled = true
points_per_problem = 10
max_points_per_rule = 20
pass_score = 60
"""
RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>柳塘文旅</title>
<item><title>柳塘县春季油菜花观赏季开幕</title><link>http://127.0.0.1/w/1</link>
<pubDate>Fri, 19 Mar 2021 09:30:00 +0800</pubDate></item>
<item><title>县图书馆开展“书香柳塘”全民阅读活动</title><link>http://127.0.0.1/w/2</link>
<pubDate>Mon, 15 Mar 2021 16:00:00 +0800</pubDate></item></channel></rss>"""
PAGES = {
    "/": ("text/html", """<html><head><meta charset="utf-8"><title>柳塘镇人民政府</title></head><body>
<div class="nav"><a href="/">首页</a></div><p>柳塘镇人民政府门户</p></body></html>"""),
    "/old/": ("text/html", """<html><head><meta charset="utf-8"><title>柳塘县旅游局</title></head><body>
<h2>旅游动态</h2><ul><li><a href="/old/a.html">柳塘古镇春节游客接待情况</a><span>2021-02-20</span></li>
<li><a href="/old/b.html">县旅游局召开旅游安全工作会议</a><span>2021-03-02</span></li>
<li><a href="/old/c.html">柳塘县乡村旅游精品线路发布</a><span>2021-03-09</span></li></ul></body></html>"""),
    "/feeds/wenlv.xml": ("application/rss+xml", RSS),
}


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with threaded_site(pages_handler(PAGES)) as url:
        yield url


def _cli(home: Path, *args: str) -> str:
    result = runner.invoke(app, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _summary_rows(output: str) -> dict[str, list[str]]:
    """The first line of each row of the console summary, by 标识码: its cells."""
    rows = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells and cells[0] in (OPEN_SITE, CLOSED_SITE, READABLE.code, UNREADABLE.code):
            rows[cells[0]] = cells
    return rows


@pytest.fixture
def inspected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_url: str) -> tuple[Path, str, Path, str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(CONFIG, encoding="utf-8")
    sites, accounts = tmp_path / "sites.csv", tmp_path / "accounts.csv"
    write_registry([Site(OPEN_SITE, "柳塘镇人民政府", base_url, "柳塘镇人民政府办公室", "柳塘县人民政府", "柳塘县",
                         SiteType.DEPARTMENT),
                    Site(CLOSED_SITE, "柳塘县旅游局", base_url + "old/", "柳塘县旅游局", "柳塘县人民政府", "柳塘县",
                         SiteType.DEPARTMENT, SiteStatus.CLOSED)], sites)
    write_accounts([Account(READABLE.name, READABLE.platform, SPONSOR, READABLE.account_id,
                            data_url=base_url + "feeds/wenlv.xml", region="柳塘县"),
                    Account(UNREADABLE.name, UNREADABLE.platform, SPONSOR, UNREADABLE.account_id,
                            data_url=base_url + "feeds/gone.xml", region="柳塘县")], accounts)
    out = tmp_path / "out"
    summary = _cli(home, "inspect", "--registry", str(sites), "--media", str(accounts), "--as-of", AS_OF,
                   "--rules", "W-I2,M-D3,M-V2", "--out", str(out))
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    return home, doc["run"]["id"], out / "findings.json", summary


def _agreement(home: Path, run_id: str, path: Path) -> dict[str, dict[str, Any]]:
    """Per target: (verdict, score) as findings.json, explain (stored and judged again) and the
    bulletin state them; the bulletin leaves closed sites out and counts unreadable accounts apart."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    config = load_config(home)
    store = open_store(config.db_url)
    try:
        explained = {t["code"]: explain(store, config, t["code"], run_id) for t in doc["targets"]}
        data = build_bulletin(store, config, parse_period("2021Q1"), issued=date(2021, 4, 8))
    finally:
        store.close()
    in_bulletin = {t.site.code: (t.verdict, t.score) for t in [*data.targets, *data.accounts]}
    return {t["code"]: {"file": (t["verdict"], t["score"]),
                        "explain": (explained[t["code"]].verdict, explained[t["code"]].score),
                        "explain_again": (explained[t["code"]].recomputed_verdict,
                                          explained[t["code"]].recomputed_score),
                        "bulletin": in_bulletin.get(t["code"]),
                        "unassessed": [a.site.code for a in data.unassessed_accounts],
                        "judged_accounts": [a.site.code for a in data.judged_accounts]}
            for t in doc["targets"]}


def test_unreadable_account_and_closed_site_agree_in_summary_file_explain_and_bulletin(
        inspected: tuple[Path, str, Path, str]) -> None:
    home, run_id, path, summary = inspected
    seen = _agreement(home, run_id, path)
    unread, readable, closed, running = (seen[c] for c in (UNREADABLE.code, READABLE.code, CLOSED_SITE, OPEN_SITE))
    assert unread["file"] == unread["explain"] == unread["explain_again"] == unread["bulletin"] == \
        ("not_assessable", None)
    assert unread["unassessed"] == [UNREADABLE.code] and unread["judged_accounts"] == [READABLE.code]
    # the same unit's second account costs the readable one 10 points under [media_scoring]: 90, a pass
    assert readable["file"] == readable["explain"] == readable["explain_again"] == readable["bulletin"] == \
        ("pass", 90.0)
    # a closed site that still shows its news: a W-I2 warning, never scored, not among the sites checked
    assert closed["file"] == closed["explain"] == closed["explain_again"] == ("pass", None)
    assert closed["bulletin"] is None and running["bulletin"] == running["file"] == running["explain_again"]
    rows = _summary_rows(summary)
    assert rows[UNREADABLE.code][2].startswith("无法评估") and rows[UNREADABLE.code][3] == ""
    assert rows[READABLE.code][2].startswith("合格") and rows[READABLE.code][3] == "90.0"
    assert rows[CLOSED_SITE][2].startswith("合格") and rows[CLOSED_SITE][3] == ""
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert [f["rule"] for f in doc["findings"] if f["target"] == CLOSED_SITE] == ["W-I2"]
    assert any(e["rule"] == "collect" and e["target"] == UNREADABLE.code for e in doc["errors"])


def test_a_decision_on_the_unreadable_account_keeps_it_not_assessable_and_says_so(
        inspected: tuple[Path, str, Path, str]) -> None:
    home, run_id, path, _ = inspected
    store = open_store(load_config(home).db_url)
    try:
        with store.session() as session:
            finding_id = session.scalars(select(FindingRow.id).where(
                FindingRow.run_id == run_id, FindingRow.target == UNREADABLE.code, FindingRow.rule == "M-D3")).one()
    finally:
        store.close()
    said = " ".join(_cli(home, "findings", "confirm", str(finding_id)).split())
    assert "结论 verdict: 无法评估 not assessable" in said and "—" not in said
    seen = _agreement(home, run_id, path)[UNREADABLE.code]
    assert seen["file"] == seen["explain"] == seen["explain_again"] == seen["bulletin"] == ("not_assessable", None)


def test_a_veto_on_an_unreadable_account_confirmed_then_rejected_is_not_assessable_again(tmp_path: Path) -> None:
    """The stored verdict is ``fail`` once a veto is confirmed: rejecting the veto afterwards judges the
    account from its collection error again, not from that verdict (which made it a pass)."""
    from tests.report.helpers import home as report_home

    config, store = report_home(tmp_path)
    code = UNREADABLE.code
    with store.session() as session, session.begin():
        session.add(RunRow(id="u1", as_of=parse_as_of(AS_OF), started=utcnow(), finished=utcnow(), state="analysed"))
        session.add(RunTargetRow(run_id="u1", site_code=code, snapshot=account_to_json(UNREADABLE),
                                 verdict="not_assessable", score=None, veto=[], pending_review=["M-V1c"],
                                 rule_errors=[{"rule": "collect", "error": "HTTP 404"}]))
        row = FindingRow(run_id="u1", target=code, rule="M-V1c", severity="veto", review=True,
                         message="疑似发布赌博类有害信息（账号简介）", fingerprint="fp-unread-v1c")
        session.add(row)
        session.flush()
        finding_id = row.id
    store.close()
    home = config.home
    confirmed = " ".join(_cli(home, "findings", "confirm", str(finding_id)).split())
    assert "结论 verdict: 不合格 fail" in confirmed and "单项否决 veto: M-V1c" in confirmed
    rejected = " ".join(_cli(home, "findings", "reject", str(finding_id), "--note", "简介为反赌宣传").split())
    assert "结论 verdict: 无法评估 not assessable" in rejected and "单项否决 veto: 无 none" in rejected
    store = open_store(config.db_url)
    try:
        ex = explain(store, config, code, "u1")
    finally:
        store.close()
    assert (ex.verdict, ex.score, ex.consistent) == ("not_assessable", None, True)


def test_an_account_stored_before_rule_errors_were_kept_reads_not_assessable_from_its_verdict(
        tmp_path: Path) -> None:
    from tests.report.helpers import home as report_home

    config, store = report_home(tmp_path)
    with store.session() as session, session.begin():
        session.add(RunRow(id="o1", as_of=parse_as_of(AS_OF), started=utcnow(), finished=utcnow(), state="analysed"))
        for account, verdict in ((READABLE, "pass"), (UNREADABLE, "not_assessable")):
            session.add(RunTargetRow(run_id="o1", site_code=account.code, snapshot=account_to_json(account),
                                     verdict=verdict, score=None))
    try:
        judged = {code: explain(store, config, code, "o1") for code in (READABLE.code, UNREADABLE.code)}
    finally:
        store.close()
    assert judged[UNREADABLE.code].recomputed_verdict == "not_assessable"
    assert judged[READABLE.code].recomputed_verdict == "pass"  # a pass is not taken for unreadable
