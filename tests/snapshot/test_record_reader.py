"""RecordReader reads what read_record reads, keeping a few WARC files open."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinspect.snapshot.warc import RecordReader, WarcError, WarcWriter, read_record


def _write(warc_dir: Path, run: str, count: int) -> list[tuple[str, int]]:
    out = []
    with WarcWriter(warc_dir, run) as writer:
        for i in range(count):
            body = f"<html><body><p>第{i}页 {run}</p></body></html>".encode()
            ptr = writer.write_response(f"http://www.example.gov.cn/{run}/{i}.html", 200, "OK",
                                        [("Content-Type", "text/html; charset=utf-8")], body)
            out.append((ptr.file, ptr.offset))
    return out


def test_reads_as_read_record_across_files(tmp_path: Path) -> None:
    pointers = _write(tmp_path, "run-a", 5) + _write(tmp_path, "run-b", 5)
    reader = RecordReader(tmp_path, max_open=1)  # alternating files: each read may reopen
    for file, offset in pointers[::-1] + pointers:
        assert reader.read(file, offset) == read_record(tmp_path, file, offset)
    reader.close()
    file, offset = pointers[3]
    assert reader.read(file, offset).body.startswith(b"<html>")  # opens again after close
    reader.close()


def test_missing_file_and_bad_offset_are_warc_errors(tmp_path: Path) -> None:
    (file, offset), = _write(tmp_path, "run-c", 1)
    reader = RecordReader(tmp_path)
    with pytest.raises(WarcError):
        reader.read("run-c/missing.warc.gz", 0)
    with pytest.raises(WarcError):
        reader.read(file, offset + 10_000_000)
    assert reader.read(file, offset).status == 200
