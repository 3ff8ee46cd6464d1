"""CSV post exports (UTF-8, BOM or GB18030), for platforms without a feed. Headers (Chinese or
English): 标题/title, 正文/text/content, 链接/url/link, 发布时间/published/date; optional
评论数/comments and 回复数/replies (counts: a CSV holds no comment texts, so replies are judged by
counts only). Without comment columns, interaction is not assessable from the export."""

from __future__ import annotations

import csv
import io

from govinspect.media.collectors import CollectError
from govinspect.media.collectors._common import decode, first
from govinspect.media.dates import parse_post_date
from govinspect.media.model import AccountData, Comment, Post, Reply

_TITLE = ("标题", "title")
_TEXT = ("正文", "内容", "text", "content")
_URL = ("链接", "url", "link")
_DATE = ("发布时间", "发布日期", "published", "date", "time")
_COMMENTS = ("评论数", "comments")
_REPLIES = ("回复数", "replies")


def _count(value: str | None) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


class CsvCollector:
    format = "csv"

    def accepts(self, body: bytes, content_type: str) -> bool:
        try:
            head = decode(body[:4096], "CSV").splitlines()[0]
        except (CollectError, IndexError):
            return False
        names = {h.strip().strip('"').lower() for h in head.replace("\t", ",").split(",")}
        return bool(names & set(_TITLE)) and bool(names & set(_DATE))

    def parse(self, body: bytes, url: str) -> AccountData:
        text = decode(body, "CSV")
        delimiter = "\t" if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else ","
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        reader.fieldnames = [h.strip().lower() if h.isascii() else h.strip() for h in reader.fieldnames or []]
        has_counts = bool(set(reader.fieldnames) & set(_COMMENTS))
        posts = []
        try:
            for row in reader:
                raw_date = first(row, _DATE) or ""
                post = Post(title=str(first(row, _TITLE) or "").strip(), text=str(first(row, _TEXT) or ""),
                            url=str(first(row, _URL) or ""), published=parse_post_date(raw_date), raw_date=raw_date)
                if has_counts:
                    comments = _count(first(row, _COMMENTS)) or 0
                    replies = min(_count(first(row, _REPLIES)) or 0, comments)
                    # counts only: comments without text, the first ``replies`` of them answered
                    post.comments = [Comment(text="", replies=[Reply(text="")] if i < replies else [])
                                     for i in range(comments)]
                posts.append(post)
        except csv.Error as exc:
            raise CollectError(f"CSV格式错误：{exc} / malformed CSV: {exc}") from exc
        return AccountData(format="csv", posts=posts)


COLLECTOR = CsvCollector()
