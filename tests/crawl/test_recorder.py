"""Batched commits: a batch is due after commit_every fetches or interval seconds, whatever
number of frontier rows the pages added; nothing is committed before the WARC is on disk, and in
the crawl the fsync runs off the event loop."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govinspect.crawl.recorder import Recorder
from govinspect.model import Site
from govinspect.snapshot.warc import WarcWriter, read_record

from .helpers import fetches, frontier, make_run, make_store, site


def _recorder(tmp_path: Path, commit_every: int, interval: float) -> Recorder:
    store = make_store(tmp_path)
    make_run(store, "r", [site("http://www.hz.gov.cn/")])
    return Recorder(store, "r", WarcWriter(tmp_path / "warc", "r"), commit_every=commit_every, interval=interval)


def _fetch(recorder: Recorder, i: int) -> None:
    url = f"http://www.hz.gov.cn/art/{i}.html"
    pointer = recorder.warc.write_response(url, 200, "OK", [("Content-Type", "text/html")], b"<p>x</p>")
    recorder.add_fetch("3101140038", url=url, final_url=url, kind="page", status=200,
                       fetched_at=datetime.now(UTC), warc_file=pointer.file, warc_offset=pointer.offset)
    recorder.set_state("3101140038", url, "page", "done")


def test_links_found_do_not_make_a_batch_due(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path, commit_every=5, interval=3600)
    for i in range(4):
        _fetch(recorder, i)
        for j in range(20):  # the links each page found
            recorder.add_frontier("3101140038", f"http://www.hz.gov.cn/art/{i * 100 + j}.html", "page", 1, None)
    assert recorder.pending == 4 + 4 + 80 and not recorder.due()
    _fetch(recorder, 4)
    assert recorder.due()
    recorder.maybe_flush()
    assert recorder.pending == 0
    rows = fetches(recorder.store, "r", "page")
    assert len(rows) == 5 and len(frontier(recorder.store, "r", "page")) == 80
    for row in rows:  # every committed pointer reads back from the flushed WARC file
        assert read_record(tmp_path / "warc", row.warc_file or "", row.warc_offset or 0).url == row.url


def test_interval_commits_whatever_is_pending(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path, commit_every=1000, interval=0.0)
    assert not recorder.due()  # nothing pending, nothing to commit
    recorder.add_frontier("3101140038", "http://www.hz.gov.cn/", "page", 0, None)
    assert recorder.due()
    recorder.maybe_flush()
    assert [r.url for r in frontier(recorder.store, "r", "page")] == ["http://www.hz.gov.cn/"]


class _HeldFsync:
    """os.fsync that notes its thread and, off the loop's thread, waits until released: a slow
    disk, with the loop's own progress visible meanwhile."""

    def __init__(self, loop_thread: threading.Thread, store_rows: Callable[[], int]) -> None:
        self.loop_thread, self.store_rows = loop_thread, store_rows
        self.threads: list[threading.Thread] = []
        self.committed_when_synced: list[int] = []
        self.entered, self.release = threading.Event(), threading.Event()
        self.real = os.fsync

    def __call__(self, fd: int) -> None:
        self.threads.append(threading.current_thread())
        self.committed_when_synced.append(self.store_rows())
        if threading.current_thread() is not self.loop_thread:
            self.entered.set()
            assert self.release.wait(10)
        self.real(fd)


async def test_fsync_runs_off_the_loop_and_before_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = _recorder(tmp_path, commit_every=2, interval=3600)
    held = _HeldFsync(threading.current_thread(), lambda: len(fetches(recorder.store, "r", "page")))
    monkeypatch.setattr(os, "fsync", held)
    _fetch(recorder, 0)
    _fetch(recorder, 1)
    flushing = asyncio.create_task(recorder.maybe_flush_async())
    assert await asyncio.to_thread(held.entered.wait, 10)
    # the loop is free while the disk syncs: pages go on being written and queued
    _fetch(recorder, 2)
    await recorder.maybe_flush_async()  # a flush is under way: this one does not queue behind it
    assert fetches(recorder.store, "r", "page") == [] and recorder.pending == 2 + 2 + 1 + 1
    held.release.set()
    await flushing
    assert held.threads[0] is not threading.current_thread()
    assert held.committed_when_synced == [0]  # nothing committed before its records were on disk
    assert [r.url[-6:] for r in fetches(recorder.store, "r", "page")] == ["0.html", "1.html"]
    await recorder.flush_async()
    assert len(fetches(recorder.store, "r", "page")) == 3 and recorder.pending == 0
    recorder.warc.close()


