"""The bulletin's attachments as spreadsheets (openpyxl): 附件1 各地各部门政府网站检查情况, 附件2
存在突出问题的政府网站名单 and (when accounts were inspected) 附件3 存在突出问题的政务新媒体名单, each with its title, period and the 监测时间点 note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from govinspect.report.bulletin import BulletinData
from govinspect.report.word import (
    ATTACHMENT1_TITLE,
    ATTACHMENT2_TITLE,
    ATTACHMENT3_TITLE,
    attachment1_rows,
    attachment2_rows,
    attachment3_rows,
)

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _sheet(path: Path, label: str, title: str, period: str, headers: list[str], rows: list[list[Any]],
           widths: list[int], note: str) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = label
    last = get_column_letter(len(headers))
    ws["A1"] = label
    ws["A1"].font = Font(name="黑体", size=14)
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = title
    ws["A2"].font = Font(name="方正小标宋简体", size=18)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A3:{last}3")
    ws["A3"] = f"（{period}）"
    ws["A3"].alignment = Alignment(horizontal="center")
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(name="黑体", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = _BOX
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.border = _BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.append([])
    ws.append([note])
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A5"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_attachments(data: BulletinData, out_dir: Path) -> list[Path]:
    a1 = [[r["name"], r["checked"], r["passed"], r["rate"]] for r in attachment1_rows(data)]
    a1.append(["合计", data.checked, data.passed, data.pass_rate])
    a2 = [[r["no"], r["name"], r["unit"], r["problems"], r["coverage"], r["code"]] for r in attachment2_rows(data)]
    a3 = [[r["no"], r["platform"], r["name"], r["unit"], r["problems"]] for r in attachment3_rows(data)]
    media = [_sheet(out_dir / f"附件3_{ATTACHMENT3_TITLE}.xlsx", "附件3", ATTACHMENT3_TITLE, data.period.text,
                    ["序号", "平台", "账号名称", "开设主体", "问题"], a3, [6, 10, 24, 28, 60], data.note)
             ] if data.accounts else []
    return [
        _sheet(out_dir / f"附件1_{ATTACHMENT1_TITLE}.xlsx", "附件1", ATTACHMENT1_TITLE, data.period.text,
               ["地区/部门", "检查数", "合格数", "合格率"], a1, [24, 10, 10, 10], data.note),
        _sheet(out_dir / f"附件2_{ATTACHMENT2_TITLE}.xlsx", "附件2", ATTACHMENT2_TITLE, data.period.text,
               ["序号", "网站名称", "主管/主办单位", "存在问题", "检查范围", "网站标识码"], a2, [6, 28, 30, 60, 14, 14],
               data.note),
        *media,
    ]
