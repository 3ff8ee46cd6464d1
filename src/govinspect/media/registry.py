"""The account registry (政务新媒体名录) from CSV or XLSX with exactly these headers::

    账号名称,平台,开设主体,主管单位,地区,账号标识,数据地址,运行状态

平台 is one of 微信 / 微博 / 抖音 / 今日头条 / 快手 / 其他, 运行状态 运行 / 关停. Like the site
registry, a file with any bad row is rejected as a whole with the row, column and reason of every
problem (:class:`~govinspect.registry.importer.RegistryError`); a duplicate ``平台:账号标识`` is refused.
Files are read by the shared reader :mod:`govinspect.tabular` (UTF-8, BOM, GB18030; first XLSX sheet).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govinspect.media.model import Account, AccountStatus, Platform
from govinspect.registry.importer import RegistryError
from govinspect.tabular import RowProblem, TableSpec, cell_text, read_table

ACCOUNT_HEADERS = ["账号名称", "平台", "开设主体", "主管单位", "地区", "账号标识", "数据地址", "运行状态"]
REQUIRED_FIELDS = ["账号名称", "平台", "开设主体", "账号标识"]
_SPEC = TableSpec(required=ACCOUNT_HEADERS, strict=True)  # exactly the documented headers
_MAX_LEN = {"账号名称": 200, "开设主体": 200, "主管单位": 200, "地区": 100, "账号标识": 150, "数据地址": 2000}


def _rejected(where: str) -> str:
    return f"{where}: 政务新媒体名录有误，未导入任何账号 / account registry rejected, nothing imported"


def _data_url_problem(value: str) -> str | None:
    """数据地址 is an http(s) URL or a local file path (an export); anything else is refused."""
    if "://" not in value:
        return None  # a path, resolved against the registry's folder when collected
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https", "file") or (parts.scheme != "file" and not parts.hostname):
        return f"数据地址应为http(s)网址或文件路径 / data address must be an http(s) URL or a file path ({value})"
    return None


def _validate(rows: Iterable[tuple[int, dict[str, Any]]], problems: list[RowProblem]) -> list[Account]:
    accounts: list[Account] = []
    first_seen: dict[str, int] = {}
    for row_no, raw in rows:
        cells = {h: unicodedata.normalize("NFKC", cell_text(raw.get(h))).strip() for h in ACCOUNT_HEADERS}
        if not any(cells.values()):
            continue
        before = len(problems)

        def bad(column: str, reason: str, row_no: int = row_no) -> None:
            problems.append(RowProblem(row_no, column, reason))

        for header in REQUIRED_FIELDS:
            if not cells[header]:
                bad(header, f"{header}不能为空 / required field is empty")
        for header, limit in _MAX_LEN.items():
            if len(cells[header]) > limit:
                bad(header, f"{header}过长（最多{limit}字） / value too long (at most {limit} characters)")
        platform: Platform | None = None
        if cells["平台"]:
            try:
                platform = Platform(cells["平台"])
            except ValueError:
                allowed = "、".join(p.value for p in Platform)
                bad("平台", f"平台应为{allowed}之一 / platform must be one of {allowed} ({cells['平台']})")
        status: AccountStatus | None = AccountStatus.RUNNING
        if cells["运行状态"]:
            try:
                status = AccountStatus(cells["运行状态"])
            except ValueError:
                status = None
                allowed = "、".join(s.value for s in AccountStatus)
                bad("运行状态", f"运行状态应为{allowed}之一 / status must be one of {allowed} ({cells['运行状态']})")
        account_id = cells["账号标识"]
        if account_id and any(ch.isspace() for ch in account_id):
            bad("账号标识", f"账号标识含有空格 / account id contains white space ({account_id})")
        if cells["数据地址"]:
            url_problem = _data_url_problem(cells["数据地址"])
            if url_problem:
                bad("数据地址", url_problem)
        if platform is not None and account_id:
            code = f"{platform}:{account_id}"
            if code in first_seen:
                bad("账号标识", f"账号{code}与第{first_seen[code]}行重复 / duplicate account {code}, "
                               f"first in row {first_seen[code]}")
            else:
                first_seen[code] = row_no
        if len(problems) == before and platform is not None and status is not None:
            accounts.append(Account(name=cells["账号名称"], platform=platform, sponsor=cells["开设主体"],
                                    account_id=account_id, data_url=cells["数据地址"],
                                    supervisor=cells["主管单位"], region=cells["地区"], status=status))
    return accounts


def load_accounts(path: Path) -> list[Account]:
    """Read and validate an account registry (``.csv`` or ``.xlsx``); raises RegistryError with
    every problem, importing nothing."""
    where = str(path)
    table = read_table(Path(path), _SPEC, error=RegistryError)
    if not table.rows:
        raise RegistryError(f"{where}: 名录中没有账号数据行 / the registry has a header but no account rows")
    problems: list[RowProblem] = []
    accounts = _validate(((row.number, row.values) for row in table.rows), problems)
    if problems:
        raise RegistryError(_rejected(where), problems)
    return accounts


def run_options(media_file: Path, warn: Callable[[str], None]) -> dict[str, Any]:
    """What a run records about its account registry: the folder relative 数据地址 are read from,
    and the draw when the registry is a sample written by `govinspect sample` (抽查, for the
    bulletin); an unreadable draw record is ``warn``-ed about and left out."""
    options: dict[str, Any] = {"media_dir": str(media_file.parent.resolve())}
    sidecar = media_file.with_suffix(".sample.json")
    if sidecar.is_file():
        try:
            options["sample"] = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            warn(f"抽查记录无法读取，忽略 / unreadable sample record ignored: {sidecar}")
    return options


def account_cells(account: Account) -> list[str]:
    return [account.name, str(account.platform), account.sponsor, account.supervisor, account.region,
            account.account_id, account.data_url, str(account.status)]


def write_accounts(accounts: Iterable[Account], path: Path) -> None:
    """Write an account registry as CSV (UTF-8 with BOM, so Excel opens it correctly)."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ACCOUNT_HEADERS)
        writer.writerows(account_cells(a) for a in accounts)


def account_to_json(account: Account) -> dict[str, Any]:
    return {"kind": "account", "code": account.code, "name": account.name, "platform": str(account.platform),
            "sponsor": account.sponsor, "account_id": account.account_id, "data_url": account.data_url,
            "supervisor": account.supervisor, "region": account.region, "status": str(account.status)}


def account_from_json(data: dict[str, Any]) -> Account:
    return Account(name=data["name"], platform=Platform(data["platform"]), sponsor=data.get("sponsor", ""),
                   account_id=data["account_id"], data_url=data.get("data_url", ""),
                   supervisor=data.get("supervisor", ""), region=data.get("region", ""),
                   status=AccountStatus(data.get("status", "运行")))
