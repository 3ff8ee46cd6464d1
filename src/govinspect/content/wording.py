"""严重表述错误 checks (W-V1a) on plain text, against the maintained lexicon in data/wording/.

- leader names and titles (``leaders.toml``): a name written with a homophone or a similar-shaped
  character next to a leader's title (习进平总书记); every name–title pair checked against the
  titles the person held on the page's publish date (副总理 written as 总理, a title from
  before a reshuffle);
- official formulations (``formulations.toml``): exact counts (三个自信 → 四个自信, after 2016-07-01)
  and exact items (四个意识（…看起意识）);
- Taiwan / Hong Kong / Macao and country names (``regions.toml``): 台湾国 → 中国台湾;
- officials under investigation (``fallen.toml``) still presented with their post.

Every finding carries the correct form and needs an inspector's review (veto, review = true).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from govinspect.content.problems import Problem, context_of

_NUM = "一二两三四五六七八九十"
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A sentence with these words reports the official's fall: not "presented as in office".
_FALLEN_WORDS = re.compile(r"原|落马|被查|审查|调查|开除|判处|判决|受贿|违纪|违法|双开|立案|起诉|免职|被捕")
_AFTER_FORMULATION = set("总战的和与是为中上要、，。；：！？（()）」”》 \n及等,;:!?")
# 原国务院总理…, 时任…: the text says the post is a past one.
_PAST_MARK = re.compile(r"(?:原|前|时任|曾任|历任|先后任)$")


class WordingDataError(ValueError):
    """The lexicon files are malformed (a maintainer's edit went wrong)."""


@dataclass(frozen=True)
class Title:
    title: str
    short: tuple[str, ...]
    start: date
    end: date | None  # exclusive

    def valid_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def written(self) -> tuple[str, ...]:
        return (self.title, *self.short)


@dataclass(frozen=True)
class Leader:
    name: str
    titles: tuple[Title, ...]


@dataclass(frozen=True)
class Formulation:
    name: str
    count: str
    core: str
    items: tuple[str, ...]
    since: date
    previous: str = ""
    context: str = ""


@dataclass(frozen=True)
class Fallen:
    name: str
    titles: tuple[str, ...]
    since: date


@dataclass
class Lexicon:
    leaders: list[Leader] = field(default_factory=list)
    formulations: list[Formulation] = field(default_factory=list)
    regions: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    fallen: list[Fallen] = field(default_factory=list)

    @property
    def protected_names(self) -> list[str]:
        """Names never "corrected" by the typo detector."""
        return [p.name for p in self.leaders] + [f.name for f in self.fallen]


def _day(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise WordingDataError(f"词库日期格式错误 / bad date {value!r} in {where}") from exc


def _read(name: str) -> dict[str, Any]:
    text = resources.files("govinspect").joinpath("data").joinpath("wording").joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WordingDataError(f"词库文件格式错误 / malformed lexicon file {name}: {exc}") from exc


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    lex = Lexicon()
    for entry in _read("leaders.toml").get("leader", []):
        titles = tuple(
            Title(t["title"], tuple(t.get("short", ())), _day(t["from"], entry["name"]),
                  _day(t["to"], entry["name"]) if "to" in t else None)
            for t in entry["titles"]
        )
        lex.leaders.append(Leader(entry["name"], titles))
    for entry in _read("formulations.toml").get("formulation", []):
        lex.formulations.append(Formulation(
            entry["name"], entry["count"], entry["core"], tuple(entry.get("items", ())),
            _day(entry["since"], entry["name"]), entry.get("previous", ""), entry.get("context", "")))
    for entry in _read("regions.toml").get("name", []):
        try:
            lex.regions.append((re.compile(entry["pattern"]), entry["correct"]))
        except re.error as exc:
            raise WordingDataError(f"词库正则错误 / bad pattern {entry['pattern']!r}: {exc}") from exc
    for entry in _read("fallen.toml").get("official", []):
        lex.fallen.append(Fallen(entry["name"], tuple(entry["titles"]), _day(entry["since"], entry["name"])))
    return lex


def _problem(text: str, start: int, end: int, category: str, suggestion: str, message: str,
             location: str) -> Problem:
    return Problem(rule="W-V1a", category=category, severity="veto", start=start, end=end,
                   text=text[start:end], suggestion=suggestion, message=message, review=True,
                   location=location, context=context_of(text, start, end))


class WordingChecker:
    """Checks a passage against the lexicon at a date (the page's publish date; default today)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        vocab: set[str] = set()
        for leader in self.lex.leaders:
            for t in leader.titles:
                vocab.update(t.written())
        vocab.update(("同志", "委员长", "总理", "副总理", "主席", "副主席", "总书记", "国务委员", "书记"))
        self._titles = sorted(vocab, key=len, reverse=True)
        self._names = {leader.name for leader in self.lex.leaders}
        self._patterns: list[tuple[str, re.Pattern[str]]] | None = None

    def check(self, text: str, location: str = "", *, on: date | None = None) -> list[Problem]:
        day = on or date.today()
        out: list[Problem] = []
        out += self._leaders(text, day, location)
        out += self._variants(text, location)
        out += self._formulations(text, day, location)
        out += self._regions(text, location)
        out += self._fallen(text, day, location)
        return sorted(out, key=lambda p: (p.start, p.rule))

    # -- leaders -------------------------------------------------------------------------------
    def _adjacent_titles(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        for t in self._titles:
            if text.startswith(t, end):
                found.append((end, end + len(t), t))
                break
        for t in self._titles:
            if start >= len(t) and text.startswith(t, start - len(t)):
                found.append((start - len(t), start, t))
                break
        return found

    def _leaders(self, text: str, day: date, location: str) -> list[Problem]:
        out: list[Problem] = []
        for leader in self.lex.leaders:
            for m in re.finditer(re.escape(leader.name), text):
                for a, b, written in self._adjacent_titles(text, m.start(), m.end()):
                    if written == "同志" or (a < m.start() and _PAST_MARK.search(text[max(0, a - 3):a])):
                        continue
                    current = [t for t in leader.titles if t.valid_on(day)]
                    if any(written in t.written() for t in current):
                        continue
                    # 总理 is written for a title this person never held in that form (副总理 …)
                    if written in ("书记",) and any(t.title.endswith("书记") for t in current):
                        continue
                    past = [t for t in leader.titles if t.end is not None and t.end <= day and written in t.written()]
                    right = "、".join(t.title for t in current) or (f"原{past[0].title}" if past else "")
                    if not right:
                        continue  # a title in the text we know nothing about for this person
                    if past:
                        msg = (f"{leader.name}的职务“{written}”已过时（{day}时为{right}）/ outdated title "
                               f"for {leader.name} on {day}")
                    else:
                        msg = (f"{leader.name}的职务写成“{written}”，{day}时应为{right} / wrong title for "
                               f"{leader.name}")
                    a0, b0 = min(a, m.start()), max(b, m.end())
                    out.append(_problem(text, a0, b0, "leader-title", right, msg, location))
        return out

    def _variant_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """Per leader, a pattern matching the name with any character replaced by a confusable one
        (same/similar sound or shape): one C-level scan instead of a window loop in Python."""
        if self._patterns is None:
            from govinspect.content.typos import load_model

            confusion = load_model().confusion
            patterns = []
            for leader in self.lex.leaders:
                classes = "".join(
                    "[" + re.escape(ch) + "".join(re.escape(c) for c in sorted(confusion.get(ch, ()))) + "]"
                    for ch in leader.name)
                # a lookahead so overlapping candidates are all seen
                patterns.append((leader.name, re.compile(f"(?=({classes}))")))
            self._patterns = patterns
        return self._patterns

    def _variants(self, text: str, location: str) -> list[Problem]:
        out: list[Problem] = []
        for name, pattern in self._variant_patterns():
            n = len(name)
            for m in pattern.finditer(text):
                window = m.group(1)
                start = m.start(1)
                if window == name or window in self._names or not _HAN.match(window[0]):
                    continue
                diff = sum(1 for k in range(n) if window[k] != name[k])
                if diff >= n:
                    continue
                if not self._adjacent_titles(text, start, start + n):
                    continue
                out.append(_problem(text, start, start + n, "leader-name", name,
                                    f"领导人姓名疑似写错：“{window}”应为“{name}” / leader's name misspelt: "
                                    f"{window} → {name}", location))
        return out

    # -- formulations --------------------------------------------------------------------------
    def _formulations(self, text: str, day: date, location: str) -> list[Problem]:
        out: list[Problem] = []
        for f in self.lex.formulations:
            pattern = re.compile(re.escape(f.context) + f"([{_NUM}]+)" + re.escape(f.core))
            for m in pattern.finditer(text):
                num = m.group(1)
                after = text[m.end():m.end() + 1]
                if after and after not in _AFTER_FORMULATION and not f.core.endswith(after):
                    continue  # 三个全面覆盖: another phrase, not the formulation
                if num == f.count or (f.previous and num == f.previous and day < f.since):
                    if num == f.count:
                        out += self._items(text, m.end(), f, location)
                    continue
                out.append(_problem(text, m.start(1), m.end(), "formulation", f.name,
                                    f"规范表述错误：“{m.group(0)}”应为“{f.name}” / wrong formulation: "
                                    f"{m.group(0)} → {f.name}", location))
        return out

    def _items(self, text: str, end: int, f: Formulation, location: str) -> list[Problem]:
        if not f.items:
            return []
        tail = text[end:end + 90]
        opener = re.match(r"\s*(?:[（(]|[，,]?即|[：:])", tail)
        if opener is None:
            return []
        body_end = re.search(r"[）)。；;]", tail)
        body = tail[opener.end():body_end.start() if body_end else len(tail)]
        suffix = _common_affix(f.items, suffix=True)
        prefix = _common_affix(f.items, suffix=False)
        out: list[Problem] = []
        pos = end + opener.end()
        for token in re.split(r"[、，,和及]", body):
            start = pos + (len(token) - len(token.lstrip()))
            pos += len(token) + 1
            token = token.strip()
            if not token or token in f.items:
                continue
            if (suffix and token.endswith(suffix)) or (prefix and token.startswith(prefix)):
                right = _closest(token, f.items) or "、".join(f.items)
                out.append(_problem(text, start, start + len(token), "formulation", right,
                                    f"“{f.name}”的内容写错：“{token}”应为“{right}” / wrong item in {f.name}",
                                    location))
        return out

    # -- regions, fallen officials -------------------------------------------------------------
    def _regions(self, text: str, location: str) -> list[Problem]:
        out: list[Problem] = []
        for pattern, correct in self.lex.regions:
            for m in pattern.finditer(text):
                out.append(_problem(text, m.start(), m.end(), "region-name", correct,
                                    f"涉台港澳表述错误：“{m.group(0)}”应为“{correct}” / wrong name for "
                                    f"Taiwan/HK/Macao: {m.group(0)}", location))
        return out

    def _fallen(self, text: str, day: date, location: str) -> list[Problem]:
        out: list[Problem] = []
        for person in self.lex.fallen:
            if day < person.since:
                continue
            for m in re.finditer(re.escape(person.name), text):
                title = next((t for t in sorted(person.titles, key=len, reverse=True)
                              if text.startswith(t, m.end()) or text[:m.start()].endswith(t)), None)
                if title is None:
                    continue
                if _FALLEN_WORDS.search(context_of(text, m.start(), m.end(), width=60)):
                    continue
                out.append(_problem(text, m.start(), m.end(), "fallen-official", f"原{title}{person.name}",
                                    f"{person.name}已于{person.since}被审查调查，仍以“{title}”呈现 / official under "
                                    f"investigation since {person.since} presented as in office", location))
        return out


def _common_affix(items: Iterable[str], *, suffix: bool) -> str:
    items = list(items)
    if not items:
        return ""
    key = (lambda s: s[-2:]) if suffix else (lambda s: s[:2])
    first = key(items[0])
    return first if all(key(i) == first for i in items) else ""


def _closest(token: str, items: Iterable[str]) -> str:
    """The item differing from ``token`` only by confusable characters (看起意识 → 看齐意识)."""
    from govinspect.content.typos import load_model

    confusion = load_model().confusion
    for item in items:
        if len(item) == len(token) and all(
                a == b or b in confusion.get(a, ()) for a, b in zip(token, item, strict=True)):
            return item
    return ""
