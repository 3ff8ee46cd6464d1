"""W-D4 service-stats-stale — 办事统计数据未及时更新

Indicator (国办秘函〔2019〕19号 扣分指标, 办事服务, as self-checks citing it quote it):

    监测时间点前3个月内，未及时更新办事统计数据。        −2

Finds the site's 办件统计 / 办事数据 pages — columns, and pages linked under such a name
(``stats_words``: 办件统计, 办事统计, 办件数据, 办事数据, 办件公示, 办件信息, 办结情况 …) — and takes
the newest date they show (list entries, the publish date, or a date in the text such as
"统计时间：2021年2月28日", never after as_of). When the newest is older than as_of −
``max_months`` calendar months (strict), or no date is shown at all, −``points``.

A site without any such page is not flagged here: whether it must publish one is the
inspector's call (the finding would be noise on department sites that handle no 办件).

Thresholds: ``[rules."W-D4"] max_months`` and ``points`` (verified: CORROBORATED);
``stats_words`` (verified = false).

Example finding::

    {"rule": "W-D4", "severity": "deduction", "points": 2.0,
     "message": "办事统计数据超过3个月未更新（最近2020-11-30）",
     "url": "http://www.example.gov.cn/bsfw/bjtj/",
     "details": {"last_update": "2020-11-30", "max_months": 3,
                 "pages": [{"name": "办件统计", "url": "…", "last_update": "2020-11-30"}]}}

Not flagged:

- statistics updated exactly 3 months before the monitoring point;
- sites without a 办件统计 page or column;
- a 办事指南 column (guides are not statistics).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from govinspect.extract.dates import find_dates
from govinspect.model import PageModel
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages, page_ok, stale_by_months
from govinspect.rules.website._interaction import newest

# Statistics of citizen messages are W-D5's 留言受理反馈情况统计, not 办事统计.
_MESSAGE_WORDS = re.compile(r"留言|来信|信件|咨询|信箱|诉求")
_STATS_DATE = re.compile(r"(?:统计时间|统计日期|截至|截止|数据时间|更新时间|统计截止)\s*[:：]?\s*")


def _page_dates(page: PageModel, as_of: date) -> date | None:
    dates: list[date | None] = [item.date for item in page.dated_items]
    if page.pub_date is not None:
        dates.append(page.pub_date.date())
    for match in _STATS_DATE.finditer(page.text[:20000]):
        found = find_dates(page.text[match.end():match.end() + 20])
        if found:
            dates.append(found[0][0])
    return newest(dates, as_of)


@rule("W-D4", "service-stats-stale", title="办事统计数据未及时更新", bulletin="办事统计数据未及时更新", severity=Severity.DEDUCTION)
def service_stats_stale(ctx: RuleContext) -> Iterator[Finding]:
    snapshot = ctx.snapshot
    as_of = snapshot.as_of_date
    words = list(ctx.config["stats_words"])
    max_months = int(ctx.config["max_months"])
    found: dict[str, dict[str, Any]] = {}
    for column in snapshot.columns:
        if any(word in column.name for word in words) and column.reachable and not _MESSAGE_WORDS.search(column.name):
            page = snapshot.pages.get(column.url)
            dates: list[date | None] = [item.date for item in column.items]
            if page is not None:
                dates.append(_page_dates(page, as_of))
            found[column.url] = {"name": column.name, "url": column.url, "last_update": newest(dates, as_of)}
    for page in all_pages(snapshot.homepage, snapshot.pages):
        if not page_ok(page):
            continue
        for link in page.links:
            if link.url in found or link.region == "hidden" or len(link.text) > 30:
                continue
            if any(word in link.text for word in words) and not _MESSAGE_WORDS.search(link.text):
                target = snapshot.pages.get(link.url)
                if target is not None and page_ok(target):
                    found[link.url] = {"name": link.text.strip(), "url": link.url,
                                       "last_update": _page_dates(target, as_of)}
    if not found:
        return
    entries = sorted(found.values(), key=lambda e: e["url"])
    last = newest([e["last_update"] for e in entries], as_of)
    if not stale_by_months(last, as_of, max_months):
        return
    when = f"（最近{last.isoformat()}）" if last else "（未注明统计时间）"
    yield ctx.finding(
        f"办事统计数据超过{max_months}个月未更新{when}",
        url=entries[0]["url"],
        details={"last_update": last, "max_months": max_months, "pages": entries[:20]},
        points=float(ctx.config["points"]),
    )
