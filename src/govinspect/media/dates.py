"""Post dates in every form feeds and exports use, normalised to China time (UTC+8).

- RFC 822 / 2822 (RSS ``pubDate``): ``Sat, 20 Mar 2021 10:05:00 +0800`` or ``… GMT``; without a
  zone (``Sat, 20 Mar 2021 10:05:00``) the time is China time, as Chinese feeds mean it;
- ISO 8601 (Atom, JSON Feed): ``2021-03-20T10:05:00+08:00``, ``…Z``, ``2021-03-20``;
- epoch seconds or milliseconds (``1616205900``, ``1616205900000``), as numbers or digit strings;
- ``2021-03-20 10:05``, ``2021/3/20 10:05:00``, ``2021年3月20日 10:05``, ``2021.03.20``.

A date without a zone is China time; a date with one is converted to China time. Anything else
gives None (the caller records the raw text, so an unreadable date is evidence, not lost).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from govinspect.timeutil import CHINA_TZ

_EPOCH_MS_FROM = 10**11  # larger numbers are milliseconds (10**11 s is the year 5138)
_LOCAL = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})[:：时](\d{1,2})分?(?:[:：]?(\d{1,2})秒?)?)?$")


def _china(dt: datetime) -> datetime:
    return dt.replace(tzinfo=CHINA_TZ) if dt.tzinfo is None else dt.astimezone(CHINA_TZ)


def _from_epoch(number: float) -> datetime | None:
    if number <= 0:
        return None
    seconds = number / 1000 if number >= _EPOCH_MS_FROM else number
    try:
        return datetime.fromtimestamp(seconds, UTC).astimezone(CHINA_TZ)
    except (OverflowError, OSError, ValueError):
        return None


def parse_post_date(value: Any) -> datetime | None:
    """A post date as an aware datetime in China time, or None when ``value`` is not a date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _china(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=CHINA_TZ)
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _from_epoch(float(text))
    m = _LOCAL.match(text)
    if m:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(year, month, day, hour, minute, second, tzinfo=CHINA_TZ)
        except ValueError:
            return None
    try:
        return _china(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    # email.utils marks "no zone" and "-0000" alike as naive: for Chinese feeds that is China time
    return _china(parsed)
