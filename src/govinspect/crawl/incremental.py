"""Incremental re-crawls (增量抓取): a later run of a site asks only for what changed.

Every page answer keeps its validators (ETag, Last-Modified) and the SHA-256 of its body. The next
run of the same site sends them back (If-None-Match / If-Modified-Since); a ``304 Not Modified``
costs no body: this run's WARC keeps the request and the 304 as a ``revisit`` record referring
to the earlier record of the page, the fetch row points at the revisit and says ``not_modified``,
and the WARC readers follow it to the earlier payload, so the snapshot builder reads it like any
other page. Links are followed from that record as from a fresh answer, so the crawl reaches the
same pages. "The previous run" is the latest earlier run whose crawl of the site finished.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from govinspect.store import Store
from govinspect.store.models import FetchRow, RunRow, RunTargetRow


@dataclass(frozen=True)
class PreviousAnswer:
    """A page as the site's previous run stored it: where its record is, and its validators."""

    url: str
    final_url: str
    status: int
    content_type: str
    length: int
    warc_file: str
    warc_record_id: str | None
    warc_offset: int
    warc_length: int | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None

    def conditional_headers(self) -> dict[str, str]:
        """If-None-Match / If-Modified-Since from the stored validators."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def previous_run(store: Store, run_id: str, site_code: str) -> str | None:
    """The latest run started before ``run_id`` whose crawl of the site finished."""
    with store.session() as session:
        this = session.get(RunRow, run_id)
        if this is None:
            return None
        found = session.execute(
            select(RunRow.id).join(RunTargetRow, RunTargetRow.run_id == RunRow.id)
            .where(RunTargetRow.site_code == site_code, RunTargetRow.crawl_state == "done", RunRow.id != run_id,
                   RunRow.started < this.started)
            .order_by(RunRow.started.desc()).limit(1)).scalar_one_or_none()
    return found


def previous_answers(store: Store, run_id: str, site_code: str) -> dict[str, PreviousAnswer]:
    """The previous run's HTML pages answered 200 with a validator, by URL (empty without one)."""
    earlier = previous_run(store, run_id, site_code)
    if earlier is None:
        return {}
    with store.session() as session:
        rows = session.execute(
            select(FetchRow.url, FetchRow.final_url, FetchRow.status, FetchRow.content_type, FetchRow.length,
                   FetchRow.warc_file, FetchRow.warc_record_id, FetchRow.warc_offset, FetchRow.warc_length,
                   FetchRow.etag, FetchRow.last_modified, FetchRow.content_hash)
            .where(FetchRow.run_id == earlier, FetchRow.site_code == site_code, FetchRow.kind == "page",
                   FetchRow.status == 200, FetchRow.error.is_(None), FetchRow.warc_file.is_not(None),
                   FetchRow.warc_offset.is_not(None), (FetchRow.etag.is_not(None)) | (FetchRow.last_modified.is_not(None)))
        ).all()
    return {row.url: PreviousAnswer(row.url, row.final_url, int(row.status or 0), row.content_type, row.length,
                                    str(row.warc_file), row.warc_record_id, int(row.warc_offset or 0), row.warc_length,
                                    row.etag, row.last_modified, row.content_hash) for row in rows}


def validators(headers: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) of an answer, None where absent (or too long to be a validator)."""
    etag = last_modified = None
    for name, value in headers:
        lower = name.lower()
        if lower == "etag" and value.strip() and len(value) <= 200:
            etag = value.strip()
        elif lower == "last-modified" and value.strip() and len(value) <= 100:
            last_modified = value.strip()
    return etag, last_modified


def content_hash(body: bytes) -> str:
    """SHA-256 of a body (hex): equal hashes, the same page content."""
    return hashlib.sha256(body).hexdigest()
