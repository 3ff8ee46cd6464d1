"""Our own JSON account snapshot (``"schema": "govinspect-account-snapshot/1"``), documented in
``docs/media-snapshot.md``: the profile, custom menus with links, interaction features, and posts
with comments and replies — what a platform export or a manual capture can give beyond a feed.

Required: ``account.name`` and ``posts`` (a list, each with ``title`` and ``published``). A
snapshot missing any of them is refused with every missing field named. ``menus`` and
``interaction`` are optional: absent means "not captured" (the rules say not assessable), an
empty list / object means "captured, and there is none".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from govinspect.media.collectors import CollectError
from govinspect.media.collectors._common import load_json, post_from_object
from govinspect.media.model import AccountData, MenuItem, Profile

SCHEMA = "govinspect-account-snapshot/1"


def _menu(raw: Any, where: str, missing: list[str], base: str) -> MenuItem | None:
    if not isinstance(raw, dict) or not raw.get("name"):
        missing.append(f"{where}.name")
        return None
    children = [m for i, c in enumerate(raw.get("children") or [])
                if (m := _menu(c, f"{where}.children[{i}]", missing, base))]
    link = str(raw.get("url") or "")
    # a relative link is relative to where the snapshot was read, as in a web page
    return MenuItem(name=str(raw["name"]), url=urljoin(base, link) if link and base else link, children=children)


class SnapshotCollector:
    format = "snapshot"

    def accepts(self, body: bytes, content_type: str) -> bool:
        return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" and b"govinspect-account-snapshot" in body[:4096]

    def parse(self, body: bytes, url: str) -> AccountData:
        doc = load_json(body, "账号快照 / account snapshot")
        if not isinstance(doc, dict):
            raise CollectError("账号快照应为JSON对象 / an account snapshot must be a JSON object")
        missing: list[str] = []
        account = doc.get("account")
        if not isinstance(account, dict) or not account.get("name"):
            missing.append("account.name")
            account = account if isinstance(account, dict) else {}
        raw_posts = doc.get("posts")
        if not isinstance(raw_posts, list):
            missing.append("posts")
            raw_posts = []
        for i, post in enumerate(raw_posts):
            if not isinstance(post, dict):
                missing.append(f"posts[{i}]")
                continue
            missing += [f"posts[{i}].{key}" for key in ("title", "published") if post.get(key) in (None, "")]
        menus: list[MenuItem] | None = None
        if doc.get("menus") is not None:
            if not isinstance(doc["menus"], list):
                missing.append("menus")
            else:
                menus = [m for i, raw in enumerate(doc["menus"]) if (m := _menu(raw, f"menus[{i}]", missing, url))]
        interaction: dict[str, bool] | None = None
        if doc.get("interaction") is not None:
            if not isinstance(doc["interaction"], dict):
                missing.append("interaction")
            else:
                interaction = {str(k): bool(v) for k, v in doc["interaction"].items()}
        if missing:
            shown = ", ".join(missing[:10]) + (f" …（共{len(missing)}处）" if len(missing) > 10 else "")
            raise CollectError(f"账号快照缺少字段：{shown} / account snapshot is missing fields: {shown}")
        profile = Profile(name=str(account["name"]), entity=str(account.get("entity") or ""),
                          description=str(account.get("description") or ""))
        posts = [post_from_object(p) for p in raw_posts]
        notes = [f"posts[{i}].published 无法识别：{p.raw_date}" for i, p in enumerate(posts) if p.published is None]
        return AccountData(format="snapshot", posts=posts, profile=profile, menus=menus,
                           interaction=interaction, notes=notes)


COLLECTOR = SnapshotCollector()
