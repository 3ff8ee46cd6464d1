"""W-D3 profile-stale — 概况信息、机构职能、负责人信息未开设或长期不更新

Indicator (扣分, 发布解读 / 概况信息; items CORROBORATED by a central department's self-check
and the 嘉定 report "概况信息长期不更新"; the Guangdong seed bulletin: "单位概况、机构职能、
领导简介及分工等信息更新不及时"; points and window UNCONFIRMED):

    未开设或长期不更新概况信息、机构职能、负责人信息

Three elements, each found by name (terms in config, verified = false):

- 概况信息 ``profile_terms`` (概况, 简介, 走进 …), 机构职能 ``function_terms`` (机构职能, 主要职责,
  内设机构 …), 负责人信息 ``leader_terms`` (领导信息, 领导简介, 负责人 …).
- Where it looks: 概况-category columns (their names and their items' titles, with the items'
  dates); crawled pages that are not articles whose ColumnName tag or title matches (dated by
  their publish date, if any); short link texts on the homepage and crawled pages (presence
  only). Names containing an ``exclude_words`` word (领导活动, 领导讲话 …) are news, not profiles.

Findings (one per element, ``points`` each, ``cap``, verified = false):

- missing: no column, page or link matches the element ("未开设机构职能信息");
- long unchanged: the newest date seen for the element is before the same day ``max_months``
  (verified = false) calendar months before the monitoring point. An element found only
  without any date is present and not judged for age (details say so in other findings' context).

Example finding::

    {"rule": "W-D3", "severity": "deduction", "points": 1.0,
     "message": "负责人信息超过12个月未更新（最新2020-02-15）",
     "url": "https://www.example.gov.cn/zjxx/jggk/",
     "details": {"element": "负责人信息", "problem": "stale", "last_update": "2020-02-15", "max_months": 12,
                 "found": [{"where": "item", "name": "领导信息", "url": "…", "date": "2020-02-15"}]}}

Not flagged:

- a 机构概况 column whose 机构职能 / 领导信息 items are within the window;
- a single-page 机构职能 page without any date (present; its age cannot be judged);
- a 领导活动 news column (not 负责人信息) — it neither satisfies nor triggers the element;
- no homepage at all (W-V2 reports the outage).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from govinspect.model import ColumnCategory, PageModel
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages, local_date, months_before, page_ok

ELEMENTS = {"概况信息": "profile_terms", "机构职能": "function_terms", "负责人信息": "leader_terms"}
_MAX_LINK_TEXT = 12  # a navigation label, not a headline


def _matches(name: str, terms: list[str], exclude: list[str]) -> bool:
    name = name.strip()
    return bool(name) and any(t and t in name for t in terms) and not any(w and w in name for w in exclude)


def _page_name(page: PageModel) -> str:
    column = next((v for k, v in page.meta.items() if k.lower() == "columnname"), "")
    return column or page.title.split("_")[0].split("-")[0]


def _found(ctx: RuleContext, terms: list[str], exclude: list[str]) -> list[dict[str, Any]]:
    snap = ctx.snapshot
    as_of = snap.as_of_date
    tz = snap.as_of.tzinfo
    out: list[dict[str, Any]] = []
    for column in snap.columns:
        if column.category is not ColumnCategory.PROFILE or not column.reachable:
            continue
        dated = [i for i in column.items if i.date <= as_of]
        if _matches(column.name, terms, exclude):
            last = max((i.date for i in dated), default=None)
            out.append({"where": "column", "name": column.name, "url": column.url, "date": last})
        for entry in dated:
            if _matches(entry.title, terms, exclude):
                out.append({"where": "item", "name": entry.title, "url": entry.url or column.url, "date": entry.date})
    pages = all_pages(snap.homepage, snap.pages)
    for page in pages:
        if page is snap.homepage or page.page_kind == "article" or not page_ok(page):
            continue
        if _matches(_page_name(page), terms, exclude):
            day = local_date(page.pub_date, tz) if page.pub_date is not None else None
            out.append({"where": "page", "name": _page_name(page), "url": page.url,
                        "date": day if day is not None and day <= as_of else None})
    if not out:
        for page in pages:
            for link in page.links:
                if link.tag == "a" and len(link.text.strip()) <= _MAX_LINK_TEXT and _matches(link.text, terms, exclude):
                    out.append({"where": "link", "name": link.text.strip(), "url": link.url, "date": None})
                    break
            if out:
                break
    return out


@rule("W-D3", "profile-stale", title="概况信息未开设或长期不更新", bulletin="概况信息未开设或长期不更新", severity=Severity.DEDUCTION)
def profile_stale(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    if snap.homepage is None:
        return
    cfg = ctx.config
    months = int(cfg["max_months"])
    points = float(cfg["points"])
    exclude = list(cfg["exclude_words"])
    oldest_ok: date = months_before(snap.as_of_date, months)
    for element, key in ELEMENTS.items():
        found = _found(ctx, list(cfg[key]), exclude)
        if not found:
            yield ctx.finding(f"未开设{element}（未找到相应栏目或页面）", url=snap.homepage.url, points=points,
                              details={"element": element, "problem": "missing", "terms": cfg[key]})
            continue
        dates = [f["date"] for f in found if f["date"] is not None]
        if not dates:
            continue  # present, but nothing says when it changed: not judged for age
        last = max(dates)
        if last >= oldest_ok:
            continue
        newest = next(f for f in found if f["date"] == last)
        yield ctx.finding(f"{element}超过{months}个月未更新（最新{last.isoformat()}）", url=newest["url"],
                          points=points,
                          details={"element": element, "problem": "stale", "last_update": last,
                                   "max_months": months, "found": found[:10]})
