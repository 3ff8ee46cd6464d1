"""Periods (2021Q1, 2021-03) and the run that stands for them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govinspect.report.periods import Period, PeriodError, cn_number, parse_period, run_for_period

from .helpers import add_run, home


@pytest.mark.parametrize("text, label, start, end, words", [
    ("2021Q1", "2021Q1", date(2021, 1, 1), date(2021, 3, 31), "2021年第一季度"),
    ("2021q4", "2021Q4", date(2021, 10, 1), date(2021, 12, 31), "2021年第四季度"),
    ("2021-03", "2021-03", date(2021, 3, 1), date(2021, 3, 31), "2021年3月"),
    ("2020-2", "2020-02", date(2020, 2, 1), date(2020, 2, 29), "2020年2月"),
])
def test_parse(text: str, label: str, start: date, end: date, words: str) -> None:
    p = parse_period(text)
    assert (p.label, p.start, p.end, p.text) == (label, start, end, words)


@pytest.mark.parametrize("text", ["2021Q5", "2021-13", "2021", "Q1 2021", "2021-03-21", ""])
def test_bad_period_is_a_bilingual_error(text: str) -> None:
    with pytest.raises(PeriodError, match=r"期间格式错误.*expected a quarter"):
        parse_period(text)


def test_previous_crosses_the_year() -> None:
    assert parse_period("2021Q1").previous() == Period("quarter", 2020, 4)
    assert parse_period("2021-01").previous() == Period("month", 2020, 12)
    assert parse_period("2021Q1").previous_word == "上季度"
    assert parse_period("2021-01").previous_word == "上月"


def test_cn_numbers() -> None:
    assert [cn_number(n) for n in (1, 4, 10, 11, 20, 23)] == ["一", "四", "十", "十一", "二十", "二十三"]


def test_latest_run_in_the_period_by_monitoring_point(tmp_path: Path) -> None:
    _, store = home(tmp_path)
    add_run(store, "jan", "2021-01-20", [])
    add_run(store, "mar", "2021-03-21", [])
    add_run(store, "apr", "2021-04-01", [])  # next quarter
    add_run(store, "recheck", "2021-03-30", [], options={"purpose": "recheck"})  # never a period's run
    assert run_for_period(store, parse_period("2021Q1")).id == "mar"
    assert run_for_period(store, parse_period("2021-01")).id == "jan"
    # 2021-03-31 23:30 China time is still March (stored as UTC 15:30)
    add_run(store, "late", "2021-03-31T23:30:00+08:00", [])
    assert run_for_period(store, parse_period("2021-03")).id == "late"


def test_no_run_and_run_in_progress_are_errors(tmp_path: Path) -> None:
    _, store = home(tmp_path)
    with pytest.raises(PeriodError, match="no inspection run with its monitoring point in 2021Q2"):
        run_for_period(store, parse_period("2021Q2"))
    add_run(store, "done", "2021-03-01", [])
    add_run(store, "busy", "2021-03-21", [], state="crawling")
    with pytest.raises(PeriodError, match=r"busy.*still in progress"):
        run_for_period(store, parse_period("2021Q1"))
