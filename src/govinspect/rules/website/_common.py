"""Helpers shared by the website rules (not a rule: no ``@rule`` here).

Date windows follow INDICATORS.md: 2周 is 14 calendar days; "超过N个月" is strictly more than
N calendar months, counted back from the monitoring point (监测时间点).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from dateutil.relativedelta import relativedelta

from govinspect.model import Column, FetchResult, PageModel, cut_size
from govinspect.rules.base import Finding, RuleContext, Severity


def months_before(day: date, months: int) -> date:
    """The same calendar day ``months`` months earlier (clamped to the month's end: 08-31 − 6 → 02-28)."""
    return day - relativedelta(months=months)


def stale_by_days(last: date | None, as_of: date, max_days: int) -> bool:
    """More than ``max_days`` days without an update: exactly ``max_days`` is still fresh."""
    return last is None or (as_of - last).days > max_days


def stale_by_months(last: date | None, as_of: date, max_months: int) -> bool:
    """超过N个月未更新: last update strictly before the day N calendar months before ``as_of``."""
    return last is None or last < months_before(as_of, max_months)


def local_date(value: datetime, tz: tzinfo | None) -> date:
    """The calendar date of ``value`` in the monitoring point's timezone (naive values taken as local)."""
    if value.tzinfo is not None and tz is not None:
        return value.astimezone(tz).date()
    return value.date()


def last_real_update(column: Column, as_of: date) -> date | None:
    """Newest item date not after the monitoring point: a future (forged) date proves no update."""
    return max((item.date for item in column.items if item.date <= as_of), default=None)


def all_pages(homepage: PageModel | None, pages: dict[str, PageModel]) -> list[PageModel]:
    """The homepage plus every other crawled page, each once."""
    out: list[PageModel] = []
    seen: set[str] = set()
    for page in ([homepage] if homepage is not None else []) + list(pages.values()):
        if page.url in seen:
            continue
        seen.add(page.url)
        out.append(page)
    return out


def page_ok(page: PageModel) -> bool:
    """A page whose content rules may judge: answered 2xx/3xx (or status unknown) and not a soft 404."""
    return (page.status is None or 200 <= page.status < 400) and not page.is_soft404


# Errors that are the crawler's own limits or faults, not the site's: the page did answer.
_NOT_SITE_ERRORS = ("too_large", "internal", "render")


def site_error(error: str | None) -> bool:
    """An error that says the site failed (timeout, dns, refused, tls …), not our crawler."""
    return error is not None and not error.startswith(_NOT_SITE_ERRORS)


def link_broken(fetch: FetchResult) -> bool:
    """错链断链: the fetch failed because of the site (error, no answer, status ≥ 400, soft 404)."""
    if site_error(fetch.error) or fetch.soft404:
        return True
    if fetch.error is not None:  # our own limit (too_large …): judged by the status it kept, if any
        return fetch.status is not None and fetch.status >= 400
    return fetch.status is None or fetch.status >= 400


def fetch_problem(fetch: FetchResult) -> str:
    """A short description of why a fetch failed: the error, the HTTP status or soft 404."""
    if site_error(fetch.error):
        return fetch.error or ""
    if fetch.status is None:
        return "no response"
    if fetch.status >= 400:
        return f"HTTP {fetch.status}"
    if fetch.soft404:
        return "soft404"
    return "ok"


def megabytes(size: int) -> str:
    """A byte count as 中文 readers see file sizes: "20.0 MB"."""
    return f"{size / 1_000_000:.1f} MB"


def not_assessable(ctx: RuleContext, page: PageModel, what: str, details: dict[str, Any] | None = None) -> Finding:
    """不可评估: ``what`` was not found on ``page``, but the page was cut at the crawler's size
    limit (W-I4), so its absence is not reported. An ``info`` finding under the calling rule's
    code: visible in findings.json and ``explain``, never a deduction or a veto."""
    fetch = ctx.snapshot.fetches.get(page.url)
    size = cut_size(fetch.error if fetch is not None else None)
    where = "首页" if page is ctx.snapshot.homepage else "页面"
    return ctx.finding(
        f"{where}超过抓取大小上限被截断，未见{what}，不可评估 / not assessable: page cut at the size limit",
        url=page.url,
        severity=Severity.INFO,
        review=False,
        details={"assessable": False, "reason": "truncated", "not_found": what,
                 "size": size.size if size else None, "size_exact": size.exact if size else False,
                 **(details or {})},
    )
