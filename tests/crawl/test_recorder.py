"""Batched commits: a batch is due after commit_every fetches or interval seconds, whatever
number of frontier rows the pages added; nothing is committed before the WARC is on disk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from govinspect.crawl.recorder import Recorder
from govinspect.snapshot.warc import WarcWriter, read_record

from .helpers import fetches, frontier, make_run, make_store, site


def _recorder(tmp_path: Path, commit_every: int, interval: float) -> Recorder:
    store = make_store(tmp_path)
    make_run(store, "r", [site("http://www.hz.gov.cn/")])
    return Recorder(store, "r", WarcWriter(tmp_path / "warc", "r"), commit_every=commit_every, interval=interval)


def _fetch(recorder: Recorder, i: int) -> None:
    url = f"http://www.hz.gov.cn/art/{i}.html"
    pointer = recorder.warc.write_response(url, 200, "OK", [("Content-Type", "text/html")], b"<p>x</p>")
    recorder.add_fetch("3101140038", url=url, final_url=url, kind="page", status=200,
                       fetched_at=datetime.now(UTC), warc_file=pointer.file, warc_offset=pointer.offset)
    recorder.set_state("3101140038", url, "page", "done")


def test_links_found_do_not_make_a_batch_due(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path, commit_every=5, interval=3600)
    for i in range(4):
        _fetch(recorder, i)
        for j in range(20):  # the links each page found
            recorder.add_frontier("3101140038", f"http://www.hz.gov.cn/art/{i * 100 + j}.html", "page", 1, None)
    assert recorder.pending == 4 + 4 + 80 and not recorder.due()
    _fetch(recorder, 4)
    assert recorder.due()
    recorder.maybe_flush()
    assert recorder.pending == 0
    rows = fetches(recorder.store, "r", "page")
    assert len(rows) == 5 and len(frontier(recorder.store, "r", "page")) == 80
    for row in rows:  # every committed pointer reads back from the flushed WARC file
        assert read_record(tmp_path / "warc", row.warc_file or "", row.warc_offset or 0).url == row.url


def test_interval_commits_whatever_is_pending(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path, commit_every=1000, interval=0.0)
    assert not recorder.due()  # nothing pending, nothing to commit
    recorder.add_frontier("3101140038", "http://www.hz.gov.cn/", "page", 0, None)
    assert recorder.due()
    recorder.maybe_flush()
    assert [r.url for r in frontier(recorder.store, "r", "page")] == ["http://www.hz.gov.cn/"]
