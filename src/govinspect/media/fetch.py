"""Collecting accounts in a run: fetch each account's 数据地址 once, keep it as WARC evidence.

An http(s) 数据地址 is fetched with the crawler's :class:`~govinspect.crawl.fetcher.Fetcher`
(same proxies from ``http_proxy``/``https_proxy``/``no_proxy``, retries, politeness, size cap
``[media] max_feed_bytes``: a larger feed is cut and recorded as ``too_large``). A local path (an
export file, relative to the account registry's folder) is read and kept as a WARC resource
record. Either way a FetchRow of kind ``feed`` under the account's code points at the record.
For formats that carry custom menus, every menu link is then checked (kind ``menu-link``, like the
crawler's link checks) for M-D1.

Each account is marked done in ``run_targets`` when its evidence is on disk, so a run killed
with ``kill -9`` resumes with the accounts not yet collected. One account's failure is recorded
(an error FetchRow) and never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import aiohttp
from sqlalchemy import delete, select, update

from govinspect.config import Config
from govinspect.crawl.fetcher import Fetcher, FetchOutcome
from govinspect.crawl.politeness import Politeness
from govinspect.crawl.settings import CrawlSettings
from govinspect.media.collectors import CollectError, collect
from govinspect.media.model import Account, AccountData
from govinspect.snapshot.warc import WarcPointer, WarcWriter
from govinspect.store import Store
from govinspect.store.models import FetchRow, RunTargetRow

log = logging.getLogger(__name__)

FEED_KIND = "feed"
MENU_LINK_KIND = "menu-link"
DEFAULT_MAX_FEED_BYTES = 10_000_000
DEFAULT_MAX_MENU_LINKS = 50


@dataclass(frozen=True)
class MediaSettings:
    max_feed_bytes: int = DEFAULT_MAX_FEED_BYTES
    max_menu_links: int = DEFAULT_MAX_MENU_LINKS
    accounts_in_parallel: int = 8

    @classmethod
    def from_config(cls, config: Config) -> MediaSettings:
        raw = dict(config.data.get("media", {}))
        return cls(max_feed_bytes=int(raw.get("max_feed_bytes", DEFAULT_MAX_FEED_BYTES)),
                   max_menu_links=int(raw.get("max_menu_links", DEFAULT_MAX_MENU_LINKS)),
                   accounts_in_parallel=int(raw.get("accounts_in_parallel", 8)))


def local_path(data_url: str, base_dir: Path | None) -> Path | None:
    """The file a 数据地址 names, or None for an http(s) URL."""
    parts = urlsplit(data_url)
    if parts.scheme in ("http", "https"):
        return None
    path = Path(unquote(parts.path)) if parts.scheme == "file" else Path(data_url)
    return path if path.is_absolute() or base_dir is None else base_dir / path


class _Collector:
    def __init__(self, store: Store, run_id: str, warc: WarcWriter, fetcher: Fetcher, media: MediaSettings,
                 base_dir: Path | None) -> None:
        self.store, self.run_id, self.warc, self.fetcher = store, run_id, warc, fetcher
        self.media, self.base_dir = media, base_dir

    def _add_row(self, code: str, url: str, kind: str, pointer: WarcPointer, **values: Any) -> None:
        with self.store.session() as session, session.begin():
            session.add(FetchRow(run_id=self.run_id, site_code=code, url=url, kind=kind,
                                 final_url=values.pop("final_url", url), fetched_at=values.pop("fetched_at", None)
                                 or datetime.now(UTC), warc_file=pointer.file, warc_record_id=pointer.record_id,
                                 warc_offset=pointer.offset, warc_length=pointer.length, **values))

    async def _keep_outcome(self, code: str, url: str, kind: str, outcome: FetchOutcome) -> None:
        for hop in outcome.hops:
            self.warc.write_response(hop.url, hop.status, hop.reason, hop.headers, hop.body,
                                     request_headers=hop.request_headers, fetched_at=hop.fetched_at)
        response = outcome.response
        if response is not None:
            pointer = self.warc.write_response(response.url, response.status, response.reason, response.headers,
                                               response.body, request_headers=response.request_headers,
                                               fetched_at=response.fetched_at, truncated=response.truncated)
        else:
            pointer = self.warc.write_metadata(url, {"govinspect-kind": kind, "error": outcome.error,
                                                     "final-url": outcome.final_url})
        await self.warc.flush_async()  # on disk before its row commits; the fsync off the loop
        self._add_row(code, url, kind, pointer, final_url=outcome.final_url, status=outcome.status,
                      error=outcome.error, content_type=outcome.content_type[:200], length=len(outcome.body),
                      fetched_at=outcome.fetched_at, elapsed_ms=outcome.elapsed_ms, redirects=outcome.redirects)

    def _keep_error(self, code: str, url: str, error: str) -> None:
        pointer = self.warc.write_metadata(url or f"urn:govinspect:account:{code}",
                                           {"govinspect-kind": FEED_KIND, "error": error})
        self.warc.flush()
        self._add_row(code, url, FEED_KIND, pointer, status=None, error=error[:500])

    async def account(self, account: Account) -> None:
        code = account.code
        if not account.data_url:
            self._keep_error(code, "", "no_data_url")
            return
        path = local_path(account.data_url, self.base_dir)
        body: bytes | None = None
        if path is None:
            outcome = await self.fetcher.fetch(account.data_url, max_bytes=self.media.max_feed_bytes)
            await self._keep_outcome(code, account.data_url, FEED_KIND, outcome)
            if outcome.error is None and outcome.status is not None and outcome.status < 400:
                body = outcome.body
        else:
            body = self._read_file(code, path)
        if body is not None:
            await self._check_menu_links(code, body, account.data_url)

    def _read_file(self, code: str, path: Path) -> bytes | None:
        url = path.resolve().as_uri()
        try:
            size = path.stat().st_size
            if size > self.media.max_feed_bytes:
                self._keep_error(code, url, "too_large")
                return None
            body = path.read_bytes()
        except OSError as exc:
            self._keep_error(code, url, "file_not_found" if isinstance(exc, FileNotFoundError) else f"os: {exc}")
            return None
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        pointer = self.warc.write_resource(url, content_type, body, kind=FEED_KIND)
        self.warc.flush()
        self._add_row(code, url, FEED_KIND, pointer, status=200, content_type=content_type, length=len(body))
        return body

    async def _check_menu_links(self, code: str, body: bytes, url: str) -> None:
        try:
            data: AccountData = collect(body, "", url)
        except CollectError:
            return  # the analysis reports why the data cannot be read
        if not data.menus:
            return
        links = list(dict.fromkeys(leaf.url for item in data.menus for leaf in item.leaves()
                                   if leaf.url.startswith(("http://", "https://"))))
        for link in links[: self.media.max_menu_links]:
            outcome = await self.fetcher.fetch(link, max_bytes=65_536, retries=1, cut_is_error=False)
            await self._keep_outcome(code, link, MENU_LINK_KIND, outcome)


def _pending(store: Store, run_id: str, accounts: list[Account]) -> list[Account]:
    with store.session() as session:
        done = set(session.scalars(select(RunTargetRow.site_code).where(
            RunTargetRow.run_id == run_id, RunTargetRow.crawl_state == "done")))
    return [a for a in accounts if a.code not in done]


def _set_state(store: Store, run_id: str, code: str, **values: object) -> None:
    with store.session() as session, session.begin():
        session.execute(update(RunTargetRow).where(RunTargetRow.run_id == run_id, RunTargetRow.site_code == code)
                        .values(**values))


def _forget_partial(store: Store, run_id: str, code: str) -> None:
    """A resumed account starts over: rows of a collection killed half-way are dropped."""
    with store.session() as session, session.begin():
        session.execute(delete(FetchRow).where(FetchRow.run_id == run_id, FetchRow.site_code == code,
                                               FetchRow.kind.in_((FEED_KIND, MENU_LINK_KIND))))


async def collect_accounts(store: Store, config: Config, run_id: str, accounts: list[Account],
                           base_dir: Path | None = None) -> None:
    """Collect every account of the run not collected yet (resumes a killed run)."""
    todo = _pending(store, run_id, accounts)
    if not todo:
        return
    settings = CrawlSettings.from_config(config.crawl)
    media = MediaSettings.from_config(config)
    warc = WarcWriter(config.warc_dir, run_id)
    gate = asyncio.Semaphore(media.accounts_in_parallel)
    try:
        async with aiohttp.ClientSession(trust_env=True, auto_decompress=True) as session:
            worker = _Collector(store, run_id, warc, Fetcher(session, settings, Politeness(settings)), media, base_dir)

            async def one(account: Account) -> None:
                async with gate:
                    _forget_partial(store, run_id, account.code)
                    _set_state(store, run_id, account.code, crawl_state="crawling", started=datetime.now(UTC))
                    try:
                        await worker.account(account)
                    except Exception as exc:  # one account's bug must not stop the run
                        log.exception("collection of %s failed", account.code)
                        worker._keep_error(account.code, account.data_url, f"internal: {type(exc).__name__}: {exc}")
                    _set_state(store, run_id, account.code, crawl_state="done", finished=datetime.now(UTC))

            await asyncio.gather(*(one(a) for a in todo))
    finally:
        warc.close()


def collect_accounts_sync(store: Store, config: Config, run_id: str, accounts: list[Account],
                          base_dir: Path | None = None) -> None:
    asyncio.run(collect_accounts(store, config, run_id, accounts, base_dir))
