"""党和国家领导人姓名错写 (part of W-V1a): a leader's name with one character replaced by a
homophone (同音字), a near-homophone (近音字: z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing) or a
character of similar shape (形近字), found in any context, and graded by how sure the evidence is.

Candidates: every window of the text as long as a name on the dated leader list
(``leaders.toml``) that differs from it in exactly one character, that character being
confusable with the name's (pypinyin readings; the typo model's confusion sets; our own shape
list ``shapes.txt``).

Dictionary guard (jieba's dictionary and frequencies): a window is ordinary language, not a
name, when the changed character forms a dictionary word with its neighbours (实力强 is not
李强 miswritten, 张国庆 is a person named after 国庆, not 张国清); next to a title only words
reaching outside the name count (习金平总书记 is still found although 金平 is a place name).

Grades (``LeaderNameHit.firm``): firm — a veto without review — only for a leader in office
on the date, and only with evidence that the text means that leader:

- the name next to a title the leader holds on the date (国务院总理李墙, 习进平总书记), also
  further down a list of leaders' names after the title (国务院副总理丁薛祥、何立锋);
- the correct name elsewhere in the same passage (何立峰 … 何立锋强调);
- a named thought after it (习进平新时代中国特色社会主义思想);
- a three-character name with a rare surname (few names with that surname in jieba's
  dictionary, so a near-miss is hardly another person) followed by 同志/在/强调/主持 … or in a
  sentence about the central leadership (党中央, 国务院, 重要讲话 …).

Review (an inspector decides): a former leader's name, a title the leader did not hold on the
date, a common surname in a sentence about the central leadership, a two-character name in a
sentence with the leader's title but not next to it. Anything weaker is not reported: a common
surname without such a sentence is taken as an ordinary person (张国青同志, 李蔷主持).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from govinspect.content.typos import _jieba_dict, _toneless, load_model

if TYPE_CHECKING:
    from govinspect.content.wording import Leader

_HAN = re.compile(r"[\u4e00-\u9fff]")
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))
_FUZZY_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))
_GUARD_FREQ = 5  # dictionary words rarer than this are jieba's noise, not ordinary language
_RARE_SURNAME = 50  # fewer person names (nr) with this surname in jieba's dictionary: rare
# the sentence is about the central leadership
_NATIONAL = re.compile(r"党中央|中共中央|国务院|中央政治局|政治局常委|全国人大|全国政协|中央军委|中央纪委|总书记|"
                       r"国家主席|国家副主席|副总理|委员长|国务委员|重要讲话|重要指示|重要论述|重要批示|重要回信")
# what follows a leader's name in news (习进平同志…, 习进平在…考察)
_AFTER_NAME = re.compile(r"同志|在|强调|指出|主持|出席|考察|视察|调研|会见|会谈|致信|致电|讲话|发表|签署|作出|对|关于|的重要")
_THOUGHT = re.compile(r"(?:新时代中国特色社会主义|法治|生态文明|强军|外交|经济|文化)思想")
_LOCAL_TITLES = frozenset(("主席", "副主席", "书记", "副书记"))  # also held by local officials
_SENTENCE_END = "。！？；!?;\n"


@dataclass(frozen=True)
class LeaderNameHit:
    start: int
    end: int
    written: str
    name: str
    firm: bool
    evidence: str  # title | same-name | thought | context — how the text shows it means the leader


def fuzzy_sounds(ch: str) -> frozenset[str]:
    """The toneless readings of ``ch`` with the near-homophone distinctions folded."""
    from pypinyin.pinyin_dict import pinyin_dict


    raw = pinyin_dict.get(ord(ch))
    if not raw:
        return frozenset()
    out = set()
    for reading in raw.split(","):
        sound = _toneless(reading)
        for a, b in _FUZZY_INITIALS:
            if sound.startswith(a):
                sound = b + sound[len(a):]
                break
        for a, b in _FUZZY_FINALS:
            if sound.endswith(a):
                sound = sound[:-len(a)] + b
                break
        out.add(sound)
    return frozenset(out)


@lru_cache(maxsize=1)
def _shape_list() -> dict[str, frozenset[str]]:
    text = resources.files("govinspect").joinpath("data", "wording", "shapes.txt").read_text(encoding="utf-8")
    groups: dict[str, set[str]] = {}
    for line in text.splitlines():
        chars = line.split()
        if not chars or line.startswith("#"):
            continue
        head, others = chars[0], set(chars[1:]) - {chars[0]}
        groups.setdefault(head, set()).update(others)
        for other in others:  # shape likeness is mutual
            groups.setdefault(other, set()).add(head)
    return {ch: frozenset(s) for ch, s in groups.items()}


@lru_cache(maxsize=1)
def _sound_index() -> dict[str, frozenset[str]]:
    """Fuzzy sound → the common characters with it (the typo model's character set)."""
    index: dict[str, set[str]] = {}
    for ch in load_model().confusion:
        for sound in fuzzy_sounds(ch):
            index.setdefault(sound, set()).add(ch)
    return {s: frozenset(chars) for s, chars in index.items()}


def confusable(ch: str) -> frozenset[str]:
    """Characters a writer may put for ``ch``: same or near sound, similar shape."""
    out: set[str] = set(load_model().confusion.get(ch, ()))
    out.update(_shape_list().get(ch, ()))
    index = _sound_index()
    for sound in fuzzy_sounds(ch):
        out.update(index.get(sound, ()))
    out.discard(ch)
    return frozenset(out)


@lru_cache(maxsize=1)
def _surname_counts() -> dict[str, int]:
    """How many person names (jieba tag nr, 2–3 characters) start with each character."""
    counts: dict[str, int] = {}
    with _jieba_dict().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "nr" and len(parts[0]) in (2, 3):
                counts[parts[0][0]] = counts.get(parts[0][0], 0) + 1
    return counts


def rare_surname(ch: str) -> bool:
    return _surname_counts().get(ch, 0) < _RARE_SURNAME


class LeaderNameFinder:
    """Finds and grades miswritten leader names; build once (the patterns take a moment)."""

    def __init__(self, leaders: Sequence[Leader], protected: Sequence[str] = (), titles: Sequence[str] = ()) -> None:
        self._freq = load_model().freq
        self.leaders = list(leaders)
        # every title the text may put next to a name, longest first (副总理 before 总理)
        self._titles = sorted({*titles, *(w for p in self.leaders for t in p.titles for w in t.written())},
                              key=len, reverse=True)
        self._protected = sorted({*protected, *(p.name for p in self.leaders)}, key=len, reverse=True)
        self._patterns = []
        for leader in self.leaders:
            classes = "".join("[" + re.escape(ch) + "".join(re.escape(c) for c in sorted(confusable(ch))) + "]"
                              for ch in leader.name)
            # a lookahead so that overlapping windows are all seen
            self._patterns.append((leader, re.compile(f"(?=({classes}))")))

    def find(self, text: str, day: date) -> list[LeaderNameHit]:
        exact = [(m.start(), m.end()) for name in self._protected if name in text
                 for m in re.finditer(re.escape(name), text)]
        hits: dict[int, LeaderNameHit] = {}
        for leader, pattern in self._patterns:
            n = len(leader.name)
            # a hit differs from the name in one character, so it shares the others with it
            if n > 1 and not any(ch in text for ch in leader.name):
                continue
            for m in pattern.finditer(text):
                start, window = m.start(1), m.group(1)
                end = start + n
                diffs = [k for k in range(n) if window[k] != leader.name[k]]
                if len(diffs) != 1 or not all(_HAN.match(ch) for ch in window):
                    continue
                if any(a < end and start < b for a, b in exact):
                    continue  # part of a correctly written protected name
                hit = self._grade(text, start, end, leader, diffs[0], day)
                if hit is not None and (start not in hits or (hit.firm and not hits[start].firm)):
                    hits[start] = hit
        return sorted(hits.values(), key=lambda h: h.start)

    # -- evidence --------------------------------------------------------------------------
    def _grade(self, text: str, start: int, end: int, leader: Leader, changed: int,
               day: date) -> LeaderNameHit | None:
        name, written = leader.name, text[start:end]
        current = any(t.valid_on(day) for t in leader.titles)
        title, side = self._adjacent_title(text, start, end, leader)
        if title is not None:
            # the title bounds the name on its side: only words reaching out on the other side count
            within = (start, len(text)) if side == "before" else (0, end)
            if self._ordinary_words(text, start + changed, within=within, name=(start, end)):
                return None
            held = any(title in t.written() and t.valid_on(day) for t in leader.titles)
            # 主席, 书记 … are also local posts: next to a common surname they are not conclusive
            distinctive = title not in _LOCAL_TITLES or rare_surname(written[0])
            return LeaderNameHit(start, end, written, name, current and held and distinctive, "title")
        if self._ordinary_words(text, start + changed, within=(0, len(text))):
            return None
        sentence = sentence_at(text, start, end)
        long_titles = [w for t in leader.titles for w in t.written() if len(w) >= 3]
        titled_sentence = any(w in sentence for w in long_titles)
        if len(name) < 3:  # half of a two-character name changed: only with the leader's title near
            return LeaderNameHit(start, end, written, name, False, "context") if titled_sentence else None
        if name in text:
            return LeaderNameHit(start, end, written, name, current, "same-name")
        if _THOUGHT.match(text, end):
            return LeaderNameHit(start, end, written, name, current, "thought")
        national = titled_sentence or _NATIONAL.search(sentence) is not None
        if rare_surname(name[0]) and rare_surname(written[0]):
            cued = national or _AFTER_NAME.match(text, end) is not None
            return LeaderNameHit(start, end, written, name, current and cued, "context")
        if national:
            return LeaderNameHit(start, end, written, name, False, "context")
        return None

    def _adjacent_title(self, text: str, start: int, end: int, leader: Leader) -> tuple[str | None, str]:
        """The title written next to the window when it is one of this leader's, and its side."""
        forms = {w for t in leader.titles for w in t.written()}
        after = next((t for t in self._titles if text.startswith(t, end)), None)
        if after in forms:
            return after, "after"
        # 国务院副总理丁薛祥、何立锋: one title before a list of leaders' names applies to each
        pos = start
        while True:
            before = next((t for t in self._titles if text.endswith(t, 0, pos)), None)
            if before is not None:
                return (before, "before") if before in forms else (None, "")
            if pos < 2 or text[pos - 1] not in "、和及":
                return None, ""
            listed = next((n for n in self._protected if text.endswith(n, 0, pos - 1)), None)
            if listed is None:
                return None, ""
            pos -= 1 + len(listed)

    def _ordinary_words(self, text: str, pos: int, *, within: tuple[int, int],
                        name: tuple[int, int] | None = None) -> bool:
        """A dictionary word inside ``within`` holds the changed character at ``pos``: the window
        reads as ordinary language. Words inside ``name`` do not count (next to a title, 习金平)."""
        for a, b in _spans_through(pos, len(text)):
            if a < within[0] or b > within[1] or (name is not None and name[0] <= a and b <= name[1]):
                continue
            if self._freq.get(text[a:b], 0) >= _GUARD_FREQ:
                return True
        return False


def _spans_through(pos: int, length: int, longest: int = 4) -> Iterator[tuple[int, int]]:
    for a in range(max(0, pos - longest + 1), pos + 1):
        for b in range(max(a + 2, pos + 1), min(length, a + longest) + 1):
            yield a, b


def sentence_at(text: str, start: int, end: int) -> str:
    a = start
    while a > 0 and text[a - 1] not in _SENTENCE_END:
        a -= 1
    b = end
    while b < len(text) and text[b] not in _SENTENCE_END:
        b += 1
    return text[a:b]
