"""Importing the registry (网站名录) from CSV or XLSX with the Chinese headers.

A bad file is rejected as a whole: every problem (row, column, reason) is collected and raised
in one :class:`RegistryError`, and nothing is imported. The 47号 domain rule is deliberately
*not* an import error: a site on a wrong domain is what rule W-D11 reports.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govinspect.model import Site, SiteStatus, SiteType
from govinspect.registry.codes import check_site_code
from govinspect.urls import canonical_url

SITE_HEADERS = ["网站名称", "首页网址", "网站标识码", "主办单位", "主管单位", "地区", "网站类型", "运行状态"]
REQUIRED_HEADERS = ["网站名称", "首页网址", "网站标识码", "主办单位"]

# Column widths of the ``sites`` table (PostgreSQL enforces them, so check before saving).
_MAX_LEN = {"网站名称": 200, "首页网址": 2000, "主办单位": 200, "主管单位": 200, "地区": 100}
_HEADER_SCAN_ROWS = 10  # a title row ("XX市政府网站名录") often sits above the header
_CSV_SUFFIXES = (".csv", ".txt")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class RowProblem:
    """One problem in the file: ``row`` is the 1-based row/line as a user sees it (header = 1)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行（row {self.row}）" if self.row else ""
        col = f"「{self.column}」" if self.column else ""
        return f"{where}{col}：{self.reason}"


class RegistryError(Exception):
    """The registry file was rejected; nothing was imported.

    ``problems`` holds every row-level problem; a file that cannot be read at all (empty,
    damaged, wrong format) has an empty list and says why in the message."""

    def __init__(self, message: str, problems: Sequence[RowProblem] = ()) -> None:
        self.message = message
        self.problems: list[RowProblem] = list(problems)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [f"{self.message}（{len(self.problems)}处 / {len(self.problems)} problems）"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


def _rejected(where: str = "") -> str:
    prefix = f"{where}: " if where else ""
    return f"{prefix}网站名录有误，未导入任何网站 / registry rejected, nothing imported"


def _cell_text(value: Any) -> str:
    """A cell as text. Excel stores a 网站标识码 typed as a number as int or float
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


def _normalise_code(raw: str) -> str:
    code = unicodedata.normalize("NFKC", raw).strip()
    # "3101140038.0" is what a float column looks like once exported to text (pandas, WPS).
    if code.endswith(".0") and code[:-2].isascii() and code[:-2].isdigit():
        code = code[:-2]
    return code


def _code_problem(code: str) -> str | None:
    reason = check_site_code(code)
    if reason is None:
        return None
    upper = code.upper()
    if "E+" in upper and upper.replace("E+", "").replace(".", "").isdigit():
        return (
            "网站标识码被Excel存成了科学计数法（如3.10114E+09），数字已丢失；请将该列设为文本后重新录入 / "
            "site code was saved by Excel in scientific notation (e.g. 3.10114E+09) and its digits "
            "are lost; format the column as text and re-enter the codes"
        )
    return reason


def _normalise_url(raw: str) -> tuple[str | None, str | None]:
    """(url, problem). A bare host such as ``www.x.gov.cn`` gets ``http://`` silently."""
    value = raw.strip()
    if any(ch.isspace() for ch in value):
        return None, f"首页网址含有空格 / homepage URL contains white space ({value})"
    if value.startswith("//"):
        value = "http:" + value
    elif "://" not in value:
        host = value.split("/", 1)[0].split(":", 1)[0]
        if "." not in host and host.lower() != "localhost":
            return (
                None,
                f"首页网址不是有效的http(s)网址 / homepage URL is not an absolute http(s) URL ({value})",
            )
        value = "http://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        return (
            None,
            f"首页网址应以http://或https://开头 / homepage URL must use http or https ({raw.strip()})",
        )
    if not parts.hostname:
        return None, f"首页网址缺少域名 / homepage URL has no host ({raw.strip()})"
    url = canonical_url(value)
    if url is None:
        return (
            None,
            f"首页网址不是有效的http(s)网址 / homepage URL is not an absolute http(s) URL ({raw.strip()})",
        )
    return url, None


def _site_type(value: str) -> SiteType | None:
    if not value:
        return SiteType.OTHER
    try:
        return SiteType(value)
    except ValueError:
        return None


def _site_status(value: str) -> SiteStatus | None:
    if not value:
        return SiteStatus.RUNNING
    try:
        return SiteStatus(value)
    except ValueError:
        return None


