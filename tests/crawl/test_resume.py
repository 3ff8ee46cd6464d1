"""A crawl killed with SIGKILL resumes from the store: nothing indexed is fetched twice."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import update

from govinspect.snapshot.warc import read_record
from govinspect.store.models import FrontierRow

from .helpers import LocalServer, fetches, frontier, html, make_run, make_store, site, target

PAGES = 300
WORKER = """
import sys
from pathlib import Path
from govinspect.crawl import CrawlSettings, crawl_run_sync
from govinspect.model import Site
from govinspect.store import open_store
db, warc, url = sys.argv[1:4]
store = open_store(db)
settings = CrawlSettings(per_host_concurrency=2, retries=0, timeout_seconds=5, render_js="never", site_checks="none",
                         homepage_probes=0,
                         max_pages_per_site=1000, max_depth=3, commit_every=20, commit_interval_seconds=0.05)
site = Site(code="3101140038", name="测试", url=url, sponsor="测试")
crawl_run_sync(store, "resume", [site], settings, Path(warc))
"""


def site_app() -> web.Application:
    app = web.Application()

    async def serve(request: web.Request) -> web.Response:
        await asyncio.sleep(0.004)
        if request.path == "/":
            links = "".join(f'<a href="/list{j}/">栏目{j}</a>' for j in range(10))
            return web.Response(text=html(links), content_type="text/html")
        if request.path.startswith("/list") and request.path.endswith("/"):
            j = request.path[5:-1]
            links = "".join(f'<a href="/list{j}/a{i}.html">文章{i}</a>' for i in range(29))
            return web.Response(text=html(links), content_type="text/html")
        return web.Response(text=html("<p>正文</p>"), content_type="text/html")

    app.router.add_get("/{tail:.*}", serve)
    return app


async def _run_worker(db: str, warc: Path, url: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-c", WORKER, db, str(warc), url,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)


def _indexed_pages(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("select count(*) from fetches where kind='page'").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


@pytest.mark.slow
async def test_kill_and_resume(tmp_path: Path) -> None:
    server = await LocalServer(site_app()).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "resume", [s])
    db = f"sqlite:///{tmp_path / 'store.db'}"
    warc = tmp_path / "warc"
    try:
        proc = await _run_worker(db, warc, s.url)
        deadline = time.monotonic() + 180  # liveness only: the worker's start-up takes seconds on a loaded machine
        while time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            if _indexed_pages(tmp_path / "store.db") >= 60 or proc.returncode is not None:
                break
        assert proc.returncode is None, "the first crawl finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        before = {row.url for row in fetches(store, "resume", "page")}
        assert 60 <= len(before) < PAGES + 1
        # A row left "in flight" by some other worker kind goes back to pending on resume.
        pending = next(r for r in frontier(store, "resume", "page") if r.state == "pending")
        with store.session() as session, session.begin():
            session.execute(update(FrontierRow).where(FrontierRow.id == pending.id).values(state="fetching"))
        proc = await _run_worker(db, warc, s.url)
        _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
    finally:
        await server.stop()

    rows = fetches(store, "resume", "page")
    urls = [row.url for row in rows]
    assert len(urls) == len(set(urls)) == PAGES + 1  # every page stored exactly once
    for url in before:  # nothing indexed before the kill was fetched again
        assert server.hits[url.removeprefix(server.base)] == 1, url
    assert all(r.state == "done" for r in frontier(store, "resume", "page"))
    assert target(store, "resume", s.code).crawl_state == "done"
    assert len(list(warc.glob("resume/*.warc.gz"))) == 2  # a new file per process
    for row in rows:
        assert read_record(warc, row.warc_file or "", row.warc_offset or 0).url == row.url
    assert len(fetches(store, "resume", "robots")) == 1  # robots.txt not fetched again
