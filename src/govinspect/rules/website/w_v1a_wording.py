"""W-V1a serious-wording-error — 严重表述错误

Indicator (国办秘函〔2019〕19号 单项否决, 安全、泄密事故等严重问题 第1项): 出现严重表述错误.
A person confirms every finding (review = true): until then it does not change the verdict.

Checked on the title and visible text of every judged page (articles first, at most
``max_pages``), each distinct line once per site, at the page's publish date (else the
monitoring point), against the maintained lexicon in ``govinspect/data/wording/``
(NEEDS MAINTENANCE after each reshuffle):

- 党和国家领导人: a protected name written with a homophone or a similar-shaped character next to
  a title (习进平总书记 → 习近平); a name–title pair the person did not hold on that date (国务院
  副总理李强 in 2024 → 国务院总理; 国务院总理李克强 on a 2024 page → 原国务院总理);
- 规范表述: wrong counts (三个自信 → 四个自信 after 2016-07-01; 二个维护 → 两个维护) and wrong items
  (四个意识（…看起意识）→ 看齐意识);
- 涉台港澳: 台湾国 → 中国台湾 / 台湾地区, 台湾总统 → 台湾地区领导人, 香港政府 → 香港特别行政区政府 …;
- 落马官员 (``fallen.toml``): an official under investigation presented with a post after the date
  of the announcement, without 原 / 落马 / 被查 … in the sentence.

Thresholds (``[rules."W-V1a"]``): ``max_pages`` = 500, ``max_findings`` = 50 (verified = false).

Example finding::

    {"rule": "W-V1a", "severity": "veto", "review": true,
     "message": "规范表述错误：“三个自信”应为“四个自信” / wrong formulation: 三个自信 → 四个自信",
     "url": "https://www.example.gov.cn/xwzx/t1.html",
     "details": {"category": "formulation", "text": "三个自信", "suggestion": "四个自信",
                 "context": "坚定三个自信", "on": "2021-03-01"}}

Not flagged:

- the correct forms (四个意识、四个自信、两个维护), in quotes or not; 三个自信 on a page published
  before 2016-07-01; 三个全面覆盖 (another phrase);
- 原国务院总理…, 时任…, a leader's title valid on the page's date; 台湾国际机场, 台湾地区;
- an official under investigation named as 原… or in a sentence about the case.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from govinspect.content.check import ContentChecker
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._content import site_passages


@lru_cache(maxsize=1)
def _checker() -> ContentChecker:
    return ContentChecker(("W-V1a",))


@rule("W-V1a", "serious-wording-error", title="严重表述错误", severity=Severity.VETO, review=True)
def serious_wording_error(ctx: RuleContext) -> Iterator[Finding]:
    checker = _checker()
    limit = int(ctx.config["max_findings"])
    count = 0
    for passage in site_passages(ctx.snapshot, int(ctx.config["max_pages"])):
        for p in checker.check(passage.text, passage.url, on=passage.on):
            count += 1
            if count > limit:
                return
            yield ctx.finding(p.message, url=passage.url, excerpt=p.context,
                              details={"category": p.category, "text": p.text, "suggestion": p.suggestion,
                                       "context": p.context, "offset": p.start, "on": passage.on})
