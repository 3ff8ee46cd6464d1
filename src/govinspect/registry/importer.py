"""Importing the registry (网站名录) from CSV or XLSX with the Chinese headers.

A bad file is rejected as a whole: every problem (row, column, reason) is collected and raised
in one :class:`RegistryError`, and nothing is imported. The 47号 domain rule is deliberately
*not* an import error: a site on a wrong domain is what rule W-D11 reports.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govinspect.model import Site, SiteStatus, SiteType
from govinspect.registry.codes import check_site_code
from govinspect.tabular import (
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    RowProblem,
    TableError,
    TableSpec,
    cell_text,
    header_problems,
    read_table,
)
from govinspect.urls import canonical_url

SITE_HEADERS = ["网站名称", "首页网址", "网站标识码", "主办单位", "主管单位", "地区", "网站类型", "运行状态"]
REQUIRED_HEADERS = ["网站名称", "首页网址", "网站标识码", "主办单位"]

# Column widths of the ``sites`` table (PostgreSQL enforces them, so check before saving).
_MAX_LEN = {"网站名称": 200, "首页网址": 2000, "主办单位": 200, "主管单位": 200, "地区": 100}
# A file has every column (the README's promise); rows built by code need only the required ones.
_FILE_SPEC = TableSpec(required=SITE_HEADERS, strict=True)
_ROWS_SPEC = TableSpec(required=REQUIRED_HEADERS, optional=[h for h in SITE_HEADERS if h not in REQUIRED_HEADERS])


class RegistryError(TableError):
    """The registry file was rejected; nothing was imported.

    ``problems`` holds every row-level problem; a file that cannot be read at all (empty,
    damaged, wrong format) has an empty list and says why in the message."""


def _rejected(where: str = "") -> str:
    prefix = f"{where}: " if where else ""
    return f"{prefix}网站名录有误，未导入任何网站 / registry rejected, nothing imported"


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
        cells = {header: cell_text(raw.get(header)) for header in SITE_HEADERS}
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


def load_registry_rows(rows: Iterable[dict[str, str]], *, first_row: int = 2) -> list[Site]:
    """Validate rows already read (header → cell) into sites; row numbers start at
    ``first_row``. Rows built by code may leave out the optional columns (their fields then
    default); files must have every column (:func:`load_registry`). Raises
    :class:`RegistryError` with every problem, importing nothing."""
    numbered = [(first_row + i, row) for i, row in enumerate(rows)]
    problems: list[RowProblem] = []
    if numbered:
        keys = sorted({str(k).strip() for _, row in numbered for k in row if k is not None})
        problems += header_problems(keys, _ROWS_SPEC, max(first_row - 1, 1))
    if problems:
        raise RegistryError(_rejected(), problems)
    sites = _validate(numbered, problems)
    if problems:
        raise RegistryError(_rejected(), problems)
    return sites


def load_registry(path: Path) -> list[Site]:
    """Read and validate a registry file: ``.csv`` (UTF-8 with or without BOM, or GB18030)
    or ``.xlsx`` (first sheet) with exactly :data:`SITE_HEADERS` (in any order): a missing or
    unknown column is refused by name, since a missing 网站类型 or 运行状态 would silently turn
    every site into 其他 / 运行. Raises :class:`RegistryError`, never a traceback."""
    where = str(path)
    table = read_table(Path(path), _FILE_SPEC, error=RegistryError)
    if not table.rows:
        raise RegistryError(f"{where}: 名录中没有网站数据行 / the registry has a header but no site rows")
    problems: list[RowProblem] = []
    sites = _validate(((row.number, row.values) for row in table.rows), problems)
    if problems:
        raise RegistryError(_rejected(where), problems)
    return sites


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
    if suffix in CSV_SUFFIXES:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(SITE_HEADERS)
            writer.writerows(_site_cells(site) for site in sites)
        return
    if suffix in XLSX_SUFFIXES:
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
