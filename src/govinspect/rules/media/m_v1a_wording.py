"""M-V1a serious-wording-error — 政务新媒体严重表述错误

Indicator (国办秘函〔2019〕19号, 政务新媒体 单项否决, 安全方面): 出现严重表述错误.
The same engine as W-V1a (leaders' names and titles at the post's date, official formulations,
Taiwan/Hong Kong/Macao naming, fallen officials) runs on the title and body of every post the
account's data carries, newest first, at most ``max_posts``; each post is judged at its own
publish date. A person confirms every finding (review = true).

Thresholds (``[rules."M-V1a"]``): ``max_posts``, ``max_findings``.

Example finding::

    {"target": "微信:gh_3a7f0c21d9e4", "rule": "M-V1a", "severity": "veto", "review": true,
     "message": "规范表述错误：“三个自信”应为“四个自信” / wrong formulation: 三个自信 → 四个自信",
     "url": "https://mp.weixin.qq.com/s/abc",
     "details": {"category": "formulation", "text": "三个自信", "suggestion": "四个自信",
                 "post": "学习贯彻全会精神", "on": "2021-03-10"}}

Not flagged: the correct forms; a leader's title valid on the post's date; 台湾地区.
An account whose data could not be read is reported once, as a collection error, not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from govinspect.content.check import ContentChecker
from govinspect.rules.base import Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext, post_day, post_passages


@lru_cache(maxsize=1)
def _checker() -> ContentChecker:
    return ContentChecker(("W-V1a",))


@rule("M-V1a", "serious-wording-error", title="严重表述错误",
      bulletin="严重表述错误", severity=Severity.VETO, review=True,
      target_kind="account")
def serious_wording_error(ctx: AccountRuleContext) -> Iterator[Finding]:
    if ctx.data is None:
        return
    limit = int(ctx.config["max_findings"])
    count = 0
    for post, text in post_passages(ctx.data, int(ctx.config["max_posts"])):
        on = post_day(post) or ctx.as_of.date()
        for p in _checker().check(text, post.url, on=on):
            count += 1
            if count > limit:
                return
            yield ctx.finding(p.message, url=post.url or None, excerpt=p.context,
                              details={"category": p.category, "text": p.text, "suggestion": p.suggestion,
                                       "context": p.context, "post": post.title, "on": on})
