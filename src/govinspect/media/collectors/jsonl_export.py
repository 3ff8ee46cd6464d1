"""JSONL post exports (one JSON object per line: ``title``, ``text``/``content``, ``url``,
``published``/``date``/``发布时间``, optional ``comments`` as in the account snapshot), for platforms
without a feed. Blank lines are skipped; a line that is not a JSON object is an error naming it."""

from __future__ import annotations

import json

from govinspect.media.collectors import CollectError
from govinspect.media.collectors._common import decode, post_from_object
from govinspect.media.model import AccountData


class JsonlCollector:
    format = "jsonl"

    def accepts(self, body: bytes, content_type: str) -> bool:
        lines = [line for line in body.lstrip(b"\xef\xbb\xbf").splitlines()[:3] if line.strip()]
        return bool(lines) and all(line.lstrip()[:1] == b"{" and line.rstrip()[-1:] == b"}" for line in lines)

    def parse(self, body: bytes, url: str) -> AccountData:
        posts = []
        comments_known = False
        for no, line in enumerate(decode(body, "JSONL").splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CollectError(f"JSONL第{no}行不是有效的JSON：{exc.msg} / JSONL line {no} is not valid JSON: "
                                   f"{exc.msg}") from exc
            if not isinstance(obj, dict):
                raise CollectError(f"JSONL第{no}行应为JSON对象 / JSONL line {no} must be a JSON object")
            posts.append(post_from_object(obj))
            comments_known = comments_known or "comments" in obj
        if comments_known:  # an export that carries comments carries them for every post
            for post in posts:
                post.comments = post.comments or []
        return AccountData(format="jsonl", posts=posts)


COLLECTOR = JsonlCollector()
