"""RSS 2.0 / RSS 1.0 / Atom feeds (what RSSHub and similar bridges publish), read with feedparser.

Dates are taken from the raw ``pubDate`` / ``published`` / ``updated`` text and normalised by
:func:`govinspect.media.dates.parse_post_date` (feedparser's own parse treats a zone-less date as
UTC; Chinese feeds mean China time). A feed that is not well-formed XML (truncated, damaged) is
an error rather than a partial list: a half-read feed must not make an account look stale.
A feed carries neither menus, interaction features nor a reliable profile (a bridge titles its
feed as it likes): those stay ``None`` (not assessable).
"""

from __future__ import annotations

import xml.sax
from typing import Any

import feedparser

from govinspect.media.collectors import CollectError
from govinspect.media.collectors._common import html_to_text
from govinspect.media.dates import parse_post_date
from govinspect.media.model import AccountData, Post


class FeedCollector:
    format = "feed"

    def accepts(self, body: bytes, content_type: str) -> bool:
        head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith(b"<") and (b"<rss" in body[:4096].lower() or b"<feed" in body[:4096].lower()
                                          or b"<rdf" in body[:4096].lower() or "xml" in content_type)

    def parse(self, body: bytes, url: str) -> AccountData:
        parsed: Any = feedparser.parse(body, response_headers={"content-location": url} if url else None,
                                       sanitize_html=False, resolve_relative_uris=False)
        error = parsed.get("bozo_exception")
        if isinstance(error, xml.sax.SAXException):
            raise CollectError(f"订阅源XML格式错误或不完整（可能被截断）：{error} / the feed's XML is malformed or "
                               f"truncated: {error}")
        if not parsed.version:
            raise CollectError("不是RSS或Atom订阅源 / not an RSS or Atom feed")
        kind = "atom" if parsed.version.startswith("atom") else "rss"
        posts = []
        for entry in parsed.entries:
            raw_date = entry.get("published") or entry.get("updated") or entry.get("created") or ""
            content = entry.get("content")
            body_html = content[0].get("value", "") if content else entry.get("summary", "")
            posts.append(Post(title=html_to_text(entry.get("title", "")), text=html_to_text(body_html or ""),
                              url=entry.get("link", ""), published=parse_post_date(raw_date), raw_date=raw_date))
        # No profile: a bridge titles its feed as it likes ("…的微信公众号"), so the feed title is
        # not the account's name and must not make M-D2 report a rename.
        return AccountData(format=kind, posts=posts)


COLLECTOR = FeedCollector()
