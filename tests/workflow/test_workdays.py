"""Working days across the 2021 Spring Festival and National Day, with make-up days (调休)."""

from __future__ import annotations

from datetime import date

import pytest

from govinspect.workflow.workdays import WorkCalendar, WorkdayError


def test_spring_festival_2021_skips_the_holiday_and_counts_makeup_days() -> None:
    cal = WorkCalendar()
    # 2021-02-07 (Sunday) and 2021-02-20 (Saturday) were make-up workdays; 02-11..02-17 off.
    assert cal.is_workday(date(2021, 2, 7))
    assert cal.is_workday(date(2021, 2, 20))
    assert not cal.is_workday(date(2021, 2, 12))
    # Friday 2021-02-05 + 1 working day = Sunday 02-07 (调休), not Monday 02-08.
    assert cal.add_workdays(date(2021, 2, 5), 1) == date(2021, 2, 7)
    # 02-10 (last workday before the holiday) + 1 = 02-18 (first day back).
    assert cal.add_workdays(date(2021, 2, 10), 1) == date(2021, 2, 18)
    # 02-18, 02-19, 02-20 (Sat, 调休), 02-22 → the 4th working day after 02-10.
    assert cal.add_workdays(date(2021, 2, 10), 4) == date(2021, 2, 22)
    assert cal.workdays_between(date(2021, 2, 10), date(2021, 2, 22)) == 4


def test_national_day_2021() -> None:
    cal = WorkCalendar()
    # 10-01..10-07 off; 09-26 (Sun) and 10-09 (Sat) were make-up workdays.
    assert cal.is_workday(date(2021, 9, 26))
    assert cal.is_workday(date(2021, 10, 9))
    assert not cal.is_workday(date(2021, 10, 4))
    assert cal.add_workdays(date(2021, 9, 30), 1) == date(2021, 10, 8)
    assert cal.add_workdays(date(2021, 9, 30), 2) == date(2021, 10, 9)
    assert cal.add_workdays(date(2021, 9, 30), 5) == date(2021, 10, 13)  # 8, 9(调休), 11, 12, 13


def test_plain_week_and_zero() -> None:
    cal = WorkCalendar()
    assert cal.add_workdays(date(2021, 3, 19), 3) == date(2021, 3, 24)  # Fri → Wed
    assert cal.add_workdays(date(2021, 3, 19), 0) == date(2021, 3, 19)
    with pytest.raises(WorkdayError, match="negative"):
        cal.add_workdays(date(2021, 3, 19), -1)


def test_unknown_year_is_never_guessed() -> None:
    with pytest.raises(WorkdayError, match="does not know 2031") as exc:
        WorkCalendar().add_workdays(date(2031, 3, 3), 2)
    assert "2031" in str(exc.value) and "known_years" in str(exc.value)


def test_override_table_for_an_unknown_year() -> None:
    cal = WorkCalendar.from_config({"holidays": ["2031-03-04"], "workdays": ["2031-03-08"], "known_years": [2031]})
    # Mon 03-03 + 2: 03-04 is a holiday → 03-05, 03-06.
    assert cal.add_workdays(date(2031, 3, 3), 2) == date(2031, 3, 6)
    # Fri 03-07 + 1 = Sat 03-08 (make-up workday from the table)
    assert cal.add_workdays(date(2031, 3, 7), 1) == date(2031, 3, 8)


def test_override_also_corrects_a_known_year() -> None:
    cal = WorkCalendar.from_config({"holidays": ["2021-03-22"]})
    assert cal.add_workdays(date(2021, 3, 19), 1) == date(2021, 3, 23)


@pytest.mark.parametrize("data, needle", [
    ({"holidays": ["2031/03/04"]}, "bad date"),
    ({"holidays": ["2031-03-04"], "workdays": ["2031-03-04"]}, "both"),
])
def test_bad_override_table(data: dict[str, list[str]], needle: str) -> None:
    with pytest.raises(WorkdayError, match=needle):
        WorkCalendar.from_config(data)
