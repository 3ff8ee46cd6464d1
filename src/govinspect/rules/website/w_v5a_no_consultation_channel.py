"""W-V5a no-consultation-channel — 未提供咨询建言渠道

Indicator (国办秘函〔2019〕19号, 互动回应差, 单项否决 item 1):

    未提供网上有效咨询建言渠道（网上信访、纪检举报等专门渠道除外）。

A consultation channel is a link (navigation or body, on any crawled page) whose text names one —
``channel_words``: 信箱 (领导信箱, 市长信箱 …), 咨询, 建言, 献策, 留言, 互动, 写信, 来信, 问政,
12345, 诉求 — and that works: its page was fetched and carries a 留言 form (a text area) or
published messages (a list of letters, a Q&A table). A generic entry (互动交流, 政民互动) counts
only with a form or messages of its own; its sub-channels are judged as links themselves. A link
to another host that answers (a city-wide 12345 or 政民互动 platform) counts too.

Not channels (``excluded_words``): 信访, 纪检, 举报, 监察, 检举 (the special channels the indicator
excludes) and 访谈 (在线访谈: citizens cannot write there).

Thresholds: ``[rules."W-V5a"] channel_words`` and ``excluded_words`` (verified = false: our word
lists, not the indicator's).

Evidence: where it looked — pages scanned, every candidate link and why it did not count. When
candidates exist whose pages were never fetched (crawl limits), the finding needs review; so
does one on a homepage cut at the crawler's size limit (W-I4: the channel may sit past the cut).

Example finding::

    {"rule": "W-V5a", "severity": "veto",
     "message": "未提供网上有效咨询建言渠道（仅有信访、纪检举报等专门渠道）",
     "url": "http://www.example.gov.cn/",
     "details": {"pages_scanned": 120,
                 "candidates": [{"text": "网上信访", "url": "…/xf/", "found_on": "…/",
                                 "reason": "信访、纪检举报等专门渠道不计 / special channel"}]}}

Not flagged:

- a site whose only channel is an external platform link that answers;
- a 咨询投诉 column with published answered messages (the channel works);
- an unreachable site (W-V2 reports it: nothing was crawled to look at).
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import page_ok
from govinspect.rules.website._interaction import consultation_channels


@rule("W-V5a", "no-consultation-channel", title="未提供咨询建言渠道", bulletin="互动回应不到位", severity=Severity.VETO)
def no_consultation_channel(ctx: RuleContext) -> Iterator[Finding]:
    home = ctx.snapshot.homepage
    if home is None or not page_ok(home):
        return
    words = list(ctx.config["channel_words"])
    excluded = list(ctx.config["excluded_words"])
    found = consultation_channels(ctx.snapshot, words, excluded)
    if found.accepted:
        return
    special = any("专门渠道" in c["reason"] for c in found.rejected)
    message = "未提供网上有效咨询建言渠道" + ("（仅有信访、纪检举报等专门渠道）" if special else "")
    # a homepage cut at the size limit (W-I4) may hold the channel past the cut: review, not veto
    unsure = found.unverified > 0 or home.truncated
    yield ctx.finding(
        message,
        url=ctx.site.url,
        details={"pages_scanned": found.pages_scanned, "candidates": found.rejected[:50],
                 "channel_words": words, "excluded_words": excluded, "homepage_truncated": home.truncated},
        confidence=Confidence.MEDIUM if unsure else None,
        review=True if unsure else None,
    )