def _validate(rows: Iterable[tuple[int, dict[str, Any]]], problems: list[RowProblem]) -> list[Site]:
    sites: list[Site] = []
    first_seen: dict[str, int] = {}
    for row_no, raw in rows:
        cells = {header: _cell_text(raw.get(header)) for header in SITE_HEADERS}
        if not any(cells.values()):
            continue  # empty rows (also rows whose only content is in extra columns) are skipped
        before = len(problems)

        def bad(column: str, reason: str, row_no: int = row_no) -> None:
            problems.append(RowProblem(row_no, column, reason))

        for header in REQUIRED_HEADERS:
            if not cells[header]:
                bad(header, f"{header}不能为空 / required field is empty")
        for header, limit in _MAX_LEN.items():
            if len(cells[header]) > limit:
                bad(header, f"{header}过长（最多{limit}字） / value too long (at most {limit} characters)")

        url: str | None = None
        if cells["首页网址"]:
            url, url_problem = _normalise_url(cells["首页网址"])
            if url_problem:
                bad("首页网址", url_problem)

        code = _normalise_code(cells["网站标识码"])
        if code:
            code_problem = _code_problem(code)
            if code_problem:
                bad("网站标识码", code_problem)
            elif code in first_seen:
                first = first_seen[code]
                bad(
                    "网站标识码",
                    f"网站标识码{code}与第{first}行重复 / duplicate site code {code}, first in row {first}",
                )
            else:
                first_seen[code] = row_no

        site_type = _site_type(cells["网站类型"])
        if site_type is None:
            allowed = "、".join(t.value for t in SiteType)
            bad(
                "网站类型",
                f"网站类型应为{allowed}之一 / site type must be one of {allowed} ({cells['网站类型']})",
            )
        status = _site_status(cells["运行状态"])
        if status is None:
            allowed = "、".join(s.value for s in SiteStatus)
            bad(
                "运行状态",
                f"运行状态应为{allowed}之一 / status must be one of {allowed} ({cells['运行状态']})",
            )

        if len(problems) == before and url is not None and site_type is not None and status is not None:
            sites.append(
                Site(
                    code=code,
                    name=cells["网站名称"],
                    url=url,
                    sponsor=cells["主办单位"],
                    supervisor=cells["主管单位"],
                    region=cells["地区"],
                    site_type=site_type,
                    status=status,
                )
            )
    return sites


def _header_problems(headers: Iterable[str], row_no: int) -> list[RowProblem]:
    seen: set[str] = set()
    problems: list[RowProblem] = []
    for header in headers:
        if header in SITE_HEADERS and header in seen:
            problems.append(RowProblem(row_no, header, f"表头“{header}”重复 / duplicate header {header}"))
        seen.add(header)
    for header in REQUIRED_HEADERS:
        if header not in seen:
            problems.append(
                RowProblem(row_no, header, f"缺少必需的表头“{header}” / missing required header {header}")
            )
    return problems


def load_registry_rows(rows: Iterable[dict[str, str]], *, first_row: int = 2) -> list[Site]:
    """Validate rows already read (header → cell) into sites; row numbers start at
    ``first_row``. Raises :class:`RegistryError` with every problem, importing nothing."""
    numbered = [(first_row + i, row) for i, row in enumerate(rows)]
    problems: list[RowProblem] = []
    if numbered:
        keys = {str(k).strip() for _, row in numbered for k in row if k is not None}
        problems += _header_problems(keys, max(first_row - 1, 1))
    if problems:
        raise RegistryError(_rejected(), problems)
    sites = _validate(numbered, problems)
    if problems:
        raise RegistryError(_rejected(), problems)
    return sites


def _header_text(value: Any) -> str:
    return unicodedata.normalize("NFKC", _cell_text(value)).replace("\ufeff", "").strip()


def _rows_to_sites(table: list[tuple[int, list[Any]]], where: str) -> list[Site]:
    """``table``: (row number, cells) of every non-empty row, in order."""
    if not table:
        raise RegistryError(f"{where}: 文件为空 / the file is empty")
    header_at = 0
    for i, (_, cells) in enumerate(table[:_HEADER_SCAN_ROWS]):
        names = {_header_text(c) for c in cells}
        if "网站标识码" in names or len(names & set(SITE_HEADERS)) >= 2:
            header_at = i
            break
    header_row, header_cells = table[header_at]
    headers = [_header_text(c) for c in header_cells]
    problems = _header_problems(headers, header_row)
    if problems:
        raise RegistryError(_rejected(where), problems)
    index = {h: i for i, h in enumerate(headers) if h in SITE_HEADERS}
    data = table[header_at + 1 :]
    if not data:
        raise RegistryError(f"{where}: 名录中没有网站数据行 / the registry has a header but no site rows")
    rows = [
        (row_no, {h: (cells[i] if i < len(cells) else None) for h, i in index.items()})
        for row_no, cells in data
    ]
    sites = _validate(rows, problems)
    if problems:
        raise RegistryError(_rejected(where), problems)
    return sites


