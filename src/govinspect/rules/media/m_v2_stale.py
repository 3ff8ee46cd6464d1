"""M-V2 stale — 政务新媒体监测时间点前2周不更新

Indicator (国办秘函〔2019〕19号, 政务新媒体 单项否决, 更新方面): 监测时间点前2周内无更新.
The account fails when its newest dated post is older than ``max_days`` days before the
monitoring point (``--as-of``). Only posts dated on or before the monitoring point (+
``future_tolerance_days``) count: a post dated in the future (发稿日期超前) must not make a sleeping
account look fresh; such posts are listed in the details.

- Posts exist but none carries a readable date: not assessable (an info finding says so).
- The data holds no post at all (an empty feed): a veto with ``review = true`` — an empty
  account or a broken feed bridge, which an inspector tells apart.
- A closed (关停) account is not judged here (see M-D2).

Thresholds (``[rules."M-V2"]``): ``max_days``, ``future_tolerance_days``.

Example finding::

    {"rule": "M-V2", "severity": "veto",
     "message": "监测时间点前14天内无更新（最近一次发布：2021-02-25，距监测时间点24天）",
     "details": {"last_post": "2021-02-25T09:00:00+08:00", "days": 24, "limit_days": 14}}

Not flagged: a post 13 days before the monitoring point; a post on the monitoring day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from govinspect.rules.base import Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext, judged_posts


@rule("M-V2", "stale", title="不更新", bulletin="未及时更新", severity=Severity.VETO, target_kind="account")
def stale(ctx: AccountRuleContext) -> Iterator[Finding]:
    data = ctx.data
    if data is None:
        return
    limit_days = int(ctx.config["max_days"])
    past, future = judged_posts(ctx, int(ctx.config["future_tolerance_days"]))
    future_list = [{"title": p.title, "date": p.raw_date} for p in future[:10]]
    if not data.posts:
        yield ctx.finding("数据中没有任何发布内容，需人工核实账号是否停更或数据源失效 / the data holds no post: "
                          "check whether the account is silent or its feed is broken", review=True,
                          details={"posts": 0, "limit_days": limit_days})
        return
    if not past:
        if future:
            yield ctx.finding("所有发布日期均晚于监测时间点（发稿日期超前），无法确认近2周有更新 / every post is "
                              "dated after the monitoring point", review=True,
                              details={"future_posts": future_list, "limit_days": limit_days})
        else:
            yield ctx.not_assessable(f"{len(data.posts)}条发布内容均无可识别的发布日期 / no post carries a readable date")
        return
    newest = max(past, key=lambda p: p.published or ctx.as_of)
    assert newest.published is not None
    if newest.published >= ctx.as_of - timedelta(days=limit_days):
        return
    days = (ctx.as_of.date() - newest.published.date()).days
    yield ctx.finding(f"监测时间点前{limit_days}天内无更新（最近一次发布：{newest.published.date()}，距监测时间点{days}天）"
                      f" / no post in the {limit_days} days before the monitoring point",
                      url=newest.url or None, excerpt=newest.title,
                      details={"last_post": newest.published, "last_title": newest.title, "days": days,
                               "limit_days": limit_days, **({"future_posts": future_list} if future else {})})
