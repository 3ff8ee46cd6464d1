"""The monitoring point (监测时间点) and time zones: every judgement is made in China time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


class AsOfError(ValueError):
    pass


def parse_as_of(value: str | date | datetime | None) -> datetime:
    """``2021-03-21`` → 2021-03-21T00:00:00+08:00; a datetime without zone is China time;
    None → now."""
    if value is None:
        return datetime.now(CHINA_TZ).replace(microsecond=0)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(), CHINA_TZ)
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise AsOfError(f"监测时间点格式错误，应为 YYYY-MM-DD / bad --as-of {value!r}, expected YYYY-MM-DD") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA_TZ)


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        raise ValueError("naive datetime")
    return dt.astimezone(CHINA_TZ).isoformat()
