"""Hostile, slow and dead sites: every failure is a row, nothing stops the run."""

from __future__ import annotations

import asyncio
import subprocess
import time
import zlib
from pathlib import Path

from aiohttp import web

from govinspect.crawl import crawl_run
from govinspect.model import CutSize, cut_size
from govinspect.snapshot.warc import read_record

from .helpers import (
    LocalServer,
    fast_settings,
    fetches,
    html,
    make_run,
    make_store,
    refused_port,
    site,
    target,
)


async def crawl_app(tmp_path: Path, app: web.Application, run_id: str = "r", **settings: object) -> LocalServer:
    server = await LocalServer(app).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, run_id, [s])
    try:
        await crawl_run(store, run_id, [s], fast_settings(**settings), tmp_path / "warc")
    finally:
        await server.stop()
    server.store = store  # type: ignore[attr-defined]
    return server


async def test_refused_and_503_sites_complete(tmp_path: Path) -> None:
    app = web.Application()

    async def unavailable(request: web.Request) -> web.Response:
        return web.Response(status=503, text="busy")

    app.router.add_get("/{tail:.*}", unavailable)
    server = await LocalServer(app).start()
    with refused_port() as port:
        dead = site(f"http://127.0.0.1:{port}/", code="3101140001", name="关停网站")
        busy = site(server.url("/"), code="3101140002", name="繁忙网站")
        store = make_store(tmp_path)
        make_run(store, "r", [dead, busy])
        try:
            await crawl_run(store, "r", [dead, busy], fast_settings(retries=2), tmp_path / "warc")
        finally:
            await server.stop()
    probes = fetches(store, "r", "probe")
    dead_probes = [p for p in probes if p.site_code == dead.code]
    busy_probes = [p for p in probes if p.site_code == busy.code]
    assert [p.error for p in dead_probes] == ["refused"] * 3  # each retry is a probe
    assert all(p.status is None for p in dead_probes)
    assert [p.status for p in busy_probes] == [503] * 3 and all(p.error is None for p in busy_probes)
    assert all(p.warc_file for p in probes)  # each probe has its own record
    assert target(store, "r", dead.code).crawl_state == "done"
    assert target(store, "r", busy.code).crawl_state == "done"
    page = next(p for p in fetches(store, "r", "page") if p.site_code == dead.code)
    assert page.error == "refused" and page.status is None
    record = read_record(tmp_path / "warc", page.warc_file or "", page.warc_offset or 0)
    assert record.rec_type == "metadata" and b"refused" in record.body


async def test_timeout_then_retry_succeeds(tmp_path: Path) -> None:
    app = web.Application()
    calls = {"n": 0}
    retried = asyncio.Event()

    async def slow_once(request: web.Request) -> web.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            # held until the retry came: longer than any timeout, however slow the machine
            await asyncio.wait_for(retried.wait(), timeout=60)
        else:
            retried.set()
        return web.Response(text=html("<p>首页</p>"), content_type="text/html")

    app.router.add_get("/", slow_once)
    # the answer to the retry is immediate: 2 s is a bound a loaded machine keeps (0.3 s was not)
    server = await crawl_app(tmp_path, app, timeout_seconds=2.0, retries=2)
    store = server.store  # type: ignore[attr-defined]
    probes = fetches(store, "r", "probe")
    assert [(p.error, p.status) for p in probes] == [("timeout", None), (None, 200)]
    assert fetches(store, "r", "page")[0].status == 200


async def test_retry_after_is_honoured_and_bounded(tmp_path: Path) -> None:
    app = web.Application()
    calls = {"/": 0}
    arrivals: list[float] = []

    async def limited(request: web.Request) -> web.Response:
        calls["/"] += 1
        arrivals.append(time.monotonic())
        if calls["/"] == 1:
            return web.Response(status=429, headers={"Retry-After": "1"})
        if calls["/"] == 2:
            return web.Response(status=503, headers={"Retry-After": "3600"})
        return web.Response(text=html("<p>首页</p>"), content_type="text/html")

    app.router.add_get("/", limited)
    server = await crawl_app(tmp_path, app, retries=3, max_retry_after_seconds=1.5, max_delay_seconds=0.05)
    probes = fetches(server.store, "r", "probe")  # type: ignore[attr-defined]
    assert [p.status for p in probes] == [429, 503, 200]
    # gaps between the requests as the server saw them (the store's set-up is not in them): 1 s asked,
    # then 3600 s asked but capped at 1.5 s; the upper bound only has to be far below 3600 s
    asked, capped = arrivals[1] - arrivals[0], arrivals[2] - arrivals[1]
    assert asked >= 1.0 and 1.5 <= capped < 60, (asked, capped)


