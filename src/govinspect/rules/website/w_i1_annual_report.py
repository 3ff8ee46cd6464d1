"""W-I1 annual-report-missing — 首页未发布上年度政府网站工作年度报表

Rule (国办函〔2018〕12号《关于做好政府网站年度报表发布工作的通知》, CONFIRMED):

    各级各类政府网站要编制发布《政府网站工作年度报表》……于每年1月31日前在本网站首页显著位置发布。

How it judges (informational, no points):

- Only after ``deadline`` (``[rules."W-I1"] deadline``, verified): from February 1st of
  year Y, the homepage must link to the report for year Y−1.
- A homepage link (its text, or the title of the page it leads to when that page was crawled)
  that names 工作年度报表 (or 年度工作报表) and the year Y−1 (``2020年度``, ``2020年``, ``（2020）``)
  counts.

Example finding::

    {"rule": "W-I1", "severity": "info",
     "message": "首页未发布2020年度政府网站工作年度报表",
     "details": {"year": 2020, "reports_linked": [{"text": "2019年政府网站工作年度报表", "url": "…"}]}}

Not flagged:

- any date in January (before the deadline);
- no link on a homepage cut at the crawler's size limit (W-I4): an ``info`` finding says 不可评估;
- a homepage link to last year's report, whatever the exact wording of the year;
- (flagged, though it looks like one) a link only to an older year's report, or only to the
  政府信息公开工作年度报告 (a different report) — these are listed in the details.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import not_assessable

_REPORT = re.compile(r"(?:网站工作年度报表|网站年度工作报表|网站工作年报|网站年度报表)")


def _names_year(text: str, year: int) -> bool:
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None


@rule("W-I1", "annual-report-missing", title="首页未发布政府网站工作年度报表",
      bulletin="首页未发布政府网站工作年度报表", severity=Severity.INFO)
def annual_report_missing(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    home = snap.homepage
    if home is None:
        return
    as_of = snap.as_of_date
    month, day = (int(part) for part in str(ctx.config["deadline"]).split("-"))
    if as_of <= date(as_of.year, month, day):
        return
    year = as_of.year - 1
    reports: list[dict[str, Any]] = []
    for link in home.links:
        if link.tag != "a":
            continue
        target = snap.pages.get(link.url)
        text = " ".join(t for t in (link.text, target.title if target else "") if t)
        if not _REPORT.search(text):
            continue
        if _names_year(text, year):
            return
        reports.append({"text": link.text.strip(), "url": link.url})
    if home.truncated:  # the link may sit past the cut (W-I4)
        yield not_assessable(ctx, home, f"{year}年度政府网站工作年度报表链接", {"year": year})
        return
    yield ctx.finding(f"首页未发布{year}年度政府网站工作年度报表", url=home.url,
                      details={"year": year, "deadline": f"{as_of.year}-{month:02d}-{day:02d}",
                               "reports_linked": reports[:10]})
