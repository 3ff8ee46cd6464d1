"""The crawl engine: every target of a run, several sites at once, into the store and WARC.

``crawl_run`` is what the pipeline calls. Per site it seeds the frontier with the homepage,
crawls in-scope HTML pages breadth-first within ``max_depth`` / ``max_pages_per_site``,
checks every other link target once (W-D7 错链断链), probes the homepage (W-V2 each attempt
is a probe row; a homepage that failed is probed again, spaced, after its crawl), renders
script-built lists with chromium, and records every answer and every
failure. One misbehaving site never stops the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import aiohttp
from sqlalchemy import func, or_, select, update

from govinspect.crawl.politeness import Politeness
from govinspect.crawl.recorder import Recorder
from govinspect.crawl.render import Renderer
from govinspect.crawl.robots import robots_url
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.site import SiteCrawler, SiteServices
from govinspect.crawl.tls import TlsPolicy
from govinspect.model import Site
from govinspect.snapshot.warc import WarcWriter, read_record
from govinspect.store import Store
from govinspect.store.models import FetchRow, RunTargetRow

log = logging.getLogger(__name__)


class CrawlProgress(Protocol):
    """What the CLI (Rich) or a worker hears about a crawl."""

    def site_started(self, code: str, name: str, total_hint: int) -> None: ...

    def page_done(self, code: str, url: str, ok: bool) -> None: ...

    def site_done(self, code: str, pages: int, errors: int) -> None: ...


async def crawl_run(store: Store, run_id: str, sites: list[Site], settings: CrawlSettings,
                    warc_dir: Path, progress: CrawlProgress | None = None) -> None:
    """Crawl every target of ``run_id`` among ``sites`` whose crawl_state is not "done"."""
    todo = _targets_to_crawl(store, run_id, sites)
    if not todo:
        return
    warc = WarcWriter(Path(warc_dir), run_id)
    recorder = Recorder(store, run_id, warc, commit_every=settings.commit_every,
                        interval=settings.commit_interval_seconds)
    connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
    renderer = Renderer(settings)
    services = SiteServices(store=store, run_id=run_id, settings=settings, recorder=recorder,
                            politeness=Politeness(settings), renderer=renderer, connector=connector,
                            progress=progress, robots_known=_stored_robots(store, run_id, Path(warc_dir)),
                            tls=TlsPolicy(settings.ca_file, settings.tls_aia))
    flusher = asyncio.create_task(_flush_loop(recorder, settings.commit_interval_seconds))
    gate = asyncio.Semaphore(settings.sites_in_parallel)
    try:
        await asyncio.gather(*(_crawl_site(services, site, gate) for site in todo))
    finally:
        flusher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flusher
        try:
            await recorder.flush_async()
        finally:  # closed whatever the store said
            warc.close()
            await renderer.close()
            await connector.close()


def crawl_run_sync(store: Store, run_id: str, sites: list[Site], settings: CrawlSettings,
                   warc_dir: Path, progress: CrawlProgress | None = None) -> None:
    """``crawl_run`` for callers without an event loop."""
    asyncio.run(crawl_run(store, run_id, sites, settings, warc_dir, progress))


async def _flush_loop(recorder: Recorder, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await recorder.maybe_flush_async()
        except Exception:  # a store hiccup must not kill the crawl; the next flush retries
            log.exception("flush failed")


async def _crawl_site(services: SiteServices, site: Site, gate: asyncio.Semaphore) -> None:
    async with gate:
        _set_target(services.store, services.run_id, site.code, crawl_state="crawling",
                    started=datetime.now(UTC))
        crawler = SiteCrawler(services, site)
        try:
            await crawler.run()
        except Exception:  # one site's bug must not stop the run
            log.exception("crawl of %s (%s) failed", site.code, site.url)
        await services.recorder.flush_async()
    # Outside the gate: the pauses between probes of a failing homepage hold no crawl slot.
    try:
        await crawler.probe_homepage_again()
    except Exception:
        log.exception("homepage probes of %s (%s) failed", site.code, site.url)
    await services.recorder.flush_async()
    pages, errors = _counts(services.store, services.run_id, site.code)
    _set_target(services.store, services.run_id, site.code, crawl_state="done", pages=pages,
                errors=errors, finished=datetime.now(UTC))
    if services.progress is not None:
        services.progress.site_done(site.code, pages, errors)


def _targets_to_crawl(store: Store, run_id: str, sites: list[Site]) -> list[Site]:
    with store.session() as session, session.begin():
        rows = {row.site_code: row for row in session.scalars(
            select(RunTargetRow).where(RunTargetRow.run_id == run_id))}
        todo = []
        for site in sites:
            row = rows.get(site.code)
            if row is None:  # the pipeline normally creates it; be forgiving
                session.add(RunTargetRow(run_id=run_id, site_code=site.code, crawl_state="pending"))
            elif row.crawl_state == "done":
                continue
            todo.append(site)
    return todo


def _set_target(store: Store, run_id: str, code: str, **values: object) -> None:
    with store.session() as session, session.begin():
        session.execute(update(RunTargetRow).where(RunTargetRow.run_id == run_id, RunTargetRow.site_code == code)
                        .values(**values))


def _counts(store: Store, run_id: str, code: str) -> tuple[int, int]:
    """Pages crawled, and errors: failed or ≥400 or soft-404 pages and link checks."""
    with store.session() as session:
        base = select(func.count()).select_from(FetchRow).where(FetchRow.run_id == run_id,
                                                                FetchRow.site_code == code)
        pages = session.scalar(base.where(FetchRow.kind == "page")) or 0
        errors = session.scalar(base.where(
            FetchRow.kind.in_(("page", "link")),
            or_(FetchRow.error.is_not(None), FetchRow.status >= 400, FetchRow.soft404.is_(True)))) or 0
    return int(pages), int(errors)


def _stored_robots(store: Store, run_id: str, warc_dir: Path) -> dict[str, bytes | None]:
    """robots.txt already fetched in this run (a resumed crawl does not fetch them again)."""
    out: dict[str, bytes | None] = {}
    with store.session() as session:
        rows = session.execute(select(FetchRow.url, FetchRow.status, FetchRow.warc_file, FetchRow.warc_offset)
                               .where(FetchRow.run_id == run_id, FetchRow.kind == "robots")).all()
    for url, status, file, offset in rows:
        body: bytes | None = None
        if status is not None and 200 <= status < 300 and file and offset is not None:
            try:
                body = read_record(warc_dir, file, offset).body
            except Exception:
                continue
        out[robots_url(url)] = body
    return out


__all__ = ["CrawlProgress", "CrawlSettings", "crawl_run", "crawl_run_sync"]
