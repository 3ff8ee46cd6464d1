"""Site-check notes: what a check concluded without an HTTP answer ("no search form", "no AAAA").

A note is a WARC metadata record (``application/warc-fields``, one ``key: value`` per line)
indexed as a FetchRow of the check's kind with that content type. The checks write them
(``govinspect.crawl.sitechecks._record``); rules read them here, beside the check's real fetches.
"""

from __future__ import annotations

from govinspect.model import FetchResult
from govinspect.snapshot.site import SiteSnapshot

NOTE_TYPE = "application/warc-fields"


def is_note(fetch: FetchResult) -> bool:
    return fetch.content_type == NOTE_TYPE and fetch.status is None


def parse_fields(body: bytes | None) -> dict[str, str]:
    """The fields of a note (``key: value`` lines)."""
    out: dict[str, str] = {}
    for line in (body or b"").decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition(": ")
        if sep:
            out[key.strip()] = value.strip()
    return out


def notes(snapshot: SiteSnapshot, kind: str) -> list[tuple[FetchResult, dict[str, str]]]:
    """The notes of one check kind, each with its fields."""
    return [(f, parse_fields(snapshot.body(f))) for f in snapshot.observations.get(kind, []) if is_note(f)]


def fetched(snapshot: SiteSnapshot, kind: str) -> list[FetchResult]:
    """The real fetches (not notes) of one check kind, in the order they were made."""
    return [f for f in snapshot.observations.get(kind, []) if not is_note(f)]

