"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1): ``items`` with ``date_published``
(RFC 3339), ``content_text`` or ``content_html``. feedparser 6.0 does not read JSON Feed, and the
format is plain JSON, so the standard library parses it. No menus, interaction or profile (not assessable)."""

from __future__ import annotations

from govinspect.media.collectors import CollectError
from govinspect.media.collectors._common import html_to_text, load_json
from govinspect.media.dates import parse_post_date
from govinspect.media.model import AccountData, Post


class JsonFeedCollector:
    format = "jsonfeed"

    def accepts(self, body: bytes, content_type: str) -> bool:
        return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" and b"jsonfeed.org/version" in body[:4096]

    def parse(self, body: bytes, url: str) -> AccountData:
        doc = load_json(body, "JSON Feed")
        if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
            raise CollectError("JSON Feed缺少items列表 / JSON Feed has no items list")
        posts = []
        for item in doc["items"]:
            if not isinstance(item, dict):
                continue
            raw_date = item.get("date_published") or item.get("date_modified") or ""
            text = item.get("content_text") or html_to_text(str(item.get("content_html") or item.get("summary") or ""))
            posts.append(Post(title=str(item.get("title") or ""), text=str(text), url=str(item.get("url") or ""),
                              published=parse_post_date(raw_date), raw_date=str(raw_date)))
        return AccountData(format="jsonfeed", posts=posts)  # the feed title is the bridge's, not a profile


COLLECTOR = JsonFeedCollector()
