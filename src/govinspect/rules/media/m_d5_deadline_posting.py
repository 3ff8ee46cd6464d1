"""M-D5 deadline-posting — 政务新媒体“踩点”更新

Indicator (the Huizhou seed: 部分政务新媒体存在“踩点”更新现象 — posting just before each 2-week
limit of M-V2 so as never to fail it, rather than keeping the account alive). Within
``window_days`` before the monitoring point, the gaps between consecutive posting days are
measured. The account is reported when at least ``min_gaps`` gaps lie between ``near_days`` and
the M-V2 limit of 14 days, and they make up at least ``min_share`` of all gaps: its posting
clusters just under the limit. Evidence: every gap with its dates.

Not flagged: weekly posting (gaps of 7 days); daily posting with one long holiday gap; an
account that was simply quiet once; too few posts to show a pattern (< ``min_gaps`` + 1 days).

Thresholds (``[rules."M-D5"]``, verified = false: the seed names the practice, not a number):
``window_days``, ``near_days``, ``limit_days``, ``min_gaps``, ``min_share``.

Example finding::

    {"rule": "M-D5", "severity": "deduction",
     "message": "“踩点”更新：近180天12次更新间隔中9次为11–14天",
     "details": {"gaps": [{"from": "2021-01-02", "to": "2021-01-15", "days": 13}, ...]}}
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from itertools import pairwise

from govinspect.rules.base import Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext, judged_posts


@rule("M-D5", "deadline-posting", title="“踩点”更新",
      bulletin="“踩点”更新", severity=Severity.DEDUCTION, target_kind="account")
def deadline_posting(ctx: AccountRuleContext) -> Iterator[Finding]:
    if ctx.data is None:
        return
    window = int(ctx.config["window_days"])
    near, limit = int(ctx.config["near_days"]), int(ctx.config["limit_days"])
    min_gaps = int(ctx.config["min_gaps"])
    past, _ = judged_posts(ctx, tolerance_days=0)
    start = (ctx.as_of - timedelta(days=window)).date()
    days = sorted({p.published.date() for p in past if p.published is not None and p.published.date() >= start})
    if len(days) < min_gaps + 1:
        return
    pairs = list(pairwise(days))
    gaps = [{"from": a, "to": b, "days": (b - a).days} for a, b in pairs]
    close = [g for (a, b), g in zip(pairs, gaps, strict=True) if near <= (b - a).days <= limit]
    share = len(close) / len(gaps)
    if len(close) >= min_gaps and share >= float(ctx.config["min_share"]):
        yield ctx.finding(f"“踩点”更新：近{window}天{len(gaps)}次更新间隔中{len(close)}次为{near}–{limit}天 / posts "
                          "cluster just before each 14-day limit",
                          details={"gaps": gaps, "near_limit": len(close), "share": round(share, 2),
                                   "window_days": window})
