"""Chinese working days (工作日): statutory holidays skipped, make-up workdays (调休) counted.

The calendar is chinese-calendar's, which knows the State Council's arrangement for the years it
ships. A year it does not know is never guessed: the override table in config decides, and if the
table says nothing about that year either, :class:`WorkdayError` says so.

    [workdays]
    holidays = ["2027-01-01", ...]     # days off that would otherwise be workdays
    workdays = ["2027-02-07", ...]     # make-up workdays (调休) on a weekend
    known_years = [2027]               # years the table fully describes (weekends + the lists above)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import chinese_calendar


class WorkdayError(ValueError):
    """工作日计算错误 / working-day calculation error."""


def _parse_days(values: Iterable[Any], key: str) -> set[date]:
    out: set[date] = set()
    for value in values:
        if isinstance(value, date):
            out.add(value)
            continue
        try:
            out.add(date.fromisoformat(str(value)))
        except ValueError:
            raise WorkdayError(f"配置[workdays] {key} 中的日期格式错误：{value!r}（应为YYYY-MM-DD） / "
                               f"bad date {value!r} in [workdays] {key}, expected YYYY-MM-DD") from None
    return out


@dataclass
class WorkCalendar:
    """Working days with an override table for what chinese-calendar does not know."""

    holidays: set[date] = field(default_factory=set)
    workdays: set[date] = field(default_factory=set)
    known_years: set[int] = field(default_factory=set)

    @classmethod
    def from_config(cls, data: dict[str, Any] | None) -> WorkCalendar:
        data = data or {}
        holidays = _parse_days(data.get("holidays", []), "holidays")
        workdays = _parse_days(data.get("workdays", []), "workdays")
        clash = holidays & workdays
        if clash:
            day = min(clash).isoformat()
            raise WorkdayError(f"{day} 同时列为节假日和工作日 / {day} is listed both as holiday and workday")
        years = {int(y) for y in data.get("known_years", [])}
        return cls(holidays, workdays, years)

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if day.year in self.known_years:
                return day.weekday() < 5
            raise WorkdayError(
                f"节假日历不含{day.year}年，请在配置[workdays]中列出该年的节假日与调休日并把{day.year}加入"
                f"known_years / the holiday calendar does not know {day.year}: list its holidays and make-up "
                f"workdays in [workdays] and add {day.year} to known_years") from None

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself is not counted: a message received
        on Friday with 3 working days is due on Wednesday)."""
        if n < 0:
            raise WorkdayError(f"工作日数不能为负：{n} / working days must not be negative: {n}")
        day = start
        left = n
        while left > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count
