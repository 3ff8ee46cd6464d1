"""Probe logs from another system: the format, all-or-nothing, unknown codes, coverage."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from govinspect.monitor.importer import ProbeLogError, import_probe_log, parse_time
from govinspect.monitor.models import MonitorProbeRow, MonitorSessionRow
from govinspect.monitor.window import load_window, summarise
from govinspect.store import Store
from govinspect.store.models import Base
from govinspect.timeutil import parse_as_of
from tests.monitor.helpers import SHIFAN, YANGBAN, judge_w_v2, make_store

AS_OF = parse_as_of("2021-03-21")
HEADER = "网站标识码,时间,结果/状态码,耗时毫秒\n"
A, B = SHIFAN.site.code, YANGBAN.site.code


def week(code: str, *, failed_hours: frozenset[int] | set[int] = frozenset(), per_day: int = 24,
         skip_days: frozenset[int] | set[int] = frozenset()) -> str:
    """A clean week of probes every 24 h / per_day; the listed hours (from the start) fail with 超时."""
    start = AS_OF - timedelta(days=7)
    rows = []
    step = timedelta(days=1) / per_day
    for i in range(7 * per_day):
        at = start + step * i + timedelta(minutes=1)
        if at.date().toordinal() - start.date().toordinal() in skip_days:
            continue
        hour = int((at - start) / timedelta(hours=1))
        result, ms = ("超时", "15000") if hour in failed_hours else ("200", "320")
        rows.append(f"{code},{at.strftime('%Y-%m-%d %H:%M:%S')},{result},{ms}\n")
    return "".join(rows)


def count(store: Store, model: type[Base]) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_good_log_imports_and_the_rule_judges_it(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    log = tmp_path / "probes.csv"
    # 9 of 168 fail: 5.4 % → veto; the other site's 8 of 168 (4.76 %) is a look-alike that passes
    log.write_text(HEADER + week(A, failed_hours=set(range(40, 49))) + week(B, failed_hours=set(range(40, 48))),
                   encoding="utf-8-sig")
    result = import_probe_log(store, log)
    assert (result.imported, result.skipped, result.sites) == (336, 0, 2)
    [finding] = judge_w_v2(store, SHIFAN.site, AS_OF)
    assert finding.details["failures"] == 9 and finding.details["probes"] == 168
    assert finding.details["per_day"]["2021-03-14"] == 24
    assert judge_w_v2(store, YANGBAN.site, AS_OF) == []
    # imported again: nothing doubles
    again = import_probe_log(store, log)
    assert (again.imported, again.skipped) == (0, 336)
    assert count(store, MonitorProbeRow) == 336


def test_gb18030_and_other_spellings(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    log = tmp_path / "excel.csv"
    # columns in any order, extra columns ignored, 结果 as the header, Excel's GB18030
    log.write_bytes(("耗时毫秒,网站标识码,结果,时间,备注\n"
                     f"120,{A},成功,2021/03/20 08:00,说明\n"
                     f",{A},失败,2021-03-20T09:00:00+08:00,\n"
                     f"900,{A},503,2021-03-20 10:00,\n").encode("gb18030"))
    assert import_probe_log(store, log).imported == 3
    with store.session() as session:
        rows = session.scalars(select(MonitorProbeRow).order_by(MonitorProbeRow.at)).all()
    assert [(r.status, r.error, r.elapsed_ms, r.failed) for r in rows] == [
        (200, None, 120, False), (None, "failed", None, True), (503, None, 900, True)]
    assert rows[0].at == parse_as_of("2021-03-20T08:00")  # naive times are China time


def test_malformed_rows_reject_the_whole_file_with_every_problem(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    log = tmp_path / "bad.csv"
    log.write_text(HEADER + "".join(week(A).splitlines(keepends=True)[:3]) + "\n".join([
        f"{A},2021-03-20,200,100",             # 3+: a date without a time
        f"{A},2021-03-20 10:00,999,100",       # bad status
        f"{A},2021-03-20 11:00,很好,100",       # unknown word
        f"{A},2021-03-20 12:00,200,-5",        # negative elapsed
        "12345,2021-03-20 13:00,200,100",      # malformed code
        "3101140099,2021-03-20 14:00,200,100",  # well-formed but not in the registry
        f"{A},2021-03-20 15:00,200,100",
        f"{A},2021-03-20 15:00,503,100",       # duplicate site + time
    ]) + "\n", encoding="utf-8")
    with pytest.raises(ProbeLogError) as caught:
        import_probe_log(store, log)
    columns = [(p.column, p.reason.split(" / ")[1]) for p in caught.value.problems]
    assert len(columns) == 7, columns
    assert [c for c, _ in columns] == ["时间", "结果/状态码", "结果/状态码", "耗时毫秒", "网站标识码", "网站标识码", "时间"]
    assert any("unknown site code 3101140099" in reason for _, reason in columns)
    assert any("malformed site code" in reason for _, reason in columns)
    assert all(" / " in p.reason for p in caught.value.problems)  # bilingual
    assert count(store, MonitorProbeRow) == 0 and count(store, MonitorSessionRow) == 0  # all or nothing


@pytest.mark.parametrize(("content", "needle"), [
    (b"", "empty"),
    ("网站标识码,时间,耗时毫秒\n".encode(), "missing columns: 结果/状态码"),
    (HEADER.encode(), "no rows"),
    (b"\x00\x01\x02", "binary file, not a text file"),
])
def test_unusable_files_are_rejected(tmp_path: Path, content: bytes, needle: str) -> None:
    store = make_store(tmp_path)
    log = tmp_path / "x.csv"
    log.write_bytes(content)
    with pytest.raises(ProbeLogError, match=needle):
        import_probe_log(store, log)
    with pytest.raises(ProbeLogError, match="cannot read"):
        import_probe_log(store, tmp_path / "missing.csv")


def test_imported_coverage_spans_only_dense_stretches(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    log = tmp_path / "holes.csv"
    log.write_text(HEADER + week(A, skip_days={3}), encoding="utf-8")  # a day with no probes at all
    import_probe_log(store, log)
    summary = summarise(load_window(store, A, AS_OF - timedelta(days=7), AS_OF), AS_OF)
    assert summary.days_below == ["2021-03-17"]
    assert 24 <= summary.not_monitored_hours <= 26  # the empty day (plus edges) is not monitored
    # the other site has no coverage from this log
    other = summarise(load_window(store, B, AS_OF - timedelta(days=7), AS_OF), AS_OF)
    assert other.coverage == 0 and other.probes == 0


def test_time_formats() -> None:
    assert parse_time("2021-03-20 08:00") == parse_as_of("2021-03-20T08:00")
    assert parse_time("2021/03/20 08:00:30").second == 30
    assert parse_time("2021-03-20T00:00:00Z") == parse_as_of("2021-03-20T08:00")
    with pytest.raises(ValueError):
        parse_time("20.03.2021 08:00")