async def test_a_synchronous_flush_commits_the_batch_in_flight_once(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A site check's synchronous flush while the flusher waits for its fsync: the batch in flight
    is committed first (its frontier rows before the states that update them), and only once."""
    recorder = _recorder(tmp_path, commit_every=1000, interval=3600)
    held = _HeldFsync(threading.current_thread(), lambda: len(fetches(recorder.store, "r", "page")))
    monkeypatch.setattr(os, "fsync", held)
    recorder.add_frontier("3101140038", "http://www.hz.gov.cn/art/7.html", "page", 1, None)
    _fetch(recorder, 0)
    flushing = asyncio.create_task(recorder.flush_async())
    assert await asyncio.to_thread(held.entered.wait, 10)
    recorder.set_state("3101140038", "http://www.hz.gov.cn/art/7.html", "page", "done")
    recorder.flush()  # fsyncs on this thread, then commits both batches in order
    assert held.threads[-1] is threading.current_thread() and recorder.pending == 0
    held.release.set()
    await flushing
    assert len(fetches(recorder.store, "r", "page")) == 1
    assert [(r.url[-6:], r.state) for r in frontier(recorder.store, "r", "page")] == [("7.html", "done")]
    recorder.warc.close()


async def test_a_failed_fsync_keeps_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = _recorder(tmp_path, commit_every=1, interval=3600)

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    _fetch(recorder, 0)
    with pytest.raises(OSError, match="space"):
        await recorder.flush_async()
    assert fetches(recorder.store, "r", "page") == [] and recorder.pending == 2
    monkeypatch.undo()
    await recorder.flush_async()
    assert len(fetches(recorder.store, "r", "page")) == 1
    recorder.warc.close()


async def test_a_crawl_never_fsyncs_on_its_event_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sites in parallel, one with site checks (they read the store), one whose homepage
    failed first and is probed again: every WARC fsync of the run is off the loop's thread."""
    from aiohttp import web

    from govinspect.crawl import crawl_run

    from .helpers import LocalServer, fast_settings, html
    from .test_homepage_probes import app as flaky_app

    threads: list[bool] = []
    real = os.fsync

    def noting(fd: int) -> None:
        threads.append(threading.current_thread() is loop_thread)
        real(fd)

    async def page(request: web.Request) -> web.Response:
        links = "".join(f'<a href="/xw/{i}.html">第{i}期</a>' for i in range(30))
        return web.Response(text=html('<form action="/search"><input name="q"></form>' + links),
                            content_type="text/html")

    healthy = web.Application()
    healthy.router.add_get("/{tail:.*}", page)
    servers = [await LocalServer(healthy).start(), await LocalServer(flaky_app(1)).start()]
    sites = [site(servers[0].url("/")), Site(code="3101140039", name="测试县", url=servers[1].url("/"), sponsor="测试县")]
    store = make_store(tmp_path)
    make_run(store, "r", sites)
    loop_thread = threading.current_thread()
    monkeypatch.setattr(os, "fsync", noting)
    try:
        await crawl_run(store, "r", sites, fast_settings(site_checks="search,cloak-browser", homepage_probes=1,
                                                         homepage_probe_interval_seconds=0.01, check_links=False,
                                                         commit_every=5), tmp_path / "warc")
    finally:
        for server in servers:
            await server.stop()
    rows = fetches(store, "r")
    kinds = {(r.site_code, r.kind) for r in rows}
    assert {("3101140038", "search"), ("3101140038", "cloak-browser"), ("3101140039", "probe")} <= kinds
    assert len([r for r in rows if r.kind == "page" and r.site_code == "3101140038"]) == 31
    assert threads and not any(threads), f"{sum(threads)} of {len(threads)} fsyncs on the event loop"
