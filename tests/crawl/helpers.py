"""Helpers for crawl tests: local aiohttp servers, a temporary store with a run, settings."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy import select

from govinspect.crawl.settings import CrawlSettings
from govinspect.model import Site
from govinspect.store import Store, open_store
from govinspect.store.models import FetchRow, FrontierRow, RunRow, RunTargetRow

Handler = Callable[[web.Request], Any]


class LocalServer:
    """An aiohttp app on 127.0.0.1 (free port) that counts hits per path."""

    def __init__(self, app: web.Application, ssl_context: Any = None) -> None:
        self.app = app
        self.ssl_context = ssl_context
        self.hits: Counter[str] = Counter()
        self.runner: web.AppRunner | None = None
        self.port = 0

        @web.middleware
        async def count(request: web.Request, handler: Handler) -> Any:
            self.hits[request.path_qs] += 1
            return await handler(request)

        app.middlewares.append(count)

    async def start(self) -> LocalServer:
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        # the server listens on the socket bound here: no other process can take the port in between
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        site = web.SockSite(self.runner, sock, ssl_context=self.ssl_context)
        await site.start()
        return self

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    @property
    def base(self) -> str:
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path


def free_port() -> int:
    """A port free right now, for a server that binds it itself (another process may take it first)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


def pages_handler(pages: dict[str, str | tuple[str, str]]) -> type[BaseHTTPRequestHandler]:
    """A standard-library handler for :func:`threaded_site` answering each path with its page (HTML,
    or a (content type, text) pair), in UTF-8, and 404 for any other path."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = pages.get(self.path)
            content_type, text = page if isinstance(page, tuple) else ("text/html", page)
            body = (text or "<html><body>404</body></html>").encode("utf-8")
            self.send_response(200 if text else 404)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def threaded_site(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A standard-library HTTP server on 127.0.0.1 in a thread, for tests that run the CLI (its own
    event loop) against it; yields the homepage URL and shuts the server down after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def refused_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses connections: bound here and never listening, so no other
    process can start listening there while the test relies on it (a closed free port could be taken)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def make_store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'store.db'}")


def make_run(store: Store, run_id: str, sites: list[Site]) -> None:
    now = datetime.now(UTC)
    with store.session() as session, session.begin():
        session.add(RunRow(id=run_id, as_of=now, started=now))
        session.flush()
        for site in sites:
            session.add(RunTargetRow(run_id=run_id, site_code=site.code, crawl_state="pending"))


def site(url: str, code: str = "3101140038", name: str = "测试区人民政府") -> Site:
    return Site(code=code, name=name, url=url, sponsor="测试区人民政府办公室")


def fast_settings(**overrides: Any) -> CrawlSettings:
    # timeout_seconds is a liveness bound here: the local servers answer at once, but on a loaded
    # machine the event loop they share with the crawler can stall for seconds (2 s lost 2 of
    # 2,400 archive pages in a landing run); tests of timeouts set their own
    base: dict[str, Any] = {"timeout_seconds": 30.0, "retries": 0, "retry_backoff_seconds": 0.01,
                            "max_delay_seconds": 0.2, "render_js": "never", "per_host_concurrency": 4,
                            "commit_interval_seconds": 0.05,
                            # site checks make their own requests; the tests that want them say so
                            "site_checks": "none",
                            # so do the spaced probes of a failing homepage (W-V2)
                            "homepage_probes": 0}
    base.update(overrides)
    return CrawlSettings(**base)


def fetches(store: Store, run_id: str, kind: str | None = None) -> list[FetchRow]:
    with store.session() as session:
        query = select(FetchRow).where(FetchRow.run_id == run_id).order_by(FetchRow.id)
        if kind is not None:
            query = query.where(FetchRow.kind == kind)
        return list(session.scalars(query))


def frontier(store: Store, run_id: str, kind: str | None = None) -> list[FrontierRow]:
    with store.session() as session:
        query = select(FrontierRow).where(FrontierRow.run_id == run_id).order_by(FrontierRow.id)
        if kind is not None:
            query = query.where(FrontierRow.kind == kind)
        return list(session.scalars(query))


def target(store: Store, run_id: str, code: str) -> RunTargetRow:
    with store.session() as session:
        row = session.scalar(select(RunTargetRow).where(RunTargetRow.run_id == run_id,
                                                        RunTargetRow.site_code == code))
        assert row is not None
        return row


def html(body: str, title: str = "测试页面", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body>{body}</body></html>")
