"""W-V5b messages-unanswered — 留言超期未回应

Indicator (国办秘函〔2019〕19号, 互动回应差, 单项否决 item 2):

    监测时间点前1年内，对网民留言应及时答复处理的政务咨询类栏目（在线访谈、调查征集、网上信访、
    纪检举报类栏目除外）存在超过3个月未回应有效留言的现象。

Published messages (extract/messages.py: Q&A tables, lists with [已回复] markers, message pages
with 留言时间…答复时间) are merged by URL. A message counts when its 留言时间 lies in
[as_of − ``window_months``, as_of] and it is valid (not 不予受理/无效/重复). It is flagged when

- it has no 答复 and more than ``max_reply_months`` calendar months have passed since it was
  written (strict: written 2020-12-21, as_of 2021-03-21 is exactly 3 months — not flagged), or
- it was answered more than ``max_reply_months`` months after it was written.

办理中 (processing) without a published reply counts as not answered.

Columns excluded by name (``excluded_column_words``): 在线访谈/访谈, 调查/征集, 信访, 纪检, 举报 —
the message's column is known from its page's ColumnName meta or breadcrumb, the column whose
list shows it, or the column whose URL holds it.

Thresholds: ``[rules."W-V5b"] window_months`` and ``max_reply_months`` (verified);
``excluded_column_words`` (verified = false: our reading of the column types).

A message with no date of its own (only a list date of unknown meaning) cannot be judged and is
left to W-D6. When every flagged message is open only because its page shows no reply at all
(no status given), the finding needs review: the reply may be shown elsewhere.

Example finding::

    {"rule": "W-V5b", "severity": "veto",
     "message": "1条有效留言超过3个月未回应",
     "url": "http://www.example.gov.cn/hdjl/zxts/202011/t20201115_1.html",
     "details": {"count": 1, "window_start": "2020-03-21", "max_reply_months": 3,
                 "messages": [{"title": "关于小区加装电梯补贴的咨询", "asked": "2020-11-15",
                               "answered": null, "status": "未答复", "column": "咨询投诉",
                               "reason": "unanswered", "deadline": "2021-02-15"}]}}

Not flagged:

- an unanswered message in an 在线访谈 (or 信访, 纪检举报, 调查征集) column;
- an unanswered message written more than 1 year before the monitoring point;
- a message answered 2 months (or exactly 3 months) after it was written;
- a message marked 不予受理 / 无效留言.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from govinspect.model import MessageStatus
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import months_before
from govinspect.rules.website._interaction import excluded, published_messages


def _deadline(asked: date, months: int) -> date:
    return asked + relativedelta(months=months)


@rule("W-V5b", "messages-unanswered", title="留言超期未回应", bulletin="互动回应不到位", severity=Severity.VETO)
def messages_unanswered(ctx: RuleContext) -> Iterator[Finding]:
    as_of = ctx.snapshot.as_of_date
    window = int(ctx.config["window_months"])
    limit = int(ctx.config["max_reply_months"])
    words = list(ctx.config["excluded_column_words"])
    start = months_before(as_of, window)
    late: list[dict[str, Any]] = []
    inferred_only = True
    for published in published_messages(ctx.snapshot):
        message = published.message
        if message.asked is None or not start <= message.asked <= as_of:
            continue
        if message.status is MessageStatus.INVALID or excluded(published, words):
            continue
        deadline = _deadline(message.asked, limit)
        entry = published.entry()
        if message.answered is not None:
            if message.answered <= deadline:
                continue
            entry.update(reason="answered late", deadline=deadline,
                         reply_days=(message.answered - message.asked).days)
        elif message.status is MessageStatus.ANSWERED or message.has_reply:
            continue  # answered, date not shown: W-D6
        elif as_of > deadline:
            entry.update(reason="unanswered", deadline=deadline, open_days=(as_of - message.asked).days)
        else:
            continue
        if message.explicit_status or message.answered is not None:
            inferred_only = False
        late.append(entry)
    if not late:
        return
    late.sort(key=lambda e: e["asked"])
    yield ctx.finding(
        f"{len(late)}条有效留言超过{limit}个月未回应",
        url=late[0]["url"],
        details={"count": len(late), "window_start": start, "max_reply_months": limit, "messages": late[:50]},
        confidence=Confidence.MEDIUM if inferred_only else None,
        review=True if inferred_only else None,
    )
