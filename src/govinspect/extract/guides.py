"""办事指南: which of the eight 办事指南重点要素类别 a guide page shows.

The categories (国办秘函〔2019〕19号 服务不实用 item 2; the element list of the 2015 indicators,
see indicators-research.md W-V6): 事项名称、设定依据、申请条件、办理材料、办理地点、办理时间、
联系电话、办理流程. Each is recognised by its label or a synonym CMSs print (受理条件, 申请材料,
所需材料, 咨询电话, 办理程序 …) when the label opens a line or a table cell (``申请条件：…``,
``一、申请条件``, ``<th>受理地点</th>``) — a word inside a sentence is not a label.

A page is a guide when its title says 办事指南/服务指南/办事须知 (an article, not the column's
list page), or when it shows at least ``MIN_ELEMENTS_UNTITLED`` categories. Labels in the
navigation, footer (the footer's 联系电话) and hidden blocks do not count.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.messages import content_lines
from govinspect.extract.text import node_text
from govinspect.model import GUIDE_ELEMENTS, PageModel, ServiceGuide

# Category → labels (the category name itself first). Longer labels are tried first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "事项名称": ("事项名称", "项目名称", "服务事项名称", "审批事项名称", "事项名", "服务名称", "办理事项", "审批项目"),
    "设定依据": ("设定依据", "法律依据", "办理依据", "实施依据", "政策依据", "法定依据", "受理依据", "审批依据"),
    "申请条件": ("申请条件", "受理条件", "办理条件", "申报条件", "准予许可的条件", "许可条件", "申请人条件",
                 "受理标准", "申请资格"),
    "办理材料": ("办理材料", "申请材料", "所需材料", "申报材料", "提交材料", "材料目录", "需提交材料",
                 "申请资料", "所需资料", "提交资料", "办理所需材料", "申请材料目录"),
    "办理地点": ("办理地点", "受理地点", "办理地址", "受理地址", "办公地点", "服务地点", "窗口地址", "办理窗口",
                 "受理窗口"),
    "办理时间": ("办理时间", "受理时间", "办公时间", "服务时间", "窗口办公时间", "对外办公时间"),
    "联系电话": ("联系电话", "咨询电话", "咨询方式", "联系方式", "服务电话", "咨询联系电话"),
    "办理流程": ("办理流程", "办理程序", "办事流程", "办理步骤", "审批流程", "受理流程", "办事程序", "流程图",
                 "办理环节", "审批程序", "服务流程"),
}
assert tuple(SYNONYMS) == GUIDE_ELEMENTS

MIN_ELEMENTS_UNTITLED = 4
_GUIDE_TITLE = re.compile(r"办事指南|服务指南|办事须知|办理指南|服务指引|办事指引")
_QUICK = re.compile("|".join(label for labels in SYNONYMS.values() for label in labels))
# Numbering and decoration a label may open with: 一、 1. （一） 【 ■ ●
_PREFIX = r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*|[【\[■●◆▶★·•]\s*)?"
_LABELS = sorted(((label, name) for name, labels in SYNONYMS.items() for label in labels),
                 key=lambda pair: len(pair[0]), reverse=True)
_LABEL_RE = re.compile(_PREFIX + "(" + "|".join(re.escape(label) for label, _ in _LABELS) + r")\s*(?:[】\]]|[:：]|$)")
_CATEGORY = {label: name for label, name in _LABELS}


def guide_elements(lines: list[str]) -> dict[str, str]:
    """Category → label as printed, for every element label that opens one of ``lines``."""
    found: dict[str, str] = {}
    for line in lines:
        if len(line) > 400:
            line = line[:400]
        match = _LABEL_RE.match(line)
        if match:
            label = match.group(1)
            found.setdefault(_CATEGORY[label], label)
    return found


def _guide_title(page: PageModel, tree: LexborHTMLParser) -> str:
    title = page.meta.get("ArticleTitle", "").strip()
    if not title:
        heading = tree.css_first("h1")
        title = node_text(heading) if heading is not None else ""
    return title or page.title.split("_")[0].strip()


def fill_guide(page: PageModel, tree: LexborHTMLParser) -> None:
    """Set ``page.guide`` when the page is a 办事指南 (the tree must have been prepared)."""
    if page.page_kind in ("home", "list"):
        return
    titled = bool(_GUIDE_TITLE.search(page.meta.get("ArticleTitle", "") or page.title))
    if not titled and len({_CATEGORY[label] for label in _QUICK.findall(page.text)}) < MIN_ELEMENTS_UNTITLED:
        return  # the footer's 联系电话 alone does not make a guide: skip the line scan
    found = guide_elements(content_lines(tree))
    title = _guide_title(page, tree)
    if titled or _GUIDE_TITLE.search(title) or len(found) >= MIN_ELEMENTS_UNTITLED:
        page.guide = ServiceGuide(title=title[:300], present=found)


__all__ = ["SYNONYMS", "fill_guide", "guide_elements"]
