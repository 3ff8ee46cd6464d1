"""W-D7 broken-links — 错链断链

Indicator (国办秘函〔2019〕19号 扣分指标, as applied by local inspections): 网站存在错链、断链
(links that do not open). Homepage links and links on other pages are counted separately.

Points (``[rules."W-D7"]``, all UNCONFIRMED, verified = false):

- ``points_per_homepage_link`` = 1.0 for each broken target linked from the homepage;
- ``points_per_other_link`` = 0.1 for each broken target linked only from other pages;
- ``cap`` = 5.0: the indicator's total deduction (applied by scoring, not here).

What is checked: every link (``PageModel.links``: tags a, img, iframe, script, link, embed, area)
on every crawled page. A link is broken when its own fetch (``snapshot.fetches[url]``, kind
"page" or "link") has an error (timeout, DNS, refused, TLS …), no HTTP answer, a status ≥ 400,
or is a soft 404 (a 200 page that says 页面不存在).

One finding per broken target URL, not per occurrence: details list every page that links to it
with the anchor text and tag. A target linked from the homepage (anywhere on it) counts as a
homepage link.

Evidence: the failed fetch of the target (its WARC record when one was written).

Example finding::

    {"rule": "W-D7", "severity": "deduction", "points": 1.0,
     "message": "首页链接无法访问（HTTP 404）：https://www.example.gov.cn/old/zwgk.html",
     "url": "https://www.example.gov.cn/old/zwgk.html",
     "details": {"on_homepage": true, "problem": "HTTP 404", "status": 404, "error": null,
                 "linked_from": [{"page": "https://www.example.gov.cn/", "text": "政务公开", "tag": "a"}],
                 "occurrences": 1}}

Not flagged:

- links never checked (disallowed by robots.txt, over the link-check limit): no fetch, no finding;
- redirects that end in a working page;
- fetches cut by the crawler's own limits (``too_large`` with a 2xx status) or failed inside the
  crawler (``internal: …``, ``render: …``);
- mailto:/javascript: links (dropped by ``canonical_url`` before they reach the page model);
- a robots.txt fetch.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages, fetch_problem, link_broken

_CHECKED_KINDS = ("page", "link")


@rule("W-D7", "broken-links", title="错链断链", severity=Severity.DEDUCTION)
def broken_links(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    home_points = float(ctx.config["points_per_homepage_link"])
    other_points = float(ctx.config["points_per_other_link"])
    home_url = snap.homepage.url if snap.homepage is not None else None
    broken: dict[str, list[dict[str, Any]]] = {}
    on_home: set[str] = set()
    for page in all_pages(snap.homepage, snap.pages):
        for link in page.links:
            fetch = snap.fetches.get(link.url)
            if fetch is None or fetch.kind not in _CHECKED_KINDS or not link_broken(fetch):
                continue
            sources = broken.setdefault(link.url, [])
            sources.append({"page": page.url, "text": link.text, "tag": link.tag})
            if page.url == home_url:
                on_home.add(link.url)
    for url in sorted(broken, key=lambda u: (u not in on_home, u)):
        fetch = snap.fetches[url]
        problem = fetch_problem(fetch)
        homepage_link = url in on_home
        places: list[dict[str, Any]] = []
        # sorted: the same stored run gives the same finding whatever order pages were crawled in
        for source in sorted(broken[url], key=lambda s: (s["page"] != home_url, s["page"], s["text"], s["tag"])):
            if source not in places:
                places.append(source)
        where = "首页" if homepage_link else "页面"
        yield ctx.finding(
            f"{where}链接无法访问（{problem}）：{url}",
            url=url,
            excerpt=places[0]["text"],
            details={
                "on_homepage": homepage_link,
                "problem": problem,
                "status": fetch.status,
                "error": fetch.error,
                "linked_from": places[:50],
                "occurrences": len(broken[url]),
            },
            points=home_points if homepage_link else other_points,
        )
