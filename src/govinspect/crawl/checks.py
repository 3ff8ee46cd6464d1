"""Site checks: extra observations a crawl makes once a site's pages are in.

Some indicators need the network beyond plain page fetches — submitting the site search
(W-D8), fetching the homepage as Baiduspider or from a Baidu search (W-V1d cloaking), trying
IPv6 (W-D9). Each is a small async function registered with ``@site_check``; it fetches
through :meth:`CheckContext.fetch`, which keeps the response as WARC evidence and a FetchRow of
its own kind, so the rules (which never touch the network) can judge it later.

    @site_check("search")
    async def search(ctx: CheckContext) -> None:
        home = ctx.stored_body(ctx.home)
        ...
        await ctx.fetch(url, kind="search")

Checks run after the page crawl of a site, each isolated (an exception is logged, never
raised), and a check whose kind is already recorded for the site is not run again on resume.
Checks live one module each in ``govinspect.crawl.sitechecks`` and are found automatically.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from govinspect.model import Site
from govinspect.snapshot.warc import read_record
from govinspect.store.models import FetchRow

if TYPE_CHECKING:
    from govinspect.crawl.fetcher import FetchOutcome
    from govinspect.crawl.site import SiteCrawler

log = logging.getLogger(__name__)

SiteCheck = Callable[["CheckContext"], Awaitable[None]]
_CHECKS: dict[str, SiteCheck] = {}


def site_check(kind: str) -> Callable[[SiteCheck], SiteCheck]:
    """Register a check whose fetches are recorded with FetchRow.kind == ``kind``."""

    def register(func: SiteCheck) -> SiteCheck:
        _CHECKS[kind] = func
        return func

    return register


def registered_checks() -> dict[str, SiteCheck]:
    from govinspect.crawl import sitechecks

    for info in pkgutil.iter_modules(sitechecks.__path__):
        importlib.import_module(f"{sitechecks.__name__}.{info.name}")
    return dict(_CHECKS)


@dataclass
class CheckContext:
    """What a site check may use: the site, its homepage URL, stored pages, and a recording fetch."""

    crawler: SiteCrawler
    kind: str

    @property
    def site(self) -> Site:
        return self.crawler.site

    @property
    def home(self) -> str:
        return self.crawler.home

    def stored_body(self, url: str, kind: str = "page") -> bytes | None:
        """The body of a response already stored in this run (e.g. the homepage)."""
        sv = self.crawler.sv
        sv.recorder.flush()
        with sv.store.session() as session:
            row = session.scalars(select(FetchRow).where(
                FetchRow.run_id == sv.run_id, FetchRow.site_code == self.site.code, FetchRow.url == url,
                FetchRow.kind == kind).order_by(FetchRow.id.desc()).limit(1)).first()
        if row is None or row.warc_file is None or row.warc_offset is None:
            return None
        return read_record(sv.recorder.warc.warc_dir, row.warc_file, row.warc_offset).body

    async def fetch(self, url: str, *, headers: dict[str, str] | None = None, method: str = "GET",
                    max_bytes: int | None = None) -> FetchOutcome:
        """Fetch ``url`` politely, keep it as WARC evidence and a FetchRow of this check's kind."""
        return await self.crawler.fetch_recorded(url, self.kind, headers=headers, method=method,
                                                 max_bytes=max_bytes)


async def homepage_answered(crawler: SiteCrawler) -> bool:
    """Whether the crawl got a usable answer (2xx/3xx) from the site's homepage."""
    sv = crawler.sv
    await sv.recorder.flush_async()
    with sv.store.session() as session:
        statuses = session.scalars(select(FetchRow.status).where(
            FetchRow.run_id == sv.run_id, FetchRow.site_code == crawler.site.code,
            FetchRow.url == crawler.home, FetchRow.kind == "page")).all()
    return any(status is not None and 200 <= status < 400 for status in statuses)


async def recorded_kinds(crawler: SiteCrawler) -> set[str]:
    sv = crawler.sv
    await sv.recorder.flush_async()
    with sv.store.session() as session:
        return set(session.scalars(select(FetchRow.kind).where(
            FetchRow.run_id == sv.run_id, FetchRow.site_code == crawler.site.code).distinct()))


def selected(checks: dict[str, SiteCheck], setting: str) -> dict[str, SiteCheck]:
    """The checks the ``site_checks`` setting asks for ("all", "none" or a list of kinds)."""
    choice = setting.strip().lower()
    if choice == "all":
        return checks
    if choice in ("none", ""):
        return {}
    wanted = {kind.strip() for kind in choice.split(",")}
    return {kind: check for kind, check in checks.items() if kind in wanted}


async def run_site_checks(crawler: SiteCrawler) -> None:
    checks = selected(registered_checks(), crawler.s.site_checks)
    if not checks:
        return
    if not await homepage_answered(crawler):
        # An unreachable site is vetoed (W-V2) and not scored further: probing it more only
        # waits on its back-off.
        return
    done = await recorded_kinds(crawler)
    for kind, check in checks.items():
        if kind in done:
            continue  # resumed run: this observation is already stored
        try:
            # Everything recorded so far committed, its fsync off the loop: the synchronous
            # flush a check makes before reading the store (stored_body) finds nothing to do.
            await crawler.sv.recorder.flush_async()
            await check(CheckContext(crawler, kind))
        except Exception:  # one check's bug must not lose the site's crawl
            log.exception("site check %s failed on %s", kind, crawler.site.url)
