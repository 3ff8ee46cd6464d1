from datetime import date, datetime

import pytest

from govinspect.extract.dates import find_dates, find_month_days, parse_date, parse_pubdate


@pytest.mark.parametrize("text", ["2021-03-15", "2021/3/15", "2021.03.15", "2021年3月15日", "[2021-03-15]",
                                  "(2021-03-15)", "【2021年03月15日】", "20210315", "2021-03-15 10:20:30",
                                  "2021 - 03 - 15", "二〇二一年三月十五日", " 2021-3-15 "])
def test_parse_date_common_forms(text: str) -> None:
    assert parse_date(text) == date(2021, 3, 15)


@pytest.mark.parametrize("text", ["", "abc", "2021-02-30", "2021-13-01", "03-15", "12021-03-15",
                                  "1800-01-01", "第2021-3号文件", "发布于2021-03-15的文章", "2021年"])
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_in_text_keeps_raw_forms() -> None:
    text = "于2021-03-15发布，截至2021年4月1日；电话010-12345678；版本1.2021.03.1；二〇二〇年十二月三十一日"
    assert find_dates(text) == [(date(2021, 3, 15), "2021-03-15"), (date(2021, 4, 1), "2021年4月1日"),
                                (date(2020, 12, 31), "二〇二〇年十二月三十一日")]


def test_find_dates_ignores_compact_digits_and_phone_numbers() -> None:
    assert find_dates("文号20210315 电话0755-20210315 身份证110101202103150011") == []


def test_month_days() -> None:
    assert find_month_days("(03-15) 3月5日") == [(3, 15, "03-15"), (3, 5, "3月5日")]
    assert find_month_days("2021-03-15 1.5 13-40") == []


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-03-15 10:20", datetime(2021, 3, 15, 10, 20)),
    ("2021-03-15 10:20:30", datetime(2021, 3, 15, 10, 20, 30)),
    ("2021-03-15", datetime(2021, 3, 15)),
    ("2021年3月15日 10时20分", datetime(2021, 3, 15, 10, 20)),
    ("2021-03-15T02:20:30Z", datetime(2021, 3, 15, 10, 20, 30)),  # UTC → China time
    ("2021-03-15T10:20:30+08:00", datetime(2021, 3, 15, 10, 20, 30)),
    ("2007-08-20-23:59:59", datetime(2007, 8, 20)),
])
def test_parse_pubdate(value: str, expected: datetime) -> None:
    assert parse_pubdate(value) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "2021-02-30 10:00", "x" * 100])
def test_parse_pubdate_rejects(value: str) -> None:
    assert parse_pubdate(value) is None
