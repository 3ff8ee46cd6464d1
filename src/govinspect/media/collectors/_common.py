"""Helpers the collectors share: decoding text, HTML bodies to text, a post from a JSON object."""

from __future__ import annotations

import json
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from govinspect.media.collectors import CollectError
from govinspect.media.dates import parse_post_date
from govinspect.media.model import Comment, Post, Reply

POST_DATE_KEYS = ("published", "date", "pubDate", "created_at", "发布时间", "time")
POST_TEXT_KEYS = ("text", "content", "body", "正文", "摘要", "summary")


def decode(body: bytes, what: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Chinese Windows tools save it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CollectError(f"{what}编码无法识别（应为UTF-8或GB18030） / {what}: unknown encoding (expected UTF-8 or GB18030)")


def load_json(body: bytes, what: str) -> Any:
    try:
        return json.loads(decode(body, what))
    except json.JSONDecodeError as exc:
        raise CollectError(f"{what}不是有效的JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}） / "
                           f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc


def html_to_text(value: str) -> str:
    """Visible text of an HTML fragment (feed descriptions carry markup); plain text is kept."""
    if "<" not in value:
        return value.strip()
    tree = LexborHTMLParser(f"<body>{value}</body>")
    for node in tree.css("script, style"):
        node.decompose()
    body = tree.body
    return (body.text(separator="\n") if body is not None else "").strip()


def first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((obj[k] for k in keys if obj.get(k) not in (None, "")), None)


def _replies(raw: Any) -> list[Reply]:
    if not isinstance(raw, list):
        return []
    return [Reply(text=str(r.get("text", "")), at=parse_post_date(first(r, ("at", "date", "time"))))
            for r in raw if isinstance(r, dict)]


def comments_of(raw: Any) -> list[Comment] | None:
    """Comments of a post; None when the source has no ``comments`` key (the format cannot say)."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise CollectError("comments 应为列表 / comments must be a list")
    return [Comment(text=str(c.get("text", "")), at=parse_post_date(first(c, ("at", "date", "time"))),
                    author=str(c.get("author", "")), replies=_replies(c.get("replies")))
            for c in raw if isinstance(c, dict)]


def post_from_object(obj: dict[str, Any]) -> Post:
    raw_date = first(obj, POST_DATE_KEYS)
    text = first(obj, POST_TEXT_KEYS)
    return Post(title=str(first(obj, ("title", "标题")) or "").strip(), text=html_to_text(str(text or "")),
                url=str(first(obj, ("url", "link", "链接")) or ""), published=parse_post_date(raw_date),
                raw_date="" if raw_date is None else str(raw_date), comments=comments_of(obj.get("comments")))
