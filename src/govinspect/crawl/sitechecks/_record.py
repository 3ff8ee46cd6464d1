"""Recording helpers shared by the site checks (not a check: no ``@site_check`` here).

A check sometimes learns something without an HTTP answer to keep ("no search form on the
homepage", "no AAAA record", "searched for this title"): it records a *note* — a WARC metadata
record (application/warc-fields) plus a FetchRow of the check's kind with that content type — so
rules can tell notes from real fetches and read the note's fields back
(``govinspect.snapshot.notes``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from govinspect.crawl.fetcher import FetchOutcome
from govinspect.snapshot.notes import NOTE_TYPE

if TYPE_CHECKING:
    from govinspect.crawl.checks import CheckContext

def record_note(ctx: CheckContext, url: str, fields: dict[str, Any], *, error: str | None = None) -> None:
    """Keep what a check concluded as evidence, under the check's kind."""
    recorder = ctx.crawler.sv.recorder
    pointer = recorder.warc.write_metadata(url, {"govinspect-kind": ctx.kind, **fields,
                                                 **({"error": error} if error else {})})
    recorder.add_fetch(ctx.site.code, url=url, final_url=url, kind=ctx.kind, status=None, error=error,
                       content_type=NOTE_TYPE, fetched_at=datetime.now(UTC), warc_file=pointer.file,
                       warc_record_id=pointer.record_id, warc_offset=pointer.offset, warc_length=pointer.length)


def record_outcome(ctx: CheckContext, url: str, outcome: FetchOutcome) -> None:
    """Keep a fetch made outside the crawler's own session (e.g. over IPv6) like ``ctx.fetch`` does."""
    recorder = ctx.crawler.sv.recorder
    warc = recorder.warc
    for hop in outcome.hops:
        warc.write_response(hop.url, hop.status, hop.reason, hop.headers, hop.body,
                            request_headers=hop.request_headers, fetched_at=hop.fetched_at)
    response = outcome.response
    if response is not None:
        pointer = warc.write_response(response.url, response.status, response.reason, response.headers,
                                      response.body, request_headers=response.request_headers,
                                      fetched_at=response.fetched_at, truncated=response.truncated)
    else:
        pointer = warc.write_metadata(url, {"govinspect-kind": ctx.kind, "error": outcome.error,
                                            "final-url": outcome.final_url, "elapsed-ms": outcome.elapsed_ms})
    recorder.add_fetch(ctx.site.code, url=url, final_url=outcome.final_url, kind=ctx.kind, status=outcome.status,
                       error=outcome.error, content_type=outcome.content_type[:200], length=len(outcome.body),
                       fetched_at=outcome.fetched_at, elapsed_ms=outcome.elapsed_ms, redirects=outcome.redirects,
                       warc_file=pointer.file, warc_record_id=pointer.record_id, warc_offset=pointer.offset,
                       warc_length=pointer.length)

