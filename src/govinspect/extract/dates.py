"""Dates as Chinese government pages print them (发布日期、列表日期、PubDate).

Forms: ``2021-03-15``, ``2021/3/15``, ``2021.03.15``, ``2021年3月15日``, ``二〇二一年三月十五日``,
with an optional time (``10:20`` / ``10:20:30``) and brackets (``[2021-03-15]``). Compact
``20210315`` is accepted by :func:`parse_date` (a whole string) but never searched for in free
text, where eight digits are as likely a number as a date. Month-day forms (``03-15``,
``3月15日``) carry no year: :func:`find_month_days` returns them for the caller to resolve.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

MIN_YEAR = 1949  # nothing on a government site predates the PRC; earlier "years" are noise
MAX_YEAR = 2100  # future dates are kept (伪造发稿日期 needs them), absurd ones are not

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SEP = r"\s*[-/.－—]\s*"
_YMD = (r"(?<![\d.])(?P<y>(?:19|20|21)\d{2})(?:" + _SEP + r"(?P<m>\d{1,2})" + _SEP + r"(?P<d>\d{1,2})(?![\d])"
        r"|\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?)")
_TIME = r"(?:\s*(?:T|\s)\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?(?:\s*秒)?)?"
_DATE_RE = re.compile(_YMD)
_DATETIME_RE = re.compile(_YMD + _TIME)
_CN_DATE_RE = re.compile(r"([〇○零一二三四五六七八九OＯ]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*"
                         r"([一二三四五六七八九十]{1,3})\s*日")
_COMPACT_RE = re.compile(r"^\s*((?:19|20|21)\d{2})(\d{2})(\d{2})\s*$")
_MONTH_DAY_RE = re.compile(r"(?<![\d\-/.年])(?:(?P<m>0[1-9]|1[0-2])[-/](?P<d>0[1-9]|[12]\d|3[01])"
                           r"|(?P<m2>1[0-2]|0?[1-9])\s*月\s*(?P<d2>3[01]|[12]\d|0?[1-9])\s*[日号])(?![\d\-/.])")
_TZ_RE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})\s*$")
_CHINA = timezone(timedelta(hours=8))


def _mk(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ymd(match: re.Match[str]) -> date | None:
    month = match.group("m") or match.group("m2")
    day = match.group("d") or match.group("d2")
    return _mk(int(match.group("y")), int(month), int(day))


def _cn_number(text: str) -> int:
    """一 … 三十一 (small numbers as written in 成文日期)."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def _cn_date(match: re.Match[str]) -> date | None:
    year = int("".join(str(_CN_DIGITS[c]) for c in match.group(1)))
    return _mk(year, _cn_number(match.group(2)), _cn_number(match.group(3)))


def parse_date(text: str) -> date | None:
    """One date string in any common form, or None. Surrounding brackets and a time are allowed;
    text with anything else around the date is not a date string (use :func:`find_dates`)."""
    if not text:
        return None
    value = text.strip().strip("[]()（）【】〔〕<>「」 \u3000")
    if len(value) > 40:
        return None
    compact = _COMPACT_RE.match(value)
    if compact:
        return _mk(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)))
    match = _DATETIME_RE.match(value)
    if match and not value[match.end():].strip(" :：日号"):
        return _ymd(match)
    cn = _CN_DATE_RE.fullmatch(value)
    if cn:
        return _cn_date(cn)
    if match and _TZ_RE.fullmatch(value[match.end():].strip()):
        return _ymd(match)
    return None


def find_dates(text: str) -> list[tuple[date, str]]:
    """All full dates (with a year) in ``text``, in order, with the raw text that held each."""
    out: list[tuple[date, str]] = []
    for match in _DATE_RE.finditer(text):
        found = _ymd(match)
        if found:
            out.append((found, match.group(0)))
    if "年" in text:
        for match in _CN_DATE_RE.finditer(text):
            found = _cn_date(match)
            if found:
                out.append((found, match.group(0)))
    return out


def find_month_days(text: str) -> list[tuple[int, int, str]]:
    """Month-day forms without a year (``03-15``, ``(03-15)``, ``3月15日``): (month, day, raw)."""
    out: list[tuple[int, int, str]] = []
    for match in _MONTH_DAY_RE.finditer(text):
        month = int(match.group("m") or match.group("m2"))
        day = int(match.group("d") or match.group("d2"))
        out.append((month, day, match.group(0)))
    return out


def parse_pubdate(value: str) -> datetime | None:
    """A ``PubDate`` meta value or a 发布时间 label value → naive datetime in China time.

    ``2021-03-15 10:20``, ``2021-03-15 10:20:30``, ``2021-03-15``, ``2021年3月15日 10时20分``,
    ISO 8601 with an offset (converted to UTC+8). Seconds and time are optional.
    """
    if not value:
        return None
    value = value.strip().strip("[]()（）【】")
    if len(value) > 60:
        return None
    iso = value.replace(" ", "T", 1) if _TZ_RE.search(value) else None
    if iso:
        try:
            parsed = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None and MIN_YEAR <= parsed.year <= MAX_YEAR:
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(_CHINA).replace(tzinfo=None)
            return parsed
    match = _DATETIME_RE.match(value)
    if match:
        day = _ymd(match)
        if day is None:
            return None
        hour, minute, second = (int(match.group(g) or 0) for g in ("H", "M", "S"))
        if hour > 23 or minute > 59 or second > 59:
            return datetime(day.year, day.month, day.day)
        return datetime(day.year, day.month, day.day, hour, minute, second)
    only = parse_date(value)
    return datetime(only.year, only.month, only.day) if only else None
