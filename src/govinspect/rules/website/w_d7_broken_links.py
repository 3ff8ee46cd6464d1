"""W-D7 broken-links — 错链断链

Indicator (国办秘函〔2019〕19号 扣分指标, as applied by local inspections): 网站存在错链、断链
(links that do not open). Homepage links and links on other pages are counted separately.

Points (``[rules."W-D7"]``, all UNCONFIRMED, verified = false):

- ``points_per_homepage_link`` for each broken target linked from the homepage;
- ``points_per_other_link`` for each broken target linked only from other pages;
- ``cap``: the indicator's total deduction (applied by scoring, not here).

What is checked: every link (``PageModel.links``: tags a, img, iframe, script, link, embed, area)
on every crawled page. A link is broken when its own fetch (``snapshot.fetches[url]``, kind
"page" or "link") has an error (timeout, DNS, refused, TLS …), no HTTP answer, a status ≥ 400,
or is a soft 404 (a 200 page that says 页面不存在).

One finding per broken target URL, not per occurrence: details list every page that links to it
with the anchor text and tag. A target linked from the homepage (anywhere on it) counts as a
homepage link.

One finding per cause: a relative link in the site's template — the same navigation or footer
link (same tag, text and relative address, e.g. ``zxft/index.html`` 在线访谈) that resolves
under each directory to a different address, all broken — is one defect, not one per directory.
Its finding names the link and the relative address; ``details.urls`` lists the addresses and
``details.pages`` (``count``, ``first``) the pages that carry it; one deduction (the homepage's
points when the homepage carries it). The same text and address in the body of pages is not
merged: a 更多 → ``index.html`` in each column's body may be each column's own missing page.

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

from govinspect.model import Link
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages, fetch_problem, link_broken

_CHECKED_KINDS = ("page", "link")


@rule("W-D7", "broken-links", title="错链断链", bulletin="错链断链", severity=Severity.DEDUCTION)
def broken_links(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    home_points = float(ctx.config["points_per_homepage_link"])
    other_points = float(ctx.config["points_per_other_link"])
    home_url = snap.homepage.url if snap.homepage is not None else None
    broken: dict[str, list[dict[str, Any]]] = {}
    on_home: set[str] = set()
    templates: dict[tuple[str, str, str], set[str]] = {}  # (tag, text, relative address) → broken URLs
    for page in all_pages(snap.homepage, snap.pages):
        for link in page.links:
            fetch = snap.fetches.get(link.url)
            if fetch is None or fetch.kind not in _CHECKED_KINDS or not link_broken(fetch):
                continue
            sources = broken.setdefault(link.url, [])
            sources.append({"page": page.url, "text": link.text, "tag": link.tag})
            if page.url == home_url:
                on_home.add(link.url)
            relative = _template_relative(page.url, link)
            if relative is not None:
                templates.setdefault((link.tag, link.text, relative), set()).add(link.url)

    def places_of(urls: list[str]) -> list[dict[str, Any]]:
        places: list[dict[str, Any]] = []
        # sorted: the same stored run gives the same finding whatever order pages were crawled in
        sources = [s for u in urls for s in broken[u]]
        for source in sorted(sources, key=lambda s: (s["page"] != home_url, s["page"], s["text"], s["tag"])):
            if source not in places:
                places.append(source)
        return places

    merged: set[str] = set()
    for (tag, text, relative), group in sorted(templates.items()):
        urls = sorted(group - merged, key=lambda u: (u not in on_home, u))
        if len(urls) < 2:
            continue
        merged.update(urls)
        fetch = snap.fetches[urls[0]]
        places = places_of(urls)
        pages = list(dict.fromkeys(s["page"] for s in places))
        homepage_link = any(u in on_home for u in urls)
        where = "首页" if homepage_link else "页面"
        yield ctx.finding(
            f"{where}导航或页脚链接“{text or relative}”无法访问（{fetch_problem(fetch)}）：相对地址{relative}"
            f"在{len(urls)}个目录下均不存在",
            url=urls[0],
            excerpt=text,
            details={
                "on_homepage": homepage_link,
                "problem": fetch_problem(fetch),
                "status": fetch.status,
                "error": fetch.error,
                "template": {"tag": tag, "text": text, "relative": relative},
                "urls": urls[:50],
                "linked_from": places[:50],
                "occurrences": sum(len(broken[u]) for u in urls),
                "pages": {"count": len(pages), "first": pages[:20]},
            },
            points=home_points if homepage_link else other_points,
        )

    for url in sorted(set(broken) - merged, key=lambda u: (u not in on_home, u)):
        fetch = snap.fetches[url]
        problem = fetch_problem(fetch)
        homepage_link = url in on_home
        places = places_of([url])
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


def _template_relative(page_url: str, link: Link) -> str | None:
    """The address of a navigation or footer link relative to its page's directory, when the link
    lies under it (``/xwzx/zxft/index.html`` on ``/xwzx/a.html`` → ``zxft/index.html``): what a
    relative link in a shared template looks like once resolved. None for body links."""
    if link.region not in ("nav", "footer"):
        return None
    base = page_url.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[0] + "/"
    if not link.url.startswith(base) or len(link.url) == len(base):
        return None
    return link.url[len(base):]
