"""Registry import: CSV (UTF-8, UTF-8-BOM, GB18030) and XLSX, row problems, broken files."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from govinspect.model import Site, SiteStatus, SiteType
from govinspect.registry.importer import (
    SITE_HEADERS,
    RegistryError,
    RowProblem,
    load_registry,
    load_registry_rows,
    write_registry,
)

HEADER = ",".join(SITE_HEADERS)
ROW_PORTAL = "上海市嘉定区人民政府,http://www.jiading.gov.cn/,3101140038,上海市嘉定区人民政府办公室,,上海市嘉定区,政府门户网站,运行"
ROW_CENTRAL = "中国政府网,https://www.gov.cn/,bm01000001,国务院办公厅,国务院,,政府门户网站,运行"
ROW_ZONE = "肇庆高新区,www.zqgx.gov.cn,4412910009,肇庆高新区管委会,,广东省肇庆市,,"


def _csv(tmp_path: Path, lines: list[str], encoding: str = "utf-8", name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _xlsx(tmp_path: Path, rows: list[list[Any]], name: str = "r.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def _problems(excinfo: pytest.ExceptionInfo[RegistryError]) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in excinfo.value.problems]


EXPECTED = [
    Site(
        code="3101140038",
        name="上海市嘉定区人民政府",
        url="http://www.jiading.gov.cn/",
        sponsor="上海市嘉定区人民政府办公室",
        region="上海市嘉定区",
        site_type=SiteType.PORTAL,
    ),
    Site(
        code="bm01000001",
        name="中国政府网",
        url="https://www.gov.cn/",
        sponsor="国务院办公厅",
        supervisor="国务院",
        site_type=SiteType.PORTAL,
    ),
    Site(
        code="4412910009",
        name="肇庆高新区",
        url="http://www.zqgx.gov.cn/",  # bare host: http:// added silently
        sponsor="肇庆高新区管委会",
        region="广东省肇庆市",
    ),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = _csv(tmp_path, [HEADER, ROW_PORTAL, ROW_CENTRAL, ROW_ZONE], encoding)
    sites = load_registry(path)
    assert sites == EXPECTED
    assert sites[2].site_type is SiteType.OTHER and sites[2].status is SiteStatus.RUNNING


def test_csv_header_order_spaces_blank_lines(tmp_path: Path) -> None:
    lines = [
        " 网站标识码 ,网站名称,首页网址,主办单位,运行状态,网站类型,地区,主管单位",
        " 3101140038 , 上海市嘉定区人民政府 , http://www.jiading.gov.cn ,上海市嘉定区人民政府办公室,关停,,,",
        "",
        ",,,,,,,",
        "bm01000001,中国政府网,https://www.gov.cn/,国务院办公厅,,,,",
    ]
    sites = load_registry(_csv(tmp_path, lines))
    assert [s.code for s in sites] == ["3101140038", "bm01000001"]
    assert sites[0].name == "上海市嘉定区人民政府"
    assert sites[0].url == "http://www.jiading.gov.cn/"
    assert sites[0].status is SiteStatus.CLOSED
    assert sites[1].status is SiteStatus.RUNNING


@pytest.mark.parametrize("column", ["网站类型", "运行状态", "主管单位", "地区"])
def test_a_missing_column_is_refused_by_name(tmp_path: Path, column: str) -> None:
    # Without 网站类型 every portal would silently become 其他 and lose its score (issue 12.5).
    at = SITE_HEADERS.index(column)
    header = [h for h in SITE_HEADERS if h != column]
    row = [c for i, c in enumerate(ROW_PORTAL.split(",")) if i != at]
    for path in (_csv(tmp_path, [",".join(header), ",".join(row)]), _xlsx(tmp_path, [header, row])):
        with pytest.raises(RegistryError) as excinfo:
            load_registry(path)
        assert _problems(excinfo) == [(1, column)]
        assert f"missing columns: {column}" in str(excinfo.value) and f"缺少列：{column}" in str(excinfo.value)


def test_an_unknown_column_is_refused_by_name(tmp_path: Path) -> None:
    lines = [HEADER + ",备注", ROW_PORTAL + ",新版上线"]
    with pytest.raises(RegistryError) as excinfo:
        load_registry(_csv(tmp_path, lines))
    assert _problems(excinfo) == [(1, "备注")]
    assert "unknown column 备注" in str(excinfo.value) and HEADER in str(excinfo.value)
    # A blank header cell (a trailing delimiter, an emptied Excel column) is not a column.
    assert load_registry(_csv(tmp_path, [HEADER + ",", ROW_PORTAL + ","], name="trailing.csv")) == EXPECTED[:1]


def test_padded_headers_are_the_documented_ones(tmp_path: Path) -> None:
    # Excel users pad headers with spaces; that is not an unknown column.
    header = ",".join(f" {h} " for h in SITE_HEADERS)
    assert load_registry(_csv(tmp_path, [header, ROW_PORTAL])) == EXPECTED[:1]


def test_csv_title_row_above_header_and_line_numbers(tmp_path: Path) -> None:
    lines = [
        "某市政府网站名录（2024年）,,,,,,,",
        HEADER,
        ROW_PORTAL,
        "",
        ROW_PORTAL.replace("运行", "停用").replace("0038", "0039"),
    ]
    with pytest.raises(RegistryError) as excinfo:
        load_registry(_csv(tmp_path, lines))
    assert _problems(excinfo) == [(5, "运行状态")]


def test_csv_multiline_cell_keeps_user_line_numbers(tmp_path: Path) -> None:
    lines = [
        HEADER,
        '"上海市嘉定区\n人民政府",http://www.jiading.gov.cn/,3101140038,办公室,,,,',
        "坏网站,http://www.x.gov.cn/,12345,办公室,,,,",
    ]
    with pytest.raises(RegistryError) as excinfo:
        load_registry(_csv(tmp_path, lines))
    assert _problems(excinfo) == [(4, "网站标识码")]


def test_tab_separated_text(tmp_path: Path) -> None:
    lines = ["\t".join(SITE_HEADERS), ROW_PORTAL.replace(",", "\t")]
    assert load_registry(_csv(tmp_path, lines, name="r.txt")) == EXPECTED[:1]


def test_xlsx_numeric_codes(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        SITE_HEADERS,
        [
            "上海市嘉定区人民政府",
            "http://www.jiading.gov.cn/",
            3101140038,
            " 上海市嘉定区人民政府办公室 ",
            None,
            "上海市嘉定区",
            "政府门户网站",
            "运行",
        ],
        [None] * 8,
        [
            "中国政府网",
            "https://www.gov.cn/",
            "bm01000001",
            "国务院办公厅",
            "国务院",
            None,
            "政府门户网站",
            None,
        ],
        ["肇庆高新区", "www.zqgx.gov.cn", 4412910009.0, "肇庆高新区管委会", "", "广东省肇庆市", None, None],
    ]
    assert load_registry(_xlsx(tmp_path, rows)) == EXPECTED


def test_xlsx_row_numbers_and_missing_header(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        SITE_HEADERS,
        ["a", "http://www.a.gov.cn/", 3101140038, "s", None, None, None, None],
        [None] * 8,
        ["b", "http://www.b.gov.cn/", 3101140038, "s", None, None, None, None],
    ]
    with pytest.raises(RegistryError) as excinfo:
        load_registry(_xlsx(tmp_path, rows))
    assert _problems(excinfo) == [(4, "网站标识码")]
    assert "第2行" in excinfo.value.problems[0].reason

    headers = [h for h in SITE_HEADERS if h != "主办单位"]
    with pytest.raises(RegistryError) as excinfo:
        load_registry(_xlsx(tmp_path, [headers, ["a", "http://www.a.gov.cn/", "3101140038"]], "m.xlsx"))
    assert _problems(excinfo) == [(1, "主办单位")]
    assert "主办单位" in str(excinfo.value)


def test_missing_headers_named(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as excinfo:
        load_registry(_csv(tmp_path, ["网站名称,地区", "a,b"]))
    assert _problems(excinfo) == [(1, h) for h in SITE_HEADERS if h not in ("网站名称", "地区")]


def test_duplicate_header(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as excinfo:
        load_registry(_csv(tmp_path, [HEADER + ",网站名称", ROW_PORTAL + ",x"]))
    assert _problems(excinfo) == [(1, "网站名称")]


def test_all_row_problems_collected_and_nothing_imported(tmp_path: Path) -> None:
    lines = [
        HEADER,
        ROW_PORTAL,  # 2: fine
        ",http://www.a.gov.cn/,3610782,,,,门户,开着",  # 3: name, code, sponsor, type, status
        "b,ftp://www.b.gov.cn/,bm0999999,s,,,,",  # 4: url, code
        "c,首页,9912345678,s,,,,",  # 5: url, code (province 99)
        "d,http://www.d.gov.cn/,3101140038,s,,,,",  # 6: duplicate of row 2
        "e,http://www.e.gov.cn/,3.10114E+09,s,,,,",  # 7: Excel scientific notation
        "f,http://www.f.gov.cn/ index.html,粤ICP备09172506,s,,,,",  # 8: url with space, code
    ]
    with pytest.raises(RegistryError) as excinfo:
        load_registry(_csv(tmp_path, lines))
    assert _problems(excinfo) == [
        (3, "网站名称"),
        (3, "主办单位"),
        (3, "网站标识码"),
        (3, "网站类型"),
        (3, "运行状态"),
        (4, "首页网址"),
        (4, "网站标识码"),
        (5, "首页网址"),
        (5, "网站标识码"),
        (6, "网站标识码"),
        (7, "网站标识码"),
        (8, "首页网址"),
        (8, "网站标识码"),
    ]
    reasons = {(p.row, p.column): p.reason for p in excinfo.value.problems}
    assert "第2行" in reasons[(6, "网站标识码")] and "row 2" in reasons[(6, "网站标识码")]
    assert "科学计数法" in reasons[(7, "网站标识码")]
    for problem in excinfo.value.problems:
        assert " / " in problem.reason, problem
    text = str(excinfo.value)
    assert "未导入" in text and "nothing imported" in text
    assert text.count("\n") == len(excinfo.value.problems)


def test_wrong_domain_is_not_an_import_error(tmp_path: Path) -> None:
    # A portal on .com is what W-D11 reports, not a broken registry row.
    sites = load_registry(
        _csv(tmp_path, [HEADER, "某县政府,http://www.mouxian.com/,3101140038,s,,,政府门户网站,运行"])
    )
    assert sites[0].url == "http://www.mouxian.com/"
    sites = load_registry(_csv(tmp_path, [HEADER, "本地测试,127.0.0.1:8080,3101140038,s,,,,"], name="l.csv"))
    assert sites[0].url == "http://127.0.0.1:8080/"


def test_code_normalisation(tmp_path: Path) -> None:
    lines = [
        HEADER,
        "a,http://www.a.gov.cn/,３１０１１４００３８,s,,,,",
        "b,http://www.b.gov.cn/,4412910009.0,s,,,,",
    ]
    assert [s.code for s in load_registry(_csv(tmp_path, lines))] == ["3101140038", "4412910009"]


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.csv", b"", "为空"),
        ("blank.csv", b"\r\n  \r\n", "为空"),
        ("header-only.csv", HEADER.encode(), "没有网站"),
        ("binary.csv", bytes(range(256)) * 4, "不是文本"),
        ("binary-no-nul.csv", bytes(range(1, 256)) * 4, "不是文本"),
        ("png.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)), "不是文本"),
        ("zip.csv", b"PK\x03\x04" + b"\x00" * 40, "xlsx"),
        ("legacy.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, ".xls"),
        ("utf16.csv", HEADER.encode("utf-16"), "UTF-16"),
        ("text.xlsx", HEADER.encode(), "xlsx"),
        ("empty.xlsx", b"", "xlsx"),
        ("registry.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("registry.json", b"[]", "不支持"),
        ("registry", HEADER.encode(), "不支持"),
    ],
)
def test_broken_files(tmp_path: Path, name: str, content: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RegistryError) as excinfo:
        load_registry(path)
    message = str(excinfo.value)
    assert needle in message and " / " in message


def test_truncated_and_hollow_xlsx(tmp_path: Path) -> None:
    good = _xlsx(tmp_path, [SITE_HEADERS, ["a", "http://www.a.gov.cn/", "3101140038", "s"]])
    data = good.read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    hollow = tmp_path / "hollow.xlsx"
    with zipfile.ZipFile(hollow, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    for path in (truncated, hollow):
        with pytest.raises(RegistryError) as excinfo:
            load_registry(path)
        assert "xlsx" in str(excinfo.value)
    empty = _xlsx(tmp_path, [], "empty-sheet.xlsx")
    with pytest.raises(RegistryError, match="为空"):
        load_registry(empty)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="文件不存在"):
        load_registry(tmp_path / "nope.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(RegistryError, match="文件不存在"):
        load_registry(tmp_path / "dir.csv")


def test_unbalanced_quote_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    # csv treats an unclosed quote as one long cell: the row then fails validation cleanly.
    with pytest.raises(RegistryError):
        load_registry(_csv(tmp_path, [HEADER, '"a,http://www.a.gov.cn/,3101140038,s,,,,']))


def test_load_registry_rows() -> None:
    rows = [
        {"网站名称": "a", "首页网址": "www.a.gov.cn", "网站标识码": "3101140038", "主办单位": "s"},
        {"网站名称": "", "首页网址": "", "网站标识码": "", "主办单位": ""},
        {"网站名称": "b", "首页网址": "http://www.b.gov.cn/", "网站标识码": "3101140038", "主办单位": "s"},
    ]
    with pytest.raises(RegistryError) as excinfo:
        load_registry_rows(rows, first_row=10)
    assert excinfo.value.problems == [
        RowProblem(12, "网站标识码", excinfo.value.problems[0].reason),
    ]
    sites = load_registry_rows(rows[:2])
    assert sites == [Site(code="3101140038", name="a", url="http://www.a.gov.cn/", sponsor="s")]
    assert load_registry_rows([]) == []
    with pytest.raises(RegistryError) as excinfo:
        load_registry_rows([{"网站名称": "a"}])
    assert [p.column for p in excinfo.value.problems] == ["首页网址", "网站标识码", "主办单位"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_then_load_round_trip(tmp_path: Path, suffix: str) -> None:
    sites = [
        *EXPECTED,
        Site(
            code="3600000013",
            name="江西省人民政府",
            url="http://www.jiangxi.gov.cn/",
            sponsor="江西省人民政府办公厅",
            status=SiteStatus.CLOSED,
            site_type=SiteType.DEPARTMENT,
        ),
    ]
    path = tmp_path / f"out{suffix}"
    write_registry(sites, path)
    assert load_registry(path) == sites
    if suffix == ".csv":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_write_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="不支持"):
        write_registry(EXPECTED, tmp_path / "out.json")
