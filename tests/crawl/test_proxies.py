"""The crawl's proxies are read from the environment once, with aiohttp's own rules: http_proxy
and https_proxy by scheme, no_proxy by host, credentials in the proxy URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp import web

from govinspect.crawl import crawl_run
from govinspect.crawl.proxies import EnvProxies

from .helpers import LocalServer, fast_settings, fetches, html, make_run, make_store, site


def test_scheme_host_and_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", "http://inspector:s3cret@10.0.0.8:3128")
    monkeypatch.setenv("no_proxy", "intranet.gov.cn,localhost")
    proxies = EnvProxies()
    proxy, auth = proxies.for_url("http://www.sz.gov.cn/xxgk/")
    assert str(proxy) == "http://10.0.0.8:3128"
    assert auth is not None and (auth.login, auth.password) == ("inspector", "s3cret")
    assert proxies.for_url("http://intranet.gov.cn/") == (None, None)  # named by no_proxy
    assert proxies.for_url("https://www.sz.gov.cn/") == (None, None)  # no https_proxy


def test_read_once_per_scheme_and_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", "http://10.0.0.8:3128")
    proxies = EnvProxies()
    first = proxies.for_url("http://www.sz.gov.cn/a.html")
    monkeypatch.setenv("http_proxy", "http://10.9.9.9:1")
    assert proxies.for_url("http://www.sz.gov.cn/b.html") == first  # a crawl keeps what it started with
    assert str(EnvProxies().for_url("http://www.sz.gov.cn/")[0]) == "http://10.9.9.9:1"


async def test_no_proxy_host_is_fetched_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A site named in no_proxy is crawled directly even though http_proxy is set (a proxy that
    answers 502 to everything would fail every page)."""
    proxy_app = web.Application()

    async def refuse(request: web.Request) -> web.Response:
        return web.Response(status=502)

    proxy_app.router.add_get("/{tail:.*}", refuse)
    site_app = web.Application()

    async def serve(request: web.Request) -> web.Response:
        links = '<a href="/zwgk/">政务公开</a>' if request.path == "/" else "<p>政务公开</p>"
        return web.Response(text=html(links), content_type="text/html")

    site_app.router.add_get("/{tail:.*}", serve)
    proxy, server = await LocalServer(proxy_app).start(), await LocalServer(site_app).start()
    monkeypatch.setenv("http_proxy", proxy.base)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(), tmp_path / "warc")
    finally:
        await proxy.stop()
        await server.stop()
    assert {p.url: p.status for p in fetches(store, "r", "page")} == {server.url("/"): 200,
                                                                       server.url("/zwgk/"): 200}
    assert sum(proxy.hits.values()) == 0
