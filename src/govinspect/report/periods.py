"""Bulletin periods (季度 2021Q1, 月 2021-03) and the run that stands for each.

A period is judged from the runs' monitoring points (监测时间点): the latest run whose ``as_of``
falls in the period is the period's run. It must be analysed; a run still crawling is an error,
not something to skip silently. Re-check runs (``options.purpose = "recheck"``) never count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from govinspect.store import Store
from govinspect.store.models import RunRow
from govinspect.timeutil import CHINA_TZ

_CN_NUM = "零一二三四五六七八九十"


class PeriodError(ValueError):
    """期间或运行错误 / bad period, or no usable run in it."""


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (numbering 一、（一）)."""
    if n <= 10:
        return _CN_NUM[n]
    if n < 20:
        return "十" + _CN_NUM[n - 10]
    tens, ones = divmod(n, 10)
    return _CN_NUM[tens] + "十" + (_CN_NUM[ones] if ones else "")


@dataclass(frozen=True)
class Period:
    kind: str  # "quarter" | "month"
    year: int
    number: int  # quarter 1..4 or month 1..12

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.number}" if self.kind == "quarter" else f"{self.year}-{self.number:02d}"

    @property
    def start(self) -> date:
        month = (self.number - 1) * 3 + 1 if self.kind == "quarter" else self.number
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        """Last day (inclusive)."""
        return self.next().start - timedelta(days=1)

    @property
    def text(self) -> str:
        """2021年第一季度 / 2021年3月."""
        if self.kind == "quarter":
            return f"{self.year}年第{cn_number(self.number)}季度"
        return f"{self.year}年{self.number}月"

    @property
    def short_text(self) -> str:
        """第一季度 / 3月 (inside sentences that already name the year)."""
        return self.text.removeprefix(f"{self.year}年")

    @property
    def previous_word(self) -> str:
        """上季度 / 上月."""
        return "上季度" if self.kind == "quarter" else "上月"

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment.astimezone(CHINA_TZ).date() <= self.end

    def previous(self) -> Period:
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, 4 if self.kind == "quarter" else 12)

    def next(self) -> Period:
        last = 4 if self.kind == "quarter" else 12
        if self.number < last:
            return Period(self.kind, self.year, self.number + 1)
        return Period(self.kind, self.year + 1, 1)

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes in China time."""
        return (datetime.combine(self.start, time(), CHINA_TZ),
                datetime.combine(self.next().start, time(), CHINA_TZ))


_QUARTER = re.compile(r"^(\d{4})\s*[-_ ]?\s*[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_period(text: str) -> Period:
    value = text.strip()
    if m := _QUARTER.match(value):
        return Period("quarter", int(m.group(1)), int(m.group(2)))
    if m := _MONTH.match(value):
        month = int(m.group(2))
        if 1 <= month <= 12:
            return Period("month", int(m.group(1)), month)
    raise PeriodError(f"期间格式错误：{text!r}，应为季度 2021Q1 或月份 2021-03 / bad period {text!r}: "
                      "expected a quarter like 2021Q1 or a month like 2021-03")


def runs_in_period(store: Store, period: Period) -> list[RunRow]:
    """Inspection runs (not re-checks) with their monitoring point in ``period``, newest first."""
    lo, hi = period.bounds()
    with store.session() as session:
        rows = session.scalars(select(RunRow).where(RunRow.as_of >= lo, RunRow.as_of < hi)
                               .order_by(RunRow.as_of.desc(), RunRow.started.desc())).all()
    return [r for r in rows if (r.options or {}).get("purpose") != "recheck"]


def run_for_period(store: Store, period: Period) -> RunRow:
    """The latest run of ``period``; errors when there is none or it is still in progress."""
    runs = runs_in_period(store, period)
    if not runs:
        raise PeriodError(f"{period.text}（{period.label}）没有监测时间点在该期间内的检查运行 / no inspection run "
                          f"with its monitoring point in {period.label} (see `govinspect runs`)")
    latest = runs[0]
    if latest.state != "analysed":
        raise PeriodError(f"{period.label}的最新运行 {latest.id} 尚未完成（状态 {latest.state}），请先完成检查或分析 / "
                          f"the latest run of {period.label}, {latest.id}, is still in progress (state "
                          f"{latest.state}): finish it with `govinspect inspect` or `govinspect analyse {latest.id}`")
    return latest


def previous_run(store: Store, period: Period) -> RunRow | None:
    """The previous period's run, if one was finished (for the comparison and repeat offenders)."""
    try:
        return run_for_period(store, period.previous())
    except PeriodError:
        return None
