"""The bulletin as a Word document, rendered with docxtpl from a replaceable template.

Placeholders (Jinja2, docxtpl's ``{%p %}``/``{%tr %}`` for paragraph and table-row loops):

- ``title`` 标题, ``recipients`` 主送机关, ``intro`` 开头段, ``issuer`` 落款, ``issued`` 成文日期, ``period``
- ``overall``: list of paragraphs (总体情况)
- ``problems``: list of {number （一）, title 问题类型, text, shots: [{image, caption}]} (主要问题)
- ``requirements``: list of {number, heading, text} (下一步工作要求); ``rectification`` 整改期限
- ``attachment1``: {title, rows: [{name, checked, passed, rate}], total: {checked, passed, rate}}
- ``attachment2``: {title, rows: [{no, name, unit, problems, code}]}
- ``note``: 注：监测时间点…，时间段为…
- ``accounts``: 政务新媒体 part or empty while no account was inspected: {heading 政务新媒体检查情况,
  paragraphs, text (the first paragraph), attachment_title, rows: [{no, platform, name, unit, problems}]}
  (附件3 存在突出问题的政务新媒体名单)

A user template must use every name in :data:`REQUIRED_PLACEHOLDERS`; one missing is an error
that names it, so a bulletin never silently drops its attachments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govinspect.report.bulletin import BulletinData, cn_date, platform_of
from govinspect.report.docx_template import TEMPLATE
from govinspect.report.periods import cn_number

REQUIRED_PLACEHOLDERS = ("title", "overall", "problems", "requirements", "attachment1", "attachment2", "note")
ATTACHMENT1_TITLE = "各地各部门政府网站检查情况"
ATTACHMENT2_TITLE = "存在突出问题的政府网站名单"
ATTACHMENT3_TITLE = "存在突出问题的政务新媒体名单"
ACCOUNTS_HEADING = "政务新媒体检查情况"


class TemplateError(ValueError):
    """通报模板错误 / bulletin template error."""


@dataclass
class Shot:
    """An evidence screenshot for a problem type."""

    problem: str  # problem type (问题类型) it illustrates
    path: Path
    caption: str


def attachment1_rows(data: BulletinData) -> list[dict[str, Any]]:
    return [{"name": r.name, "checked": r.checked, "passed": r.passed, "rate": r.rate} for r in data.by_region]


def attachment2_rows(data: BulletinData) -> list[dict[str, Any]]:
    rows = []
    for i, t in enumerate(data.failing, 1):
        unit = t.site.supervisor if t.site.supervisor and t.site.supervisor != t.site.sponsor else ""
        unit = f"{unit}/{t.site.sponsor}" if unit else t.site.sponsor
        rows.append({"no": i, "name": t.site.name, "unit": unit, "problems": t.problem_text, "coverage": t.coverage,
                     "code": t.site.code})
    return rows


def attachment3_rows(data: BulletinData) -> list[dict[str, Any]]:
    """存在突出问题的政务新媒体名单: 序号, 平台, 账号名称, 开设主体, 问题."""
    return [{"no": i, "platform": platform_of(a), "name": a.site.name, "unit": a.site.sponsor,
             "problems": a.problem_text} for i, a in enumerate(data.failing_accounts, 1)]


def intro_text(data: BulletinData) -> str:
    return (f"根据《国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知》"
            f"（国办秘函〔2019〕19号）要求，{data.issuer}组织开展了{data.period.text}{data.scope}政府网站检查工作，"
            f"现将有关情况通报如下：")


def context(data: BulletinData, shots: list[Shot] | None = None, image: Any = None) -> dict[str, Any]:
    """The template context; ``image(path)`` makes an inline image (docxtpl) for screenshots."""
    problems = []
    for g in data.groups:
        mine = [s for s in shots or [] if s.problem == g.title]
        problems.append({"number": g.number, "title": g.title, "text": g.text,
                         "sites": [t.site.name for t in g.sites],
                         "shots": [{"image": image(s.path) if image else str(s.path), "caption": s.caption}
                                   for s in mine]})
    return {
        "title": data.title,
        "recipients": data.recipients,
        "intro": intro_text(data),
        "period": data.period.text,
        "overall": data.overall_paragraphs(),
        # falsy while no account was inspected: the template's {%p if accounts %} drops the part
        "accounts": {} if not data.accounts else {
            "heading": ACCOUNTS_HEADING, "paragraphs": data.accounts_paragraphs(),
            "text": data.accounts_paragraphs()[0], "attachment_title": ATTACHMENT3_TITLE,
            "rows": attachment3_rows(data)},
        "problems": problems,
        "requirements": [{"number": f"（{cn_number(i)}）", "heading": h, "text": t}
                         for i, (h, t) in enumerate(data.requirements, 1)],
        "rectification": data.rectification_text,
        "issuer": data.issuer,
        "issued": cn_date(data.issued),
        "attachment1": {"title": ATTACHMENT1_TITLE, "rows": attachment1_rows(data),
                        "total": {"checked": data.checked, "passed": data.passed, "rate": data.pass_rate}},
        "attachment2": {"title": ATTACHMENT2_TITLE, "rows": attachment2_rows(data)},
        "note": data.note,
    }


def load_template(path: Path | None) -> Any:
    """Open a template and check it has every required placeholder."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    path = path or TEMPLATE
    if not path.exists():
        raise TemplateError(f"模板文件不存在：{path} / no such template: {path}")
    try:
        tpl = DocxTemplate(str(path))
        used = tpl.get_undeclared_template_variables()
    except TemplateSyntaxError as exc:
        raise TemplateError(f"模板语法错误：{exc.message}（第{exc.lineno}行） / template syntax error in {path}: "
                            f"{exc.message}") from exc
    except Exception as exc:  # not a .docx at all
        raise TemplateError(f"无法打开模板（应为.docx文件）：{path} / cannot open template {path} as .docx: {exc}") from exc
    missing = [name for name in REQUIRED_PLACEHOLDERS if name not in used]
    if missing:
        names = "、".join("{{ " + m + " }}" for m in missing)
        raise TemplateError(f"模板缺少占位符 {names} / template {path.name} lacks placeholder(s) "
                            f"{', '.join(missing)}")
    return tpl


def render_docx(data: BulletinData, out: Path, *, template: Path | None = None,
                shots: list[Shot] | None = None) -> Path:
    from docx.shared import Mm
    from docxtpl import InlineImage
    from jinja2 import Environment

    tpl = load_template(template)

    def image(p: Path) -> Any:
        return InlineImage(tpl, str(p), width=Mm(150))

    # autoescape: unit names and finding messages may hold < or & (they are XML in the .docx)
    tpl.render(context(data, shots, image), jinja_env=Environment(autoescape=True))
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(str(out))
    return out
