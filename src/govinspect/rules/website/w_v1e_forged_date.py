"""W-V1e forged-date — 伪造发稿日期（发稿日期超前）

Indicator (国办秘函〔2019〕19号, 安全、泄密事故等严重问题, 单项否决 item 5):

    存在弄虚作假行为（如伪造发稿日期等）。

An article cannot have been published after the monitoring point. This rule reports publish
dates later than ``as_of`` + ``future_tolerance_days`` (``[rules."W-V1e"]``, verified =
true; the tolerance absorbs time-zone and overnight-publishing slips).

What counts as a claimed publish date:

- an article's ``pub_date`` taken from the PubDate meta tag or a 发布时间/发布日期 label
  (``pub_date_source`` "meta" or "label");
- the date printed next to an entry in a list (homepage lists, column lists).

What does not: a date guessed from body text (``pub_date_source`` "htmldate" or empty) — a
future date in the text is usually a deadline or an event (e.g. 报名截止2021年5月1日).

Severity veto. Where the article's own PubDate meta tag or 发布时间 label claims the future date,
confidence is high and the veto stands (the Liaoning seed: "发布日期超前"). Where only a list
shows the date (it might be an event date in a 预告 list), confidence is medium and
``review = true``: a person confirms before the bulletin lists it. Dates guessed from URLs
(``raw_date`` "url:…") never count. One finding per claimed article URL (the same article dated
in several lists is one finding).

Example finding::

    {"rule": "W-V1e", "severity": "veto", "confidence": "high",
     "message": "发稿日期超前：2021-04-02晚于监测时间点2021-03-21",
     "url": "https://www.example.gov.cn/xxgk/tzgg/202104/t20210402_1.html",
     "details": {"claimed_date": "2021-04-02", "as_of": "2021-03-21", "tolerance_days": 1,
                 "sources": [{"kind": "meta PubDate", "page": "…/t20210402_1.html"},
                             {"kind": "list item", "page": "…/tzgg/", "raw": "2021-04-02"}]}}

Not flagged:

- a publish date exactly ``as_of`` + tolerance (one day ahead);
- a future date in body text or found only by htmldate;
- a list item dated today.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages, local_date

_SOURCE_NAMES = {"meta": "meta PubDate", "label": "发布时间 label"}


@rule("W-V1e", "forged-date", title="伪造发稿日期", bulletin="发稿日期超前", severity=Severity.VETO)
def forged_date(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    tolerance = int(ctx.config["future_tolerance_days"])
    limit = snap.as_of_date + timedelta(days=tolerance)
    tz = snap.as_of.tzinfo
    claims: dict[str, tuple[date, list[dict[str, Any]]]] = {}

    def claim(url: str, day: date, source: dict[str, Any]) -> None:
        if day <= limit:
            return
        known = claims.get(url)
        if known is None:
            claims[url] = (day, [source])
        else:
            known[1].append(source)
            claims[url] = (max(known[0], day), known[1])

    for page in all_pages(snap.homepage, snap.pages):
        if page.pub_date is not None and page.pub_date_source in _SOURCE_NAMES:
            claim(page.url, local_date(page.pub_date, tz),
                  {"kind": _SOURCE_NAMES[page.pub_date_source], "page": page.url})
        for item in page.dated_items:
            if item.raw_date.startswith("url:"):
                continue
            claim(item.url or page.url, item.date,
                  {"kind": "list item", "page": page.url, "title": item.title, "raw": item.raw_date})
    for column in snap.columns:
        for item in column.items:
            if item.raw_date.startswith("url:"):
                continue
            claim(item.url or column.url, item.date,
                  {"kind": "list item", "page": column.url, "column": column.name, "title": item.title,
                   "raw": item.raw_date})

    for url, (day, sources) in sorted(claims.items()):
        # the same list is often seen both as a page and as a column: keep each place once
        unique: list[dict[str, Any]] = []
        for source in sources:
            if not any(s["kind"] == source["kind"] and s["page"] == source["page"] for s in unique):
                unique.append(source)
        own_claim = any(s["kind"] in _SOURCE_NAMES.values() for s in unique)
        yield ctx.finding(
            f"发稿日期超前：{day.isoformat()}晚于监测时间点{snap.as_of_date.isoformat()}",
            url=url,
            evidence_url=url if url in snap.fetches else unique[0]["page"],
            excerpt=str(unique[0].get("title") or unique[0].get("raw") or ""),
            details={"claimed_date": day, "as_of": snap.as_of_date, "tolerance_days": tolerance,
                     "sources": unique},
            confidence=Confidence.HIGH if own_claim else Confidence.MEDIUM,
            review=not own_claim,
        )
