"""Feed dates in every form → China time."""

from __future__ import annotations

from datetime import datetime

import pytest

from govinspect.media.dates import parse_post_date
from govinspect.timeutil import CHINA_TZ

NOON = datetime(2021, 3, 20, 12, 30, tzinfo=CHINA_TZ)


@pytest.mark.parametrize("value", [
    "Sat, 20 Mar 2021 12:30:00 +0800",
    "Sat, 20 Mar 2021 04:30:00 GMT",
    "Sat, 20 Mar 2021 12:30:00",  # RFC 822 without a zone: China time
    "20 Mar 2021 12:30 +0800",
    "2021-03-20T12:30:00+08:00",
    "2021-03-20T04:30:00Z",
    "2021-03-20T12:30:00",
    "2021-03-20 12:30",
    "2021/3/20 12:30:00",
    "2021年3月20日 12:30",
    "2021年03月20日12时30分",
    1616214600,
    "1616214600",
    1616214600000,
    "1616214600000",
])
def test_forms(value: object) -> None:
    parsed = parse_post_date(value)
    assert parsed == NOON and parsed.utcoffset() == CHINA_TZ.utcoffset(None)


def test_date_only_is_the_start_of_the_day_in_china() -> None:
    assert parse_post_date("2021-03-20") == datetime(2021, 3, 20, tzinfo=CHINA_TZ)
    assert parse_post_date("2021.03.20") == datetime(2021, 3, 20, tzinfo=CHINA_TZ)


@pytest.mark.parametrize("value", ["", "昨天", "2021-02-30", "not a date", None, True, 0, "12"])
def test_not_dates(value: object) -> None:
    assert parse_post_date(value) is None
