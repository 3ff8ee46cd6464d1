"""The site snapshot (快照): everything a rule may look at for one site in one run, and the
pointer from a finding to the WARC record it rests on. Built by ``snapshot.builder`` from the store
and WARC files; read by rules, the OCR pass and the new-media snapshot. It lives here, below
``rules``, so the snapshot layer never imports the rule registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from govinspect.model import Column, FetchResult, MonitorWindow, OcrText, PageModel, Site
from govinspect.similarity.types import SimilarDocument


def evidence_of(fetch: FetchResult | None, excerpt: str = "") -> dict[str, Any]:
    """A finding's evidence: the WARC record of ``fetch`` (page, link check or observation)."""
    out: dict[str, Any] = {}
    if fetch is not None and fetch.warc_file:
        out["warc"] = fetch.warc_file
        out["record"] = fetch.warc_record_id
        if fetch.warc_offset is not None:
            out["offset"] = fetch.warc_offset
    if excerpt:
        out["excerpt"] = excerpt[:500]
    return out


@dataclass
class SiteSnapshot:
    """Everything a rule may look at for one site in one run: built from the store and WARC files."""

    site: Site
    as_of: datetime  # 监测时间点 (timezone-aware)
    homepage: PageModel | None
    pages: dict[str, PageModel] = field(default_factory=dict)  # by requested canonical URL
    fetches: dict[str, FetchResult] = field(default_factory=dict)  # pages and link checks, by URL
    columns: list[Column] = field(default_factory=list)
    homepage_fetch: FetchResult | None = None
    probes: list[FetchResult] = field(default_factory=list)  # availability probes of the homepage
    # Site-check observations by fetch kind ("search", "ipv6", "cloak-baiduspider", ...): fetches
    # made beyond the page crawl (govinspect.crawl.checks), never mixed into ``fetches``.
    observations: dict[str, list[FetchResult]] = field(default_factory=dict)
    # Reads a stored response body back from its WARC record (None when nothing was stored).
    body_loader: Callable[[FetchResult], bytes | None] | None = field(default=None, repr=False)
    # Near-duplicates of this site's pages on other registered sites, this run or earlier ones
    # (filled by the cross-site similarity pass before the rules run; W-D16 抄袭).
    similar_documents: list[SimilarDocument] = field(default_factory=list)
    # The availability monitor's probes and coverage around as_of (None: no monitor data loaded).
    monitor: MonitorWindow | None = None
    # Text OCR read from body images and scanned PDF pages (filled by the OCR pass before the
    # rules, govinspect.snapshot.ocr), the URLs it read completely, and what it skipped and why.
    ocr_texts: list[OcrText] = field(default_factory=list)
    ocr_read: set[str] = field(default_factory=set)
    ocr_skipped: list[dict[str, str]] = field(default_factory=list)

    def body(self, fetch: FetchResult | None) -> bytes | None:
        """The stored body of a fetch (raw HTML for DOM-level rules, attachments, observations)."""
        if fetch is None or self.body_loader is None:
            return None
        return self.body_loader(fetch)

    @property
    def as_of_date(self) -> date:
        return self.as_of.date()

    def page_rank(self) -> Callable[[str | None], int]:
        """A sort key of URLs in the snapshot's order: its pages (``snapshot.order``: nearest to
        the homepage first), then its other fetches (link checks, files: by URL). URLs it never
        fetched all rank last, so a stable sort keeps them in the order they came in. Built once
        per call: take it before sorting many findings."""
        rank = {url: i for i, url in enumerate(self.pages)}
        for url in self.fetches:
            rank.setdefault(url, len(rank))
        last = len(rank)

        def key(url: str | None) -> int:
            return rank.get(url, last) if url is not None else last
        return key

    def fetch_for(self, url: str) -> FetchResult | None:
        return self.fetches.get(url)

    def evidence(self, url: str | None, excerpt: str = "") -> dict[str, Any]:
        """A pointer to the WARC record that holds ``url`` as it was fetched."""
        return evidence_of(self.fetches.get(url) if url else None, excerpt)
