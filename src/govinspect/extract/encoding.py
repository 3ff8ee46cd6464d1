"""Decoding HTML bytes right: header charset, <meta charset>, BOM, UTF-8, then detection.

GB2312 and GBK are decoded as GB18030 (their superset): pages labelled gb2312 routinely
contain characters outside it.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "cp936": "gb18030", "euc-cn": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252",
              "ascii": "utf-8", "us-ascii": "utf-8"}


def normalise_charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return normalise_charset(match.group(1)) if match else None


def sniff_meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:8192])
    return normalise_charset(match.group(1).decode("ascii", "ignore")) if match else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return ``(text, charset)``. Never raises: undecodable bytes become U+FFFD."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", "replace"), "utf-16"
    declared = charset_from_content_type(content_type) or sniff_meta_charset(body)
    if declared:
        try:
            return body.decode(declared), declared
        except UnicodeDecodeError:
            # A wrong label is common (utf-8 declared, GBK served): fall through to detection,
            # unless the label is a GB family one, where GB18030 with replacement is best.
            if declared == "gb18030":
                return body.decode(declared, "replace"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:200_000]).best()
    charset = normalise_charset(best.encoding if best else None) or "gb18030"
    return body.decode(charset, "replace"), charset
