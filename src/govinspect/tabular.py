"""One reader for the tables users fill in by hand (表格导入): CSV or XLSX files.

The registry (网站名录), the 找错 message, monitor-log and new-media account importers all read
their files here, so every one accepts the same files and reports problems the same way:

- **Files**: ``.csv`` / ``.txt`` in UTF-8 (with or without BOM) or GB18030 (what Excel saves as
  "CSV" on Chinese Windows), delimited by comma, tab or semicolon; ``.xlsx`` / ``.xlsm`` (first
  sheet). Legacy ``.xls``, UTF-16, binary content and zip files named ``.csv`` are refused with
  a reason in Chinese and English.
- **Header**: found among the first rows (a title row such as "XX市政府网站名录" may sit above
  it); header cells are compared after NFKC normalisation and trimming. A missing column, a
  duplicated one and (when the spec says so) an unknown one are problems naming the column.
- **Rows**: empty rows are skipped; every row keeps the number a user sees (a CSV record that
  spans lines is numbered by the line where it starts; the header row of a file is row 1 when
  nothing sits above it).

The API, in full::

    spec = TableSpec(required=("网站名称", "网站标识码"), optional=("备注",), strict=True)
    table = read_table(path, spec, error=MyImportError)   # MyImportError subclasses TableError
    for row in table.rows:
        code = cell_text(row.values["网站标识码"])        # XLSX cells keep their type; CSV cells are str
        if bad(code):
            problems.append(RowProblem(row.number, "网站标识码", "原因 / reason"))
    if problems:
        raise MyImportError("表格有误，未导入 / rejected, nothing imported", problems)

:func:`decode_text` is the same decoder for other text files (``govinspect check``).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_MAX_LISTED_PROBLEMS = 50  # in str(error); ``problems`` always holds all of them


@dataclass(frozen=True)
class RowProblem:
    """One problem in a file: ``row`` is the 1-based row/line as a user sees it (0: the whole
    file), ``column`` the header it concerns ("" for the whole row), ``reason`` bilingual."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行（row {self.row}）" if self.row else ""
        col = f"「{self.column}」" if self.column else ""
        return f"{where}{col}：{self.reason}"


class TableError(ValueError):
    """A file was rejected and nothing was imported. ``problems`` lists every row problem; a
    file that cannot be read at all has none and says why in ``message``."""

    def __init__(self, message: str, problems: Sequence[RowProblem] = ()) -> None:
        self.message = message
        self.problems: list[RowProblem] = list(problems)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        count = len(self.problems)
        lines = [f"{self.message}（{count}处 / {count} problems）"]
        lines += [f"  {p}" for p in self.problems[:_MAX_LISTED_PROBLEMS]]
        if count > _MAX_LISTED_PROBLEMS:
            lines.append(f"  …… 另有{count - _MAX_LISTED_PROBLEMS}处 / {count - _MAX_LISTED_PROBLEMS} more")
        return "\n".join(lines)


@dataclass(frozen=True)
class TableSpec:
    """The columns a file must have. ``aliases`` maps a column to other headers users write for
    it (reported under the column's own name). ``strict``: any other non-empty header is a
    problem (exactly the documented headers); otherwise other columns are ignored."""

    required: Sequence[str]
    optional: Sequence[str] = ()
    aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)
    strict: bool = False
    header_search_rows: int = 10  # a title row often sits above the header

    @property
    def columns(self) -> list[str]:
        return [*self.required, *self.optional]

    def column_of(self, header: str) -> str | None:
        """The column a header cell names, or None."""
        if header in self.columns:
            return header
        return next((column for column, names in self.aliases.items() if header in names), None)


@dataclass(frozen=True)
class Row:
    """A non-empty data row: ``values`` maps each column of the spec that the file has to its
    cell (str from CSV; str, int, float, datetime or None from XLSX)."""

    number: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Table:
    header_row: int
    headers: list[str]  # the columns found, in file order (aliases already resolved)
    rows: list[Row]


