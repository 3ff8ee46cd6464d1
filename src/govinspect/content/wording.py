"""严重表述错误 checks (W-V1a) on plain text, against the maintained lexicon in data/wording/.

- leader names and titles (``leaders.toml``): a name miswritten with a homophone, near-homophone
  or similar-shaped character in any context (``content.leader_names``); every name–title pair
  checked against the titles the person held on the page's publish date (副总理 written as 总理,
  a title from before a reshuffle);
- official formulations (``formulations.toml``): counts, numerals, items and order, in any quotes
  and spacing (``content.formulations``);
- Taiwan / Hong Kong / Macao and country names (``regions.toml``): 台湾国 → 中国台湾;
- officials under investigation (``fallen.toml``) still presented with their post.

Every problem carries the correct form and a grade: ``review`` false for conclusive evidence (a
current leader's name miswritten where the text shows who is meant, a formulation's wrong count
in context), true where an inspector must decide. The grades are documented in W-V1a's page.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from govinspect.content.formulations import FormulationFinder
from govinspect.content.leader_names import LeaderNameFinder
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
    previous: tuple[str, ...] = ()  # counts that were right before ``since``
    context: str = ""  # what must precede the count (中央八项规定)
    verbs: tuple[str, ...] = ()  # words written before it (坚定四个自信): it is meant
    tails: tuple[str, ...] = ()  # words written after it (五位一体总体布局)
    alone: str = "ignore"  # a wrong count without context: "review" (a specific phrase) or "ignore"
    old_items: tuple[str, ...] = ()  # items of an earlier wording (全面建成小康社会)


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
        lex.formulations.append(_formulation(entry))
    for entry in _read("regions.toml").get("name", []):
        try:
            lex.regions.append((re.compile(entry["pattern"]), entry["correct"]))
        except re.error as exc:
            raise WordingDataError(f"词库正则错误 / bad pattern {entry['pattern']!r}: {exc}") from exc
    for entry in _read("fallen.toml").get("official", []):
        lex.fallen.append(Fallen(entry["name"], tuple(entry["titles"]), _day(entry["since"], entry["name"])))
    return lex


def _formulation(entry: dict[str, Any]) -> Formulation:
    name = entry.get("name", "?")
    try:
        alone = entry.get("alone", "ignore")
        if alone not in ("review", "ignore"):
            raise WordingDataError(f"alone 只能是 review 或 ignore / alone must be review or ignore: {name}")
        return Formulation(
            name, entry["count"], entry["core"], tuple(entry.get("items", ())), _day(entry["since"], name),
            tuple(entry.get("previous", ())), entry.get("context", ""), tuple(entry.get("verbs", ())),
            tuple(entry.get("tails", ())), alone, tuple(entry.get("old_items", ())))
    except KeyError as exc:
        raise WordingDataError(f"词库缺少字段 / lexicon entry {name} lacks {exc}") from exc


def _problem(text: str, start: int, end: int, category: str, suggestion: str, message: str,
             location: str, *, review: bool = True) -> Problem:
    return Problem(rule="W-V1a", category=category, severity="veto", start=start, end=end,
                   text=text[start:end], suggestion=suggestion, message=message, review=review,
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
        self._finder: LeaderNameFinder | None = None
        self._formulation_finder: FormulationFinder | None = None

    def check(self, text: str, location: str = "", *, on: date | None = None) -> list[Problem]:
        day = on or date.today()
        out: list[Problem] = []
        out += self._leaders(text, day, location)
        out += self._variants(text, day, location)
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
            if leader.name not in text:  # a substring test first: most passages name no leader
                continue
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

    def _variants(self, text: str, day: date, location: str) -> list[Problem]:
        if self._finder is None:
            self._finder = LeaderNameFinder(self.lex.leaders, self.lex.protected_names, self._titles)
        out: list[Problem] = []
        for hit in self._finder.find(text, day):
            grade = "确定 / conclusive" if hit.firm else "需复核 / to review"
            out.append(_problem(text, hit.start, hit.end, "leader-name", hit.name,
                                f"领导人姓名写错：“{hit.written}”应为“{hit.name}”（{grade}）/ leader's name "
                                f"misspelt: {hit.written} → {hit.name}", location, review=not hit.firm))
        return out

    # -- formulations --------------------------------------------------------------------------
    def _formulations(self, text: str, day: date, location: str) -> list[Problem]:
        if self._formulation_finder is None:
            self._formulation_finder = FormulationFinder(self.lex.formulations)
        return [_problem(text, hit.start, hit.end, "formulation", hit.suggestion, hit.message, location,
                         review=not hit.firm)
                for hit in self._formulation_finder.find(text, day)]

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
            if day < person.since or person.name not in text:
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

