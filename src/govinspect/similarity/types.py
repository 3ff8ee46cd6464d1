"""What the similarity index hands to a site's snapshot (no I/O; imported by rules.base)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class SimilarDocument:
    """A page of this site near-identical to a page of another registered site.

    ``relation`` is ``"later"`` when this page was published after the other one (the other is
    the source), ``"same-day"`` when neither can be shown to be first. ``jaccard`` is the
    Jaccard similarity of their character shingles, exact unless ``estimated`` (a WARC record
    was no longer readable: the MinHash estimate stands in)."""

    url: str
    title: str
    pub_date: date | None
    chars: int
    attribution: str  # the source this page names ("" when none)
    source_site_code: str
    source_site_name: str
    source_url: str
    source_title: str
    source_pub_date: date | None
    source_first_seen: datetime | None
    source_run_id: str
    jaccard: float
    relation: str = "later"
    estimated: bool = False
    other_sources: int = 0  # further earlier near-duplicates on other sites beyond this source
    warc_file: str | None = None  # this page's evidence
    warc_record_id: str | None = None
    warc_offset: int | None = None
    source_warc_file: str | None = None
    source_warc_record_id: str | None = None
