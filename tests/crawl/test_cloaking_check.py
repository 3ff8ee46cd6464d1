"""Cloaking site checks: the homepage and a sample of pages fetched as a browser, as
Baiduspider and from a Baidu search, each version kept as WARC evidence of its own kind."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp import web

from govinspect.config import load_config
from govinspect.crawl import crawl_run
from govinspect.crawl.sitechecks.cloaking import BAIDU_REFERER, DESTINATION_KIND, SPIDER_UA
from govinspect.extract.categories import load_category_table
from govinspect.rules.engine import run_rules
from govinspect.rules.scoring import judge
from govinspect.snapshot.builder import build_snapshot
from govinspect.snapshot.warc import read_record

from .helpers import LocalServer, fast_settings, fetches, html, make_run, make_store, site


def cloaked_site() -> web.Application:
    app = web.Application()

    async def any_page(request: web.Request) -> web.Response:
        ua = request.headers.get("User-Agent", "")
        referer = request.headers.get("Referer", "")
        if "Baiduspider" in ua:
            return web.Response(text=html("澳门新葡京娱乐城", "澳门新葡京娱乐城"), content_type="text/html")
        if "baidu.com" in referer:
            raise web.HTTPFound("/jump")
        return web.Response(text=html('<a href="/a/b/1.html">文章</a>', "首页"), content_type="text/html")

    app.router.add_get("/{tail:.*}", any_page)
    return app


async def test_three_versions_recorded(tmp_path: Path) -> None:
    server = await LocalServer(cloaked_site()).start()
    try:
        store = make_store(tmp_path)
        sites = [site(server.url("/"))]
        make_run(store, "r1", sites)
        await crawl_run(store, "r1", sites, fast_settings(site_checks="all"), tmp_path / "warc")
        spider = fetches(store, "r1", "cloak-spider")
        browser = fetches(store, "r1", "cloak-browser")
        referer = fetches(store, "r1", "cloak-referer")
        assert {r.url for r in spider} == {r.url for r in browser} == {r.url for r in referer}
        assert server.url("/") in {r.url for r in spider} and len(spider) == 2  # homepage + the article
        home = next(r for r in spider if r.url == server.url("/"))
        record = read_record(tmp_path / "warc", home.warc_file or "", home.warc_offset or 0)
        assert "澳门新葡京娱乐城" in (record.body or b"").decode()
        ref = next(r for r in referer if r.url == server.url("/"))
        assert (ref.final_url or "").endswith("/jump")  # the Baidu visitor was sent elsewhere
        assert BAIDU_REFERER.startswith("https://www.baidu.com/link?url=") and "Baiduspider" in SPIDER_UA
    finally:
        await server.stop()


def hijacked_county() -> web.Application:
    """A proxy answering for a county site that sends Baidu visitors to a casino by script (only
    when the Referer is Baidu's, so the crawler's own view is clean), and for the casino."""
    app = web.Application()
    county = ('<html><head><meta charset="utf-8"><title>青石县人民政府</title>{head}</head><body>'
              '<a href="/xxgk/2023/t1.html">关于做好秋季防火工作的通知</a><p>县政府召开常务会议。</p></body></html>')
    jump = ("<script>var r=document.referrer;if(r.indexOf('baidu')>-1){top.location.href="
            "'http://m.k8vip.cc/?from=qs';}</script>")
    casino = ('<html><head><meta charset="utf-8"><title>K8凯发国际 真人视讯 电子游艺</title></head><body>'
              '<a href="/reg">首存送100% 点击进入</a><p>体育下注 真人百家 提款秒到</p></body></html>')

    async def by_host(request: web.Request) -> web.Response:
        if request.host == "m.k8vip.cc":
            return web.Response(text=casino, content_type="text/html")
        if request.host != "www.qingshi.gov.cn":
            return web.Response(status=502)
        head = jump if "baidu.com" in request.headers.get("Referer", "") else ""
        return web.Response(text=county.format(head=head), content_type="text/html")

    app.router.add_get("/{tail:.*}", by_host)
    return app


async def test_script_redirect_destination_fetched_and_judged(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = await LocalServer(hijacked_county()).start()
    monkeypatch.setenv("http_proxy", proxy.base)
    the_site = site("http://www.qingshi.gov.cn/")
    store = make_store(tmp_path)
    make_run(store, "r", [the_site])
    try:
        await crawl_run(store, "r", [the_site], fast_settings(site_checks="cloak-browser,cloak-referer"),
                        tmp_path / "warc")
    finally:
        await proxy.stop()
    destinations = fetches(store, "r", DESTINATION_KIND)
    assert [(d.url, d.status) for d in destinations] == [("http://m.k8vip.cc/?from=qs", 200)]
    assert proxy.hits["/?from=qs"] == 1  # once, although every sampled page carries the script

    snap = build_snapshot(store, "r", the_site, datetime.now(UTC), tmp_path / "warc", load_category_table(None))
    findings = run_rules(snap, load_config(tmp_path / "nohome"), only=["W-V1d"]).findings
    assert len(findings) == 1
    f = findings[0]
    assert f.details["kind"] == "redirect" and f.details["seen_in"] == "cloak-referer"
    assert not f.review and f.details["grade"] == "conclusive"
    assert f.details["destination"] == "m.k8vip.cc" and "m.k8vip.cc" in f.message and "赌博" in f.message
    assert run_rules(snap, load_config(tmp_path / "nohome"), only=["W-V1c"]).findings == []  # the page is clean


async def test_spider_only_spam_site_fails_without_review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Crawled, checked and judged: spam only Baiduspider sees is a firm veto, the site fails."""
    app = web.Application()
    clean = ('<html><head><meta charset="utf-8"><title>青石县人民政府</title></head><body><table><tr><td>'
             '<a href="/zwgk/t1.html">政务公开</a> 县政府召开常务会议</td></tr></table></body></html>')
    for_spider = ('<html><head><meta charset="utf-8"><title>青石县人民政府_无码视频_成人影院</title></head><body>'
                  '<p>國產精品 亞洲色圖 免費在線觀看</p></body></html>')

    async def by_host(request: web.Request) -> web.Response:
        if request.host != "www.qingshi.gov.cn":
            return web.Response(status=502)
        spider = "Baiduspider" in request.headers.get("User-Agent", "")
        return web.Response(text=for_spider if spider else clean, content_type="text/html")

    app.router.add_get("/{tail:.*}", by_host)
    proxy = await LocalServer(app).start()
    monkeypatch.setenv("http_proxy", proxy.base)
    the_site = site("http://www.qingshi.gov.cn/")
    store = make_store(tmp_path)
    make_run(store, "r", [the_site])
    try:
        await crawl_run(store, "r", [the_site], fast_settings(site_checks="cloak-browser,cloak-spider"),
                        tmp_path / "warc")
    finally:
        await proxy.stop()
    cfg = load_config(tmp_path / "nohome")
    snap = build_snapshot(store, "r", the_site, datetime.now(UTC), tmp_path / "warc", load_category_table(None))
    findings = run_rules(snap, cfg, only=["W-V1c", "W-V1d"]).findings
    assert [(f.rule, f.details["kind"], f.review) for f in findings] == [("W-V1d", "cloaking", False)]
    assert findings[0].details["pages"]["count"] == 2  # the homepage and the sampled page: one cause
    assert judge(the_site, findings, cfg).verdict == "fail"
