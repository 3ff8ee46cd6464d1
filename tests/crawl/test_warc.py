"""WARC writer/reader: byte-exact bodies, pointers, truncation flag, torn tails, revisit records,
file names."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from govinspect.snapshot import warc as w
from govinspect.snapshot.warc import (
    IDENTICAL_PAYLOAD_PROFILE,
    RecordReader,
    WarcError,
    WarcWriter,
    host_label,
    iter_records,
    read_record,
)


def test_response_round_trip_byte_exact(tmp_path: Path) -> None:
    body = "政府网站 测试".encode("gb18030") * 500 + bytes(range(256))
    with WarcWriter(tmp_path, "run-1") as writer:
        pointer = writer.write_response(
            "http://www.example.gov.cn/a?b=1", 200, "OK",
            [("Content-Type", "text/html; charset=gbk"), ("Content-Encoding", "gzip"), ("Set-Cookie", "s=1")],
            body, request_headers=[("Host", "www.example.gov.cn")], truncated=True)
    assert pointer.file.startswith("run-1/run-1-") and pointer.file.endswith(f"-{host_label()}-{os.getpid()}.warc.gz")
    assert pointer.length > 0 and pointer.record_id.startswith("<urn:uuid:")
    record = read_record(tmp_path, pointer.file, pointer.offset)
    assert record.rec_type == "response" and record.status == 200
    assert record.body == body
    assert record.headers["Content-Type"] == "text/html; charset=gbk"
    # the stored body is decoded, so the wire encoding is kept under another name
    assert record.headers["X-Original-Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in record.headers
    assert record.headers["Content-Length"] == str(len(body))


def test_resource_metadata_and_iteration(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "r")
    dom = "<html><body><ul><li>渲染后的列表</li></ul></body></html>".encode()
    res = writer.write_resource("http://x.gov.cn/list/", "text/html", dom)
    meta = writer.write_metadata("http://x.gov.cn/dead", {"error": "timeout", "elapsed-ms": 15000})
    writer.close()
    assert read_record(tmp_path, res.file, res.offset).body == dom
    stored = read_record(tmp_path, meta.file, meta.offset)
    assert stored.rec_type == "metadata" and b"error: timeout" in stored.body
    kinds = [r.rec_type for r in iter_records(tmp_path / res.file)]
    assert kinds == ["warcinfo", "resource", "metadata"]


def test_new_file_per_writer_and_torn_tail(tmp_path: Path) -> None:
    first = WarcWriter(tmp_path, "r")
    pointer = first.write_response("http://x.gov.cn/", 200, "OK", [("Content-Type", "text/html")], b"<p>ok</p>")
    first.write_response("http://x.gov.cn/2", 200, "OK", [("Content-Type", "text/html")], b"x" * 5000)
    first.flush()
    second = WarcWriter(tmp_path, "r")
    assert second.path != first.path
    second.close()
    # A killed writer leaves a torn last record: earlier records stay readable.
    data = first.path.read_bytes()
    first.path.write_bytes(data[: len(data) - 40])
    assert read_record(tmp_path, pointer.file, pointer.offset).body == b"<p>ok</p>"
    assert len(list(iter_records(first.path))) >= 2


def test_bad_pointer_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WarcError, match="WARC"):
        read_record(tmp_path, "nope.warc.gz", 0)


def test_the_fast_reader_agrees_with_warcio_on_every_record_kind(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    from govinspect.snapshot import warc as w

    writer = w.WarcWriter(tmp_path, "run")
    pointers = [
        writer.write_response("http://www.x.gov.cn/", 200, "OK",
                              [("Content-Type", "text/html; charset=gbk"), ("Set-Cookie", "a=1"),
                               ("X-Note", "说明")],
                              "<html>首页</html>".encode("gbk"), request_headers=[("User-Agent", "t")]),
        writer.write_response("http://www.x.gov.cn/big", 200, "OK", [("Content-Type", "text/html")],
                              b"x" * 300_000, truncated=True),
        writer.write_response("http://www.x.gov.cn/gone", 404, "Not Found", [], b""),
        writer.write_resource("http://www.x.gov.cn/list", "text/html", "<ul><li>渲染</li></ul>".encode()),
        writer.write_metadata("http://www.x.gov.cn/dead", {"error": "refused", "elapsed-ms": 3}),
    ]
    writer.close()
    for pointer in pointers:
        with open(tmp_path / pointer.file, "rb") as fh:
            fh.seek(pointer.offset)
            fast = w._fast_read(fh)
            fh.seek(pointer.offset)
            slow = w._to_stored(next(iter(ArchiveIterator(fh))))
        assert fast is not None
        assert fast == slow, pointer
        assert w.read_record(tmp_path, pointer.file, pointer.offset) == slow


def test_every_record_passes_warcio_digest_check_at_its_pointer(tmp_path: Path) -> None:
    """Records are serialised by our writer, not warcio's builder: warcio's own reader must find
    each at its pointer, with valid sha1 block and payload digests, the request tied to its
    response, and non-ASCII header values encoded as warcio encodes them."""
    from warcio.archiveiterator import ArchiveIterator

    writer = WarcWriter(tmp_path, "run")
    pointers = [
        writer.write_response("http://www.x.gov.cn/名单?a=1", 200, "OK",
                              [("Content-Type", "text/html; charset=utf-8"), ("X-Note", "说明"),
                               ("Content-Disposition", 'attachment; filename="名单.pdf"')],
                              "<html>公示名单</html>".encode() * 300, request_headers=[("User-Agent", "t")],
                              extra_headers={"WARC-Govinspect-TLS": "unverified; expired"}),
        writer.write_response("http://www.x.gov.cn/gone", 404, "", [], b""),
        writer.write_resource("http://www.x.gov.cn/list", "text/html", "<ul><li>渲染</li></ul>".encode()),
        writer.write_metadata("http://www.x.gov.cn/dead", {"error": "refused", "elapsed-ms": 3}),
    ]
    writer.close()
    seen: dict[int, object] = {}
    with open(writer.path, "rb") as fh:
        iterator = ArchiveIterator(fh, check_digests=True)
        for record in iterator:
            record.content_stream().read()
            assert record.digest_checker.passed is True, record.digest_checker.problems
            seen[iterator.get_record_offset()] = record.rec_headers
    assert [seen[p.offset].get_header("WARC-Record-ID") for p in pointers] == [p.record_id for p in pointers]
    types = [h.get_header("WARC-Type") for _, h in sorted(seen.items())]  # type: ignore[attr-defined]
    assert types == ["warcinfo", "request", "response", "response", "resource", "metadata"]
    request = next(h for h in seen.values() if h.get_header("WARC-Type") == "request")  # type: ignore[attr-defined]
    assert request.get_header("WARC-Concurrent-To") == pointers[0].record_id  # type: ignore[attr-defined]
    stored = read_record(tmp_path, pointers[0].file, pointers[0].offset)
    assert stored.headers["X-Note"] == "%E8%AF%B4%E6%98%8E"  # RFC 8187 style, as warcio writes it


def _page(writer: WarcWriter, url: str = "http://www.x.gov.cn/xw/1.html") -> w.WarcPointer:
    """A page answer, on disk (readable) when this returns."""
    pointer = writer.write_response(url, 200, "OK", [("Content-Type", "text/html; charset=utf-8"), ("ETag", '"v1"')],
                                    "<h1>关于做好防汛工作的通知</h1>".encode(), request_headers=[("User-Agent", "t")])
    writer.flush()
    return pointer


def test_a_revisit_reads_as_the_record_it_refers_to(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, "r1") as first:
        pointer = _page(first)
    original = read_record(tmp_path, pointer.file, pointer.offset)
    assert original.location == (pointer.file, pointer.offset) and original.revisit is None
    with WarcWriter(tmp_path, "r2") as second:
        revisit = second.write_revisit("http://www.x.gov.cn/xw/1.html", 304, "Not Modified",
                                       [("ETag", '"v1"'), ("Date", "Mon, 04 Jan 2021 08:00:00 GMT")], original,
                                       request_headers=[("If-None-Match", '"v1"')])
    for read in (read_record(tmp_path, revisit.file, revisit.offset), RecordReader(tmp_path).read(revisit.file,
                                                                                                   revisit.offset)):
        assert read == original and read.location == original.location
        assert read.revisit is not None and read.revisit.status == 304 and read.revisit.body == b""
        assert read.revisit.headers["ETag"] == '"v1"' and read.revisit.record_id == revisit.record_id
    # as stored (no resolution), warcio and our fast reader agree on the revisit too
    with open(tmp_path / revisit.file, "rb") as fh:
        fh.seek(revisit.offset)
        fast = w._fast_read(fh)
        fh.seek(revisit.offset)
        slow = w._to_stored(next(iter(ArchiveIterator(fh))))
    assert fast == slow and fast is not None and fast.rec_type == "revisit" and fast.status == 304
    assert fast.warc_header("warc-refers-to") == pointer.record_id  # any case
    assert fast.payload_digest == original.payload_digest
    assert [r.rec_type for r in iter_records(tmp_path / revisit.file)] == ["warcinfo", "request", "revisit"]


def test_a_content_unchanged_answer_can_refer_by_digest(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "r")
    original = read_record(tmp_path, (p := _page(writer)).file, p.offset)
    same = writer.write_revisit(original.url, 200, "OK", [("Content-Type", "text/html; charset=utf-8")], original,
                                profile=IDENTICAL_PAYLOAD_PROFILE)
    writer.close()
    read = read_record(tmp_path, same.file, same.offset)
    assert read.body == original.body and read.revisit is not None and read.revisit.status == 200
    assert read.revisit.warc_header("WARC-Profile") == IDENTICAL_PAYLOAD_PROFILE


def test_a_revisit_of_a_revisit_reaches_the_payload(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "r")
    first = read_record(tmp_path, (p := _page(writer)).file, p.offset)
    hop = writer.write_revisit(first.url, 304, "", [], first)
    writer.flush()
    # a revisit read as stored (another tool's chain): the next one refers to it, not to the payload
    with open(tmp_path / hop.file, "rb") as fh:
        as_stored = w._read_at(fh, hop.file, hop.offset)
    last = writer.write_revisit(first.url, 304, "", [], as_stored)
    writer.close()
    read = read_record(tmp_path, last.file, last.offset)
    assert read.body == first.body and read.record_id == first.record_id
    assert read.revisit is not None and read.revisit.record_id == last.record_id


def test_revisits_that_lead_nowhere_are_clear_errors(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "r")
    first = read_record(tmp_path, (p := _page(writer)).file, p.offset)
    other = read_record(tmp_path, (q := _page(writer, "http://www.x.gov.cn/xw/2.html")).file, q.offset)
    # the place given holds another record than the one named: never read the wrong page
    wrong = writer.write_revisit(first.url, 304, "", [], replace(other, warc_headers={
        **other.warc_headers, "WARC-Record-ID": first.record_id}))
    foreign = writer._write_record("revisit", w._new_record_id(), first.url,
                                   [("WARC-Date", "2021-01-04T08:00:00Z"), ("WARC-Refers-To", first.record_id)],
                                   "application/http; msgtype=response", b"HTTP/1.1 304 Not Modified\r\n\r\n", b"")
    writer.close()
    with pytest.raises(WarcError, match="refers to"):
        read_record(tmp_path, wrong.file, wrong.offset)
    with pytest.raises(WarcError, match="does not say where"):
        read_record(tmp_path, foreign.file, foreign.offset)
    with pytest.raises(WarcError, match="place of the record"):
        WarcWriter(tmp_path, "r").write_revisit(first.url, 304, "", [], replace(first, location=None))


def test_host_in_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, label in (("worker-7.gov.lan", "worker-7.gov.lan"), ("采集机_2 (备)", "2"), ("ws 3_b", "ws-3-b"),
                        ("..", "host"), ("", "host"), ("a" * 300, "a" * 63)):
        monkeypatch.setattr(w.socket, "gethostname", lambda name=name: name)
        assert host_label() == label, name
    monkeypatch.setattr(w.socket, "gethostname", lambda: "node/1")
    writer = WarcWriter(tmp_path, "r")
    assert writer.relpath.endswith(f"-node-1-{os.getpid()}.warc.gz")
    writer.close()


def test_names_stay_unique_and_old_names_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Frozen:
            return cls(2021, 1, 4, 8, 0, 0, 0, tzinfo=UTC)

    monkeypatch.setattr(w, "datetime", Frozen)
    writers = [WarcWriter(tmp_path, "r") for _ in range(3)]  # one process, one instant: three files
    pointers = [_page(writer, f"http://www.x.gov.cn/{i}.html") for i, writer in enumerate(writers)]
    for writer in writers:
        writer.close()
    assert len({p.file for p in pointers}) == 3
    for i, pointer in enumerate(pointers):
        assert read_record(tmp_path, pointer.file, pointer.offset).url == f"http://www.x.gov.cn/{i}.html"
    # a file of a run before hosts were in names: pointers name their file whole
    old = f"r/r-20210104080000000000-{os.getpid()}.warc.gz"
    (tmp_path / pointers[0].file).rename(tmp_path / old)
    assert read_record(tmp_path, old, pointers[0].offset).url == "http://www.x.gov.cn/0.html"
