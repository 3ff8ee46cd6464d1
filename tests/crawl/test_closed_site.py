"""A site the registry marks 关停 is crawled for its homepage only: no links, no site checks (W-I2)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from aiohttp import web

from govinspect.crawl import crawl_run
from govinspect.model import SiteStatus

from .helpers import LocalServer, fast_settings, fetches, html, make_run, make_store, site


async def test_closed_site_fetches_only_its_homepage(tmp_path: Path) -> None:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/a.html">甲</a><a href="http://other.invalid/">外链</a>', "首页"),
                            content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/a.html", home)
    server = await LocalServer(app).start()
    try:
        store = make_store(tmp_path)
        closed = replace(site(server.url("/")), status=SiteStatus.CLOSED)
        make_run(store, "r", [closed])
        await crawl_run(store, "r", [closed], fast_settings(), tmp_path / "warc")
    finally:
        await server.stop()
    kinds = sorted({row.kind for row in fetches(store, "r")} - {"robots", "probe"})
    assert kinds == ["page"]
    assert [row.url for row in fetches(store, "r", "page")] == [server.url("/")]
    assert server.hits["/a.html"] == 0
