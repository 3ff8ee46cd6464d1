"""The farm server answers by Host header and as an HTTP proxy (absolute-form requests)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from govinspect.demo.farm import build_farm
from govinspect.demo.server import FarmServer, serve_farm_in_thread

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def server() -> AsyncIterator[FarmServer]:
    srv = FarmServer(build_farm())
    await srv.start()
    yield srv
    await srv.stop()


async def _get(srv: FarmServer, url: str, **kw: object) -> tuple[int, bytes, aiohttp.ClientResponse]:
    async with aiohttp.ClientSession() as session, session.get(url, proxy=srv.proxy_url, **kw) as resp:  # type: ignore[arg-type]
        return resp.status, await resp.read(), resp


async def test_proxy_form(server: FarmServer) -> None:
    status, body, resp = await _get(server, "http://www.shifan.gov.cn/")
    assert status == 200 and "示范市人民政府".encode() in body
    status, body, resp = await _get(server, "http://wjj.yangban.gov.cn/tzgg/")
    assert status == 200 and "GBK" in resp.headers["Content-Type"]
    assert "通知公告" in body.decode("gbk")
    status, body, _ = await _get(server, "http://zrzy.shifan.gov.cn/xwzx/gzdt/index_3.shtml")
    assert status == 200 and b'createPageHTML(4, 3, "index", "shtml")' in body
    status, body, _ = await _get(server, "http://dcs.conac.cn/image/red.png")
    assert status == 200 and body.startswith(b"\x89PNG")


async def test_host_header(server: FarmServer) -> None:
    async with aiohttp.ClientSession() as session, \
            session.get(f"{server.proxy_url}/tzgg/", headers={"Host": "www.yangban.gov.cn:80"}) as resp:
        assert resp.status == 200
        assert "样板县人民政府".encode() in await resp.read()


async def test_raw_absolute_form_wins_over_host_header(server: FarmServer) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"GET http://www.qinghequ.gov.cn:80/ HTTP/1.1\r\nHost: www.shifan.gov.cn\r\n"
                 b"Connection: close\r\n\r\n")
    await writer.drain()
    raw = await reader.read()
    writer.close()
    assert raw.startswith(b"HTTP/1.1 200")
    assert "青禾区人民政府".encode() in raw


async def test_trust_env_http_proxy(server: FarmServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", server.proxy_url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    async with aiohttp.ClientSession(trust_env=True) as session, \
            session.get("http://www.qinghe-travel.com.cn/") as resp:
        assert resp.status == 200
        assert "青禾旅游网".encode() in await resp.read()


async def test_errors_and_lookalikes(server: FarmServer) -> None:
    status, body, _ = await _get(server, "http://www.no-such-site.gov.cn/")
    assert status == 502
    status, _, resp = await _get(server, "http://old.wjj.yangban.gov.cn/")
    assert status == 502 and resp.headers["X-Farm-Upstream"] == "refused"
    status, _, _ = await _get(server, "http://www.shifan.gov.cn/no/such/page.html")
    assert status == 404
    status, body, _ = await _get(server, "http://wjj.yangban.gov.cn/ztzl/jkzg/")
    assert status == 200 and "页面不存在".encode("gbk") in body  # soft 404
    status, _, resp = await _get(server, "http://wjj.yangban.gov.cn/zwgk/old/", allow_redirects=False)
    assert status == 302 and resp.headers["Location"] == "/"
    loop = asyncio.get_running_loop()
    start = loop.time()
    status, _, _ = await _get(server, "http://wjj.yangban.gov.cn/ztzl/ymjz/")
    assert status == 200 and loop.time() - start >= 0.9  # slow but fine
    status, body, _ = await _get(server, "http://www.shifan.gov.cn/search/?q=示范市")
    assert status == 200 and b'class="search-list"><li>' in body


async def test_unreachable_site(server: FarmServer) -> None:
    for path in ("/", "/tzgg/", "/robots.txt"):
        status, _, _ = await _get(server, f"http://nyj.yangban.gov.cn{path}")
        assert status == 503


async def test_redirect_loop(server: FarmServer) -> None:
    status, _, resp = await _get(server, "http://loop.trap.test/loop/a", allow_redirects=False)
    assert status == 302 and resp.headers["Location"] == "/loop/b"
    with pytest.raises(aiohttp.TooManyRedirects):
        await _get(server, "http://loop.trap.test/", max_redirects=5)


async def test_calendar_is_endless(server: FarmServer) -> None:
    status, body, _ = await _get(server, "http://calendar.trap.test/calendar/2021/12")
    assert status == 200
    assert b'href="/calendar/2022/1"' in body and b'href="/calendar/2021/11"' in body
    status, body, _ = await _get(server, "http://calendar.trap.test/calendar/3021/1")
    assert status == 200 and b'href="/calendar/3020/12"' in body


async def test_huge_reset_slow(server: FarmServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get("http://huge.trap.test/", proxy=server.proxy_url) as resp:
            assert resp.status == 200 and resp.content_length == 20 * 1024 * 1024
            first = await resp.content.read(1024)  # read a little, then drop the connection
            assert first.startswith(b"<!DOCTYPE html>")
        with pytest.raises(aiohttp.ServerDisconnectedError):
            async with session.get("http://reset.trap.test/", proxy=server.proxy_url) as resp:
                await resp.read()
        with pytest.raises(asyncio.TimeoutError):
            async with session.get("http://slow.trap.test/", proxy=server.proxy_url,
                                   timeout=aiohttp.ClientTimeout(total=0.5)) as resp:
                await resp.read()


def test_serve_in_thread() -> None:
    import urllib.request

    with serve_farm_in_thread(build_farm()) as proxy:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))
        with opener.open("http://jyj.shifan.gov.cn/zwgk/czxx/", timeout=10) as resp:
            assert resp.status == 200
            assert "暂无信息".encode() in resp.read()
