"""Cloaking site checks: the homepage and a sample of pages fetched as a browser, as
Baiduspider and from a Baidu search, each version kept as WARC evidence of its own kind."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from govinspect.crawl import crawl_run
from govinspect.crawl.sitechecks.cloaking import BAIDU_REFERER, SPIDER_UA
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
