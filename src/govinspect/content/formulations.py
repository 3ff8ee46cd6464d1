"""规范表述 (part of W-V1a): the counts, numerals, items and order of the standard formulations
(``formulations.toml``: 四个意识, 四个自信, 两个维护, 两个确立, 五位一体, 四个全面, 三个代表 …),
in any quotes (“” "" 「」 『』 ‘’ ''), with spaces or full-width characters between the
characters (四 个 自 信, ４个自信).

Grades (``FormulationHit.firm``):

- firm — a count that was never right when the text shows the formulation is meant: its items
  are listed (三个意识（政治意识、大局意识、核心意识、看齐意识）), it is listed with another
  standard formulation (增强四个意识、坚定五个自信), the formulation's verb comes before it
  (做到三个维护) or its tail after it (三个一百年奋斗目标); a once-right count listed with another
  formulation or with today's items; an item miswritten with a confusable character (看起意识 →
  看齐意识); the right count with a confusable character in the rest (两个确力, 五位一休) in
  the same contexts.
- review — a wrong count without such context (a specific formulation written alone), a count
  that was right before the formulation changed (三个自信 before 文化自信 was added in 2016,
  四位一体 before 2012) with only a verb or tail beside it, a numeral written in a non-standard
  way (二个维护, 4个意识), items in another order, an item that is not one of the formulation's.

Not reported: a date before the formulation existed; a previous count in a sentence about its
history (党的十八大提出三个自信, a year before the change); the right form in the same sentence
(从三个自信到四个自信); a count followed by more words (三个全面覆盖, 三个自信心) or an ordinal
(第三个代表团); a listed set of other items (三个意识（服务意识、责任意识、创新意识）, a local
formulation); a wrong count that is an ordinary word (三位一体) without context; a wrong count of
a generic formulation (三个结合, 三项基本原则, 三学一做) without context.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from govinspect.content.leader_names import confusable
from govinspect.content.leader_names import sentence_at as _sentence
from govinspect.content.typos import load_model

if TYPE_CHECKING:
    from govinspect.content.wording import Formulation

NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNT = "[一二两三四五六七八九十0-9０-９]"
# Han characters that may follow a formulation (增强四个意识和…, 四个全面战略布局); any other Han
# character makes it part of a longer phrase (三个全面覆盖).
_AFTER = set("总战的和与是为中上要及等重精落贯")
# A sentence telling the formulation's history: a previous count is right in it.
_HISTORY = re.compile(r"提出|十八大|十七大|十六大|十五大|当时|此前|以前|原来|最初|起初|发展为|拓展为|扩展为|增加|加上|"
                      r"基础上|历程|演进|从.{0,20}到")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_OPENER = re.compile(r"\s*(?:[（(]|[，,]?\s*即|[：:]|[，,]\s*(?:就是|也就是|包括))\s*")
_QUOTES = "“”\"'‘’「」『』《》〈〉"
_SENTENCE_END = "。！？；!?;\n"
_GUARD_FREQ = 5
_LIST_GAP = 6  # characters between two listed formulations: "”、做到“", "，深刻领悟“"


@dataclass(frozen=True)
class FormulationHit:
    start: int
    end: int
    suggestion: str
    message: str
    firm: bool


@dataclass(frozen=True)
class _Match:
    formulation: Formulation
    start: int  # of the numeral
    end: int  # after the core
    written: str  # the numeral as written
    value: int


def count_value(numeral: str) -> int:
    if numeral in NUMERALS:
        return NUMERALS[numeral]
    return int(unicodedata.digit(numeral))


class FormulationFinder:
    """Finds and grades the formulations of the lexicon in a passage."""

    def __init__(self, formulations: Sequence[Formulation]) -> None:
        self._freq = load_model().freq
        self.formulations = list(formulations)
        self._patterns = []
        for f in self.formulations:
            # spaces may stand between any two characters (四 个 自 信)
            context = "".join(re.escape(ch) + r"\s*" for ch in f.context)
            spaced = r"\s*".join(re.escape(ch) for ch in f.core)
            self._patterns.append((f, re.compile(context + f"({_COUNT})" + r"\s*" + spaced)))
        self._misworded: list[tuple[Formulation, re.Pattern[str]]] = []

    def find(self, text: str, day: date) -> list[FormulationHit]:
        matches = self._matches(text)
        out: list[FormulationHit] = []
        for m in matches:
            out += self._judge(text, m, self._siblings(text, m, matches), day)
        return out + self._miswritten_cores(text, matches, day)

    @staticmethod
    def _siblings(text: str, m: _Match, matches: list[_Match]) -> list[_Match]:
        """Other standard formulations, rightly counted, listed with it (增强四个意识、坚定三个自信)."""
        return [o for o in matches if o.formulation is not m.formulation
                and o.value == count_value(o.formulation.count) and _listed_together(text, m, o)]

    def _miswritten_cores(self, text: str, matches: list[_Match], day: date) -> list[FormulationHit]:
        """The right count with one character of the rest confusable (四个意思, 五位一休, 两个确力):
        firm when context shows the formulation is meant, else review for a specific phrase."""
        if not self._misworded:
            for f in self.formulations:
                classes = r"\s*".join("[" + re.escape(ch) + "".join(re.escape(c) for c in sorted(confusable(ch))) + "]"
                                      for ch in f.core)
                self._misworded.append((f, re.compile(re.escape(f.count) + r"\s*(" + classes + ")")))
        out: list[FormulationHit] = []
        for f, pattern in self._misworded:
            if day < f.since:
                continue
            for found in pattern.finditer(text):
                core = _squeeze(found.group(1))
                if sum(a != b for a, b in zip(core, f.core, strict=True)) != 1:
                    continue
                written = _squeeze(found.group(0))
                after = text[found.end():found.end() + 1]
                if (_is_han(after) and after not in _AFTER) or self._freq.get(written[1:], 0) >= _GUARD_FREQ \
                        or self._freq.get(core, 0) >= _GUARD_FREQ:
                    continue  # 四个意思是…, 三个代替: ordinary words
                m = _Match(f, found.start(), found.end(), f.count, count_value(f.count))
                context = (bool(self._siblings(text, m, matches))
                           or any(_before_in(text, m.start, v) for v in f.verbs)
                           or any(_squeeze(text[m.end:m.end + len(t) + 4]).startswith(t) for t in f.tails))
                if context or f.alone == "review":
                    out.append(FormulationHit(m.start, m.end, f.name, f"规范表述用字错误：“{written}”应为“{f.name}” / "
                                              f"miswritten formulation: {written} → {f.name}", context))
        return out

    def _matches(self, text: str) -> list[_Match]:
        out = []
        for f, pattern in self._patterns:
            for m in pattern.finditer(text):
                after = text[m.end():m.end() + 1]
                if _is_han(after) and after not in _AFTER and not any(text.startswith(t, m.end()) for t in f.tails):
                    continue  # part of a longer phrase: 三个全面覆盖, 三个自信心
                before = text[m.start(1) - 1:m.start(1)] if m.start(1) else ""
                if before and (before == "第" or before in NUMERALS or before.isdigit()):
                    continue  # 第三个代表, 十三个自信: an ordinal or a longer number
                out.append(_Match(f, m.start(1), m.end(), m.group(1), count_value(m.group(1))))
        return out

    def _judge(self, text: str, m: _Match, siblings: list[_Match], day: date) -> list[FormulationHit]:
        f = m.formulation
        written = _squeeze(text[m.start:m.end])
        right = count_value(f.count)
        listed = _listed_items(text, m.end)
        if m.value == right:
            out = []
            if m.written != f.count:  # 二个维护, 4个意识: the count is right, the numeral is not
                out.append(FormulationHit(m.start, m.end, f.name,
                                          f"规范表述用字不规范：“{written}”应写作“{f.name}” / non-standard numeral: "
                                          f"{written} → {f.name}", False))
            return out + self._items(text, m, listed)
        if day < f.since:
            return []  # the formulation did not exist yet, or the old count was right
        matched = [t for t, _ in listed if t in f.items or _near_item(t, f.items) or t in f.old_items]
        if listed and len(matched) < 2:
            return []  # other items: a formulation of its own (三个意识（服务意识、责任意识、创新意识）)
        sentence = _sentence(text, m.start, m.end)
        previous = m.value in {count_value(c) for c in f.previous}
        context = (len(matched) >= 2 or bool(siblings)
                   or any(_before_in(text, m.start, v) for v in f.verbs)
                   or any(_squeeze(text[m.end:m.end + len(t) + 4]).startswith(t) for t in f.tails))
        message = (f"规范表述错误：“{written}”应为“{f.name}” / wrong formulation: {written} → {f.name}")
        if not context and self._freq.get(written, 0) >= _GUARD_FREQ:
            return []  # 三位一体: an ordinary word
        if f.name in _squeeze(sentence):
            return []  # set against the right form on purpose: 从三个自信到四个自信, 打好三大…和四大…
        if previous:
            if _historical(sentence, f.since):
                return []  # 党的十八大提出三个自信
            # once right: conclusive only beside another formulation, or listing today's items
            current_items = set(f.items) - set(f.old_items)
            listed_now = len(matched) >= 2 and any(t in current_items for t in matched) and len(matched) == right
            return [FormulationHit(m.start, m.end, f.name, message, bool(siblings) or listed_now)]
        if context:
            return [FormulationHit(m.start, m.end, f.name, message, True)]
        if f.alone == "review":
            return [FormulationHit(m.start, m.end, f.name, message, False)]
        return []  # 三个结合: also an ordinary phrase, and nothing shows the formulation is meant

    def _items(self, text: str, m: _Match, listed: list[tuple[str, int]]) -> list[FormulationHit]:
        f = m.formulation
        if not f.items or not listed:
            return []
        suffix = _common_affix(f.items, suffix=True)
        prefix = _common_affix(f.items, suffix=False)
        out: list[FormulationHit] = []
        known = [t for t, _ in listed if t in f.items]
        for token, at in listed:
            if token in f.items or token in f.old_items:
                continue
            near = _near_item(token, f.items)
            if near:
                out.append(FormulationHit(at, at + len(token), near, f"“{f.name}”的内容写错：“{token}”应为“{near}” / "
                                          f"wrong item in {f.name}: {token} → {near}", True))
            elif (suffix and token.endswith(suffix)) or (prefix and token.startswith(prefix)):
                right = "、".join(f.items)
                out.append(FormulationHit(at, at + len(token), right, f"“{f.name}”的内容不规范：“{token}”不在"
                                          f"“{right}”中 / item not in {f.name}: {token}", False))
        if not out and len(known) == len(f.items) == count_value(f.count) and known != list(f.items):
            first, last = listed[0][1], listed[-1][1] + len(listed[-1][0])
            right = "、".join(f.items)
            out.append(FormulationHit(first, last, right, f"“{f.name}”的顺序不规范，应为“{right}” / items of "
                                      f"{f.name} out of order", False))
        return out


def _listed_items(text: str, end: int) -> list[tuple[str, int]]:
    """The items listed right after a formulation ((…), ：…, 即…), with their offsets."""
    opener = _OPENER.match(text, end)
    if opener is None:
        return []
    tail = text[opener.end():opener.end() + 90]
    stop = re.search(r"[）)。；;\n]", tail)
    body = tail[:stop.start() if stop else len(tail)]
    out: list[tuple[str, int]] = []
    pos = opener.end()
    for token in re.split(r"[、，,和及]", body):
        stripped = token.strip().strip(_QUOTES).strip()
        if stripped:
            out.append((_squeeze(stripped), pos + token.index(stripped)))
        pos += len(token) + 1
    return out


def _near_item(token: str, items: Iterable[str]) -> str:
    """The item differing from ``token`` only by confusable characters (看起意识 → 看齐意识)."""
    for item in items:
        if len(item) == len(token) and token != item and all(
                a == b or b in confusable(a) for a, b in zip(token, item, strict=True)):
            return item
    return ""


def _common_affix(items: Iterable[str], *, suffix: bool) -> str:
    items = list(items)
    if not items:
        return ""
    key = (lambda s: s[-2:]) if suffix else (lambda s: s[:2])
    first = key(items[0])
    return first if all(key(i) == first for i in items) else ""


def _historical(sentence: str, since: date) -> bool:
    if _HISTORY.search(sentence):
        return True
    return any(int(y) < since.year for y in _YEAR.findall(sentence))


def _before_in(text: str, start: int, verb: str) -> bool:
    """``verb`` just before ``start``, across quotes and spaces (坚定“三个自信”)."""
    head = text[max(0, start - len(verb) - 3):start].rstrip(_QUOTES + " \u3000")
    return head.endswith(verb)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_han(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _listed_together(text: str, a: _Match, b: _Match) -> bool:
    """Two formulations next to each other in one list: a few characters apart (a separator, a
    verb, quotes), in the same sentence."""
    first, second = (a, b) if a.start < b.start else (b, a)
    gap = text[first.end:second.start]
    return (len(gap) <= _LIST_GAP and any(sep in gap for sep in "、，,和与及")
            and not any(ch in _SENTENCE_END for ch in gap))

