"""互动回应 and 服务实用 helpers shared by W-V5a/b, W-D4–W-D6, W-V6a (not a rule: no ``@rule``).

- :func:`consultation_channels`: the 咨询建言 channels a site offers (领导信箱, 咨询, 建言, 留言 …)
  with a working form or published messages, and the candidates that do not count (信访, 纪检举报,
  unreachable, empty) — the evidence of "where it looked";
- :func:`published_messages`: every message read from any page, merged by URL (a list row and its
  detail page are one message), with the names of the columns it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from govinspect.model import Column, Message, MessageStatus, PageModel
from govinspect.rules.website._common import all_pages, link_broken, page_ok
from govinspect.snapshot.site import SiteSnapshot
from govinspect.urls import in_scope

# Generic entries (a 互动交流 channel page) count only with a form or published messages of their own;
# a list of dated items there may be interviews or surveys.
GENERIC_CHANNEL = re.compile(r"^(?:政民互动|互动交流|互动|交流互动|公众参与|政民互动平台)$")
MAX_LINK_TEXT = 20


@dataclass
class Channels:
    """What :func:`consultation_channels` found: accepted channels and rejected candidates."""

    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    pages_scanned: int = 0
    unverified: int = 0  # candidates whose page was not fetched (crawl limits): nothing can be said


def _has_publications(page: PageModel, generic: bool) -> bool:
    if page.has_message_form or page.messages:
        return True
    return not generic and bool(page.dated_items or page.undated_items)


def consultation_channels(snapshot: SiteSnapshot, channel_words: Sequence[str],
                          excluded_words: Sequence[str]) -> Channels:
    """Consultation channels linked from any crawled page (navigation and body alike): links
    saying one of ``channel_words`` and none of ``excluded_words`` (the special channels,
    信访 and 纪检举报, that do not count)."""
    out = Channels()
    seen: set[str] = set()
    site_url = snapshot.site.url
    pages = [p for p in all_pages(snapshot.homepage, snapshot.pages) if page_ok(p)]
    out.pages_scanned = len(pages)
    columns = {c.url: c for c in snapshot.columns}
    for page in pages:
        for link in page.links:
            if link.tag not in ("a", "area") or link.region == "hidden" or link.url in seen:
                continue
            text = link.text.strip()
            if not text or len(text) > MAX_LINK_TEXT:
                continue
            if not any(w in text for w in channel_words) and not any(w in text for w in excluded_words):
                continue  # special channels are listed too: the evidence shows they were seen
            seen.add(link.url)
            entry: dict[str, Any] = {"text": text, "url": link.url, "found_on": page.url}
            if any(w in text for w in excluded_words):
                out.rejected.append({**entry, "reason": "信访、纪检举报等专门渠道不计 / special channel"})
                continue
            target = snapshot.pages.get(link.url)
            generic = bool(GENERIC_CHANNEL.match(text))
            if target is not None:
                column = columns.get(link.url)
                if not page_ok(target):
                    out.rejected.append({**entry, "reason": "页面无法访问 / page unreachable"})
                elif _has_publications(target, generic) or (
                        not generic and column is not None and (column.items or column.undated_items)):
                    kind = "form" if target.has_message_form else "messages" if target.messages else "list"
                    out.accepted.append({**entry, "kind": kind})
                elif target.needs_render:
                    out.unverified += 1  # the form or list may be drawn by scripts: a person must look
                    out.rejected.append({**entry, "reason": "页面由脚本生成，无法核实 / built by scripts, cannot verify"})
                else:
                    out.rejected.append({**entry, "reason": "无留言表单或已公开留言 / no form and no published messages"})
                continue
            fetch = snapshot.fetches.get(link.url)
            if fetch is not None and link_broken(fetch):
                out.rejected.append({**entry, "reason": "链接无法访问 / link broken"})
            elif fetch is not None and not in_scope(link.url, site_url):
                out.accepted.append({**entry, "kind": "external platform"})
            else:
                out.unverified += 1
                out.rejected.append({**entry, "reason": "未抓取，无法核实 / not fetched, cannot verify"})
    return out


@dataclass
class Published:
    """One message merged over the pages that show it (list row, table row, detail page)."""

    message: Message
    columns: list[str]  # names of the columns it sits in (may be several: list page, URL, meta)
    sources: list[str]  # "detail" | "table" | "list"
    found_on: str  # page it was read from (the detail page when there is one)

    @property
    def column(self) -> str:
        return self.columns[0] if self.columns else ""

    def entry(self) -> dict[str, Any]:
        m = self.message
        out: dict[str, Any] = {"title": m.title, "url": m.url or self.found_on, "column": self.column,
                               "asked": m.asked, "answered": m.answered, "status": str(m.status)}
        if m.replier:
            out["replier"] = m.replier
        return out


_PRIORITY = {"detail": 0, "table": 1, "list": 2}


def _column_names(page: PageModel, url: str | None, columns: list[Column], by_url: dict[str, Column]) -> list[str]:
    names: list[str] = []
    column = by_url.get(page.url)
    if column is not None:
        names.append(column.name)
    if url:
        path = urlsplit(url).path
        host = urlsplit(url).netloc
        best: Column | None = None
        for candidate in columns:
            parts = urlsplit(candidate.url)
            if parts.netloc == host and parts.path.endswith("/") and path.startswith(parts.path) and (
                    best is None or len(parts.path) > len(urlsplit(best.url).path)):
                best = candidate
        if best is not None:
            names.append(best.name)
    return names


def _merge(group: list[tuple[Message, PageModel, list[str]]]) -> Published:
    group.sort(key=lambda g: _PRIORITY.get(g[0].source, 3))
    messages = [g[0] for g in group]

    def first(attr: str) -> Any:
        return next((getattr(m, attr) for m in messages if getattr(m, attr)), None)

    explicit = next((m for m in messages if m.explicit_status), None)
    status = explicit.status if explicit is not None else next(
        (m.status for m in messages if m.status is not MessageStatus.UNKNOWN), MessageStatus.UNKNOWN)
    answered = first("answered")
    if answered is not None and status is MessageStatus.UNKNOWN:
        status = MessageStatus.ANSWERED
    merged = Message(
        title=first("title") or "", url=first("url"), asked=first("asked"), answered=answered,
        replier=first("replier") or "", status=status, explicit_status=explicit is not None,
        has_reply=any(m.has_reply for m in messages), listed=first("listed"), column=first("column") or "",
        source=messages[0].source)
    columns: list[str] = []
    for message, _, names in group:
        for name in [message.column, *names]:
            if name and name not in columns:
                columns.append(name)
    return Published(merged, columns, [m.source for m in messages], group[0][1].url)


def published_messages(snapshot: SiteSnapshot) -> list[Published]:
    """Every message of every fetched page, one per message URL (or per page and title)."""
    columns = list(snapshot.columns)
    by_url: dict[str, Column] = {}
    for column in columns:
        by_url.setdefault(column.url, column)
        page = snapshot.pages.get(column.url)
        for more in page.pagination if page is not None else []:
            by_url.setdefault(more, column)
    groups: dict[tuple[str, str], list[tuple[Message, PageModel, list[str]]]] = {}
    for page in all_pages(snapshot.homepage, snapshot.pages):
        if not page_ok(page):
            continue
        for message in page.messages:
            key = (message.url, "") if message.url else (page.url, message.title)
            names = _column_names(page, message.url, columns, by_url)
            groups.setdefault(key, []).append((message, page, names))
    return [_merge(group) for group in groups.values()]


def excluded(published: Published, words: list[str] | tuple[str, ...]) -> str | None:
    """The excluded word (在线访谈, 信访 …) one of the message's column names contains, if any."""
    for name in published.columns:
        for word in words:
            if word and word in name:
                return word
    return None


def newest(dates: Iterable[date | None], as_of: date) -> date | None:
    """The newest date not after the monitoring point."""
    return max((d for d in dates if d is not None and d <= as_of), default=None)
