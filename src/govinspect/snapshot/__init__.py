"""Snapshots: WARC evidence files and the read API used by rules and the evidence viewer."""

from govinspect.snapshot.warc import StoredRecord, WarcPointer, WarcWriter, iter_records, read_record

__all__ = ["StoredRecord", "WarcPointer", "WarcWriter", "iter_records", "read_record"]
