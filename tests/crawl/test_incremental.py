"""Incremental re-crawls (增量抓取): a later run of a site sends the previous run's validators back
(If-None-Match / If-Modified-Since); a 304 is a revisit record of this run that reads as the
earlier record (tests/crawl/test_revisit.py looks at the records themselves),
its links are still followed, a changed page is fetched in full; the second inspection's
findings equal the first's and unchanged pages are not parsed again. Real aiohttp servers on
127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import func, select

from govinspect.crawl import crawl_run
from govinspect.snapshot import builder
from govinspect.snapshot.warc import read_record
from govinspect.store import Store
from govinspect.store.models import PageModelRow, RunRow, RunTargetRow
from tests.e2e_support import FAST_CRAWL, inspect_sites

from .helpers import LocalServer, fast_settings, fetches, html, make_store, site

_LAST_MODIFIED = "Mon, 04 Jan 2021 08:00:00 GMT"


def _site_pages(articles: int) -> dict[str, str]:
    listing = "".join(f'<li><a href="/xw/{i}.html">第{i}期工作简报</a>2020-12-{1 + i % 28:02d}</li>'
                      for i in range(articles))
    return {"/": f'<h1>示范县人民政府</h1><a href="/xw/">工作动态</a><ul>{listing[:400]}</ul>',
            "/xw/": f"<ul>{listing}</ul>",
            **{f"/xw/{i}.html": f"<h1>第{i}期工作简报</h1><p>发布时间：2020-12-{1 + i % 28:02d}</p>"
                                f"<p>本期简报汇总了第{i}周各部门重点工作进展情况。</p>" for i in range(articles)}}


class _Validating:
    """Pages answered with an ETag and/or Last-Modified, and 304 when the client's copy is current."""

    def __init__(self, pages: dict[str, str], etag: bool = True, last_modified: bool = True,
                 redirects: dict[str, str] | None = None) -> None:
        self.pages = pages
        self.redirects = redirects or {}
        self.etag, self.last_modified = etag, last_modified
        self.conditional: list[str] = []  # paths asked with a validator
        self.not_modified: list[str] = []
        self.body_bytes = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self.serve)
        return app

    async def serve(self, request: web.Request) -> web.Response:
        if request.path in self.redirects:
            raise web.HTTPFound(self.redirects[request.path])
        body = self.pages.get(request.path)
        if body is None:
            return web.Response(status=404, text="not here")
        data = html(body).encode("utf-8")
        tag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        headers = {}
        if self.etag:
            headers["ETag"] = tag
        if self.last_modified:
            headers["Last-Modified"] = _LAST_MODIFIED
        if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
            self.conditional.append(request.path)
            current = (request.headers.get("If-None-Match") == tag if self.etag
                       else request.headers.get("If-Modified-Since") == _LAST_MODIFIED)
            if current:
                self.not_modified.append(request.path)
                return web.Response(status=304, headers=headers)
        self.body_bytes += len(data)
        return web.Response(body=data, headers=headers, content_type="text/html", charset="utf-8")


def _new_run(store: Store, run_id: str, code: str, started: datetime) -> None:
    with store.session() as session, session.begin():
        session.add(RunRow(id=run_id, as_of=started, started=started))
        session.flush()
        session.add(RunTargetRow(run_id=run_id, site_code=code, crawl_state="pending"))


async def _crawl_twice(tmp_path: Path, server: _Validating, between: Any = None, runs: tuple[str, ...] = ("r1", "r2"),
                       **settings: Any) -> tuple[LocalServer, Store]:
    """Crawl the server's site in each of ``runs`` (a minute apart), ``between`` called after the first."""
    local = await LocalServer(server.app()).start()
    store = make_store(tmp_path)
    target = site(local.url("/"))
    start = datetime.now(UTC)
    try:
        for n, run_id in enumerate(runs):
            _new_run(store, run_id, target.code, start + timedelta(minutes=n))
            await crawl_run(store, run_id, [target], fast_settings(check_links=False, **settings), tmp_path / "warc")
            if between is not None and run_id == "r1":
                between()
    finally:
        await local.stop()
    return local, store


