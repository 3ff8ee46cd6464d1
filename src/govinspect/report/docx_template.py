"""Builds the default bulletin template (templates/bulletin.docx) with python-docx: our own work,
regenerated with ``python -m govinspect.report.docx_template [OUT]``.

The layout follows GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm, title in
方正小标宋简体 二号 (22 pt) centred, body 仿宋_GB2312 三号 (16 pt) with a two-character first-line
indent and fixed 28 pt lines, 一级标题 黑体, 二级标题 楷体_GB2312, numbering 一、（一）1., page
numbers "— 1 —" in 宋体 四号 in the footer. Where the fonts are missing, Word and LibreOffice
substitute a CJK font of the same kind.

The template is a docxtpl (Jinja2) document: a user may replace it with ``--template FILE`` as
long as it uses the placeholders :data:`REQUIRED_PLACEHOLDERS` (see :mod:`govinspect.report.word`
for what each holds).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

TEMPLATE = Path(__file__).with_name("templates") / "bulletin.docx"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_TABLE = Pt(10.5)  # 五号: tables carry more text per line
LINE = Pt(28)


def _east_asian(rpr_owner: Any, font: str) -> None:
    element: Any = rpr_owner.element if hasattr(rpr_owner, "element") else rpr_owner  # style or run
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _style(doc: object, name: str, font: str, size: Pt, *, align: WD_ALIGN_PARAGRAPH | None = None,
           indent: bool = False, bold: bool = False) -> ParagraphStyle:
    styles = doc.styles  # type: ignore[attr-defined]
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
    style.base_style = None
    style.font.size = size
    style.font.bold = bold
    _east_asian(style, font)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(20) if size < SIZE_3 else LINE if size == SIZE_3 else Pt(35)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(size.pt * 2) if indent else None
    if align is not None:
        fmt.alignment = align
    return style


def _para(doc: object, text: str, style: str, *, runs: list[tuple[str, str]] | None = None) -> Paragraph:
    p: Paragraph = doc.add_paragraph(style=style)  # type: ignore[attr-defined]
    if runs is None:
        p.add_run(text)
    for run_text, font in runs or []:
        run = p.add_run(run_text)
        _east_asian(run, font)
    return p


def _page_number_footer(section: object) -> None:
    footer = section.footer  # type: ignore[attr-defined]
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = "") -> object:
        r = p.add_run(text)
        r.font.size = SIZE_4
        _east_asian(r, PAGE_FONT)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)  # type: ignore[attr-defined]
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)  # type: ignore[attr-defined]
        else:
            r.text = text  # type: ignore[attr-defined]
    run(" —")


def _table(doc: object, headers: list[str], loop: str, cells: list[str], widths_mm: list[int],
           total: list[str] | None = None, left: tuple[int, ...] = ()) -> Table:
    table: Table = doc.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].style = "表头"
        cell.paragraphs[0].add_run(text)
    # docxtpl row loop: the rows holding {%tr %} tags disappear when rendered.
    table.add_row().cells[0].paragraphs[0].add_run(f"{{%tr for r in {loop} %}}")
    row = table.add_row()
    for i, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
        cell.paragraphs[0].style = "表格左" if i in left else "表格"
        cell.paragraphs[0].add_run(text)
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    if total:
        row = table.add_row()
        for cell, text in zip(row.cells, total, strict=True):
            cell.paragraphs[0].style = "表头"
            cell.paragraphs[0].add_run(text)
    for column, width in zip(table.columns, widths_mm, strict=True):  # the grid (LibreOffice reads this)
        column.width = Mm(width)
    for table_row in table.rows:  # and per cell (Word reads these)
        for cell, width in zip(table_row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _page_break(doc: object) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p.add_run().add_break(WD_BREAK.PAGE)


def build_template(path: Path = TEMPLATE) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    _page_number_footer(section)

    _style(doc, "Normal", BODY_FONT, SIZE_3)
    _style(doc, "通报标题", TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "正文", BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _style(doc, "主送", BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "一级标题", H1_FONT, SIZE_3, indent=True)
    _style(doc, "二级标题", H2_FONT, SIZE_3, indent=True)
    _style(doc, "落款", BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _style(doc, "附件标记", H1_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "附件标题", TITLE_FONT, Pt(18), align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "附件副标题", H2_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "表头", H1_FONT, SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "表格", BODY_FONT, SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "表格左", BODY_FONT, SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "图注", H2_FONT, SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "注", BODY_FONT, SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.LEFT)

    _para(doc, "{{ title }}", "通报标题")
    _para(doc, "", "主送")
    _para(doc, "{{ recipients }}", "主送")
    _para(doc, "{{ intro }}", "正文")
    _para(doc, "一、总体情况", "一级标题")
    _para(doc, "{%p for para in overall %}", "正文")
    _para(doc, "{{ para }}", "正文")
    _para(doc, "{%p endfor %}", "正文")
    _para(doc, "{%p if accounts %}", "正文")
    _para(doc, "{%p for para in accounts.paragraphs %}", "正文")
    _para(doc, "{{ para }}", "正文")
    _para(doc, "{%p endfor %}", "正文")
    _para(doc, "{%p endif %}", "正文")
    _para(doc, "二、主要问题", "一级标题")
    _para(doc, "{%p if not problems %}", "正文")
    _para(doc, "本期检查未发现突出问题。", "正文")
    _para(doc, "{%p endif %}", "正文")
    _para(doc, "{%p for g in problems %}", "正文")
    _para(doc, "", "正文", runs=[("{{ g.number }}{{ g.title }}。", H2_FONT), ("{{ g.text }}", BODY_FONT)])
    _para(doc, "{%p for s in g.shots %}", "图注")
    _para(doc, "{{ s.image }}", "图注")
    _para(doc, "{{ s.caption }}", "图注")
    _para(doc, "{%p endfor %}", "图注")
    _para(doc, "{%p endfor %}", "正文")
    _para(doc, "三、下一步工作要求", "一级标题")
    _para(doc, "{%p for r in requirements %}", "正文")
    _para(doc, "", "正文", runs=[("{{ r.number }}{{ r.heading }}", H2_FONT), ("{{ r.text }}", BODY_FONT)])
    _para(doc, "{%p endfor %}", "正文")
    _para(doc, "{{ rectification }}", "正文")
    _para(doc, "", "正文")
    _para(doc, "附件：1.{{ attachment1.title }}", "正文")
    _para(doc, "      2.{{ attachment2.title }}", "正文")
    _para(doc, "{%p if accounts %}", "正文")
    _para(doc, "      3.{{ accounts.attachment_title }}", "正文")
    _para(doc, "{%p endif %}", "正文")
    _para(doc, "", "正文")
    _para(doc, "{{ issuer }}", "落款")
    _para(doc, "{{ issued }}", "落款")

    _page_break(doc)
    _para(doc, "附件1", "附件标记")
    _para(doc, "{{ attachment1.title }}", "附件标题")
    _para(doc, "（{{ period }}）", "附件副标题")
    _table(doc, ["地区/部门", "检查数", "合格数", "合格率"], "attachment1.rows",
           ["{{ r.name }}", "{{ r.checked }}", "{{ r.passed }}", "{{ r.rate }}"], [60, 32, 32, 32],
           ["合计", "{{ attachment1.total.checked }}", "{{ attachment1.total.passed }}", "{{ attachment1.total.rate }}"])
    _para(doc, "{{ note }}", "注")

    _page_break(doc)
    _para(doc, "附件2", "附件标记")
    _para(doc, "{{ attachment2.title }}", "附件标题")
    _para(doc, "（{{ period }}）", "附件副标题")
    _table(doc, ["序号", "网站名称", "主管/主办单位", "存在问题", "检查范围", "网站标识码"], "attachment2.rows",
           ["{{ r.no }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.problems }}", "{{ r.coverage }}", "{{ r.code }}"],
           [12, 24, 30, 38, 20, 32], left=(3,))
    _para(doc, "{{ note }}", "注")

    _para(doc, "{%p if accounts %}", "正文")
    _page_break(doc)
    _para(doc, "附件3", "附件标记")
    _para(doc, "{{ accounts.attachment_title }}", "附件标题")
    _para(doc, "（{{ period }}）", "附件副标题")
    _table(doc, ["序号", "平台", "账号名称", "开设主体", "问题"], "accounts.rows",
           ["{{ r.no }}", "{{ r.platform }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.problems }}"],
           [14, 22, 36, 38, 46], left=(4,))
    _para(doc, "{{ note }}", "注")
    _para(doc, "{%p endif %}", "正文")

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE))
