"""Build a rule's view of one site (SiteSnapshot) from the store and the WARC files.

This is where "analyse again without the network" happens: every page is re-read from its WARC
record and re-extracted, so old runs can be judged by new rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from govinspect.extract.categories import CategoryTable
from govinspect.extract.columns import build_columns
from govinspect.extract.page import extract_page
from govinspect.model import FetchResult, PageModel, Site
from govinspect.monitor.window import load_window
from govinspect.snapshot.order import page_order
from govinspect.snapshot.page_cache import load_models, pack, page_key, save_models
from govinspect.snapshot.pagestore import PageShelf
from govinspect.snapshot.site import SiteSnapshot
from govinspect.snapshot.warc import RecordReader
from govinspect.store import Store
from govinspect.store.models import FetchRow
from govinspect.urls import canonical_url

_HTML_TYPES = ("text/html", "application/xhtml")
CACHE_CHUNK = 500  # pages whose cached models are read (and new ones written) at a time
# The availability monitor's probes loaded for W-V2: its 7-day window, with room for a longer one
# set in config (the rule cuts its own window out of this).
MONITOR_LOOKBACK = timedelta(days=31)


def _is_html(content_type: str) -> bool:
    ct = (content_type or "").lower()
    return not ct or ct.startswith(_HTML_TYPES)


def fetch_result(row: FetchRow) -> FetchResult:
    return FetchResult(
        url=row.url,
        final_url=row.final_url,
        status=row.status,
        error=row.error,
        content_type=row.content_type,
        kind=row.kind,
        warc_file=row.warc_file,
        warc_record_id=row.warc_record_id,
        warc_offset=row.warc_offset,
        fetched_at=row.fetched_at,
        elapsed_ms=row.elapsed_ms,
        soft404=row.soft404,
    )


def load_fetches(store: Store, run_id: str, site_code: str) -> list[FetchRow]:
    with store.session() as session:
        rows = session.scalars(
            select(FetchRow).where(FetchRow.run_id == run_id, FetchRow.site_code == site_code).order_by(FetchRow.id)
        ).all()
    return list(rows)


class BodyCache:
    """Bodies read back from WARC, kept for the rules of one site (bounded), so a rule reading
    raw HTML does not decompress the record a second time."""

    def __init__(self, warc_dir: Path, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.warc_dir = warc_dir
        self.reader = RecordReader(warc_dir)
        self.max_bytes = max_bytes
        self.size = 0
        self._bodies: dict[tuple[str, int], bytes] = {}

    def get(self, warc_file: str | None, offset: int | None) -> bytes | None:
        if warc_file is None or offset is None:
            return None
        key = (warc_file, offset)
        body = self._bodies.get(key)
        if body is None:
            body = self.reader.read(warc_file, offset).body
            if self.size + len(body) <= self.max_bytes:
                self._bodies[key] = body
                self.size += len(body)
        return body


def _page_from_row(row: FetchRow, bodies: BodyCache, site_url: str, status: int | None) -> PageModel | None:
    body = bodies.get(row.warc_file, row.warc_offset)
    if body is None:
        return None
    return extract_page(body, row.url, final_url=row.final_url, status=status,
                        content_type=row.content_type, site_url=site_url)


def ordered_fetches(fetches: dict[str, FetchResult], pages: dict[str, PageModel]) -> dict[str, FetchResult]:
    """``fetches`` with the snapshot's pages first, in page order, then the rest (link checks,
    files, failed pages) by URL: no order left from when each fetch finished."""
    rank = {url: i for i, url in enumerate(pages)}
    return dict(sorted(fetches.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


def build_snapshot(
    store: Store,
    run_id: str,
    site: Site,
    as_of: datetime,
    warc_dir: Path,
    table: CategoryTable,
    rows: Iterable[FetchRow] | None = None,
) -> SiteSnapshot:
    rows = list(rows) if rows is not None else load_fetches(store, run_id, site.code)
    home_url = canonical_url(site.url) or site.url
    fetches: dict[str, FetchResult] = {}
    probes: list[FetchResult] = []
    observations: dict[str, list[FetchResult]] = {}
    page_rows: dict[str, FetchRow] = {}
    render_rows: dict[str, FetchRow] = {}
    for row in rows:
        result = fetch_result(row)
        if row.kind == "probe":
            probes.append(result)
            continue
        if row.kind == "render":
            render_rows[row.url] = row
            continue
        if row.kind == "robots":
            continue
        if row.kind not in ("page", "link"):
            observations.setdefault(row.kind, []).append(result)
            continue
        # A crawled page wins over a link check of the same URL (it carries the body).
        if row.url not in fetches or row.kind == "page":
            fetches[row.url] = result
        if row.kind == "page" and row.status is not None and 200 <= row.status < 300 and _is_html(row.content_type):
            page_rows[row.url] = row

    pages: dict[str, PageModel] = {}
    bodies = BodyCache(warc_dir)
    # A body seen before at the same URL (its hash, fetches.content_hash) is not parsed again.
    keys = {url: page_key(row.content_hash, row.url, row.final_url, row.status, row.content_type, home_url)
            for url, row in page_rows.items() if row.content_hash and url not in render_rows}
    shelf = PageShelf()  # what is kept per page: snapshot/pagestore.py
    urls = list(page_rows)
    # Cached models are read, and new ones written, a chunk of pages at a time: a large site's
    # whole models (texts included) are never in memory at once.
    for start in range(0, len(urls), CACHE_CHUNK):
        chunk = urls[start:start + CACHE_CHUNK]
        wanted = [keys[url] for url in chunk if url in keys]
        cached = load_models(store, wanted) if wanted else {}
        extracted: dict[str, bytes] = {}
        for url in chunk:
            row = page_rows[url]
            # Where chromium rendered the page, the rendered DOM is what a visitor sees.
            source = render_rows.get(url, row)
            key = keys.get(url)
            page = cached.get(key) if key is not None else None
            if page is None:
                page = _page_from_row(source, bodies, home_url, row.status)
                if page is not None and key is not None:
                    extracted[key] = pack(page)
            if page is not None:
                # chromium fetched a rendered page itself, whole; the crawler's copy may be cut
                page.truncated = source is row and fetch_result(row).truncated
                pages[url] = shelf.keep(page)
        save_models(store, extracted)

    homepage_fetch = fetches.get(home_url)
    root = home_url
    if home_url not in pages and homepage_fetch is not None and homepage_fetch.final_url in pages:
        root = homepage_fetch.final_url
    homepage = pages.get(root)
    # Rows came in the order fetches finished (timing); rules see a stable order (snapshot/order.py).
    pages = {url: pages[url] for url in page_order(pages, root)}
    fetches = ordered_fetches(fetches, pages)
    columns = build_columns(homepage, pages, table, site_url=home_url) if homepage is not None else []
    return SiteSnapshot(
        site=site,
        as_of=as_of,
        homepage=homepage,
        pages=pages,
        fetches=fetches,
        columns=columns,
        homepage_fetch=homepage_fetch,
        probes=probes,
        observations=observations,
        body_loader=lambda fetch: bodies.get(fetch.warc_file, fetch.warc_offset),
        monitor=load_window(store, site.code, as_of - MONITOR_LOOKBACK, as_of),
    )

