"""WARC writer/reader: byte-exact bodies, pointers, truncation flag, torn tails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govinspect.snapshot.warc import WarcError, WarcWriter, iter_records, read_record


def test_response_round_trip_byte_exact(tmp_path: Path) -> None:
    body = "政府网站 测试".encode("gb18030") * 500 + bytes(range(256))
    with WarcWriter(tmp_path, "run-1") as writer:
        pointer = writer.write_response(
            "http://www.example.gov.cn/a?b=1", 200, "OK",
            [("Content-Type", "text/html; charset=gbk"), ("Content-Encoding", "gzip"), ("Set-Cookie", "s=1")],
            body, request_headers=[("Host", "www.example.gov.cn")], truncated=True)
    assert pointer.file.startswith("run-1/run-1-") and pointer.file.endswith(f"-{os.getpid()}.warc.gz")
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