def cell_text(value: Any) -> str:
    """A cell as trimmed text. Excel stores a code typed as a number as int or float
    (3101140038 / 3101140038.0): both come back as the digit string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def header_text(value: Any) -> str:
    """A header cell compared as users mean it: full-width forms folded, BOM and spaces gone."""
    return unicodedata.normalize("NFKC", cell_text(value)).replace("\ufeff", "").strip()


def decode_text(data: bytes, where: str = "", *, utf16: bool = False,
                error: type[TableError] = TableError) -> str:
    """Bytes of a text file as str: UTF-8 (BOM or not), else GB18030; UTF-16 with a BOM only
    when ``utf16``. Binary content and other encodings raise ``error`` saying why."""
    prefix = f"{where}: " if where else ""
    if not data.strip():
        raise error(f"{prefix}文件为空 / empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if utf16:
            return data.decode("utf-16")
        raise error(f"{prefix}不支持UTF-16编码，请另存为“CSV UTF-8” / UTF-16 is not supported, save as CSV UTF-8")
    if data.startswith(b"PK\x03\x04"):
        raise error(f"{prefix}这是一个xlsx（zip）文件，请使用.xlsx后缀 / this is an xlsx (zip) file, name it .xlsx")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise error(f"{prefix}这是旧版Excel（.xls）文件，请另存为.xlsx或CSV / this is a legacy Excel (.xls) file, "
                    "save it as .xlsx or CSV")
    if b"\x00" in data:
        raise error(f"{prefix}二进制文件，不是文本文件 / binary file, not a text file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_textual(text):
            return text
        break  # decodes but is full of control characters: binary, whatever the encoding
    raise error(f"{prefix}无法识别文件编码（应为UTF-8或GB18030），或不是文本文件 / unknown text encoding "
                "(expected UTF-8 or GB18030) or not a text file (binary content)")


def _looks_textual(text: str) -> bool:
    """Few control or private-use characters: what GB18030 makes of binary bytes is full of them."""
    sample = text[:65536]
    bad = sum(1 for ch in sample if (unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f")
              or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad <= max(2, len(sample) // 100)


def _csv_cells(data: bytes, where: str, error: type[TableError]) -> list[tuple[int, list[Any]]]:
    text = decode_text(data, where, error=error)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[tuple[int, list[Any]]] = []
    line = 1
    try:
        for cells in reader:
            # reader.line_num is the line a record *ends* on; users count from where it starts.
            start, line = line, reader.line_num + 1
            if any(c.strip() for c in cells):
                table.append((start, cells))
    except csv.Error as exc:
        raise error(f"{where}: 第{line}行CSV格式错误 / malformed CSV at line {line}: {exc}") from exc
    return table


def _xlsx_cells(path: Path, error: type[TableError]) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        # read_only=False: read-only mode trusts the sheet's stored dimensions, which some
        # generators write wrongly (rows would silently go missing).
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, lxml errors...: any means "unreadable"
        raise error(f"{path}: 无法读取xlsx文件（文件损坏或不是xlsx） / cannot read the xlsx file (damaged or not "
                    f"an xlsx): {type(exc).__name__}") from exc
    try:
        if not workbook.worksheets:
            raise error(f"{path}: 文件为空 / empty file")
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(min_row=1, max_row=sheet.max_row, values_only=True)
        return [(number, list(cells)) for number, cells in enumerate(rows, 1) if any(cell_text(c) for c in cells)]
    finally:
        workbook.close()


def read_cells(path: Path, error: type[TableError] = TableError) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of every non-empty row of a CSV or XLSX file, in order."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise error(f"{path}: 不支持旧版Excel（.xls），请另存为.xlsx或CSV / legacy Excel (.xls) is not supported, "
                    "save it as .xlsx or CSV")
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise error(f"{path}: 不支持的文件类型“{path.suffix}”，只支持CSV或XLSX / unsupported file type "
                    f"'{path.suffix}': only CSV or XLSX files")
    if not path.is_file():
        raise error(f"{path}: 文件不存在，无法读取 / no such file, cannot read it")
    try:
        table = _xlsx_cells(path, error) if suffix in XLSX_SUFFIXES else _csv_cells(path.read_bytes(), str(path), error)
    except OSError as exc:
        raise error(f"{path}: 无法读取文件 / cannot read the file: {exc.strerror or exc}") from exc
    if not table:
        raise error(f"{path}: 文件为空 / empty file")
    return table


def _header_at(cells: list[tuple[int, list[Any]]], spec: TableSpec) -> int:
    """Index of the header row: the first of the leading rows naming two known columns (one,
    for a one-column spec); the first row if none does."""
    enough = min(2, len(spec.columns))
    for i, (_, row) in enumerate(cells[: spec.header_search_rows]):
        if len({spec.column_of(header_text(c)) for c in row} - {None}) >= enough:
            return i
    return 0


def header_problems(headers: Sequence[str], spec: TableSpec, row: int) -> list[RowProblem]:
    """Missing, duplicated and (strict) unknown columns of a header row, each naming the column."""
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for header in headers:
        if not header:
            continue
        column = spec.column_of(header)
        if column is None:
            if spec.strict:
                problems.append(RowProblem(row, header, f"未知的列“{header}” / unknown column {header}"))
        elif column in seen:
            problems.append(RowProblem(row, column, f"表头“{column}”重复 / duplicate column {column}"))
        seen.add(column or header)
    for column in spec.required:
        if column not in seen:
            problems.append(RowProblem(row, column, f"缺少列“{column}” / missing column {column}"))
    return problems


def _header_message(where: str, spec: TableSpec, problems: Sequence[RowProblem]) -> str:
    missing = [p.column for p in problems if p.reason.startswith("缺少列")]
    expected = ",".join(spec.columns)
    text = f"{where}: 表头有误，未导入"
    text += f"（缺少列：{'、'.join(missing)}）" if missing else ""
    text += f"；表头应为 {expected} / bad header, nothing imported"
    text += f" (missing columns: {', '.join(missing)})" if missing else ""
    return text + f"; the header must be {expected}"


def read_table(path: Path, spec: TableSpec, *, error: type[TableError] = TableError) -> Table:
    """Read a CSV or XLSX file and check its header against ``spec``; raises ``error`` (with
    every header problem) when the file cannot be used. A header without data rows is a table
    with no rows: whether that is an error is the importer's call."""
    cells = read_cells(path, error)
    at = _header_at(cells, spec)
    header_row, header_cells = cells[at]
    names = [header_text(c) for c in header_cells]
    problems = header_problems(names, spec, header_row)
    if problems:
        raise error(_header_message(str(path), spec, problems), problems)
    index = {column: i for i, name in enumerate(names) if name and (column := spec.column_of(name)) is not None}
    rows = [Row(number, {column: (row[i] if i < len(row) else None) for column, i in index.items()})
            for number, row in cells[at + 1:]]
    return Table(header_row=header_row, headers=list(index), rows=rows)


__all__ = [
    "CSV_SUFFIXES",
    "XLSX_SUFFIXES",
    "Row",
    "RowProblem",
    "Table",
    "TableError",
    "TableSpec",
    "cell_text",
    "decode_text",
    "header_problems",
    "header_text",
    "read_cells",
    "read_table",
]
