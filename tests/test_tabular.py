"""The one tabular reader (govinspect.tabular): files, encodings, headers, row numbers, errors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from govinspect.tabular import (
    RowProblem,
    TableError,
    TableSpec,
    cell_text,
    decode_text,
    read_table,
)

# Columns of an account list, not any importer's: the reader knows nothing of its callers.
SPEC = TableSpec(required=("账号名称", "平台", "主办单位"), optional=("备注",), aliases={"平台": ("平台类型",)})
STRICT = TableSpec(required=("账号名称", "平台"), strict=True)


class AccountError(TableError):
    """An importer's own error type: the reader raises it."""


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_excel_writes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("主办单位,平台,账号名称\r\n市政府办公室,微信,某市发布\r\n".encode(encoding))
    table = read_table(path, SPEC)
    assert table.headers == ["主办单位", "平台", "账号名称"]
    assert [(r.number, r.values) for r in table.rows] == [
        (2, {"主办单位": "市政府办公室", "平台": "微信", "账号名称": "某市发布"})]


def test_title_row_blank_lines_and_multiline_cells_keep_user_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("某市政务新媒体名录;;\n\n账号名称;平台类型;主办单位\n"
                    '"某市\n发布";微博;办公室\n\n某区发布;抖音;区政府\n', encoding="utf-8")
    table = read_table(path, SPEC)
    assert table.header_row == 3
    assert [(r.number, r.values["平台"]) for r in table.rows] == [(4, "微博"), (7, "抖音")]
    assert table.rows[0].values["账号名称"] == "某市\n发布"


def test_xlsx_cells_keep_their_type(tmp_path: Path) -> None:
    when = datetime(2021, 3, 2, 10, 15)
    path = _xlsx(tmp_path / "a.xlsx", [["账号名称", "平台", "主办单位", "备注"], [None] * 4,
                                       ["某市发布", "微信", 3101140038.0, when]])
    row = read_table(path, SPEC).rows[0]
    assert row.number == 3
    assert row.values["备注"] == when and cell_text(row.values["主办单位"]) == "3101140038"


def test_missing_duplicate_and_unknown_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("账号名称,账号名称,粉丝数\nx,x,1\n", encoding="utf-8")
    with pytest.raises(AccountError) as caught:
        read_table(path, SPEC, error=AccountError)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "账号名称"), (1, "平台"), (1, "主办单位")]
    assert "missing columns: 平台, 主办单位" in str(caught.value) and "缺少列：平台、主办单位" in str(caught.value)
    # Lenient specs ignore 粉丝数; a strict one names it.
    path.write_text("账号名称,平台,粉丝数\nx,微信,1\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_table(path, STRICT)
    assert [(p.column, p.reason) for p in caught.value.problems] == [("粉丝数", "未知的列“粉丝数” / unknown column 粉丝数")]


def test_an_alias_is_reported_under_the_column_name(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("账号名称,平台类型,平台,主办单位\nx,微信,微信,y\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_table(path, SPEC)
    assert [(p.column, p.reason.split(" / ")[1]) for p in caught.value.problems] == [("平台", "duplicate column 平台")]


def test_header_only_is_an_empty_table_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("账号名称,平台,主办单位\n,,\n", encoding="utf-8")
    assert read_table(path, SPEC).rows == []


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("a.csv", b"", "empty file"),
    ("a.csv", b" \r\n", "empty file"),
    ("a.csv", "账号名称,平台\n".encode("utf-16"), "UTF-16 is not supported"),
    ("a.csv", b"PK\x03\x04" + b"\x00" * 20, "name it .xlsx"),
    ("a.csv", b"\xd0\xcf\x11\xe0" + b"\x00" * 20, "legacy Excel"),
    ("a.csv", b"a,b\x00c", "binary file"),
    ("a.csv", bytes(range(1, 32)) * 20, "not a text file"),
    ("a.xls", b"x", "legacy Excel"),
    ("a.json", b"[]", "only CSV or XLSX"),
    ("a.xlsx", b"a,b\n", "cannot read the xlsx"),
])
def test_unusable_files_are_refused_in_both_languages(tmp_path: Path, name: str, content: bytes,
                                                      needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AccountError) as caught:
        read_table(path, SPEC, error=AccountError)
    message = str(caught.value)
    assert needle in message and " / " in message and caught.value.problems == []


def test_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="no such file"):
        read_table(tmp_path / "none.csv", SPEC)
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(TableError, match="文件不存在"):
        read_table(tmp_path / "dir.xlsx", SPEC)


def test_decode_text_accepts_utf16_only_when_asked() -> None:
    data = "政府网站".encode("utf-16")
    assert decode_text(data, utf16=True) == "政府网站"
    with pytest.raises(TableError, match="UTF-16"):
        decode_text(data)
    assert decode_text("政府网站".encode("gb18030")) == "政府网站"


def test_error_text_lists_problems_and_says_how_many_more() -> None:
    problems = [RowProblem(n, "平台", "平台不能为空 / platform is empty") for n in range(2, 62)]
    text = str(TableError("未导入 / nothing imported", problems))
    lines = text.splitlines()
    assert lines[0] == "未导入 / nothing imported（60处 / 60 problems）"
    assert lines[1] == "  第2行（row 2）「平台」：平台不能为空 / platform is empty"
    assert len(lines) == 52 and lines[-1].endswith("10 more")
