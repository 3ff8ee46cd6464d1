"""The account registry (政务新媒体名录): exact headers, all-or-nothing, row/column/reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from govinspect.media.model import AccountStatus, Platform
from govinspect.media.registry import ACCOUNT_HEADERS, load_accounts, write_accounts
from govinspect.registry.importer import RegistryError

ROWS = [
    ["澄溪发布", "微信", "澄溪县人民政府办公室", "澄溪县人民政府", "澄溪县", "gh_5b1e0c7a9f22", "http://127.0.0.1:1/a.xml", "运行"],
    ["澄溪应急", "微博", "澄溪县应急管理局", "澄溪县人民政府", "澄溪县", "6011223344", "exports/yingji.csv", ""],
    ["澄溪旧号", "抖音", "澄溪县文旅局", "", "澄溪县", "dy_chengxi_old", "", "关停"],
]


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", headers: list[str] = ACCOUNT_HEADERS) -> Path:
    text = "\n".join(",".join(r) for r in [headers, *rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_excel_writes(tmp_path: Path, encoding: str) -> None:
    accounts = load_accounts(_csv(tmp_path / "a.csv", ROWS, encoding))
    assert [a.code for a in accounts] == ["微信:gh_5b1e0c7a9f22", "微博:6011223344", "抖音:dy_chengxi_old"]
    assert accounts[1].status is AccountStatus.RUNNING  # empty 运行状态 means running
    assert accounts[2].status is AccountStatus.CLOSED
    assert accounts[1].data_url == "exports/yingji.csv"


def test_xlsx_with_a_title_row_and_numeric_ids(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["澄溪县政务新媒体名录（2021年3月）"])
    sheet.append(ACCOUNT_HEADERS)
    sheet.append(["澄溪应急", "微博", "澄溪县应急管理局", "", "", 6011223344, "", "运行"])
    book.save(tmp_path / "a.xlsx")
    [account] = load_accounts(tmp_path / "a.xlsx")
    assert account.code == "微博:6011223344" and account.platform is Platform.WEIBO


def test_every_bad_row_is_named_and_nothing_is_imported(tmp_path: Path) -> None:
    rows = [*ROWS,
            ["", "微信", "澄溪县教育局", "", "", "gh_edu", "", ""],  # row 5: no name
            ["澄溪教育", "小红书", "澄溪县教育局", "", "", "xhs_1", "", ""],  # row 6: unknown platform
            ["澄溪发布2", "微信", "澄溪县人民政府办公室", "", "", "gh_5b1e0c7a9f22", "", ""],  # row 7: duplicate
            ["澄溪水务", "今日头条", "澄溪县水务局", "", "", "tt 9", "ftp://x/feed", "暂停"]]  # row 8: three problems
    with pytest.raises(RegistryError) as caught:
        load_accounts(_csv(tmp_path / "a.csv", rows))
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {(5, "账号名称"), (6, "平台"), (7, "账号标识"), (8, "运行状态"), (8, "账号标识"), (8, "数据地址")}
    assert "第2行" in next(p.reason for p in caught.value.problems if p.row == 7)  # says where the first one is
    assert "未导入" in str(caught.value) and "nothing imported" in str(caught.value)


def test_same_id_on_two_platforms_is_not_a_duplicate(tmp_path: Path) -> None:
    rows = [["澄溪发布", "微信", "澄溪县政府办", "", "", "chengxi", "", ""],
            ["澄溪发布", "抖音", "澄溪县政府办", "", "", "chengxi", "", ""]]
    assert len(load_accounts(_csv(tmp_path / "a.csv", rows))) == 2


def test_missing_header_and_wrong_files(tmp_path: Path) -> None:
    headers = [h for h in ACCOUNT_HEADERS if h != "账号标识"]
    with pytest.raises(RegistryError) as caught:
        load_accounts(_csv(tmp_path / "a.csv", [r[:5] + r[6:] for r in ROWS], headers=headers))
    assert [p.column for p in caught.value.problems] == ["账号标识"]
    with pytest.raises(RegistryError, match="文件不存在"):
        load_accounts(tmp_path / "none.csv")
    with pytest.raises(RegistryError, match="不支持的文件类型"):
        load_accounts(tmp_path / "a.json")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(RegistryError, match="empty"):
        load_accounts(tmp_path / "empty.csv")


def test_written_registry_reads_back(tmp_path: Path) -> None:
    accounts = load_accounts(_csv(tmp_path / "a.csv", ROWS))
    write_accounts(accounts, tmp_path / "b.csv")
    assert load_accounts(tmp_path / "b.csv") == accounts
