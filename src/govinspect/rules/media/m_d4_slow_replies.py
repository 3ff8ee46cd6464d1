"""M-D4 slow-replies — 政务新媒体互动回应不及时

Indicator (国办秘函〔2019〕19号, 政务新媒体 互动方面; the Shanghai seed: 回复频率不高、反应速度较慢).
Users' comments and messages dated within ``window_days`` before the monitoring point are
counted (a comment without a date counts when its post is in the window). With at least
``min_comments`` of them the account is reported when

- fewer than ``min_reply_rate`` of them have an official reply (低回复率), or
- the median time to the first reply exceeds ``max_reply_days`` (回复慢; only comments whose
  comment and reply times are both known).

Comments with fewer than ``min_comments`` in the window are too few to judge (nothing reported).
A format that carries no comments (RSS, Atom, JSON Feed, an export without comment columns) is
not assessable, said by an info finding. A CSV export with 评论数/回复数 columns is judged on the
reply rate only.

Not flagged: comments answered within ``max_reply_days`` (one open comment among many answered
ones); fewer than ``min_comments`` comments in the window; unanswered comments older than the
window; an account whose posts were captured with their (empty) comment lists — no comments
means nothing to reply to.

Thresholds (``[rules."M-D4"]``, all verified = false: 19号 names the problem, not a number):
``window_days``, ``min_comments``, ``min_reply_rate``, ``max_reply_days``.

Example finding::

    {"rule": "M-D4", "severity": "deduction",
     "message": "互动回应不及时：近90天12条留言仅回复3条（25%）",
     "details": {"comments": 12, "replied": 3, "reply_rate": 0.25, "median_reply_days": 9.5}}
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from datetime import timedelta

from govinspect.rules.base import Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext


@rule("M-D4", "slow-replies", title="互动回应不及时",
      bulletin="互动回应不及时", severity=Severity.DEDUCTION, target_kind="account")
def slow_replies(ctx: AccountRuleContext) -> Iterator[Finding]:
    data = ctx.data
    if data is None:
        return
    if all(post.comments is None for post in data.posts):
        yield ctx.not_assessable(f"{data.format}格式不含留言评论 / the {data.format} format carries no comments")
        return
    window = int(ctx.config["window_days"])
    start, end = ctx.as_of - timedelta(days=window), ctx.as_of
    comments = []
    for post in data.posts:
        for comment in post.comments or []:
            when = comment.at or post.published
            if when is not None and start <= when <= end:
                comments.append(comment)
    if len(comments) < int(ctx.config["min_comments"]):
        return
    replied = [c for c in comments if c.replies]
    rate = len(replied) / len(comments)
    delays = [(min(r.at for r in c.replies if r.at) - c.at).total_seconds() / 86400
              for c in replied if c.at is not None and any(r.at for r in c.replies)]
    median = round(statistics.median(delays), 1) if delays else None
    problems = []
    if rate < float(ctx.config["min_reply_rate"]):
        problems.append(f"近{window}天{len(comments)}条留言仅回复{len(replied)}条（{rate:.0%}）")
    if median is not None and median > float(ctx.config["max_reply_days"]):
        problems.append(f"回复平均用时中位数{median}天")
    if problems:
        yield ctx.finding(f"互动回应不及时：{'；'.join(problems)} / low reply rate or slow replies",
                          details={"comments": len(comments), "replied": len(replied), "reply_rate": round(rate, 2),
                                   "median_reply_days": median, "window_days": window})
