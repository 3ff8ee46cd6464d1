"""我为政府网站找错 messages: intake, routing by 网站标识码, import all-or-nothing, deadlines, summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from govinspect.report.periods import parse_period
from govinspect.workflow.messages import (
    IntakeError,
    MessageImportError,
    answer_message,
    import_messages,
    intake_message,
    list_messages,
    message_summary,
    status,
)

from ..report.helpers import home

HEAD = "留言编号,网站标识码,问题类型,问题描述,留言时间,问题网址\n"


def _csv(path: Path, body: str, encoding: str = "utf-8-sig") -> Path:
    path.write_text(HEAD + body, encoding=encoding)
    return path


def test_intake_routes_to_the_unit_and_sets_a_working_day_deadline(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    row = intake_message(store, config, {"留言编号": "JC2021-1", "网站标识码": "3399210002", "问题类型": "错别字",
                                         "问题描述": "首页“政府”写成“政付”", "留言时间": "2021-02-10 09:30"})
    assert (row.site_name, row.unit) == ("样板县人民政府", "样板县人民政府办公室")
    # 3 working days after 2021-02-10, across the Spring Festival: 02-18, 02-19, 02-20 (Saturday, 调休)
    assert row.deadline == date(2021, 2, 20)
    assert status(row, date(2021, 2, 20)) == "received"
    assert status(row, date(2021, 2, 21)) == "overdue"
    assert row.source == "web"


def test_intake_names_every_bad_field(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    with pytest.raises(IntakeError) as exc:
        intake_message(store, config, {"留言编号": "", "网站标识码": "3399999999", "问题类型": "错别字",
                                       "问题描述": "x", "留言时间": "2021-02-30"})
    columns = {p.column: p.reason for p in exc.value.problems}
    assert "留言编号" in columns and "required" in columns["留言编号"]
    assert "unknown site code 3399999999" in columns["网站标识码"]
    assert "no such date" in columns["留言时间"]


def test_import_csv_and_xlsx(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    csv_file = _csv(tmp_path / "m.csv", "JC1,3399210002,错别字,错字,2021-03-02,http://www.yangban.gov.cn/a.html\n"
                                         "JC2,3399000003,链接不可用,打不开,2021/3/5,\n")
    assert len(import_messages(store, config, csv_file)) == 2
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["留言编号", "网站标识码", "问题类型", "问题描述", "留言时间"])
    ws.append(["JC3", "3399000001", "内容不准确", "电话号码过期", date(2021, 3, 10)])
    wb.save(tmp_path / "m.xlsx")
    assert [m.ref for m in import_messages(store, config, tmp_path / "m.xlsx")] == ["JC3"]
    gbk = _csv(tmp_path / "gbk.csv", "JC4,3399000001,错别字,错字,2021-03-11,\n", encoding="gb18030")
    assert len(import_messages(store, config, gbk)) == 1
    assert [m.ref for m in list_messages(store)] == ["JC1", "JC2", "JC3", "JC4"]


def test_a_bad_row_imports_nothing_and_every_problem_is_listed(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    bad = _csv(tmp_path / "bad.csv", "JC1,3399210002,错别字,错字,2021-03-02,\n"
                                     "JC2,3399999999,错别字,错字,2021-03-02,\n"
                                     "JC1,3399210002,错别字,重复,2021-03-02,\n"
                                     "JC4,3399210002,,错字,昨天,\n")
    with pytest.raises(MessageImportError) as exc:
        import_messages(store, config, bad)
    got = {(p.row, p.column) for p in exc.value.problems}
    assert got == {(3, "网站标识码"), (4, "留言编号"), (5, "问题类型"), (5, "留言时间")}
    assert "nothing imported" in str(exc.value)
    assert list_messages(store) == []


@pytest.mark.parametrize("content, needle", [
    ("留言编号,网站标识码\nJC1,3399210002\n", "missing columns: 问题类型"),
    ("", "empty file"),
])
def test_malformed_files(tmp_path: Path, content: str, needle: str) -> None:
    config, store = home(tmp_path)
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MessageImportError, match=needle):
        import_messages(store, config, path)


def test_other_file_kinds_are_refused(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    with pytest.raises(MessageImportError, match="only CSV or XLSX"):
        import_messages(store, config, tmp_path / "x.json")
    with pytest.raises(MessageImportError, match="no such file"):
        import_messages(store, config, tmp_path / "none.csv")


def test_deadline_in_an_unknown_year_is_refused(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    with pytest.raises(IntakeError, match="does not know 2035"):
        intake_message(store, config, {"留言编号": "F1", "网站标识码": "3399000001", "问题类型": "错别字",
                                       "问题描述": "x", "留言时间": "2035-03-01"})


def test_bulletin_paragraph_from_the_messages(tmp_path: Path) -> None:
    config, store = home(tmp_path, {"workflow": {"message_working_days": {"value": 5, "verified": False}}})
    rows = ("J1,3399210002,错别字,a,2021-03-01,\nJ2,3399210002,错别字,b,2021-03-02,\n"
            "J3,3399000003,链接不可用,c,2021-03-03,\nJ4,3399000001,内容不准确,d,2021-03-30,\n"
            "J5,3399000001,错别字,e,2020-12-30,\n")  # J5 belongs to the previous quarter
    import_messages(store, config, _csv(tmp_path / "m.csv", rows))
    answer_message(store, "J1", verified=True, answered=date(2021, 3, 3))
    answer_message(store, "J2", verified=True, answered=date(2021, 3, 4))
    answer_message(store, "J3", verified=True, answered=date(2021, 3, 20))  # after its 5-day deadline
    answer_message(store, "J4", verified=False, answered=date(2021, 3, 31))
    summary = message_summary(store, config, parse_period("2021Q1"))
    assert summary.text == ("共受理“我为政府网站找错”留言4条，其中问题属实的留言3条，问题主要集中在错别字、链接不可用等方面，"
                            "“示范市教育局”出现逾期未答复情况。")
    with pytest.raises(IntakeError, match="before the message date"):
        answer_message(store, "J4", verified=True, answered=date(2021, 3, 1))
    with pytest.raises(IntakeError, match="no message J9"):
        answer_message(store, "J9", verified=True, answered=date(2021, 3, 1))
