"""End-to-end crawls of small local sites: pages, link checks, probes, limits, WARC pointers."""

from __future__ import annotations

import gzip
from pathlib import Path

from aiohttp import web

from govinspect.crawl import crawl_run
from govinspect.snapshot.warc import read_record

from .helpers import LocalServer, fast_settings, fetches, frontier, html, make_run, make_store, site, target

OTHER = web.AppKey("other", str)


def small_site() -> web.Application:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        other = request.app[OTHER]
        body = (
            '<div class="nav"><a href="/news/">新闻动态</a><a href="/notice/">通知公告</a></div>'
            '<a href="/gbk.html">国标页面</a><a href="/files/report.pdf">年度报表</a>'
            f'<a href="{other}/ext.html">外部链接</a><a href="/missing.html">坏链</a>'
            '<a href="/soft.html">软404</a><a href="/old.html">旧链接</a>'
            '<a href="/page;jsessionid=ABC123?x=1">会话</a><a href="/page?x=1&amp;PHPSESSID=zz">会话2</a>'
            '<img src="/logo.png">'
        )
        return web.Response(text=html(body, "测试区人民政府"), content_type="text/html")

    async def news(request: web.Request) -> web.Response:
        items = "".join(f'<li><a href="/news/t{i}.html">新闻{i}</a></li>' for i in range(3))
        return web.Response(text=html(f"<ul>{items}</ul>", "新闻动态"), content_type="text/html")

    async def article(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>正文</p><a href=\"/deep/1.html\">深</a>", "新闻"),
                            content_type="text/html")

    async def deep(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        return web.Response(text=html(f'<a href="/deep/{n + 1}.html">更深</a>'), content_type="text/html")

    async def gbk(request: web.Request) -> web.Response:
        page = '<html><head><meta charset="gb2312"><title>国标</title></head><body>' \
               '<a href="/notice/">通知公告栏目</a></body></html>'
        return web.Response(body=page.encode("gb18030"), headers={"Content-Type": "text/html"})

    async def notice(request: web.Request) -> web.Response:
        body = gzip.compress(html("<p>通知</p>", "通知公告").encode())
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=utf-8",
                                                "Content-Encoding": "gzip"})

    async def pdf(request: web.Request) -> web.Response:
        if request.method == "HEAD":
            return web.Response(status=405)
        return web.Response(body=b"%PDF-1.4 test", content_type="application/pdf")

    async def soft(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>对不起，您访问的页面不存在！</p>", "提示信息"), content_type="text/html")

    async def old(request: web.Request) -> web.Response:
        raise web.HTTPFound("/redirected.html")

    async def redirected(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>新地址</p>", "新地址"), content_type="text/html")

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>会话页面</p>"), content_type="text/html")

    async def logo(request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG", content_type="image/png")

    app.router.add_get("/", home)
    app.router.add_get("/news/", news)
    app.router.add_get("/news/{name}", article)
    app.router.add_get("/deep/{n}.html", deep)
    app.router.add_get("/gbk.html", gbk)
    app.router.add_get("/notice/", notice)
    app.router.add_route("*", "/files/report.pdf", pdf)
    app.router.add_get("/soft.html", soft)
    app.router.add_get("/old.html", old)
    app.router.add_get("/redirected.html", redirected)
    app.router.add_get("/page", page)
    app.router.add_get("/logo.png", logo)
    return app


async def external_server() -> LocalServer:
    app = web.Application()

    async def ext(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>外部</p>"), content_type="text/html")

    app.router.add_get("/ext.html", ext)
    return await LocalServer(app).start()


async def test_crawl_small_site(tmp_path: Path) -> None:
    other = await external_server()
    app = small_site()
    # "localhost" is another host than 127.0.0.1: out of scope, so only link-checked.
    app[OTHER] = f"http://localhost:{other.port}"
    server = await LocalServer(app).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "r1", [s])
    try:
        await crawl_run(store, "r1", [s], fast_settings(max_depth=3), tmp_path / "warc")
    finally:
        await server.stop()
        await other.stop()

    pages = {row.url: row for row in fetches(store, "r1", "page")}
    links = {row.url: row for row in fetches(store, "r1", "link")}
    home = server.url("/")
    assert home in pages and pages[home].status == 200
    # every page once, and the deep chain cut at max_depth
    assert len(pages) == len(fetches(store, "r1", "page"))
    assert server.url("/deep/1.html") in pages  # depth 3
    assert server.url("/deep/2.html") not in pages
    skipped = {row.url: row.reason for row in frontier(store, "r1", "page") if row.state == "skipped"}
    assert skipped[server.url("/deep/2.html")] == "depth"
    assert server.url("/deep/2.html") in links  # beyond the limit: still link-checked
    # GBK page decoded: its Chinese-linked column found, gzip page stored decompressed
    notice = pages[server.url("/notice/")]
    record = read_record(tmp_path / "warc", notice.warc_file or "", notice.warc_offset or 0)
    assert "通知公告".encode() in record.body and record.status == 200
    # session ids stripped: one page for both session URLs
    assert server.url("/page?x=1") in pages
    assert not any("jsessionid" in u.lower() or "phpsessid" in u.lower() for u in pages)
    assert server.hits["/page?x=1"] == 1
    # attachments and external links are link checks, not pages
    pdf = links[server.url("/files/report.pdf")]
    assert pdf.status == 200  # HEAD 405 → GET
    assert links[f"http://localhost:{other.port}/ext.html"].status == 200
    assert links[server.url("/logo.png")].status == 200
    assert pages[server.url("/missing.html")].status == 404
    assert pages[server.url("/soft.html")].soft404 is True
    assert pages[server.url("/news/")].soft404 is False
    # the redirect chain is recorded
    old = pages[server.url("/old.html")]
    assert old.final_url == server.url("/redirected.html")
    assert old.redirects == [{"url": server.url("/old.html"), "status": 302}]
    # probes of the homepage, robots.txt fetched once
    probes = fetches(store, "r1", "probe")
    assert len(probes) == 1 and probes[0].status == 200 and probes[0].elapsed_ms is not None
    assert len(fetches(store, "r1", "robots")) == 1
    row = target(store, "r1", s.code)
    assert row.crawl_state == "done" and row.pages == len(pages) and row.errors >= 2
    assert row.started is not None and row.finished is not None
    # every indexed record readable, fetched_at tz-aware
    for fetch in fetches(store, "r1"):
        if fetch.warc_file:
            assert read_record(tmp_path / "warc", fetch.warc_file, fetch.warc_offset or 0).url
