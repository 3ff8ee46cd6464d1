"""Text normalisation for matching (有害信息、篡改检测、隐私泄露) that keeps the way back to the
original text.

``normalise(text)`` returns a :class:`Normalised` whose ``.text`` is

* simplified Chinese (OpenCC ``t2s``; 繁体 spam such as 澳門博彩 matches 澳门博彩),
* full-width ASCII letters, digits and punctuation folded to half-width (ＡＰＰ → APP, １３８ → 138),
* CJK compatibility ideographs and Kangxi radicals folded to the ordinary ideograph (NFKC, one
  character for one), a trick used to slip past keyword filters,
* free of zero-width and other invisible characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, soft
  hyphen, bidi controls, Hangul fillers…),
* with every run of whitespace (including U+3000 and NBSP) folded to one space and the ends
  stripped; or, with ``spaces="drop"``, with whitespace removed (竞 彩 投 注 → 竞彩投注);
* with ``join_spelled=True``, with the separators of a word spelled out one character at a time
  removed (澳-门-赌-场, 澳.门.赌.场, 澳★门★赌★场 → 澳门赌场): at least three single Han
  characters each parted by up to three separator marks, so 中国-东盟 stays as it is.

``.offsets[i]`` is the index in the original of normalised character ``i``;
``.original_span(start, end)`` maps a normalised span back to the original so every finding can
quote the original text at its real position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

__all__ = ["Normalised", "bmp_table", "fold_for_matching", "join_spelled_out", "normalise", "to_simplified"]

# Invisible characters removed outright. Unicode "Cf" (format) characters cover most; the
# Hangul fillers and a few others render blank but are letters, so they are listed explicitly.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
# CJK compatibility ideographs, Kangxi radicals and the CJK radicals supplement.
_COMPAT = "\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f"

# Marks spammers put between the characters of a filtered word (full-width forms are already
# folded to these ASCII ones).
_SEPARATORS = r"\-_.*|/\\·•●★☆♥♡◆◇❤~+=#^"
_SPELLED = re.compile(rf"[\u3400-\u9fff](?:[{_SEPARATORS}\s]{{1,3}}[\u3400-\u9fff]){{2,}}")
_SEPARATOR = re.compile(rf"[{_SEPARATORS}\s]")

# What moves offsets: whitespace runs (folded to one space or dropped), invisible characters
# (dropped) and compatibility ideographs (NFKC, possibly more than one character). Full-width
# ASCII is folded one for one beforehand (``_FULL_WIDTH``), so Chinese punctuation (，：（）)
# costs no per-match work.
_SPECIAL = re.compile(rf"(?P<ws>\s(?:[\s{_INVISIBLE}]*\s)?)|(?P<inv>[{_INVISIBLE}]+)|(?P<compat>[{_COMPAT}])")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_BMP = 0x10000


@lru_cache(maxsize=1)
def _identity() -> tuple[int, ...]:
    return tuple(range(_BMP))


def bmp_table(mapping: Mapping[int, int | None]) -> tuple[int | None, ...]:
    """``mapping`` as a tuple indexed by code point over the Basic Multilingual Plane: str.translate
    looks a tuple up about twice as fast as a dict. A character beyond it raises IndexError, which
    translate takes as "unchanged": mappings of characters beyond the BMP need their own pass."""
    table: list[int | None] = list(_identity())
    for code, value in mapping.items():
        if code < _BMP:
            table[code] = value
    return tuple(table)


@lru_cache(maxsize=1)
def _full_width_table() -> tuple[int | None, ...]:
    return bmp_table(_FULL_WIDTH)


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text with the way back: ``offsets[i]`` is where ``text[i]`` starts in
    ``original`` and ``ends[i]`` where it ends (a folded whitespace run ends after the run)."""

    original: str
    text: str
    offsets: list[int]
    ends: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` for the normalised span ``text[start:end]``."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"范围越界 / span out of range: {start}:{end} of {n}")
        if start == end:
            pos = self.offsets[start] if start < n else len(self.original)
            return pos, pos
        return self.offsets[start], self.ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        """The original text behind ``text[start:end]`` (invisible characters included)."""
        a, b = self.original_span(start, end)
        return self.original[a:b]

    def __len__(self) -> int:
        return len(self.text)


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese, length-preserving (falls back to one character at a
    time when a phrase conversion would change the length)."""
    if not text:
        return text
    conv = _converter()
    out: str = conv.convert(text)
    if out == text:
        return out
    if len(out) != len(text):
        out = "".join(c if len(c := conv.convert(ch)) == 1 else ch for ch in text)
    # A phrase rule may rewrite simplified text that has no traditional character in it: OpenCC
    # reads 坏土 in 破坏土地 as the old word for 坯土. Only a character that is traditional on
    # its own changes.
    return "".join(new if new == old or _traditional(old) else old for old, new in zip(text, out, strict=True))


@lru_cache(maxsize=4096)
def _traditional(ch: str) -> bool:
    """Whether OpenCC converts the character on its own (門, 壞), not only inside a phrase."""
    return bool(_converter().convert(ch) != ch)


def normalise(text: str, *, spaces: Literal["fold", "drop"] = "fold", join_spelled: bool = False) -> Normalised:
    """Normalise ``text`` for matching; see the module docstring."""
    parts: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    drop_spaces = spaces == "drop"
    folded_width = text.translate(_full_width_table())  # one character for one: offsets unchanged
    pos = 0
    for m in _SPECIAL.finditer(folded_width):
        ms, me = m.span()
        if ms > pos:
            parts.append(folded_width[pos:ms])
            offsets.extend(range(pos, ms))
            ends.extend(range(pos + 1, ms + 1))
        kind = m.lastgroup
        if kind == "ws":
            if not drop_spaces:
                parts.append(" ")
                offsets.append(ms)
                ends.append(me)
        elif kind == "compat":
            folded = unicodedata.normalize("NFKC", text[ms])
            for ch in folded:
                parts.append(ch)
                offsets.append(ms)
                ends.append(me)
        # "inv": dropped
        pos = me
    if pos < len(text):
        parts.append(folded_width[pos:])
        offsets.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    joined = "".join(parts)
    # strip the folded spaces at both ends
    lo, hi = 0, len(joined)
    while lo < hi and joined[lo] == " ":
        lo += 1
    while hi > lo and joined[hi - 1] == " ":
        hi -= 1
    if lo or hi != len(joined):
        joined = joined[lo:hi]
        offsets = offsets[lo:hi]
        ends = ends[lo:hi]
    if join_spelled:
        keep = _spelled_keep(joined)
        if keep is not None:
            joined = "".join(joined[i] for i in keep)
            offsets = [offsets[i] for i in keep]
            ends = [ends[i] for i in keep]
    return Normalised(original=text, text=to_simplified(joined), offsets=offsets, ends=ends)


def _spelled_keep(text: str) -> list[int] | None:
    """Indexes of ``text`` left once spelled-out words are joined (None: nothing to join)."""
    drop: set[int] = set()
    for m in _SPELLED.finditer(text):
        drop.update(m.start() + i for i, ch in enumerate(m.group()) if _SEPARATOR.match(ch))
    if not drop:
        return None
    return [i for i in range(len(text)) if i not in drop]


def join_spelled_out(text: str) -> str:
    """``text`` with the separators of spelled-out words removed (see ``normalise``)."""
    if not _SPELLED.search(text):
        return text
    return _SPELLED.sub(lambda m: _SEPARATOR.sub("", m.group()), text)


def _expand(char_class: str) -> list[int]:
    """Code points of a regex character-class body such as "\u200b-\u200f\ufeff"."""
    out: list[int] = []
    i = 0
    while i < len(char_class):
        if i + 2 < len(char_class) and char_class[i + 1] == "-":
            out.extend(range(ord(char_class[i]), ord(char_class[i + 2]) + 1))
            i += 3
        else:
            out.append(ord(char_class[i]))
            i += 1
    return out


@lru_cache(maxsize=1)
def _drop_fold_table() -> dict[int, int | None]:
    # What normalise(spaces="drop") does character by character: whitespace (Python's \s) and
    # invisible characters go, full-width ASCII becomes half-width.
    table: dict[int, int | None] = {c: None for c in range(0x3001) if re.match(r"\s", chr(c))}
    table.update({c: None for c in _expand(_INVISIBLE)})
    table.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    return table


@lru_cache(maxsize=1)
def _drop_fold_bmp() -> tuple[int | None, ...]:
    return bmp_table(_drop_fold_table())


def _ranges(codes: list[int]) -> str:
    """A regex character-class body of ``codes`` as ranges (a long list of single characters is
    checked one by one)."""
    out: list[tuple[int, int]] = []
    for code in sorted(set(codes)):
        if out and out[-1][1] == code - 1:
            out[-1] = (out[-1][0], code)
        else:
            out.append((code, code))
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in out)


_ASTRAL_INVISIBLE = re.compile("[" + _ranges([c for c in _expand(_INVISIBLE) if c >= _BMP]) + "]")
_COMPAT_RE = re.compile(f"[{_COMPAT}]")


def fold_for_matching(text: str) -> str:
    """``normalise(text, spaces="drop", join_spelled=True).text`` without the offsets, at C
    speed: for deciding quickly whether a long text can contain a term at all (then normalise
    the parts that may)."""
    folded = text.translate(_drop_fold_bmp())
    if _ASTRAL_INVISIBLE.search(folded):  # the invisible characters beyond the BMP table
        folded = _ASTRAL_INVISIBLE.sub("", folded)
    if _COMPAT_RE.search(folded):
        folded = _COMPAT_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), folded)
    return to_simplified(join_spelled_out(folded))
