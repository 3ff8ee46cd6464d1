"""Robots, traps, limits, pagination, proxies: what is crawled, what is skipped and why."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from govinspect.crawl import crawl_run
from govinspect.store import Store

from .helpers import LocalServer, fast_settings, fetches, frontier, html, make_run, make_store, site


async def crawl(tmp_path: Path, app: web.Application, **settings: object) -> tuple[LocalServer, Store]:
    server = await LocalServer(app).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(**settings), tmp_path / "warc")
    finally:
        await server.stop()
    return server, store


def page_app(pages: dict[str, str], robots: str | None = None, robots_status: int = 200) -> web.Application:
    app = web.Application()

    async def serve(request: web.Request) -> web.Response:
        if request.path == "/robots.txt" and robots is not None:
            return web.Response(text=robots, status=robots_status)
        body = pages.get(request.path_qs) or pages.get(request.path)
        if body is None:
            return web.Response(status=404, text="not here")
        return web.Response(text=html(body), content_type="text/html")

    app.router.add_get("/{tail:.*}", serve)
    return app


ROBOTS_SITE = {"/": '<a href="/public/">公开</a><a href="/private/">内部</a>',
               "/public/": "<p>公开</p>", "/private/": "<p>内部</p>"}


async def test_robots_obeyed(tmp_path: Path) -> None:
    server, store = await crawl(tmp_path, page_app(ROBOTS_SITE, "User-agent: *\nDisallow: /private/\n"))
    assert server.hits["/private/"] == 0 and server.hits["/public/"] == 1
    skipped = {r.url: r.reason for r in frontier(store, "r") if r.state == "skipped"}
    assert skipped[server.url("/private/")] == "robots"


async def test_robots_ignored_when_configured(tmp_path: Path) -> None:
    server, _ = await crawl(tmp_path, page_app(ROBOTS_SITE, "User-agent: *\nDisallow: /\n"), obey_robots=False)
    assert server.hits["/private/"] == 1 and server.hits["/robots.txt"] == 0


async def test_robots_error_allows_all(tmp_path: Path) -> None:
    server, store = await crawl(tmp_path, page_app(ROBOTS_SITE, "Disallow: /", robots_status=500))
    assert server.hits["/private/"] == 1
    robots = fetches(store, "r", "robots")
    assert len(robots) == 1 and robots[0].status == 500


async def test_page_limit_and_link_checks(tmp_path: Path) -> None:
    pages = {"/": "".join(f'<a href="/p{i}.html">第{i}页</a>' for i in range(20))}
    pages.update({f"/p{i}.html": "<p>正文</p>" for i in range(20)})
    _server, store = await crawl(tmp_path, page_app(pages), max_pages_per_site=5, max_link_checks_per_site=4)
    assert len(fetches(store, "r", "page")) == 5
    reasons = [r.reason for r in frontier(store, "r", "page") if r.state == "skipped"]
    assert reasons.count("max_pages") == 16  # home + 4 crawled
    links = frontier(store, "r", "link")
    assert sum(1 for r in links if r.state == "done") == 4
    assert sum(1 for r in links if r.reason == "max_link_checks") == 12


async def test_endless_calendar_is_a_trap(tmp_path: Path) -> None:
    app = web.Application()

    async def calendar(request: web.Request) -> web.Response:
        day = int(request.query.get("d", "0"))
        return web.Response(text=html(f'<a href="/cal?d={day + 1}">下一天</a><a href="/cal?d={day - 1}">前一天</a>'),
                            content_type="text/html")

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/cal?d=0">日历</a>'), content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/cal", calendar)
    _server, store = await crawl(tmp_path, app, max_depth=1000, trap_min_pages=5)
    crawled = [p.url for p in fetches(store, "r", "page") if "/cal" in p.url]
    assert 5 <= len(crawled) <= 14  # the pages that judged it, and those already in flight
    assert any(r.reason == "trap: endless near-duplicate pages" for r in frontier(store, "r", "page"))


async def test_growing_paths_session_ids_and_many_params(tmp_path: Path) -> None:
    app = web.Application()

    async def any_page(request: web.Request) -> web.Response:
        body = ('<a href="a/">再深一层</a>'
                '<a href="/q?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8">参数</a>'
                f'<a href="/s;jsessionid={len(request.path)}">会话</a>')
        return web.Response(text=html(body), content_type="text/html")

    app.router.add_get("/{tail:.*}", any_page)
    server, store = await crawl(tmp_path, app, max_depth=50)
    rows = frontier(store, "r", "page")
    reasons = {r.reason for r in rows if r.state == "skipped"}
    assert "trap: repeated path segments" in reasons and "trap: too many query parameters" in reasons
    assert server.hits["/a/a/a/"] == 0
    assert server.hits["/s"] == 1  # one page whatever the session id


async def test_article_lists_are_not_traps(tmp_path: Path) -> None:
    # 30 articles of one pattern, all found on a list page: a column, not a calendar
    pages = {"/": '<a href="/xwdt/">新闻动态</a>',
             "/xwdt/": "".join(f'<a href="/xwdt/202103/t20210301_{1000 + i}.html">新闻{i}</a>' for i in range(30))}
    pages.update({f"/xwdt/202103/t20210301_{1000 + i}.html": '<a href="/xwdt/">返回</a>' for i in range(30)})
    _server, store = await crawl(tmp_path, page_app(pages), trap_min_pages=5)
    assert len(fetches(store, "r", "page")) == 32
    assert not any(r.state == "skipped" for r in frontier(store, "r", "page"))


async def test_trs_pagination_at_list_depth(tmp_path: Path) -> None:
    pages = {"/": '<a href="/tzgg/">通知公告</a>',
             "/tzgg/": '<ul><li>通知</li></ul><script>createPageHTML(3, 0, "index", "html");</script>',
             "/tzgg/index_1.html": "<p>第二页</p>", "/tzgg/index_2.html": "<p>第三页</p>"}
    server, store = await crawl(tmp_path, page_app(pages), max_depth=1)
    depth = {r.url: r.depth for r in frontier(store, "r", "page")}
    assert depth[server.url("/tzgg/index_1.html")] == 1 == depth[server.url("/tzgg/index_2.html")]
    assert server.hits["/tzgg/index_2.html"] == 1


async def test_crawl_through_http_proxy(tmp_path: Path, monkeypatch: object) -> None:
    """Registry URLs like http://www.xx.gov.cn/ resolved only through http_proxy (the demo farm)."""
    app = web.Application()
    seen_hosts: list[str] = []

    async def by_host(request: web.Request) -> web.Response:
        seen_hosts.append(request.host)
        if request.host != "www.xx.gov.cn":
            return web.Response(status=502)
        if request.path == "/":
            return web.Response(text=html('<a href="/zwgk/">政务公开</a>'), content_type="text/html")
        return web.Response(text=html("<p>政务公开</p>"), content_type="text/html")

    app.router.add_get("/{tail:.*}", by_host)
    proxy = await LocalServer(app).start()
    monkeypatch.setenv("http_proxy", proxy.base)  # type: ignore[attr-defined]
    store = make_store(tmp_path)
    s = site("http://www.xx.gov.cn/")
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(), tmp_path / "warc")
    finally:
        await proxy.stop()
    pages = {p.url: p.status for p in fetches(store, "r", "page")}
    assert pages == {"http://www.xx.gov.cn/": 200, "http://www.xx.gov.cn/zwgk/": 200}
    assert set(seen_hosts) == {"www.xx.gov.cn"}
