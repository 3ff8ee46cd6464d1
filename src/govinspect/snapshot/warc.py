"""WARC evidence (ISO 28500) written with warcio, one gzip member per record.

One file per writer (``<warc_dir>/<run_id>/<run_id>-<timestamp>-<host>-<pid>.warc.gz``; files of
older runs, named without the host, read the same: a pointer names its file whole): a killed
crawl leaves at most a torn tail in its own file, and only records indexed in the store count,
so a resumed crawl simply starts a new file. The host keeps distributed workers on two machines
with the same pid apart; a name already taken is never appended to.

A ``304 Not Modified`` answer (增量抓取) is a ``revisit`` record (WARC/1.1 profile
server-not-modified) carrying the request and the 304's headers, which refers to the record
holding the payload (WARC-Refers-To, -Target-URI, -Date, and the place of that record in
``WARC-Govinspect-Refers-To-File`` / ``-Offset``). Reading a revisit through
:func:`read_record` or :class:`RecordReader` gives the original payload, with the revisit
attached (``StoredRecord.revisit``).

Response records keep the decoded (decompressed) HTTP payload. Because the stored body is no
longer encoded, the transfer headers that describe the wire form (Content-Encoding,
Transfer-Encoding, Content-Length) are kept under ``X-Original-<name>`` and a Content-Length
of the stored body is added: every other header is kept as the server sent it, and WARC
readers do not try to decompress a body that is not compressed.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
import socket
import uuid
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from isal import isal_zlib
from w3lib.url import safe_url_string
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
ORIGINAL_PREFIX = "X-Original-"
# ISA-L's deflate at its highest level (3) compresses a page of long prose 7x faster than
# zlib at warcio's level 9 (40 us against 300), for files about 5 % larger: the crawl is
# CPU-bound, the disk is not. The output is ordinary gzip; any WARC reader takes it.
GZIP_LEVEL = 3
# WARC/1.1 revisit profiles (ISO 28500:2017 6.7.2, 6.7.3)
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
IDENTICAL_PAYLOAD_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
# where the record a revisit refers to lives (relative to the WARC directory): WARC-Refers-To
# names it, these find it without an index
REFERS_TO_FILE = "WARC-Govinspect-Refers-To-File"
REFERS_TO_OFFSET = "WARC-Govinspect-Refers-To-Offset"
_MAX_REVISIT_HOPS = 8
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9.-]+")


class WarcError(Exception):
    """WARC 证据文件错误 / WARC evidence error."""


@dataclass(frozen=True)
class WarcPointer:
    """Where one record lives: ``file`` is relative to the WARC directory."""

    file: str
    record_id: str
    offset: int
    length: int


@dataclass
class StoredRecord:
    """A record read back: the HTTP headers (response, request, revisit) or the content type
    (resource/metadata), and the WARC header fields. A revisit read through :func:`read_record`
    comes back as the record it refers to, with the revisit itself in ``revisit``."""

    url: str
    rec_type: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    warc_headers: dict[str, str] = field(default_factory=dict)
    # where it was read, (file, offset): set by the readers, not part of the record
    location: tuple[str, int] | None = field(default=None, compare=False)
    revisit: StoredRecord | None = field(default=None, compare=False)

    def warc_header(self, name: str) -> str:
        """A WARC header field, whatever its case in the file ("" when absent)."""
        value = self.warc_headers.get(name)
        if value is not None:
            return value
        lower = name.lower()
        return next((v for k, v in self.warc_headers.items() if k.lower() == lower), "")

    @property
    def record_id(self) -> str:
        return self.warc_header("WARC-Record-ID")

    @property
    def date(self) -> str:
        return self.warc_header("WARC-Date")

    @property
    def payload_digest(self) -> str:
        return self.warc_header("WARC-Payload-Digest")


def _warc_date(when: datetime | None) -> str:
    when = when or datetime.now(UTC)
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return str(datetime_to_iso_date(when, use_micros=True))


def _stored_headers(headers: list[tuple[str, str]], body_length: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, value in headers:
        if name.lower() in _WIRE_HEADERS:
            out.append((ORIGINAL_PREFIX + name, value))
        else:
            out.append((name, value))
    out.append(("Content-Length", str(body_length)))
    return out


class WarcWriter:
    """Appends records to this process's WARC file and returns pointers to them.

    Records are serialised here rather than through warcio's record builder: the builder's
    streams, header objects and chunked digests cost more than the fetch itself on a fast site.
    The bytes are what warcio writes (the same headers in the same order, HTTP headers encoded
    by warcio's StatusAndHeaders, sha1 block and payload digests), only gzipped by ISA-L at
    ``GZIP_LEVEL``; the tests hold warcio's reader and digest check to every record kind."""

    def __init__(self, warc_dir: Path, run_id: str) -> None:
        self.warc_dir = Path(warc_dir)
        self.relpath, fh = _create_file(self.warc_dir, run_id)
        self._fh: BinaryIO | None = fh
        self.path = self.warc_dir / self.relpath
        self._offset = 0
        self._synced = 0  # bytes known to be on disk (fsynced)
        self._syncer: ThreadPoolExecutor | None = None
        self._write_warcinfo(run_id)

    # -- records -----------------------------------------------------------------------------

    def write_response(self, url: str, status: int, reason: str, headers: list[tuple[str, str]],
                       body: bytes, *, request_headers: list[tuple[str, str]] | None = None,
                       fetched_at: datetime | None = None, truncated: bool = False,
                       extra_headers: dict[str, str] | None = None) -> WarcPointer:
        """A response record (and its request record first when ``request_headers`` is given);
        ``extra_headers`` go into the WARC header block (e.g. WARC-Govinspect-TLS)."""
        date = _warc_date(fetched_at)
        warc_headers = [*(extra_headers or {}).items(), ("WARC-Date", date)]
        if truncated:
            warc_headers.append(("WARC-Truncated", "length"))
        http = StatusAndHeaders(f"{status} {reason or ''}".strip(), _stored_headers(headers, len(body)),
                                protocol="HTTP/1.1").to_ascii_bytes()
        record_id = _new_record_id()
        if request_headers is not None:
            self._write_request(url, request_headers, date, record_id)
        return self._write_record("response", record_id, url, warc_headers, "application/http; msgtype=response",
                                  http, body)

    def write_revisit(self, url: str, status: int, reason: str, headers: list[tuple[str, str]],
                      original: StoredRecord, *, profile: str = NOT_MODIFIED_PROFILE,
                      request_headers: list[tuple[str, str]] | None = None, fetched_at: datetime | None = None,
                      extra_headers: dict[str, str] | None = None) -> WarcPointer:
        """A revisit record of this answer (e.g. a 304's status and headers, no payload) that
        refers to ``original``, a record read back with its ``location``; with its request record
        first when ``request_headers`` is given. WARC-Payload-Digest is the original's."""
        if original.location is None or not original.record_id:
            raise WarcError(f"复访记录缺少原记录位置 / a revisit needs the place of the record it refers to: {url}")
        date = _warc_date(fetched_at)
        file, offset = original.location
        warc_headers = [*(extra_headers or {}).items(), ("WARC-Date", date), ("WARC-Profile", profile),
                        ("WARC-Refers-To", original.record_id), ("WARC-Refers-To-Target-URI", original.url),
                        ("WARC-Refers-To-Date", original.date), (REFERS_TO_FILE, file), (REFERS_TO_OFFSET, str(offset))]
        http = StatusAndHeaders(f"{status} {reason or ''}".strip(), _stored_headers(headers, 0),
                                protocol="HTTP/1.1").to_ascii_bytes()
        record_id = _new_record_id()
        if request_headers is not None:
            self._write_request(url, request_headers, date, record_id)
        return self._write_record("revisit", record_id, url, warc_headers, "application/http; msgtype=response",
                                  http, b"", payload_digest=original.payload_digest or None)

    def _write_request(self, url: str, headers: list[tuple[str, str]], date: str, response_id: str) -> None:
        # a redirect's Location may carry raw UTF-8: the request line is ASCII, as it was sent
        parts = urlsplit(url if url.isascii() else safe_url_string(url))
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        http = f"GET {target} HTTP/1.1\r\n".encode("ascii") + _header_block(tuple(headers))
        self._write_record("request", _new_record_id(), url, [("WARC-Date", date), ("WARC-Concurrent-To", response_id)],
                           "application/http; msgtype=request", http, b"")

    def write_resource(self, url: str, content_type: str, body: bytes, *, kind: str = "render") -> WarcPointer:
        """A resource record, e.g. the DOM chromium rendered (``kind`` goes in WARC-Govinspect-Kind)."""
        return self._write_record("resource", _new_record_id(), url,
                                  [("WARC-Date", _warc_date(None)), ("WARC-Govinspect-Kind", kind)],
                                  content_type, None, body)

    def write_metadata(self, url: str, fields: dict[str, Any]) -> WarcPointer:
        """A metadata record (application/warc-fields): what went wrong when there was no answer."""
        body = "".join(f"{key}: {_one_line(value)}\r\n" for key, value in fields.items()).encode("utf-8")
        return self._write_record("metadata", _new_record_id(), url, [("WARC-Date", _warc_date(None))],
                                  "application/warc-fields", None, body)

    def _write_warcinfo(self, run_id: str) -> None:
        info = {"software": "govinspect", "format": "WARC File Format 1.1", "isPartOf": run_id,
                "description": "政府网站检查证据 / government website inspection evidence"}
        block = "".join(f"{key}: {value}\r\n" for key, value in info.items()).encode("utf-8")
        head = [("WARC-Type", "warcinfo"), ("WARC-Record-ID", _new_record_id()), ("WARC-Filename", self.path.name),
                ("WARC-Date", _warc_date(None)), ("WARC-Block-Digest", _sha1(block)),
                ("Content-Type", "application/warc-fields"), ("Content-Length", str(len(block)))]
        self._append(_serialise(head, block))

    def _write_record(self, rec_type: str, record_id: str, url: str, first: list[tuple[str, str]],
                      content_type: str, http: bytes | None, payload: bytes, *,
                      payload_digest: str | None = "") -> WarcPointer:
        """One record: ``first`` headers, then the ones every record has, in warcio's order.
        ``http`` is the HTTP header block of a request/response record (the payload follows it).
        ``payload_digest`` overrides the payload's own (a revisit's is its original's; None: unknown)."""
        own_digest = _sha1(payload)
        block = payload if http is None else http + payload
        head = [*first, ("WARC-Type", rec_type), ("WARC-Record-ID", record_id), ("WARC-Target-URI", url)]
        if payload_digest is not None:
            head.append(("WARC-Payload-Digest", payload_digest or own_digest))
        head += [("WARC-Block-Digest", own_digest if http is None else _sha1(block)),
                 ("Content-Type", content_type), ("Content-Length", str(len(block)))]
        return self._append(_serialise(head, block), record_id)

    def _append(self, record: bytes, record_id: str = "") -> WarcPointer:
        """Write one record as its own gzip member (a pointer can be read alone)."""
        fh = self._require_open()
        compressor = isal_zlib.compressobj(GZIP_LEVEL, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS + 16)
        member = compressor.compress(record) + compressor.flush()
        offset = self._offset
        fh.write(member)
        self._offset += len(member)
        return WarcPointer(self.relpath, record_id, offset, len(member))

    def _require_open(self) -> BinaryIO:
        if self._fh is None:
            raise WarcError(f"WARC 文件已关闭 / WARC file closed: {self.path}")
        return self._fh

    # -- durability --------------------------------------------------------------------------

    def flush(self) -> None:
        """Flush and fsync, so that records indexed after this call survive a crash."""
        target = self._offset
        if self._fh is None or self._synced >= target:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._synced = max(self._synced, target)

    async def flush_async(self) -> None:
        """:meth:`flush` without holding the event loop during the fsync: the buffer reaches the
        OS here (a write, cheap), the fsync runs on this writer's own thread. Every record written
        before the call is on disk when it returns; records written meanwhile may be too."""
        target = self._offset
        fh = self._fh
        if fh is None or self._synced >= target:
            return
        fh.flush()
        if self._syncer is None:
            # its own thread: an fsync never waits behind DNS look-ups in the loop's default executor
            self._syncer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-fsync")
        await asyncio.get_running_loop().run_in_executor(self._syncer, os.fsync, fh.fileno())
        self._synced = max(self._synced, target)

    def close(self) -> None:
        if self._syncer is not None:
            self._syncer.shutdown(wait=True)  # an fsync in flight ends before its file closes
            self._syncer = None
        if self._fh is None:
            return
        self.flush()
        self._fh.close()
        self._fh = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def host_label() -> str:
    """This machine's name as it goes into WARC file names: letters, digits, dots and hyphens."""
    label = _UNSAFE_IN_NAME.sub("-", socket.gethostname()).strip(".-")[:63]
    return label or "host"


def _create_file(warc_dir: Path, run_id: str) -> tuple[str, BinaryIO]:
    """A new file of its own (never one another writer holds): run, time, host, pid, and a
    sequence number in the rare case that name is taken."""
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    stem = f"{run_id}/{run_id}-{stamp}-{host_label()}-{os.getpid()}"
    (warc_dir / run_id).mkdir(parents=True, exist_ok=True)
    for attempt in range(1000):
        relpath = f"{stem}.warc.gz" if attempt == 0 else f"{stem}-{attempt}.warc.gz"
        try:
            return relpath, open(warc_dir / relpath, "xb")  # the writer keeps and closes it
        except FileExistsError:
            continue
    raise WarcError(f"无法新建WARC文件 / cannot create a new WARC file: {warc_dir / stem}.warc.gz")


@lru_cache(maxsize=64)
def _header_block(headers: tuple[tuple[str, str], ...]) -> bytes:
    """Header lines and the blank line after them, encoded as warcio encodes them (a non-ASCII
    value %-encoded). A crawl sends the same request headers every time: encoded once."""
    return bytes(StatusAndHeaders("", list(headers)).to_ascii_bytes())


def _new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")  # WARC digests are sha1


def _serialise(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.1\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def _one_line(value: Any) -> str:
    return str(value).replace("\r", " ").replace("\n", " ")


_HTTP_RECORDS = ("response", "request", "revisit")


def _to_stored(record: Any) -> StoredRecord:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    status: int | None = None
    headers: dict[str, str]
    if record.http_headers is not None and record.rec_type in _HTTP_RECORDS:
        headers = dict(record.http_headers.headers)
        if record.rec_type != "request":
            try:
                status = int(record.http_headers.get_statuscode())
            except (TypeError, ValueError):
                status = None
    else:
        headers = {"Content-Type": record.rec_headers.get_header("Content-Type") or ""}
    # raw_stream: the block as stored, never "decoded" again by warcio.
    body = record.raw_stream.read()
    return StoredRecord(url=url, rec_type=record.rec_type, status=status, headers=headers, body=body,
                        warc_headers=dict(record.rec_headers.headers))


def _read_member(fh: BinaryIO) -> bytes | None:
    """One gzip member from the current position (our writer puts one record in each)."""
    inflater = zlib.decompressobj(31)
    parts: list[bytes] = []
    while not inflater.eof:
        chunk = fh.read(65536)
        if not chunk:
            return None  # torn
        parts.append(inflater.decompress(chunk))
    return b"".join(parts)


def _fields(block: bytes) -> list[tuple[str, str]]:
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        text = block.decode("iso-8859-1")
    out = []
    for line in text.split("\r\n")[1:]:
        name, sep, value = line.partition(":")
        if sep:
            out.append((name.strip(), value.strip()))
    return out


def _fast_read(fh: BinaryIO) -> StoredRecord | None:
    """Read a record of our own WARC files without warcio's generic machinery (several times
    faster: analysis reads every page back). None when anything looks unusual: warcio decides."""
    data = _read_member(fh)
    if data is None or not data.startswith(b"WARC/"):
        return None
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    warc_headers = dict(_fields(data[:end]))
    warc = {name.lower(): value for name, value in warc_headers.items()}
    try:
        length = int(warc["content-length"])
    except (KeyError, ValueError):
        return None
    block = data[end + 4:end + 4 + length]
    if len(block) != length:
        return None
    rec_type = warc.get("warc-type", "")
    url = warc.get("warc-target-uri", "")
    if rec_type in _HTTP_RECORDS and warc.get("content-type", "").startswith("application/http"):
        head_end = block.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        head = block[:head_end]
        status: int | None = None
        if rec_type != "request":
            parts = head.split(b"\r\n", 1)[0].split()
            try:
                status = int(parts[1])
            except (IndexError, ValueError):
                return None
        return StoredRecord(url=url, rec_type=rec_type, status=status, headers=dict(_fields(head)),
                            body=block[head_end + 4:], warc_headers=warc_headers)
    return StoredRecord(url=url, rec_type=rec_type, status=None,
                        headers={"Content-Type": warc.get("content-type", "")}, body=block, warc_headers=warc_headers)


def _read_at(fh: BinaryIO, file: str, offset: int) -> StoredRecord:
    """The record at ``offset`` as stored (a revisit stays a revisit)."""
    try:
        fh.seek(offset)
        try:
            fast = _fast_read(fh)
        except (zlib.error, OSError):
            fast = None
        if fast is not None:
            return replace(fast, location=(file, offset))
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            return replace(_to_stored(record), location=(file, offset))
    except (OSError, ValueError, EOFError) as exc:
        raise WarcError(f"无法读取WARC记录 / cannot read WARC record {file}@{offset}: {exc}") from exc
    raise WarcError(f"WARC记录不存在 / no WARC record at {file}@{offset}")


def _resolve(record: StoredRecord, read_raw: Callable[[str, int], StoredRecord]) -> StoredRecord:
    """A revisit followed to the record holding its payload (through revisits of revisits, a
    few at most); any other record as it is."""
    first = record
    for _ in range(_MAX_REVISIT_HOPS):
        if record.rec_type != "revisit":
            return record if record is first else replace(record, revisit=first)
        where = f"{record.location[0]}@{record.location[1]}" if record.location else record.url
        file, offset = record.warc_header(REFERS_TO_FILE), record.warc_header(REFERS_TO_OFFSET)
        if not file or not offset.isdigit():
            raise WarcError(f"复访记录未注明原记录位置 / revisit record {where} does not say where the record it "
                            f"refers to ({record.warc_header('WARC-Refers-To') or '?'}) is")
        original = read_raw(file, int(offset))
        expected = record.warc_header("WARC-Refers-To")
        if expected and original.record_id != expected:
            raise WarcError(f"复访记录指向的原记录不符 / revisit record {where} refers to {expected}, "
                            f"found {original.record_id or 'no record id'} at {file}@{offset}")
        record = original
    raise WarcError(f"复访记录链过长 / more than {_MAX_REVISIT_HOPS} revisits in a row from {first.url}")


def read_record(warc_dir: Path, file: str, offset: int) -> StoredRecord:
    """The record at ``offset`` of ``warc_dir/file`` (a pointer from the fetches table); a
    revisit comes back as the record it refers to, the revisit in ``revisit``."""
    return _resolve(_read_raw(Path(warc_dir), file, offset), lambda f, o: _read_raw(Path(warc_dir), f, o))


def _read_raw(warc_dir: Path, file: str, offset: int) -> StoredRecord:
    try:
        fh = open(warc_dir / file, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise WarcError(f"无法读取WARC记录 / cannot read WARC record {file}@{offset}: {exc}") from exc
    with fh:
        return _read_at(fh, file, offset)


class RecordReader:
    """Reads records as :func:`read_record` does, keeping the last few WARC files open: analysis
    reads every page of a file in turn, and opening the file per record cost a third of a read."""

    def __init__(self, warc_dir: Path, max_open: int = 4) -> None:
        self.warc_dir = Path(warc_dir)
        self.max_open = max_open
        self._open: dict[str, BinaryIO] = {}

    def read(self, file: str, offset: int) -> StoredRecord:
        """As :func:`read_record`: a revisit comes back as the record it refers to."""
        return _resolve(self._read_raw(file, offset), self._read_raw)

    def _read_raw(self, file: str, offset: int) -> StoredRecord:
        fh = self._open.pop(file, None)
        if fh is None:
            try:
                fh = open(self.warc_dir / file, "rb")  # noqa: SIM115 - kept open, closed in close()
            except OSError as exc:
                raise WarcError(f"无法读取WARC记录 / cannot read WARC record {file}@{offset}: {exc}") from exc
            if len(self._open) >= self.max_open:
                self._open.pop(next(iter(self._open))).close()
        self._open[file] = fh  # the most recently used last
        return _read_at(fh, file, offset)

    def close(self) -> None:
        for fh in self._open.values():
            fh.close()
        self._open.clear()

    def __del__(self) -> None:
        self.close()


def iter_records(path: Path) -> Iterator[StoredRecord]:
    """Every readable record of one WARC file; a torn tail (killed writer) ends the iteration."""
    with open(path, "rb") as fh:
        iterator = iter(ArchiveIterator(fh))
        while True:
            try:
                record = next(iterator)
                stored = _to_stored(record)
            except StopIteration:
                return
            except (ValueError, EOFError, OSError):
                return  # a torn tail: nothing after it can be trusted
            yield stored
