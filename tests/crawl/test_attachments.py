"""Document attachments in scope are fetched with GET (bounded) so W-D14 can read them; other
links keep the HEAD check. Images are fetched the same way, for OCR."""

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