def _decode_csv(data: bytes, where: str) -> str:
    if not data.strip():
        raise RegistryError(f"{where}: 文件为空 / the file is empty")
    if data.startswith(b"PK\x03\x04"):
        raise RegistryError(
            f"{where}: 这是一个xlsx（zip）文件，请使用.xlsx后缀 / this is an xlsx (zip) file, name it .xlsx"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RegistryError(
            f"{where}: 这是旧版Excel（.xls）文件，请另存为.xlsx或CSV / this is a legacy Excel (.xls) file, "
            "save it as .xlsx or CSV"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RegistryError(
            f"{where}: 不支持UTF-16编码，请另存为“CSV UTF-8” / UTF-16 is not supported, save as CSV UTF-8"
        )
    if b"\x00" in data:
        raise RegistryError(f"{where}: 不是文本CSV文件 / not a text CSV file (binary content)")
    # Excel on Chinese Windows saves "CSV" in GB18030 (GBK); "CSV UTF-8" with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
        if controls > max(2, len(text) // 100):
            break
        return text
    raise RegistryError(
        f"{where}: 无法识别文件编码（应为UTF-8或GB18030），或不是文本CSV文件 / unknown encoding "
        "(expected UTF-8 or GB18030) or not a text CSV file"
    )


def _read_csv(path: Path, data: bytes) -> list[tuple[int, list[Any]]]:
    where = str(path)
    text = _decode_csv(data, where)
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
        raise RegistryError(f"{where}: 第{line}行CSV格式错误 / malformed CSV at line {line}: {exc}") from exc
    return table


def _read_xlsx(path: Path) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    where = str(path)
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, lxml errors...: any means "unreadable"
        raise RegistryError(
            f"{where}: 无法读取xlsx文件（文件损坏或不是xlsx） / cannot read the xlsx file (damaged or not "
            f"an xlsx): {type(exc).__name__}"
        ) from exc
    try:
        if not workbook.worksheets:
            raise RegistryError(f"{where}: 文件为空 / the file is empty")
        sheet = workbook.worksheets[0]
        table: list[tuple[int, list[Any]]] = []
        for row_no, values in enumerate(
            sheet.iter_rows(min_row=1, max_row=sheet.max_row, values_only=True), 1
        ):
            cells = list(values)
            if any(_cell_text(c) for c in cells):
                table.append((row_no, cells))
        return table
    finally:
        workbook.close()


def load_registry(path: Path) -> list[Site]:
    """Read and validate a registry file: ``.csv`` (UTF-8 with or without BOM, or GB18030)
    or ``.xlsx`` (first sheet). Raises :class:`RegistryError`, never a traceback."""
    path = Path(path)
    where = str(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise RegistryError(
            f"{where}: 不支持旧版Excel（.xls），请另存为.xlsx或CSV / legacy Excel (.xls) is not supported, "
            "save it as .xlsx or CSV"
        )
    if suffix not in _CSV_SUFFIXES + _XLSX_SUFFIXES:
        raise RegistryError(
            f"{where}: 不支持的文件类型“{path.suffix}”，应为.csv或.xlsx / unsupported file type "
            f"'{path.suffix}', expected .csv or .xlsx"
        )
    if not path.is_file():
        raise RegistryError(f"{where}: 文件不存在 / file not found")
    try:
        table = _read_xlsx(path) if suffix in _XLSX_SUFFIXES else _read_csv(path, path.read_bytes())
    except OSError as exc:
        raise RegistryError(f"{where}: 无法读取文件 / cannot read the file: {exc.strerror or exc}") from exc
    return _rows_to_sites(table, where)


def _site_cells(site: Site) -> list[str]:
    return [
        site.name,
        site.url,
        site.code,
        site.sponsor,
        site.supervisor,
        site.region,
        str(site.site_type),
        str(site.status),
    ]


def write_registry(sites: Iterable[Site], path: Path) -> None:
    """Write sites with :data:`SITE_HEADERS`: ``.csv`` as UTF-8 with BOM (Excel opens it
    correctly), ``.xlsx`` with the 网站标识码 column stored as text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _CSV_SUFFIXES:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(SITE_HEADERS)
            writer.writerows(_site_cells(site) for site in sites)
        return
    if suffix in _XLSX_SUFFIXES:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "网站名录"
        sheet.append(SITE_HEADERS)
        code_col = SITE_HEADERS.index("网站标识码") + 1
        for site in sites:
            sheet.append(_site_cells(site))
            sheet.cell(row=sheet.max_row, column=code_col).number_format = "@"  # text, never a number
        workbook.save(path)
        return
    raise RegistryError(
        f"{path}: 不支持的文件类型“{path.suffix}”，应为.csv或.xlsx / unsupported file type "
        f"'{path.suffix}', expected .csv or .xlsx"
    )


__all__ = [
    "REQUIRED_HEADERS",
    "SITE_HEADERS",
    "RegistryError",
    "RowProblem",
    "load_registry",
    "load_registry_rows",
    "write_registry",
]
