"""M-D6 typos — 政务新媒体错别字

Indicator (国办秘函〔2019〕19号, 政务新媒体 内容方面: 错别字、表述不规范), as W-D12 for websites:
the same typo detector runs on the titles and bodies of the newest ``max_posts`` posts, with the
account's own names (账号名称, 开设主体, 主管单位, 地区) and jieba's proper nouns protected, and
only detections of at least ``min_confidence``. The same "typo" in ``term_posts`` or more posts
is the account's own term, not a slip. Each finding needs review; at most ``max_findings``.

Not flagged: correct prose (部署 where 部署 is meant); the account's own names (a 账号名称 or
开设主体 written with an unusual character); one spelling used in ``term_posts`` or more posts
(the account's own usage, reported once in a single post); detections below ``min_confidence``.

Thresholds (``[rules."M-D6"]``, verified = false): as W-D12's (``threshold``, ``min_word_freq``,
``min_confidence``), ``max_posts``, ``max_findings``, ``term_posts``.

Example finding::

    {"rule": "M-D6", "severity": "deduction", "review": true,
     "message": "疑似错别字：“部署”误作“布署”",
     "details": {"text": "布署", "suggestion": "部署", "post": "关于布署春季防火工作的通知"}}
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from govinspect.content.typos import TypoParams
from govinspect.rules.base import Confidence, Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext, post_passages
from govinspect.rules.website.w_d12_typos import _checker, _key, proper_noun_spans

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@rule("M-D6", "typos", title="错别字",
      bulletin="错别字", severity=Severity.DEDUCTION, confidence=Confidence.MEDIUM, review=True,
      target_kind="account")
def typos(ctx: AccountRuleContext) -> Iterator[Finding]:
    if ctx.data is None:
        return
    account = ctx.account
    protected = tuple(sorted({m.group(0) for text in (account.name, account.sponsor, account.supervisor,
                                                      account.region) for m in _HAN_RUN.finditer(text or "")}))
    checker = _checker(TypoParams(float(ctx.config["threshold"]), int(ctx.config["min_word_freq"])), protected)
    min_confidence = float(ctx.config["min_confidence"])
    found = []
    for post, text in post_passages(ctx.data, int(ctx.config["max_posts"])):
        problems = [p for p in checker.check(text, post.url) if p.rule == "W-D12" and p.confidence >= min_confidence]
        if problems:
            names = proper_noun_spans(text)
            found += [(post, p) for p in problems if not any(a <= p.start and p.end <= b for a, b in names)]
    posts_with: dict[str, set[str]] = defaultdict(set)
    for post, p in found:
        posts_with[_key(p)].add(post.url or post.title)
    limit, min_repeat = int(ctx.config["max_findings"]), int(ctx.config["term_posts"])
    reported: set[tuple[str, str]] = set()
    for post, p in found:
        if len(posts_with[_key(p)]) >= min_repeat or (p.context, p.text) in reported:
            continue
        reported.add((p.context, p.text))
        if len(reported) > limit:
            return
        yield ctx.finding(p.message, url=post.url or None, excerpt=p.context,
                          details={"text": p.text, "suggestion": p.suggestion, "context": p.context,
                                   "post": post.title, "confidence": p.confidence})