async def test_redirect_loop_and_too_many(tmp_path: Path) -> None:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/loop/a">环</a><a href="/chain/0">链</a>'), content_type="text/html")

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound("/loop/b" if request.match_info["x"] == "a" else "/loop/a")

    async def chain(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(f"/chain/{int(request.match_info['n']) + 1}")

    app.router.add_get("/", home)
    app.router.add_get("/loop/{x}", loop)
    app.router.add_get("/chain/{n}", chain)
    server = await crawl_app(tmp_path, app, max_redirects=3)
    pages = {p.url: p for p in fetches(server.store, "r", "page")}  # type: ignore[attr-defined]
    looped = pages[server.url("/loop/a")]
    assert looped.error == "redirect_loop" and looped.status is None
    assert [hop["status"] for hop in looped.redirects] == [302, 302]
    chained = pages[server.url("/chain/0")]
    assert chained.error == "too_many_redirects" and len(chained.redirects) == 4


async def test_20mb_page_is_cut_and_flagged(tmp_path: Path) -> None:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/big">大</a><a href="/big-chunked">大2</a>'), content_type="text/html")

    async def big(request: web.Request) -> web.StreamResponse:
        chunked = request.path.endswith("chunked")
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        if not chunked:
            resp.content_length = 20 * 1024 * 1024
        await resp.prepare(request)
        chunk = b"<p>" + b"x" * (1024 * 1024 - 3)
        try:
            for _ in range(20):
                await resp.write(chunk)
        except (ConnectionResetError, RuntimeError):
            pass  # the crawler hung up, as it should
        return resp

    app.router.add_get("/", home)
    app.router.add_get("/big", big)
    app.router.add_get("/big-chunked", big)
    server = await crawl_app(tmp_path, app, max_page_bytes=1_000_000)
    pages = {p.url: p for p in fetches(server.store, "r", "page")}  # type: ignore[attr-defined]
    # declared: the real size; chunked: at least what arrived before the cut
    declared = pages[server.url("/big")]
    assert cut_size(declared.error) == CutSize(20 * 1024 * 1024, True, 1_000_000)
    chunked = cut_size(pages[server.url("/big-chunked")].error)
    assert chunked is not None and not chunked.exact and 1_000_000 < (chunked.size or 0) <= 20 * 1024 * 1024
    for path in ("/big", "/big-chunked"):
        row = pages[server.url(path)]
        assert row.status == 200 and row.length == 1_000_000
        record = read_record(tmp_path / "warc", row.warc_file or "", row.warc_offset or 0)
        assert len(record.body) == 1_000_000


async def test_deflate_cookies_and_malformed_html(tmp_path: Path) -> None:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        body = ('<html><head><title>首页</title><body><div class="nav"><a href="/news/">新闻<a href="/d.html"'
                '>压缩</div></tr></td><<<a href=/bad"">\x00\xff<p><table><a href="/t.html">表</a>')
        resp = web.Response(text=body, content_type="text/html")
        resp.set_cookie("SESSION", "abc")
        return resp

    async def news(request: web.Request) -> web.Response:
        if request.cookies.get("SESSION") != "abc":
            return web.Response(status=403, text="no cookie")
        return web.Response(text=html("<p>新闻</p>"), content_type="text/html")

    async def deflated(request: web.Request) -> web.Response:
        return web.Response(body=zlib.compress(html("<p>压缩正文</p>").encode()),
                            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "deflate"})

    async def plain(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>表</p>"), content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/news/", news)
    app.router.add_get("/d.html", deflated)
    app.router.add_get("/t.html", plain)
    server = await crawl_app(tmp_path, app)
    pages = {p.url: p for p in fetches(server.store, "r", "page")}  # type: ignore[attr-defined]
    assert pages[server.url("/news/")].status == 200  # the site's cookie was sent back
    row = pages[server.url("/d.html")]
    assert "压缩正文".encode() in read_record(tmp_path / "warc", row.warc_file or "", row.warc_offset or 0).body
    assert pages[server.url("/t.html")].status == 200


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    return key, cert


async def test_self_signed_site_is_fetched_unverified(tmp_path: Path) -> None:
    """A certificate problem is not an unreachable site (test_certificates.py has the cases)."""
    import ssl

    key, cert = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>安全</p>"), content_type="text/html")

    app.router.add_get("/", home)
    server = await LocalServer(app, ssl_context=context).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(), tmp_path / "warc")
    finally:
        await server.stop()
    page = fetches(store, "r", "page")[0]
    assert page.status == 200 and page.error is None
    [note] = fetches(store, "r", "tls")
    assert "problems: self_signed mismatch" in read_record(tmp_path / "warc", note.warc_file or "", note.warc_offset or 0
                                                  ).body.decode()
    assert target(store, "r", s.code).crawl_state == "done"


async def test_failed_handshake_is_recorded_as_tls_error(tmp_path: Path) -> None:
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>明文</p>"), content_type="text/html")

    app.router.add_get("/", home)
    server = await LocalServer(app).start()  # plain HTTP where the registry says https
    store = make_store(tmp_path)
    s = site(server.url("/").replace("http://", "https://"))
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(), tmp_path / "warc")
    finally:
        await server.stop()
    page = fetches(store, "r", "page")[0]
    assert page.status is None and page.error is not None and page.error.startswith("tls: ")
    assert fetches(store, "r", "tls") == []  # no certificate to speak of
    assert target(store, "r", s.code).crawl_state == "done"