async def test_second_run_asks_with_validators_and_reuses_the_record(tmp_path: Path) -> None:
    pages = _site_pages(30)
    server = _Validating(pages)

    def change_one_page() -> None:
        pages["/xw/3.html"] += '<p>更正：会议时间调整。</p><a href="/xw/new.html">补充通知</a>'
        pages["/xw/new.html"] = "<h1>补充通知</h1><p>会议改在周五召开。</p>"
        server.body_bytes = 0

    _local, store = await _crawl_twice(tmp_path, server, change_one_page)
    first = {r.url: r for r in fetches(store, "r1", "page")}
    second = {r.url: r for r in fetches(store, "r2", "page")}
    assert len(first) == 32 and len(second) == 33  # the new page is found through the changed one
    reused = [r for r in second.values() if r.not_modified]
    assert len(reused) == 31 and len(server.not_modified) == 31
    warc_dir = tmp_path / "warc"
    for row in reused:  # this run's evidence: its own revisit record, read as the earlier record whole
        before = first[row.url]
        assert row.warc_file is not None and row.warc_file.startswith("r2/") and row.status == 200
        read = read_record(warc_dir, row.warc_file, row.warc_offset or 0)
        earlier = read_record(warc_dir, before.warc_file or "", before.warc_offset or 0)
        assert read == earlier and read.status == 200 and read.revisit is not None
        assert read.revisit.status == 304 and read.revisit.warc_header("WARC-Refers-To") == before.warc_record_id
        assert row.content_hash == before.content_hash and row.etag == before.etag
    changed = next(r for u, r in second.items() if u.endswith("/xw/3.html"))
    assert not changed.not_modified and changed.warc_file != first[changed.url].warc_file
    assert changed.content_hash != first[changed.url].content_hash
    # only the changed and the new page carried a body the second time
    assert server.body_bytes == sum(len(html(pages[p]).encode()) for p in ("/xw/3.html", "/xw/new.html"))


async def test_a_redirected_page_is_asked_for_in_full(tmp_path: Path) -> None:
    pages = _site_pages(5)
    pages["/"] += '<a href="/jump.html">旧地址</a>'
    server = _Validating(pages, redirects={"/jump.html": "/xw/1.html"})
    _local, store = await _crawl_twice(tmp_path, server)
    jump = next(r for r in fetches(store, "r2", "page") if r.url.endswith("/jump.html"))
    assert not jump.not_modified and jump.status == 200 and jump.final_url.endswith("/xw/1.html")
    assert "/jump.html" not in server.conditional and "/xw/1.html" in server.not_modified


async def test_last_modified_alone_is_enough(tmp_path: Path) -> None:
    server = _Validating(_site_pages(5), etag=False)
    _local, store = await _crawl_twice(tmp_path, server)
    assert all(r.not_modified for r in fetches(store, "r2", "page"))
    assert all(r.etag is None and r.last_modified == _LAST_MODIFIED for r in fetches(store, "r2", "page"))


async def test_no_validators_no_conditional_requests(tmp_path: Path) -> None:
    server = _Validating(_site_pages(5), etag=False, last_modified=False)
    _local, store = await _crawl_twice(tmp_path, server)
    assert server.conditional == [] and not any(r.not_modified for r in fetches(store, "r2", "page"))
    # the content hash is kept all the same (the page cache reads it)
    assert all(r.content_hash for r in fetches(store, "r2", "page"))


async def test_turned_off(tmp_path: Path) -> None:
    server = _Validating(_site_pages(5))
    _local, _store = await _crawl_twice(tmp_path, server, conditional_requests=False)
    assert server.conditional == []


async def test_an_unreadable_earlier_record_is_fetched_again(tmp_path: Path) -> None:
    server = _Validating(_site_pages(5))

    def lose_the_warc_files() -> None:
        for path in (tmp_path / "warc").rglob("*.warc.gz"):
            path.write_bytes(b"")

    _local, store = await _crawl_twice(tmp_path, server, lose_the_warc_files)
    second = fetches(store, "r2", "page")
    assert len(second) == 7 and not any(r.not_modified for r in second)
    assert all(r.status == 200 for r in second)


