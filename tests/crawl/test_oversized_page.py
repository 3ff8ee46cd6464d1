"""A page larger than ``max_page_bytes`` (issue 12 part 2): cut, marked, reported as W-I4, and
the rules that report absence say 不可评估 instead of reporting the footer it lost.

The same homepage is crawled under and over a small limit; its footer (codes, badge, 找错
entry, annual report link) sits after a long table of notices, so the cut loses it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web

from govinspect.config import load_config
from govinspect.crawl import crawl_run
from govinspect.extract.categories import load_category_table
from govinspect.model import Site, cut_size
from govinspect.rules.base import Finding, Severity
from govinspect.rules.engine import run_rules
from govinspect.snapshot.builder import build_snapshot
from govinspect.snapshot.warc import read_record
from govinspect.store import Store

from .helpers import LocalServer, fast_settings, fetches, make_run, make_store

AS_OF = datetime(2024, 5, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
CODE = "4407030012"
ROWS = 1500  # ≈ 200 kB of table: well over the small limit, well under the default one


def homepage() -> bytes:
    head = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>江门市蓬江区人民政府网站</title>'
            '<meta name="SiteName" content="江门市蓬江区人民政府"><meta name="SiteDomain" content="www.pjq.gov.cn">'
            f'<meta name="SiteIDCode" content="{CODE}"></head><body>')
    news = "".join(f'<li><a href="/zwdt/n{i}.html">蓬江区召开第{i}次防汛防风工作会商会</a><em>2024-05-{10 + i}</em></li>'
                   for i in range(1, 6))
    table = "".join(f"<tr><td>{i}</td><td>关于第{i}批涉农资金项目的公示（蓬江区农业农村局）</td>"
                    f"<td>2019-{1 + i % 12:02d}-{1 + i % 27:02d}</td></tr>" for i in range(ROWS))
    foot = ('<div class="bottom-info"><a href="/ndbb/2023.html">2023年度政府网站工作年度报表</a>'
            '<p>主办单位：江门市蓬江区人民政府办公室　联系电话：0750-3501234</p>'
            f'<p>网站标识码：{CODE}　粤ICP备05086501号　粤公网安备 44070302000123号</p>'
            '<span id="_ideConac"></span>'
            f'<script id="_jiucuo_" sitecode="{CODE}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>'
            '</div></body></html>')
    return (head + f'<div class="news"><ul>{news}</ul></div>'
            f'<div class="archive"><table>{table}</table></div>' + foot).encode("utf-8")


def make_app(chunked: bool) -> web.Application:
    app = web.Application()
    body = homepage()

    async def home(request: web.Request) -> web.StreamResponse:
        if not chunked:
            return web.Response(body=body, content_type="text/html", charset="utf-8")
        resp = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        try:
            for start in range(0, len(body), 16_384):
                await resp.write(body[start:start + 16_384])
        except (ConnectionResetError, RuntimeError):
            pass  # the crawler hung up at its limit
        return resp

    app.router.add_get("/", home)
    return app


async def crawl_and_judge(tmp_path: Path, limit: int, chunked: bool = False) -> tuple[Store, list[Finding]]:
    server = await LocalServer(make_app(chunked)).start()
    try:
        the_site = Site(code=CODE, name="江门市蓬江区人民政府", url=server.url("/"), sponsor="江门市蓬江区人民政府办公室")
        store = make_store(tmp_path)
        make_run(store, "r", [the_site])
        await crawl_run(store, "r", [the_site], fast_settings(max_page_bytes=limit, check_links=False),
                        tmp_path / "warc")
    finally:
        await server.stop()
    snap = build_snapshot(store, "r", the_site, AS_OF, tmp_path / "warc", load_category_table(None))
    return store, run_rules(snap, load_config(tmp_path / "nohome")).findings


def by_rule(findings: list[Finding], *codes: str) -> list[Finding]:
    """Findings of ``codes``, but not W-D11's domain check: the local server is on an IP address."""
    return [f for f in findings if f.rule in codes and f.details.get("check") != "domain"]


def test_the_page_is_big_enough() -> None:
    assert 150_000 < len(homepage()) < 10_000_000
    assert homepage().index(b"bottom-info") > 100_000  # the footer is past the small limit


async def test_page_under_the_limit_is_judged_whole(tmp_path: Path) -> None:
    _, findings = await crawl_and_judge(tmp_path, limit=len(homepage()))  # exactly at the limit: not cut
    assert by_rule(findings, "W-I4") == []
    assert by_rule(findings, "W-D10", "W-D11", "W-I1") == []  # the footer is all there
    assert not any(f.details.get("assessable") is False for f in findings)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_cut_page_is_marked_reported_and_not_judged_for_absence(tmp_path: Path, chunked: bool) -> None:
    store, findings = await crawl_and_judge(tmp_path, limit=100_000, chunked=chunked)
    [row] = [r for r in fetches(store, "r", "page") if urlsplit(r.url).path == "/"]
    size = cut_size(row.error)
    assert size is not None and size.limit == 100_000 and row.status == 200 and row.length == 100_000
    if chunked:
        assert not size.exact and 100_000 < (size.size or 0) <= len(homepage())
    else:
        assert size.exact and size.size == len(homepage())
    record = read_record(tmp_path / "warc", row.warc_file or "", row.warc_offset or 0)
    assert len(record.body) == 100_000

    [oversized] = by_rule(findings, "W-I4")
    assert oversized.severity is Severity.WARNING and oversized.url == row.url
    assert oversized.message.startswith("首页超过抓取大小上限被截断（" + ("至少" if chunked else ""))
    assert oversized.details["pages"][0]["limit"] == 100_000 and oversized.evidence["warc"] == row.warc_file

    # no absence reported from the lost footer: each rule says 不可评估 at info level
    lost = by_rule(findings, "W-D10", "W-D11", "W-I1")
    assert {f.rule for f in lost} == {"W-D10", "W-D11", "W-I1"}
    for finding in lost:
        assert finding.severity is Severity.INFO and finding.points == 0
        assert finding.details["assessable"] is False and "不可评估" in finding.message
    [footer] = by_rule(findings, "W-D11")
    assert set(footer.details["elements"]) >= {"网站标识码", "ICP备案编号", "公安机关备案号", "党政机关网站标识"}
    # the head was read: the meta tags are judged as usual, and the fresh news keeps W-V3 quiet
    assert by_rule(findings, "W-D13", "W-V3") == []
