"""The benchmark's table and the figures it is made of (the full `make bench` takes minutes and is
never run by CI; these check its parts on small real inputs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.run import Measured, Row, all_measured, engine_texts, format_table, served_urls, text_speed

pytestmark = pytest.mark.timeout(60)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def test_one_table_with_ratios_beside_their_baselines() -> None:
    scrapy = Row("Scrapy spider, fetch + follow only", "prose site", 10_000, "pages", Measured(40.0, 25.0, 90.0))
    ours = Row("govinspect crawl+inspect", "prose site", 10_000, "pages", Measured(80.0, 40.0, 400.0), scrapy,
               "Scrapy", "≥ 3× Scrapy")
    broken = Row("linkchecker", "prose site", 0, "URLs", Measured(0.0, 0.0, 50.0, exit_code=2))
    lines = format_table([scrapy, ours, broken]).splitlines()
    assert len(lines) == 5  # header, separator, three rows: one table, nothing else
    assert {len(_cells(line)) for line in lines} == {10}
    assert _cells(lines[3])[2:] == ["10,000 pages", "80.0", "40.0", "125", "250", "0.50× / 0.62× Scrapy",
                                    "≥ 3× Scrapy", "400"]
    assert _cells(lines[2])[7] == ""  # a baseline has no ratio of its own
    assert _cells(lines[4])[0].endswith("(exit 2)") and _cells(lines[4])[5:7] == ["0", "0"]


def test_a_run_that_counted_nothing_or_failed_fails_the_benchmark() -> None:
    ok = Row("Scrapy", "farm", 10, "pages", Measured(2.0, 1.0, 80.0))
    assert all_measured([ok])
    assert not all_measured([ok, Row("Scrapy", "farm", 0, "pages", Measured(2.0, 1.0, 80.0))])
    assert not all_measured([ok, Row("linkchecker", "farm", 10, "URLs", Measured(2.0, 1.0, 80.0, exit_code=1))])


def test_a_ratio_to_a_baseline_that_measured_nothing_is_left_empty() -> None:
    empty = Row("Scrapy", "farm", 0, "pages", Measured(2.0, 1.0, 80.0))
    assert Row("govinspect", "farm", 500, "pages", Measured(10.0, 8.0, 300.0), empty, "Scrapy").ratio == ""


def test_served_urls_counts_distinct_urls_after_the_offset(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    before = '127.0.0.1 - - [29/Nov/2026:08:00:00 +0000] "GET http://www.a.gov.cn/old.html HTTP/1.1" 200 5 "-" "x"\n'
    log.write_text(before, encoding="utf-8")
    offset = log.stat().st_size
    with log.open("a", encoding="utf-8") as fh:
        for target, method in (("http://www.a.gov.cn/", "GET"), ("http://www.a.gov.cn/x.html", "HEAD"),
                               ("http://www.a.gov.cn/x.html", "GET"), ("http://www.a.gov.cn/y.html", "GET")):
            fh.write(f'127.0.0.1 - - [29/Nov/2026:08:00:01 +0000] "{method} {target} HTTP/1.1" 200 5 "-" "x"\n')
        fh.write('127.0.0.1 - - [29/Nov/2026:08:00:02 +0000] "\\x16\\x03\\x01" 400 0 "-" "-"\n')  # not a request
    assert served_urls(log, offset) == 3
    assert served_urls(log, 0) == 4


def test_text_speed_times_the_real_engine_on_prose_read_once() -> None:
    source, texts = engine_texts(3_000)
    assert len(texts) == len(set(texts)), "no text twice: a cache would flatter the engine"
    assert 3_000 <= sum(map(len, texts)) < 3_000 + max(map(len, texts))
    result = text_speed("harmful W-V1c", 3_000)
    assert result["source"] == source and result["chars"] == sum(map(len, texts))
    assert isinstance(result["seconds"], float) and result["seconds"] > 0
