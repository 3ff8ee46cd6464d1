"""Document attachments in scope are fetched with GET (bounded) so W-D14 can read them; other
files keep the HEAD check. Images are fetched the same way, for OCR. A link to a page is checked
with one bounded GET (its body may be a soft 404), not HEAD and then GET."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from govinspect.crawl import crawl_run
from govinspect.snapshot.warc import read_record

from .helpers import LocalServer, fast_settings, fetches, html, make_run, make_store, site


def attachment_site(methods: list[tuple[str, str]]) -> web.Application:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/fj/gsmd.xlsx">公示名单</a> <a href="/fj/big.pdf">大文件</a> '
                                      '<a href="/img/a.png">图</a>', "首页"), content_type="text/html")

    async def xlsx(request: web.Request) -> web.Response:
        methods.append((request.method, request.path))
        return web.Response(body=b"PK\x03\x04 demo", content_type="application/vnd.ms-excel")

    async def big(request: web.Request) -> web.Response:
        methods.append((request.method, request.path))
        return web.Response(body=b"%PDF-1.4\n" + b"0" * 50_000, content_type="application/pdf")

    async def png(request: web.Request) -> web.Response:
        methods.append((request.method, request.path))
        return web.Response(body=b"\x89PNG", content_type="image/png")

    app.router.add_get("/", home)
    app.router.add_get("/fj/gsmd.xlsx", xlsx)
    app.router.add_get("/fj/big.pdf", big)
    app.router.add_get("/img/a.png", png)
    return app


async def test_attachments_fetched_bounded_and_stored(tmp_path: Path) -> None:
    methods: list[tuple[str, str]] = []
    server = await LocalServer(attachment_site(methods)).start()
    try:
        store = make_store(tmp_path)
        sites = [site(server.url("/"))]
        make_run(store, "r1", sites)
        await crawl_run(store, "r1", sites, fast_settings(max_attachment_bytes=10_000), tmp_path / "warc")
        rows = {r.url.rsplit("/", 1)[-1]: r for r in fetches(store, "r1", "link")}
        assert ("GET", "/fj/gsmd.xlsx") in methods and ("HEAD", "/fj/gsmd.xlsx") not in methods
        # images are fetched too, for OCR (bounded by max_image_bytes)
        assert ("GET", "/img/a.png") in methods and ("HEAD", "/img/a.png") not in methods
        assert rows["a.png"].status == 200 and rows["a.png"].warc_file
        record = read_record(tmp_path / "warc", rows["gsmd.xlsx"].warc_file or "", rows["gsmd.xlsx"].warc_offset or 0)
        assert record.body == b"PK\x03\x04 demo"
        assert (rows["big.pdf"].error or "").startswith("too_large: ") and rows["big.pdf"].status == 200
    finally:
        await server.stop()


async def test_attachments_head_checked_when_disabled(tmp_path: Path) -> None:
    methods: list[tuple[str, str]] = []
    server = await LocalServer(attachment_site(methods)).start()
    try:
        store = make_store(tmp_path)
        sites = [site(server.url("/"))]
        make_run(store, "r1", sites)
        await crawl_run(store, "r1", sites, fast_settings(fetch_attachments=False, fetch_images=False),
                        tmp_path / "warc")
        assert ("HEAD", "/fj/gsmd.xlsx") in methods and ("GET", "/fj/gsmd.xlsx") not in methods
        assert ("HEAD", "/img/a.png") in methods and ("GET", "/img/a.png") not in methods
    finally:
        await server.stop()


async def test_a_linked_page_is_checked_with_one_get(tmp_path: Path) -> None:
    """Other sites' pages (and pages beyond the crawl's limits) cost one request each; a soft 404
    is still seen in the body, and a missing page is still a 404."""
    methods: list[tuple[str, str]] = []
    other_app = web.Application()

    async def other(request: web.Request) -> web.Response:
        methods.append((request.method, request.path))
        if request.path == "/gone.html":
            return web.Response(status=404, text="no")
        text = "<p>对不起，您访问的页面不存在！</p>" if request.path == "/soft.html" else "<p>友情链接</p>"
        return web.Response(text=html(text, "提示"), content_type="text/html")

    other_app.router.add_route("*", "/{tail:.*}", other)
    other_server = await LocalServer(other_app).start()
    app = web.Application()
    links = "".join(f'<a href="http://localhost:{other_server.port}/{name}">外链</a>'
                    for name in ("ok.html", "soft.html", "gone.html", "report.pdf"))

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html(links, "首页"), content_type="text/html")

    app.router.add_get("/", home)
    server = await LocalServer(app).start()
    try:
        store = make_store(tmp_path)
        sites = [site(server.url("/"))]
        make_run(store, "r1", sites)
        await crawl_run(store, "r1", sites, fast_settings(), tmp_path / "warc")
    finally:
        await server.stop()
        await other_server.stop()
    assert sorted(methods) == [("GET", "/gone.html"), ("GET", "/ok.html"), ("GET", "/soft.html"),
                               ("HEAD", "/report.pdf")]
    rows = {r.url.rsplit("/", 1)[-1]: r for r in fetches(store, "r1", "link")}
    assert rows["ok.html"].status == 200 and not rows["ok.html"].soft404
    assert rows["soft.html"].soft404 and rows["gone.html"].status == 404
    record = read_record(tmp_path / "warc", rows["ok.html"].warc_file or "", rows["ok.html"].warc_offset or 0)
    assert "友情链接".encode() in record.body
