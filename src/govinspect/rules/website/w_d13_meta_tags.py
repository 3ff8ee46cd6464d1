"""W-D13 meta-tags — 网页标签不规范

Indicator (国办发〔2017〕47号《政府网站发展指引》网页标签; 国办秘函〔2019〕19号 扣分指标): pages carry
the 发展指引 meta tags. Which tags are mandatory per page type is UNCONFIRMED; this rule expects:

| page (``PageModel.page_kind``) | tags |
| --- | --- |
| every page (home, list, article, other) | SiteName, SiteDomain, SiteIDCode |
| column (list) pages | ColumnName, ColumnType |
| article pages | ArticleTitle, PubDate, ContentSource |

Checked on the homepage and every crawled (sampled) page that answered (not 4xx/5xx, not a soft
404). Tag names are matched case-insensitively; an empty content counts as missing.

Findings, aggregated over the site (never one per page):

- one finding per missing tag, with the number of pages affected and example URLs, only when the
  share of applicable pages missing it is ≥ ``min_missing_share`` (verified = false);
- PubDate present but not a date (expected ``YYYY-MM-DD[ HH:MM[:SS]]``, also / . and 年月日
  forms): one finding, with the same share gate;
- SiteIDCode differing from the 网站标识码 printed in the homepage footer: one finding whenever
  any page differs (an identity error, not an omission — no share gate).

Points (``[rules."W-D13"]``, verified = false): ``points`` per finding, ``cap``.

Example finding::

    {"rule": "W-D13", "severity": "deduction", "points": 0.5,
     "message": "网页标签ContentSource缺失：12个文章页中8个",
     "url": "https://www.example.gov.cn/xxgk/t1.html",
     "details": {"tag": "ContentSource", "missing": 8, "pages": 12, "share": 0.667,
                 "min_missing_share": 0.2, "examples": ["…/t1.html", "…/t2.html"]}}

Not flagged:

- a tag missing on fewer than 20 % of the pages that need it;
- ColumnName missing on an article page, ArticleTitle missing on a list page;
- pages that failed or are soft 404s;
- a tag not seen on a page cut at the crawler's size limit (W-I4): that page is left out of the
  count, and one ``info`` finding names the tags and pages as 不可评估;
- SiteIDCode when the footer shows no 标识码 (W-D11 reports the footer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from govinspect.model import PageModel
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages, not_assessable, page_ok

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
TAGS_BY_KIND: dict[str, tuple[str, ...]] = {
    "list": ("ColumnName", "ColumnType"),
    "article": ("ArticleTitle", "PubDate", "ContentSource"),
}
_KIND_NAMES = {"list": "栏目页", "article": "文章页"}
_DATE = re.compile(
    r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*"
)
_EXAMPLES = 10


def parse_pubdate(value: str) -> date | None:
    """The date of a PubDate tag value, or None when it is not one."""
    m = _DATE.fullmatch(value)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.group(1, 2, 3))
    hour, minute = int(m.group(4) or 0), int(m.group(5) or 0)
    if hour > 23 or minute > 59:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _meta(page: PageModel, name: str) -> str:
    wanted = name.lower()
    for key, value in page.meta.items():
        if key.lower() == wanted:
            return value.strip()
    return ""


@rule("W-D13", "meta-tags", title="网页标签不规范", bulletin="网页标签不规范", severity=Severity.DEDUCTION)
def meta_tags(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    min_share = float(ctx.config["min_missing_share"])
    points = float(ctx.config["points"])
    pages = [p for p in all_pages(snap.homepage, snap.pages) if page_ok(p)]

    def report(tag: str, affected: list[str], total: int, label: str, gated: bool = True) -> Iterator[Finding]:
        if not affected or total == 0:
            return
        share = len(affected) / total
        if gated and share < min_share:
            return
        yield ctx.finding(
            label.format(tag=tag, n=len(affected), total=total),
            url=affected[0],
            details={"tag": tag, "missing": len(affected), "pages": total, "share": round(share, 3),
                     "min_missing_share": min_share, "examples": affected[:_EXAMPLES]},
            points=points,
        )

    # A page cut at the size limit (W-I4) that shows no tag is left out of the count: the tag
    # may sit past the cut. Those pages are named once, as 不可评估.
    cut_unseen: dict[str, list[PageModel]] = {}

    def missing_on(candidates: list[PageModel], tag: str) -> tuple[list[str], int]:
        missing: list[str] = []
        judged = 0
        for page in candidates:
            if not _meta(page, tag) and page.truncated:
                cut_unseen.setdefault(tag, []).append(page)
                continue
            judged += 1
            if not _meta(page, tag):
                missing.append(page.url)
        return missing, judged

    for tag in SITE_TAGS:
        missing, judged = missing_on(pages, tag)
        yield from report(tag, missing, judged, "网页标签{tag}缺失：{total}个页面中{n}个")
    for kind, tags in TAGS_BY_KIND.items():
        of_kind = [p for p in pages if p.page_kind == kind]
        for tag in tags:
            missing, judged = missing_on(of_kind, tag)
            yield from report(tag, missing, judged,
                              "网页标签{tag}缺失：{total}个" + _KIND_NAMES[kind] + "中{n}个")
    if cut_unseen:
        cut_pages = list({p.url: p for found in cut_unseen.values() for p in found}.values())
        yield not_assessable(ctx, cut_pages[0], "网页标签" + "、".join(cut_unseen),
                             {"tags": list(cut_unseen), "pages": [p.url for p in cut_pages[:_EXAMPLES]]})

    articles = [p for p in pages if p.page_kind == "article"]
    bad_dates = [p.url for p in articles if _meta(p, "PubDate") and parse_pubdate(_meta(p, "PubDate")) is None]
    yield from report("PubDate", bad_dates, len(articles), "网页标签{tag}不是有效日期：{total}个文章页中{n}个")

    footer_code = (snap.homepage.footer.site_id_code or "").strip() if snap.homepage is not None else ""
    if footer_code:
        differing = [p for p in pages if _meta(p, "SiteIDCode") and _meta(p, "SiteIDCode") != footer_code]
        for finding in report("SiteIDCode", [p.url for p in differing], len(pages),
                              "网页标签{tag}与底部网站标识码不一致：{total}个页面中{n}个", gated=False):
            finding.details["footer_code"] = footer_code
            finding.details["values"] = sorted({_meta(p, "SiteIDCode") for p in differing})
            yield finding
