"""Site checks: extra observations recorded as WARC evidence with their own fetch kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import update

from govinspect.crawl import checks, crawl_run
from govinspect.snapshot.warc import read_record
from govinspect.store.models import RunTargetRow

from .helpers import LocalServer, fast_settings, fetches, html, make_run, make_store, site


def echo_site() -> web.Application:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/a.html">甲</a>', "首页"), content_type="text/html")

    async def ua(request: web.Request) -> web.Response:
        return web.Response(text=f"UA={request.headers.get('User-Agent')};REF={request.headers.get('Referer')}")

    app.router.add_get("/", home)
    app.router.add_get("/a.html", home)
    app.router.add_get("/ua", ua)
    return app


@pytest.fixture
def spider_check() -> Iterator[list[bytes | None]]:
    seen: list[bytes | None] = []

    async def as_spider(ctx: checks.CheckContext) -> None:
        seen.append(ctx.stored_body(ctx.home))
        await ctx.fetch(ctx.home + "ua", headers={"User-Agent": "Baiduspider", "Referer": "https://www.baidu.com/"})

    async def broken(ctx: checks.CheckContext) -> None:
        raise RuntimeError("a bug in one check")

    checks.site_check("test-spider")(as_spider)
    checks.site_check("test-broken")(broken)
    try:
        yield seen
    finally:
        checks._CHECKS.pop("test-spider", None)
        checks._CHECKS.pop("test-broken", None)


async def test_a_check_fetches_with_its_headers_and_keeps_evidence(tmp_path: Path,
                                                                   spider_check: list[bytes | None]) -> None:
    server = await LocalServer(echo_site()).start()
    try:
        store = make_store(tmp_path)
        sites = [site(server.url("/"))]
        make_run(store, "r1", sites)
        await crawl_run(store, "r1", sites, fast_settings(site_checks="all"), tmp_path / "warc")
        rows = fetches(store, "r1", "test-spider")
        assert len(rows) == 1 and rows[0].status == 200
        record = read_record(tmp_path / "warc", rows[0].warc_file or "", rows[0].warc_offset or 0)
        assert record.body == b"UA=Baiduspider;REF=https://www.baidu.com/"
        assert spider_check[0] is not None and "首页".encode() in spider_check[0]  # the stored homepage
        assert fetches(store, "r1", "page"), "the broken check did not stop the crawl"

        # killed after the check ran: the site is "crawling" again; the stored observation is kept
        with store.session() as session, session.begin():
            session.execute(update(RunTargetRow).values(crawl_state="crawling"))
        await crawl_run(store, "r1", sites, fast_settings(site_checks="all"), tmp_path / "warc")
        assert len(fetches(store, "r1", "test-spider")) == 1
        assert len(spider_check) == 1
    finally:
        await server.stop()


def test_the_site_checks_setting_selects_checks() -> None:
    async def noop(ctx: checks.CheckContext) -> None:
        return None

    registered: dict[str, checks.SiteCheck] = {"search": noop, "ipv6": noop, "https": noop}
    assert checks.selected(registered, "all") == registered
    assert checks.selected(registered, "none") == {}
    assert set(checks.selected(registered, "search, https")) == {"search", "https"}


async def test_no_checks_on_a_site_whose_homepage_never_answered(tmp_path: Path,
                                                                  spider_check: list[bytes | None]) -> None:
    app = web.Application()

    async def down(request: web.Request) -> web.Response:
        return web.Response(status=503, text="down")

    app.router.add_get("/{tail:.*}", down)
    server = await LocalServer(app).start()
    try:
        store = make_store(tmp_path)
        sites = [site(server.url("/"))]
        make_run(store, "r1", sites)
        await crawl_run(store, "r1", sites, fast_settings(site_checks="all"), tmp_path / "warc")
        assert fetches(store, "r1", "test-spider") == [] and spider_check == []
        assert [row.status for row in fetches(store, "r1", "page")] == [503]
    finally:
        await server.stop()
