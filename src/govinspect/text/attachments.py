"""Text of published attachments (xls/xlsx/doc/docx/pdf/csv/txt), bounded and never crashing.

``attachment_text(body, url, content_type)`` returns an :class:`AttachmentText`: the text, or
``skipped`` with the reason (corrupted, encrypted, too large, zip bomb, unsupported). Limits:

- zip containers (xlsx/docx): the sum of uncompressed member sizes is checked before anything is
  read (``max_unzipped_bytes``), and so is the compression ratio of each member;
- pdf: at most ``max_pages`` pages; encrypted files are skipped;
- every format: at most ``max_chars`` characters of text are kept.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

__all__ = ["AttachmentText", "attachment_text", "is_document", "kind_of"]

MAX_UNZIPPED = 200_000_000
MAX_RATIO = 200  # a member more compressed than this is a zip bomb
MAX_CHARS = 2_000_000
MAX_PAGES = 200
MAX_ROWS = 100_000
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass
class AttachmentText:
    kind: str
    text: str = ""
    skipped: str = ""  # why no (or not all) text was read; "" when read completely

    @property
    def ok(self) -> bool:
        return not self.skipped


_DOCUMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|csv|txt)$", re.I)


def is_document(url: str) -> bool:
    """An office/PDF attachment whose text may be read (公示名单 and the like)."""
    return _DOCUMENT.search(urlsplit(url).path) is not None


def kind_of(url: str, content_type: str = "", body: bytes = b"") -> str:
    """pdf | xlsx | xls | docx | doc | csv | txt | "" from magic bytes, then extension, then type."""
    ext = urlsplit(url).path.rsplit(".", 1)[-1].lower() if "." in urlsplit(url).path else ""
    if body.startswith(b"%PDF"):
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        return ext if ext in ("xlsx", "docx") else "zip"
    if body.startswith(b"\xd0\xcf\x11\xe0"):
        # password-protected xlsx/docx are OLE files holding an EncryptedPackage stream
        if _ENCRYPTED_STREAM in body[:2_000_000]:
            return "encrypted"
        return ext if ext in ("xls", "doc", "et", "wps") else "ole"
    if ext in ("pdf", "xlsx", "xls", "docx", "doc", "csv", "txt"):
        return ext
    ct = content_type.lower()
    for key, kind in (("pdf", "pdf"), ("spreadsheetml", "xlsx"), ("wordprocessingml", "docx"),
                      ("ms-excel", "xls"), ("msword", "doc"), ("csv", "csv"), ("text/plain", "txt")):
        if key in ct:
            return kind
    return ""


def attachment_text(body: bytes, url: str, content_type: str = "", *, max_chars: int = MAX_CHARS,
                    max_unzipped: int = MAX_UNZIPPED) -> AttachmentText:
    kind = kind_of(url, content_type, body)
    if not body:
        return AttachmentText(kind, skipped="空文件 / empty body")
    try:
        if kind == "encrypted":
            return AttachmentText(kind, skipped="文件已加密 / encrypted (password-protected Office file)")
        if kind == "pdf":
            return _pdf(body, max_chars)
        if kind in ("xlsx", "docx", "zip"):
            problem = _zip_problem(body, max_unzipped)
            if problem:
                return AttachmentText(kind, skipped=problem)
            if kind == "xlsx" or (kind == "zip" and _zip_has(body, "xl/workbook.xml")):
                return _xlsx(body, max_chars)
            if kind == "docx" or (kind == "zip" and _zip_has(body, "word/document.xml")):
                return _docx(body, max_chars)
            return AttachmentText(kind, skipped="不支持的压缩包 / unsupported zip content")
        if kind in ("xls", "et"):
            return _xls(body, max_chars)
        if kind in ("doc", "wps", "ole"):
            return _doc(body, max_chars)
        if kind in ("csv", "txt"):
            return AttachmentText(kind, _decode(body)[:max_chars])
    except Exception as exc:  # a broken file is a skip with its reason, never a crash
        return AttachmentText(kind, skipped=f"无法解析 / unreadable ({type(exc).__name__}: {str(exc)[:120]})")
    return AttachmentText(kind, skipped=f"不支持的格式 / unsupported format {kind or '?'}")


def _decode(body: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return body.decode(enc)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", "replace")


def _zip_problem(body: bytes, max_unzipped: int) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(body))
    except zipfile.BadZipFile as exc:
        return f"文件损坏 / corrupted zip ({exc})"
    with zf:
        infos = zf.infolist()
        if any(info.flag_bits & 0x1 for info in infos):
            return "文件已加密 / encrypted"
        total = sum(info.file_size for info in infos)
        if total > max_unzipped:
            return f"解压后过大 / uncompressed size {total} > {max_unzipped} (zip bomb?)"
        for info in infos:
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
                return f"压缩比异常 / compression ratio of {info.filename} > {MAX_RATIO} (zip bomb?)"
    return ""


def _zip_has(body: bytes, name: str) -> bool:
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        return name in zf.namelist()


def _xlsx(body: bytes, max_chars: int) -> AttachmentText:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    parts: list[str] = []
    size = rows = 0
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                rows += 1
                line = "\t".join("" if v is None else _cell(v) for v in row)
                parts.append(line)
                size += len(line) + 1
                if size > max_chars or rows > MAX_ROWS:
                    return AttachmentText("xlsx", "\n".join(parts)[:max_chars],
                                          skipped=f"只读取了前{rows}行 / truncated after {rows} rows")
    finally:
        wb.close()
    return AttachmentText("xlsx", "\n".join(parts))


def _cell(value: object) -> str:
    # a number typed into a cell (身份证号 stored as a number) comes back as int or float
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _docx(body: bytes, max_chars: int) -> AttachmentText:
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        xml = zf.read("word/document.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parts: list[str] = []
    for para in root.iter(f"{ns}p", f"{ns}tc"):
        if para.tag == f"{ns}p":
            parts.append("".join(t.text or "" for t in para.iter(f"{ns}t")))
    text = "\n".join(parts)
    return AttachmentText("docx", text[:max_chars], skipped="" if len(text) <= max_chars else "文本过长已截断 / truncated")


def _xls(body: bytes, max_chars: int) -> AttachmentText:
    try:
        import xlrd
    except ImportError:
        return AttachmentText("xls", skipped="未安装xlrd / xlrd not installed")
    book = xlrd.open_workbook(file_contents=body, on_demand=True)
    parts: list[str] = []
    size = 0
    for sheet in book.sheets():
        for r in range(min(sheet.nrows, MAX_ROWS)):
            line = "\t".join(_cell(v) for v in sheet.row_values(r))
            parts.append(line)
            size += len(line) + 1
            if size > max_chars:
                return AttachmentText("xls", "\n".join(parts)[:max_chars], skipped="文本过长已截断 / truncated")
    return AttachmentText("xls", "\n".join(parts))


def _doc(body: bytes, max_chars: int) -> AttachmentText:
    """Word 97 .doc: the text of the WordDocument stream when stored as plain UTF-16 or 8-bit runs."""
    try:
        import olefile
    except ImportError:
        return AttachmentText("doc", skipped="未安装olefile / olefile not installed")
    ole = olefile.OleFileIO(io.BytesIO(body))
    try:
        if not ole.exists("WordDocument"):
            return AttachmentText("doc", skipped="不是Word文档 / no WordDocument stream")
        data = ole.openstream("WordDocument").read()
    finally:
        ole.close()
    if len(data) > 12 and data[11] & 0x01:  # fib.fEncrypted
        return AttachmentText("doc", skipped="文件已加密 / encrypted")
    # Runs of UTF-16LE CJK/ASCII text: not a full .doc parser, enough for tables of names and numbers.
    runs = re.findall(rb"(?:[\x20-\x7e\r\t]\x00|[\x00-\xff][\x4e-\x9f]){4,}", data)
    text = "\n".join(r.decode("utf-16-le", "ignore") for r in runs)
    if not text.strip():
        return AttachmentText("doc", skipped="未能提取文本 / no text found (complex .doc)")
    return AttachmentText("doc", text[:max_chars], skipped="")


def _pdf(body: bytes, max_chars: int) -> AttachmentText:
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                return AttachmentText("pdf", skipped="文件已加密 / encrypted (password)")
        except Exception:
            return AttachmentText("pdf", skipped="文件已加密 / encrypted")
    parts: list[str] = []
    size = 0
    pages = len(reader.pages)
    for i, page in enumerate(reader.pages):
        if i >= MAX_PAGES:
            return AttachmentText("pdf", "\n".join(parts)[:max_chars],
                                  skipped=f"只读取了前{MAX_PAGES}页（共{pages}页）/ first {MAX_PAGES} of {pages} pages")
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > max_chars:
            return AttachmentText("pdf", "\n".join(parts)[:max_chars], skipped="文本过长已截断 / truncated")
    text = "\n".join(parts)
    if not text.strip():
        return AttachmentText("pdf", skipped="没有文字层（扫描件？）/ no text layer (scanned?)")
    return AttachmentText("pdf", text)
