"""A 304 Not Modified in an incremental re-crawl is a WARC/1.1 revisit record of this run (profile
server-not-modified) with the request and the 304's headers, referring to the record that holds
the page; evidence and analysis read through it to that payload. Real aiohttp servers on 127.0.0.1,
records checked with warcio's own reader."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from govinspect.snapshot.warc import NOT_MODIFIED_PROFILE, read_record
from govinspect.store.models import FindingRow
from govinspect.web.evidence import replay_html

from .helpers import fetches
from .test_incremental import QUIET, _crawl_twice, _inspect_twice, _site_pages, _Validating


def _sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


async def test_three_runs_write_revisits_that_refer_to_the_first_answer(tmp_path: Path) -> None:
    server = _Validating(_site_pages(6))
    _local, store = await _crawl_twice(tmp_path, server, runs=("r1", "r2", "r3"))
    warc_dir = tmp_path / "warc"
    first = {r.url: r for r in fetches(store, "r1", "page")}
    assert len(first) == 8 and len(server.not_modified) == 16  # every page, twice
    for run_id in ("r2", "r3"):
        rows = fetches(store, run_id, "page")
        assert len(rows) == 8 and all(r.not_modified for r in rows)
        for row in rows:
            assert row.warc_file is not None and row.warc_file.startswith(f"{run_id}/")
            read = read_record(warc_dir, row.warc_file, row.warc_offset or 0)
            original = first[row.url]
            assert read.location == (original.warc_file, original.warc_offset)  # never a revisit of a revisit
            assert read.record_id == original.warc_record_id and read.rec_type == "response"
            assert read.body == read_record(warc_dir, original.warc_file or "", original.warc_offset or 0).body
            revisit = read.revisit
            assert revisit is not None and revisit.rec_type == "revisit" and revisit.status == 304
            assert revisit.record_id == row.warc_record_id and revisit.body == b""
            assert revisit.headers["ETag"] == original.etag  # what the server answered this time
            assert revisit.warc_header("WARC-Refers-To-Target-URI") == row.url
            assert revisit.warc_header("WARC-Refers-To-Date") == read.date
            assert revisit.warc_header("WARC-Payload-Digest") == read.payload_digest == _sha1(read.body)


async def test_warcio_reads_the_revisit_and_its_request(tmp_path: Path) -> None:
    server = _Validating(_site_pages(3))
    _local, store = await _crawl_twice(tmp_path, server, site_checks="none")
    second = {r.warc_offset: r for r in fetches(store, "r2", "page")}
    files = {r.warc_file for r in second.values()}
    assert len(files) == 1
    revisits: dict[str, Any] = {}
    requests: dict[str, Any] = {}
    with open(tmp_path / "warc" / str(files.pop()), "rb") as fh:
        iterator = ArchiveIterator(fh, check_digests=True)
        for record in iterator:
            block = record.http_headers.to_ascii_bytes() if record.http_headers else b""
            rest = record.content_stream().read()
            assert record.digest_checker.passed is not False, record.digest_checker.problems
            headers = record.rec_headers
            if record.rec_type == "revisit":
                assert iterator.get_record_offset() in second  # the fetch row's pointer
                assert rest == b"" and headers.get_header("WARC-Block-Digest") == _sha1(block)
                assert headers.get_header("WARC-Profile") == NOT_MODIFIED_PROFILE
                assert record.http_headers.get_statuscode() == "304"
                revisits[headers.get_header("WARC-Record-ID")] = headers
            elif record.rec_type == "request":
                requests[headers.get_header("WARC-Concurrent-To")] = record
    assert len(revisits) == 5
    for record_id in revisits:  # each 304 with the conditional request that got it
        request = requests[record_id]
        assert request.http_headers.get_header("If-None-Match", "").startswith('"')
        assert request.http_headers.get_header("If-Modified-Since")


async def test_analysis_and_evidence_read_through_revisits(tmp_path: Path) -> None:
    """The second inspection of an unchanged site is all revisits: judged again offline it gives
    the findings it gave, and the evidence viewer shows the page the revisit refers to."""
    from govinspect import pipeline
    from govinspect.config import load_config
    from govinspect.store import open_store

    pages = _site_pages(8)
    pages["/xw/2.html"] += "<p>联系电话：请咨询本单位办公室（工作日）。</p>"
    server = _Validating(pages)
    _first, second = await _inspect_twice(tmp_path, server)
    assert len(server.not_modified) == 10
    config = load_config(tmp_path, QUIET)
    store = open_store(config.db_url)
    try:
        again = pipeline.analyse(store, config, second.run_id)
        rows = [r for r in fetches(store, second.run_id, "page") if r.url.endswith("/xw/2.html")]
    finally:
        store.close()

    def key(finding: Any) -> tuple[Any, ...]:
        return (finding.target, finding.rule, finding.url or "", finding.message)

    assert sorted(map(key, again.findings)) == sorted(map(key, second.findings)) and second.findings
    assert len(rows) == 1 and rows[0].not_modified
    finding = FindingRow(evidence={"warc": rows[0].warc_file, "offset": rows[0].warc_offset,
                                   "excerpt": "请咨询本单位办公室"})
    page, found = replay_html(config.warc_dir, finding)
    assert found and "第2期工作简报" in page and "<mark" in page
