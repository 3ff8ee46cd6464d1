"""W-V3 homepage-stale — 首页不更新

Indicator (国办秘函〔2019〕19号, 单项否决):

    监测2周，首页无信息更新的，即单项否决。如首页仅为网站栏目导航入口，所有二级页面无信息更新的，即单项否决。

Threshold: ``[rules."W-V3"] max_days`` (verified = true). Counted back from the monitoring
point (``--as-of``): an item dated exactly 14 days before it is still an update, 15 days is not.

How it judges:

- The newest dated item on the homepage (``PageModel.dated_items``) must not be older than
  ``max_days``. Items dated after the monitoring point are ignored here (a forged future date
  proves nothing; W-V1e reports it).
- Navigation-only homepage (no dated items): the second-level pages count instead — level-1
  columns (``snapshot.columns``) and crawled pages linked from the homepage (their list items and
  publish dates). Veto only if NONE of them has an item within ``max_days``.
- Nothing dated anywhere (homepage and second-level pages): the list may be built by JavaScript,
  so the rule does not veto silently. It reports a low-confidence finding with ``review = true``
  ("无法判断首页是否更新"), which does not fail the site until an inspector confirms it.
- No homepage at all: nothing here; W-V2 (unreachable) reports a homepage that could not be fetched.

Evidence: the homepage's WARC record; details list the newest item (title, url, date) and the
number of dated items looked at.

Example finding::

    {"rule": "W-V3", "severity": "veto",
     "message": "首页超过14天未更新（最新信息日期2021-02-20）",
     "url": "https://www.example.gov.cn/",
     "details": {"basis": "homepage", "newest": {"title": "…", "url": "…", "date": "2021-02-20"},
                 "days_since": 29, "max_days": 14, "dated_items": 12}}

Not flagged:

- the newest homepage item exactly 14 days old;
- a navigation-only homepage where at least one second-level page was updated within 14 days;
- (flagged, though it looks fresh: a homepage whose only recent items are dated after the
  monitoring point — future dates are ignored for freshness and reported by W-V1e);
- old dates in article body text (only list items and publish dates count);
- a homepage that could not be fetched (W-V2's business);
- a homepage cut at the crawler's size limit (W-I4) whose part read shows nothing fresh: fresher
  items may sit past the cut, so an ``info`` finding says 不可评估 instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from govinspect.model import DatedItem, PageModel
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import local_date, not_assessable, page_ok


def _newest(items: list[DatedItem], as_of: date) -> DatedItem | None:
    valid = [item for item in items if item.date <= as_of]
    return max(valid, key=lambda item: item.date, default=None)


def _second_level_items(ctx: RuleContext, homepage: PageModel) -> tuple[list[DatedItem], int]:
    """Dated items of the second-level pages and how many such pages were looked at."""
    snap = ctx.snapshot
    items: list[DatedItem] = []
    looked = 0
    for column in snap.columns:
        if column.level <= 1 and column.reachable:
            looked += 1
            items.extend(column.items)
    linked = {link.url for link in homepage.links if link.tag == "a"}
    tz = snap.as_of.tzinfo
    for url, page in snap.pages.items():
        if url == homepage.url or url not in linked or not page_ok(page):
            continue
        looked += 1
        items.extend(page.dated_items)
        if page.pub_date is not None and page.pub_date_source in ("meta", "label"):
            items.append(DatedItem(page.title, page.url, local_date(page.pub_date, tz)))
    return items, looked


@rule("W-V3", "homepage-stale", title="首页不更新", bulletin="首页不更新", severity=Severity.VETO)
def homepage_stale(ctx: RuleContext) -> Iterator[Finding]:
    homepage = ctx.snapshot.homepage
    if homepage is None:
        return
    max_days = int(ctx.config["max_days"])
    as_of = ctx.snapshot.as_of_date
    newest = _newest(homepage.dated_items, as_of)
    basis = "homepage"
    looked = 1
    items = homepage.dated_items
    if newest is None:
        basis = "second-level pages"
        items, looked = _second_level_items(ctx, homepage)
        newest = _newest(items, as_of)
    if homepage.truncated and (newest is None or (as_of - newest.date).days > max_days):
        # fresher items may sit past the cut (W-I4): staleness is not shown
        yield not_assessable(ctx, homepage, f"{max_days}天内更新的信息",
                             {"newest": newest.date if newest is not None else None, "max_days": max_days})
        return
    if newest is None:
        yield ctx.finding(
            "首页及二级页面均未发现带日期的信息，无法判断是否更新（可能由脚本生成），需人工核查",
            url=homepage.url,
            details={"basis": basis, "pages_looked_at": looked, "needs_render": homepage.needs_render,
                     "max_days": max_days},
            confidence=Confidence.LOW,
            review=True,
        )
        return
    days = (as_of - newest.date).days
    if days <= max_days:
        return
    where = "首页" if basis == "homepage" else "首页为导航页，所有二级页面均"
    yield ctx.finding(
        f"{where}超过{max_days}天未更新（最新信息日期{newest.date.isoformat()}）",
        url=homepage.url,
        excerpt=newest.title,
        details={
            "basis": basis,
            "newest": {"title": newest.title, "url": newest.url, "date": newest.date},
            "days_since": days,
            "max_days": max_days,
            "dated_items": len(items),
            "pages_looked_at": looked,
        },
    )
