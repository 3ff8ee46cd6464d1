"""W-V6a no-online-service — 未提供办事服务

Indicator (国办秘函〔2019〕19号, 服务不实用, 单项否决 item 1):

    未提供办事服务。

Looked for on the homepage (every region but hidden) and in the navigation of every crawled page:

- a link whose text names a service entry (``service_words``: 办事服务, 在线办事, 网上办事, 办事指南,
  政务服务, 便民服务, 办事大厅, 一网通办, 政务服务网, 服务事项 …), or
- a link to a 政务服务网 (a host containing one of ``service_hosts``: zwfw, gjzwfw …), or
- a 服务 column of the site holding content.

An entry whose link is broken does not count (W-D7 also reports it). Thresholds:
``[rules."W-V6a"] service_words`` and ``service_hosts`` (verified = false: our lists).

Evidence: where it looked (the homepage, the pages whose navigation was read, link counts). When
the homepage shows very few links (a navigation drawn by scripts or images), or was cut at the
crawler's size limit (W-I4: the entry may sit past the cut), the finding needs review.

Example finding::

    {"rule": "W-V6a", "severity": "veto", "message": "未提供办事服务",
     "url": "http://www.example.gov.cn/",
     "details": {"homepage_links": 85, "pages_scanned": 120, "broken_entries": []}}

Not flagged:

- a homepage link to the province's 政务服务网 (the service is offered there);
- a 便民服务 / 办事指南 column inside the site;
- a footer line "服务热线：12345" (not an entry — and not counted as one either).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from govinspect.model import ColumnCategory, Link
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages, link_broken, page_ok

FEW_LINKS = 10


def _entry(link: Link, words: list[str], hosts: list[str]) -> str | None:
    if link.tag not in ("a", "area") or link.region == "hidden":
        return None
    text = link.text.strip()
    if text and len(text) <= 20 and any(word in text for word in words):
        return "text"
    host = urlsplit(link.url).hostname or ""
    if any(h and h in host for h in hosts):
        return "host"
    return None


@rule("W-V6a", "no-online-service", title="未提供办事服务", bulletin="办事服务缺失", severity=Severity.VETO)
def no_online_service(ctx: RuleContext) -> Iterator[Finding]:
    snapshot = ctx.snapshot
    home = snapshot.homepage
    if home is None or not page_ok(home):
        return
    words = list(ctx.config["service_words"])
    hosts = list(ctx.config["service_hosts"])
    for column in snapshot.columns:
        if column.category is ColumnCategory.SERVICE and column.reachable and not column.is_blank:
            return
    broken: list[dict[str, Any]] = []
    pages = [p for p in all_pages(home, snapshot.pages) if page_ok(p)]
    for page in pages:
        links = page.links if page is home else page.nav_links
        for link in links:
            if _entry(link, words, hosts) is None:
                continue
            fetch = snapshot.fetches.get(link.url)
            if fetch is not None and link_broken(fetch):
                broken.append({"text": link.text, "url": link.url, "found_on": page.url})
                continue
            return
    home_links = sum(1 for link in home.links if link.tag == "a" and link.region != "hidden")
    # a homepage cut at the size limit (W-I4) may hold the entry past the cut: review, not veto
    unsure = home_links < FEW_LINKS or home.needs_render or home.truncated
    yield ctx.finding(
        "未提供办事服务",
        url=ctx.site.url,
        details={"homepage_links": home_links, "pages_scanned": len(pages), "broken_entries": broken[:20],
                 "service_words": words, "homepage_truncated": home.truncated},
        confidence=Confidence.MEDIUM if unsure else None,
        review=True if unsure else None,
    )
