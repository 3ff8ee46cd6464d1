"""W-D6 message-dates-missing — 留言时间或答复时间缺失

Indicator (国办秘函〔2019〕19号 扣分指标, 互动交流, as self-checks citing it quote it):

    公开留言须注明留言时间和答复时间。

Published messages read from message pages and Q&A tables (where the layout promises both
dates): a message without 留言时间, or an answered one (已答复, or reply text shown) without
答复时间, is reported. A list row alone (``[已回复]`` with one date of unknown meaning) is not
judged: its detail page is.

Thresholds: ``[rules."W-D6"] min_messages`` messages lacking a date; ``points`` per finding
and ``cap`` (all verified = false: the points were not found).

Example finding::

    {"rule": "W-D6", "severity": "deduction", "points": 1.0,
     "message": "3条公开留言缺少留言时间或答复时间",
     "url": "http://www.example.gov.cn/hdjl/zxts/t1.html",
     "details": {"count": 3, "missing_asked": 1, "missing_answered": 2, "messages": [...]}}

Not flagged:

- an unanswered message without 答复时间 (nothing to date yet: W-V5b judges it);
- list rows whose only date is the list's (the detail page shows both dates);
- messages in excluded columns (在线访谈, 信访 …) are still counted: the rule is about publishing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.model import MessageStatus
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._interaction import published_messages


@rule("W-D6", "message-dates-missing", title="留言时间或答复时间缺失",
      bulletin="留言时间或答复时间缺失", severity=Severity.DEDUCTION)
def message_dates_missing(ctx: RuleContext) -> Iterator[Finding]:
    bad: list[dict[str, Any]] = []
    no_asked = no_answered = 0
    for published in published_messages(ctx.snapshot):
        if not {"detail", "table"} & set(published.sources):
            continue
        m = published.message
        answered = m.status is MessageStatus.ANSWERED or m.has_reply
        missing = []
        if m.asked is None:
            missing.append("留言时间")
            no_asked += 1
        if answered and m.answered is None:
            missing.append("答复时间")
            no_answered += 1
        if missing:
            bad.append({**published.entry(), "missing": missing})
    if len(bad) < int(ctx.config["min_messages"]):
        return
    yield ctx.finding(
        f"{len(bad)}条公开留言缺少留言时间或答复时间",
        url=bad[0]["url"],
        details={"count": len(bad), "missing_asked": no_asked, "missing_answered": no_answered,
                 "messages": bad[:50]},
        points=float(ctx.config["points"]),
    )
