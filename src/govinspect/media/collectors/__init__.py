"""Collectors: one small module per data format behind one interface (:class:`Collector`).

A collector recognises its format from the bytes (and the Content-Type when there is one) and
turns them into :class:`~govinspect.media.model.AccountData`. It never touches the network:
fetching (with the crawler's proxies and WARC evidence) is :mod:`govinspect.media.fetch`'s job,
so every collector is testable on stored bytes and a run can be judged again from its WARC.

A new format is a new module here with a ``COLLECTOR`` object, listed in :data:`_MODULES`.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from govinspect.media.model import AccountData


class CollectError(Exception):
    """The data could not be read as any account format; the message is bilingual and says why."""


class Collector(Protocol):
    format: str

    def accepts(self, body: bytes, content_type: str) -> bool:
        """Whether ``body`` looks like this collector's format (cheap: a prefix, a header)."""

    def parse(self, body: bytes, url: str) -> AccountData:
        """The account data in ``body``; raises :class:`CollectError` for a damaged file."""


# Most specific first: our snapshot and JSON Feed are both JSON objects; JSONL is JSON lines.
_MODULES = ("snapshot", "jsonfeed", "jsonl_export", "csv_export", "feed")


def collectors() -> list[Collector]:
    return [importlib.import_module(f"{__name__}.{name}").COLLECTOR for name in _MODULES]


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return head.startswith((b"<!doctype html", b"<html")) or (b"<html" in head and b"<rss" not in head
                                                              and b"<feed" not in head)


def collect(body: bytes, content_type: str = "", url: str = "") -> AccountData:
    """Read ``body`` with the first collector that accepts it; raises :class:`CollectError`."""
    if not body.strip():
        raise CollectError("数据地址返回的内容为空 / the data address returned an empty body")
    if _looks_like_html(body):
        raise CollectError("数据地址返回的是网页而不是订阅源或账号数据 / the data address returned an HTML page, "
                           "not a feed or account data")
    for collector in collectors():
        if collector.accepts(body, content_type):
            return collector.parse(body, url)
    raise CollectError("无法识别的数据格式（应为RSS、Atom、JSON Feed、账号快照JSON、CSV或JSONL） / unrecognised "
                       "format (expected RSS, Atom, JSON Feed, account snapshot JSON, CSV or JSONL)")