@pytest.fixture()
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """URLs the snapshot builder parsed (extraction ran), in order."""
    calls: list[str] = []
    real = builder._page_from_row

    def counting(row: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(row.url)
        return real(row, *args, **kwargs)

    monkeypatch.setattr(builder, "_page_from_row", counting)
    return calls


# inspections of one site's pages, nothing else asked of it
QUIET = {**FAST_CRAWL, "crawl": {**FAST_CRAWL["crawl"], "check_links": False, "site_checks": "none",
                                 "homepage_probes": 0, "render_js": "never"}}


async def _inspect_twice(home: Path, server: _Validating, after_first: Any = None) -> tuple[Any, Any]:
    """Two whole inspections (crawl and analysis) of the server's site, ``after_first`` called between."""
    local = await LocalServer(server.app()).start()
    target = site(local.url("/"))
    try:
        _, first = await asyncio.to_thread(inspect_sites, home, [target], "2021-01-10", QUIET)
        if after_first is not None:
            after_first()
        await asyncio.sleep(1.1)  # run ids are stamped to the second
        _, second = await asyncio.to_thread(inspect_sites, home, [target], "2021-01-10", QUIET)
    finally:
        await local.stop()
    return first, second


async def test_second_inspection_equals_the_first_and_parses_only_what_changed(tmp_path: Path,
                                                                               parsed: list[str]) -> None:
    parsed_first: list[int] = []
    server = _Validating(_site_pages(40))
    first, second = await _inspect_twice(tmp_path, server, lambda: parsed_first.append(len(parsed)))
    assert first.run_id != second.run_id and parsed_first == [42]
    assert len(server.not_modified) == 42
    assert len(parsed) == parsed_first[0]  # nothing parsed again: every page came from the cache

    def summary(result: Any) -> list[tuple[Any, ...]]:
        # not the url: a site-wide finding (W-D13's 40 of 40 pages) names its first page in crawl
        # order, which concurrency varies from run to run, incremental or not
        return sorted((f.target, f.rule, f.message, str(f.severity), f.points) for f in result.findings)

    assert summary(second) == summary(first) and summary(first)
    assert [t.judgement.verdict for t in second.targets] == [t.judgement.verdict for t in first.targets]
    assert [t.coverage for t in second.targets] == [t.coverage for t in first.targets] == ["全站42页"]
    from govinspect.config import load_config
    from govinspect.store import open_store

    store = open_store(load_config(tmp_path, QUIET).db_url)
    with store.session() as session:
        assert session.execute(select(func.count()).select_from(PageModelRow)).scalar_one() == 42
    store.close()


def test_page_cache_keys_and_unreadable_entries(tmp_path: Path) -> None:
    from govinspect.model import PageModel
    from govinspect.snapshot.page_cache import load_models, pack, page_key, save_models

    base = ("ab" * 32, "http://a.gov.cn/x.html", "http://a.gov.cn/x.html", 200, "text/html", "http://a.gov.cn/")
    key = page_key(*base)
    for i, other in enumerate(("cd" * 32, "http://a.gov.cn/y.html", "http://a.gov.cn/z.html", 404, "text/plain",
                               "http://b.gov.cn/")):
        changed = list(base)
        changed[i] = other
        assert page_key(*changed) != key  # whatever extraction reads is in the key
    store = make_store(tmp_path)
    model = PageModel(url=base[1], final_url=base[2], status=200, title="通知", text="关于做好防汛工作的通知")
    save_models(store, {key: pack(model)})
    save_models(store, {key: pack(model)})  # stored already (another analysis): left as it is
    assert load_models(store, [key, "0" * 64]) == {key: model}
    with store.session() as session, session.begin():
        row = session.get(PageModelRow, key)
        assert row is not None
        row.model = b"not a model"
    assert load_models(store, [key]) == {}  # unreadable: parsed again, never an error
