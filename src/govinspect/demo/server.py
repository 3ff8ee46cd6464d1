"""One aiohttp application serving every farm host, by Host header or as an HTTP proxy.

A crawler reaches the farm exactly as registry URLs say, with no DNS, by setting
``http_proxy=http://127.0.0.1:PORT`` (or ``proxy=`` in aiohttp): the client then sends
absolute-form request lines (``GET http://www.shifan.gov.cn/tzgg/ HTTP/1.1``). aiohttp's server
parses those into ``request.url`` with the target's host, while ``request.raw_path`` keeps the
absolute form; RFC 9112 §3.2.2 says the request-target's host wins over the Host header, so that
is what we use. Origin-form requests (``GET /tzgg/``) are routed by the Host header.

Like a real forward proxy: an unknown host answers 502 Bad Gateway, and an upstream that
"refuses connections" (behaviour ``refuse``) answers 502 too, with ``X-Farm-Upstream: refused``.
Behaviour ``reset`` closes the connection without any answer instead. CONNECT (https through
the proxy) is not supported: the farm is plain http.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import cast
from urllib.parse import unquote

from aiohttp import web

from govinspect.demo.farm import Farm, FarmPage, FarmSite

HUGE_BYTES = 20 * 1024 * 1024

_NOT_FOUND = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
              "<body><h1>404 Not Found</h1><p>您访问的页面不存在。</p></body></html>")


def _html(text: str, status: int = 200, charset: str = "utf-8", headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(body=text.encode(charset, "replace"), status=status, headers=headers,
                        content_type="text/html", charset=charset)


def _from_baidu(request: web.Request) -> bool:
    return "baiduspider" in request.headers.get("User-Agent", "").lower() or \
        "baidu.com" in request.headers.get("Referer", "").lower()


class FarmServer:
    """Serves ``farm`` on one port. Use ``start``/``stop`` inside a running event loop."""

    def __init__(self, farm: Farm) -> None:
        self.farm = farm
        self._sites: dict[str, FarmSite] = {s.host: s for s in farm.sites}
        # Hosts switched "down" at run time (they answer 503 until removed): outages for the monitor.
        self.down_hosts: set[str] = set()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("演示服务器未启动 / farm server not started")
        return self._port

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, reuse_address=True)
        await site.start()
        # the asyncio server behind the site is the only way to learn the port chosen for 0
        server = cast(asyncio.base_events.Server, site._server)
        self._port = int(server.sockets[0].getsockname()[1])
        return self._port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- routing
    @staticmethod
    def target_host(request: web.Request) -> str:
        """The host a request is for: the absolute-form target if any, else the Host header."""
        if not request.raw_path.startswith("/"):
            return (request.url.host or "").lower().rstrip(".")
        host = request.headers.get("Host", "")
        if host.startswith("["):
            return host.split("]")[0].lstrip("[").lower()
        return host.rsplit(":", 1)[0].lower().rstrip(".") if ":" in host else host.lower().rstrip(".")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        host = self.target_host(request)
        path = unquote(request.url.path) or "/"
        site = self._sites.get(host)
        if site is None:
            pages = self.farm.extra_hosts.get(host)
            if pages is None:
                return web.Response(status=502, text=f"502 Bad Gateway: unknown host {host}\n",
                                    headers={"X-Farm-Upstream": "unknown"})
            return await self._serve_pages(pages, path, "index.html", "utf-8")
        behaviour = "503" if host in self.down_hosts else site.behaviour
        if behaviour == "503":
            return _html("<html><head><title>503 Service Unavailable</title></head><body>"
                         "<h1>503 Service Unavailable</h1><p>服务暂时不可用，请稍后再试。</p></body></html>",
                         status=503, headers={"Retry-After": "3600"})
        if behaviour == "refuse":
            return web.Response(status=502, text=f"502 Bad Gateway: connection refused by {host}\n",
                                headers={"X-Farm-Upstream": "refused"})
        if behaviour == "reset":
            if request.transport is not None:
                request.transport.abort()  # RST/close with nothing sent: the client sees a disconnect
            return web.Response(status=444)  # never delivered: the transport is gone
        if behaviour == "slow":
            await asyncio.sleep(site.delay)
            return _html(f"<html><head><title>慢速站点</title></head><body><p>{escape(path)}</p></body></html>")
        if behaviour == "calendar":
            return self._calendar(path)
        if behaviour == "redirect_loop":
            target = "/loop/b" if path == "/loop/a" else "/loop/a"
            raise web.HTTPFound(target)
        if behaviour == "huge":
            return await self._huge(request)
        if path.rstrip("/") == "/search":
            return self._search(site, request.query.get("q", ""))
        if site.cloak and _from_baidu(request):
            cloaked = site.cloak.get(path + site.index_name if path.endswith("/") else path)
            if cloaked is not None:  # a hacked site showing spam to Baiduspider and Baidu visitors only
                return web.Response(body=cloaked.body, status=cloaked.status,
                                    headers={"Content-Type": cloaked.content_type, **cloaked.headers})
        return await self._serve_pages(site.pages, path, site.index_name, site.charset)

    async def _serve_pages(self, pages: dict[str, FarmPage], path: str, index: str,
                           charset: str) -> web.StreamResponse:
        page = pages.get(path + index if path.endswith("/") else path)
        # /zwgk → /zwgk/ as servers do for directories
        if page is None and not path.endswith("/") and (path + "/" + index) in pages:
            raise web.HTTPMovedPermanently(path + "/")
        if page is None:
            return _html(_NOT_FOUND.replace('charset="utf-8"', f'charset="{charset}"'), status=404,
                         charset=charset)
        if page.delay:
            await asyncio.sleep(page.delay)
        return web.Response(body=page.body, status=page.status, headers={"Content-Type": page.content_type,
                                                                         **page.headers})

    @staticmethod
    def _search(site: FarmSite, query: str) -> web.Response:
        query = query.strip()
        hits = [entry for entry in site.search_index if query and query in entry[0]][:50]
        rows = "".join(f'<li><a href="{p}">{escape(t)}</a><span>{d}</span></li>' for t, p, d in hits)
        return _html(f'<!DOCTYPE html><html><head><meta charset="{site.charset}"><title>搜索结果</title></head>'
                     f"<body><h2>“{escape(query)}”的搜索结果：共{len(hits)}条</h2><ul class=\"search-list\">"
                     f"{rows}</ul></body></html>", charset="gbk" if site.charset == "gbk" else "utf-8")

    @staticmethod
    def _calendar(path: str) -> web.Response:
        parts = [p for p in path.split("/") if p]
        year, month = 2021, 3
        if len(parts) == 3 and parts[0] == "calendar" and parts[1].isdigit() and parts[2].isdigit():
            year, month = int(parts[1]), int(parts[2])
        elif parts:
            return _html(_NOT_FOUND, status=404)
        prev_y, prev_m = (year - 1, 12) if month == 1 else (year, month - 1)
        next_y, next_m = (year + 1, 1) if month == 12 else (year, month + 1)
        return _html(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>活动日历 {year}年{month}月</title>'
                     f'</head><body><h2>{year}年{month}月</h2><a href="/calendar/{prev_y}/{prev_m}">上一月</a> '
                     f'<a href="/calendar/{next_y}/{next_m}">下一月</a></body></html>')

    @staticmethod
    async def _huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        response.content_length = HUGE_BYTES
        await response.prepare(request)
        if request.method == "HEAD":
            return response
        head = b"<!DOCTYPE html><html><head><title>huge</title></head><body>"
        chunk = (b"<p>" + "超大页面填充内容。".encode() * 200 + b"</p>\n")
        sent = 0
        await response.write(head)
        sent += len(head)
        while sent < HUGE_BYTES:
            piece = chunk[: HUGE_BYTES - sent]
            try:
                await response.write(piece)
            except (ConnectionResetError, ConnectionError):
                break  # the client stopped reading (a crawler cutting a too-large body)
            sent += len(piece)
        await response.write_eof()
        return response


@contextmanager
def serve_farm_in_thread(farm: Farm, port: int = 0) -> Iterator[str]:
    """Run the farm server in a background thread with its own event loop; yield the proxy URL."""
    loop = asyncio.new_event_loop()
    server = FarmServer(farm)
    ready = threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start(port=port))
        except BaseException as exc:  # reported to the caller below
            errors.append(exc)
            ready.set()
            return
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="govinspect-demo-farm", daemon=True)
    thread.start()
    ready.wait(timeout=30)
    if errors or server._port is None:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        raise RuntimeError(f"演示服务器启动失败 / farm server failed to start: {errors[0] if errors else 'timeout'}")
    try:
        yield server.proxy_url
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
