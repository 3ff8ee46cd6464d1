"""网民留言: published citizen messages of 政务咨询 columns, and 留言 forms, read from one page.

Three layouts, each common on government CMSs:

- **table** — a table whose header row names a 标题/主题 column and a 留言时间, 答复时间 or 状态
  column (also 答复单位): one :class:`~govinspect.model.Message` per row;
- **list** — list rows (li, dd, div …) holding a message link and a status marker such as
  ``[已回复]``, ``【未答复】``, ``状态：办理中``, or labelled dates (``留言时间：… 答复时间：…``);
- **detail** — a message page: ``留言时间：…  留言内容：…  答复单位：…  答复时间：…  答复内容：…``.

Precision first: a message is only read where the page says it is one (header names, status
markers, labels); an ordinary article list is never turned into messages. Navigation, footer and
hidden blocks are ignored (a footer's 联系电话 or a menu's 我要写信 is not a message).

``has_message_form``: the page carries a form a citizen can write in (a visible ``<textarea>``);
a search box is not one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.dates import find_dates
from govinspect.extract.links import region_of
from govinspect.extract.text import fold, node_text
from govinspect.model import Message, MessageStatus, PageModel
from govinspect.urls import canonical_url

# A page without any of these words holds no messages (cheap guard before any parsing).
_QUICK = re.compile(r"留言|来信|信件|咨询|答复|回复|办结|诉求|写信|问政|建言|投诉")

# Status words, most specific first: 未办结 must not read as 办结, 已受理 is not an answer.
_STATUS_WORDS: list[tuple[MessageStatus, tuple[str, ...]]] = [
    (MessageStatus.UNANSWERED, ("暂未答复", "尚未答复", "尚未回复", "暂未回复", "未答复", "未回复", "待答复",
                                "待回复", "未办结", "尚未办结", "未处理", "待处理", "未反馈", "未办理")),
    (MessageStatus.INVALID, ("不予受理", "无效留言", "重复留言", "不予答复", "无效信件", "不属于受理范围")),
    (MessageStatus.PROCESSING, ("办理中", "处理中", "正在办理", "正在处理", "受理中", "已受理", "已转办",
                                "转办中", "交办中", "已交办", "审核中")),
    (MessageStatus.ANSWERED, ("已答复", "已回复", "已办结", "已处理", "已反馈", "已解答", "已回信", "已完成",
                              "办结", "已答")),
]
_ALL_STATUS = "|".join(sorted({w for _, words in _STATUS_WORDS for w in words}, key=len, reverse=True))
_STATUS_ANY = re.compile(_ALL_STATUS)
_STATUS_BRACKET = re.compile(r"[\[【(（〔<]\s*(" + _ALL_STATUS + r")\s*[\]】)）〕>]")
_STATUS_LABEL = re.compile(r"(?:办理|处理|答复|回复|办件|信件)?状态\s*[:：]\s*(" + _ALL_STATUS + ")")
_STATUS_CHILD = "span, em, i, b, font, small, td, div, label, strong, p"

_DATE = r"((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
_ASKED = re.compile(r"(?:留言|来信|写信|提问|咨询|提交|投诉|反映|发信|信件|诉求)(?:时间|日期)\s*[:：]?\s*" + _DATE)
_ANSWERED = re.compile(r"(?:答复|回复|办结|处理|反馈|回信|办理)(?:时间|日期)\s*[:：]?\s*" + _DATE)
_REPLIER = re.compile(r"(?:答复|回复|办理|处理|受理)(?:单位|部门|机构)\s*[:：]\s*([^\s:：]{2,40})")
_REPLY_LABEL = re.compile(r"^\s*(?:(?:答复|回复|办理|处理)(?:内容|意见|结果|情况)\s*[:：]?|(?:答复|回复)\s*[:：])\s*(.*)$")
_REPLY_HINT = re.compile(r"(?:答复|回复|办理|处理)(?:内容|意见|结果|情况|时间|日期)|(?:答复|回复)\s*[:：]")
_ANY_LABEL = re.compile(r"^\s*[\u4e00-\u9fff]{2,6}\s*[:：]")
_NO_REPLY = re.compile(r"^(?:暂无|无|空|暂未答复|尚未答复|暂未回复|尚未回复|等待答复|等待回复|待答复|待回复)[。.]?$")
_ASK_CONTENT = re.compile(r"(?:留言|来信|信件|咨询|投诉|反映|诉求|问题)(?:内容|事项|描述|正文)")
_TITLE_LABEL = re.compile(r"(?:留言|信件|来信|咨询|投诉)(?:标题|主题)\s*[:：]\s*([^\n]{2,120})")
_BREADCRUMB = re.compile(r"(?:当前位置|您的位置|您现在的位置|所在位置)\s*[:：]?\s*([^\n]+)")
_CRUMB_SPLIT = re.compile(r"\s*(?:>|＞|»|›|→|/|\\)\s*")

# Table header cells → message fields (the first pattern that matches decides).
_HEADER_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("answered", re.compile(r"(?:答复|回复|办结|处理|反馈|回信)(?:时间|日期)")),
    ("asked", re.compile(r"(?:留言|来信|写信|提问|咨询|提交|投诉|反映|发信|信件|诉求)(?:时间|日期)")),
    ("replier", re.compile(r"(?:答复|回复|办理|处理|受理|承办)(?:单位|部门|机构)")),
    ("status", re.compile(r"状态|是否(?:答复|回复|办结)|办理情况|处理情况")),
    ("title", re.compile(r"标题|主题|信件名称|留言内容|问题|事项")),
]
MAX_HEADER_CHARS = 12
MAX_ROW_ANCHORS = 3
MAX_ROW_CHARS = 400
MIN_ROW_TITLE = 5  # shorter link texts are menu entries (互动交流), not message titles
_NOT_IN_ROW = "table, ul, ol, h1, h2, h3, form"
_ROW_TAGS = {"li", "dd", "dt", "tr", "div", "p", "section", "article"}


def classify_status(text: str) -> MessageStatus:
    """The 办理状态 a status text says (已回复 → ANSWERED, 办理中 → PROCESSING …), or UNKNOWN."""
    value = fold(text)
    for status, words in _STATUS_WORDS:
        if any(word in value for word in words):
            return status
    return MessageStatus.UNKNOWN


def has_message_form(tree: LexborHTMLParser) -> bool:
    """A visible text area: a form to write a message (a search box is a one-line input)."""
    return any(region_of(node) != "hidden" for node in tree.css("textarea"))


def content_lines(tree: LexborHTMLParser) -> list[str]:
    """Lines of visible body text without navigation, footer and hidden blocks.

    The tree must have been prepared (``extract.text.prepare``: block boundaries marked)."""
    root = tree.body or tree.root
    lines = [line for line in node_text(root, lines=True).split("\n") if line]
    drop: Counter[str] = Counter()
    for node in tree.css("nav, footer, [class], [id], [style], [hidden]"):
        if region_of(node) == "body":
            continue
        parent = node.parent
        if parent is not None and parent.tag not in ("html", "-document") and region_of(parent) != "body":
            continue  # only the outermost node of a nav/footer/hidden block
        drop.update(line for line in node_text(node, lines=True).split("\n") if line)
    if not drop:
        return lines
    out = []
    for line in lines:
        if drop[line] > 0:
            drop[line] -= 1
            continue
        out.append(line)
    return out


def _first_date(text: str) -> date | None:
    found = find_dates(text)
    return found[0][0] if found else None


def _label_date(pattern: re.Pattern[str], text: str) -> date | None:
    match = pattern.search(text)
    return _first_date(match.group(1)) if match else None


def _status_marker(text: str) -> MessageStatus | None:
    """An explicit status: ``[已回复]``, ``状态：办理中`` (not a status word inside a title)."""
    for pattern in (_STATUS_BRACKET, _STATUS_LABEL):
        match = pattern.search(text)
        if match:
            return classify_status(match.group(1))
    return None


def _child_status(row: LexborNode, skip: LexborNode) -> MessageStatus | None:
    """A cell or span whose whole text is a status word (``<span class="zt">已回复</span>``)."""
    for child in row.css(_STATUS_CHILD):
        if child.mem_id == row.mem_id or child.mem_id == skip.mem_id:
            continue
        value = node_text(child).strip("[]【】()（） ")
        if value and len(value) <= 6 and _STATUS_ANY.fullmatch(value):
            return classify_status(value)
    return None


def _anchor_title(anchor: LexborNode) -> str:
    text = fold(anchor.text(deep=True))
    attr = fold(anchor.attributes.get("title") or "")
    if attr and (not text or (text.endswith(("...", "…")) and len(attr) >= len(text) - 3)):
        return attr
    return text


# --- tables -----------------------------------------------------------------------------------

def _header(row: LexborNode) -> list[str | None] | None:
    cells = row.css("th, td")
    fields: list[str | None] = []
    for cell in cells:
        text = node_text(cell)
        field = None
        if text and len(text) <= MAX_HEADER_CHARS:
            field = next((name for name, pattern in _HEADER_FIELDS if pattern.search(text)), None)
        fields.append(field)
    names = {f for f in fields if f}
    if "title" in names and names & {"asked", "answered", "status"}:
        return fields
    return None


def _table_messages(tree: LexborHTMLParser, base: str) -> tuple[list[Message], set[int]]:
    """Messages of list tables with a header row; also the mem_ids of the rows read."""
    out: list[Message] = []
    handled: set[int] = set()
    for table in tree.css("table"):
        if len(table.css("table")) > 1 or region_of(table) != "body":
            continue  # a layout table (tables inside) or a table in a menu/footer
        rows = table.css("tr")
        fields: list[str | None] | None = None
        for index, row in enumerate(rows):
            if fields is None:
                if index < 3:
                    fields = _header(row)
                    if fields is not None:
                        handled.add(row.mem_id)
                continue
            cells = row.css("td, th")
            if len(cells) < len(fields):
                continue
            message = _table_row(cells, fields, base)
            if message is not None:
                out.append(message)
                handled.add(row.mem_id)
    return out, handled


def _table_row(cells: list[LexborNode], fields: list[str | None], base: str) -> Message | None:
    title, url = "", None
    asked = answered = None
    replier = ""
    status, explicit = MessageStatus.UNKNOWN, False
    for cell, name in zip(cells, fields, strict=False):
        text = node_text(cell)
        if name == "title":
            anchor = cell.css_first("a[href]")
            title = _anchor_title(anchor) if anchor is not None else text
            if anchor is not None:
                url = canonical_url(anchor.attributes.get("href") or "", base)
        elif name == "asked":
            asked = _first_date(text)
        elif name == "answered":
            answered = _first_date(text)
        elif name == "replier":
            replier = text[:60]
        elif name == "status" and text:
            status = classify_status(text)
            explicit = status is not MessageStatus.UNKNOWN
    if len(title) < 2:
        return None
    has_answer_column = "answered" in fields
    if status is MessageStatus.UNKNOWN and has_answer_column:
        # An empty 答复时间 cell in a table that has the column says: not answered.
        status = MessageStatus.ANSWERED if answered else MessageStatus.UNANSWERED
        explicit = True
    return Message(title=title[:300], url=url, asked=asked, answered=answered, replier=replier, status=status,
                   explicit_status=explicit, has_reply=answered is not None, source="table")


# --- list rows with status markers or labelled dates --------------------------------------------

def _list_messages(tree: LexborHTMLParser, base: str, handled: set[int]) -> list[Message]:
    out: list[Message] = []
    seen: set[str] = set()
    used_rows: set[int] = set(handled)
    for anchor in tree.css("a[href]"):
        url = canonical_url(anchor.attributes.get("href") or "", base)
        title = _anchor_title(anchor)
        if url is None or url in seen or len(title) < MIN_ROW_TITLE:
            continue
        row = _message_row(anchor, used_rows)
        if row is None:
            continue
        message = _list_row(row, anchor, title, url)
        if message is not None:
            seen.add(url)
            used_rows.add(row.mem_id)
            out.append(message)
    return out


def _message_row(anchor: LexborNode, used: set[int]) -> LexborNode | None:
    """The nearest enclosing row (li, dd, div …) that says it is a message: a status marker or a
    留言/答复 date label, with at most a few links."""
    node = anchor.parent
    for _ in range(4):
        if node is None or node.tag in ("body", "html", "ul", "ol", "table", "tbody"):
            return None
        if node.mem_id in used:
            return None
        if node.tag in _ROW_TAGS:
            if len(node.css("a[href]")) > MAX_ROW_ANCHORS or node.css_first(_NOT_IN_ROW) is not None:
                return None  # a container of rows, headings or a whole message page, not one row
            text = node_text(node)
            if len(text) > MAX_ROW_CHARS or _BREADCRUMB.search(text):
                return None
            if _STATUS_BRACKET.search(text) or _STATUS_LABEL.search(text) or _ASKED.search(text) \
                    or _ANSWERED.search(text) or _child_status(node, anchor) is not None:
                return node if region_of(node) == "body" else None
        node = node.parent
    return None


def _list_row(row: LexborNode, anchor: LexborNode, title: str, url: str) -> Message | None:
    text = node_text(row)
    shown = fold(anchor.text(deep=True))
    rest = text.replace(shown, " ", 1) if shown else text
    status = _status_marker(rest) or _child_status(row, anchor)
    explicit = status is not None
    asked = _label_date(_ASKED, rest)
    answered = _label_date(_ANSWERED, rest)
    listed = None
    if asked is None and answered is None:
        dates = sorted(d for d, _ in find_dates(rest))
        if len(dates) >= 2:
            asked, answered = dates[0], dates[-1]
        elif dates:
            listed = dates[0]
            if status in (MessageStatus.UNANSWERED, MessageStatus.PROCESSING):
                asked = listed  # an open message's only date is when it was written
    if status is None:
        status = MessageStatus.ANSWERED if answered else MessageStatus.UNKNOWN
    replier_match = _REPLIER.search(rest)
    return Message(title=title[:300], url=url, asked=asked, answered=answered,
                   replier=replier_match.group(1) if replier_match else "", status=status,
                   explicit_status=explicit, has_reply=answered is not None, listed=listed, source="list")


# --- detail pages -------------------------------------------------------------------------------

def _reply_text(lines: list[str]) -> str | None:
    """The reply (答复内容) a message page shows: after its label, on the same or the next line."""
    for index, line in enumerate(lines):
        match = _REPLY_LABEL.match(line)
        if not match:
            continue
        value = match.group(1).strip()
        if not value and index + 1 < len(lines) and not _ANY_LABEL.match(lines[index + 1]):
            value = lines[index + 1].strip()
        if len(value) >= 4 and not _NO_REPLY.match(value) and not find_dates(value[:12]):
            return value
    return None


def _detail_message(page: PageModel, tree: LexborHTMLParser, lines: list[str]) -> Message | None:
    text = "\n".join(lines)
    asked_labels = len(_ASKED.findall(text))
    if asked_labels > 1:
        return None  # a list of several messages, not one message page
    asked = _label_date(_ASKED, text)
    reply = _reply_text(lines)
    answered = _label_date(_ANSWERED, text)
    if asked is None and not (_ASK_CONTENT.search(text) and (reply or answered)):
        return None
    status = _status_marker(text)
    explicit = status is not None
    if status is None:
        if any(word in text for word in ("暂未答复", "尚未答复", "暂未回复", "尚未回复", "等待答复", "等待回复")):
            status, explicit = MessageStatus.UNANSWERED, True
        elif reply or answered:
            status, explicit = MessageStatus.ANSWERED, True
        else:
            status = MessageStatus.UNANSWERED  # a message page showing no reply at all
    replier_match = _REPLIER.search(text)
    title_match = _TITLE_LABEL.search(text)
    title = (title_match.group(1).strip() if title_match else "") or page.meta.get("ArticleTitle", "")
    if not title:
        heading = tree.css_first("h1") or tree.css_first("h2")
        title = node_text(heading) if heading is not None else ""
    title = title or page.title.split("_")[0].split("-")[0].strip()
    return Message(title=title[:300], url=page.url, asked=asked, answered=answered,
                   replier=replier_match.group(1) if replier_match else "", status=status,
                   explicit_status=explicit, has_reply=reply is not None, source="detail")


def _column_name(page: PageModel, lines: list[str]) -> str:
    """The column a page belongs to: its ColumnName meta, else the last breadcrumb entry."""
    name = page.meta.get("ColumnName", "").strip()
    if name:
        return name[:60]
    for index, line in enumerate(lines[:40]):
        match = _BREADCRUMB.search(line)
        if match:
            trail = match.group(1)
            # source line breaks inside the breadcrumb: 首页 >\n 互动交流 >\n 咨询投诉
            for more in lines[index + 1:index + 6]:
                if not trail.rstrip().endswith((">", "＞", "»", "›", "→")) and not more.lstrip().startswith(
                        (">", "＞", "»", "›", "→")):
                    break
                trail += " " + more
            parts = [p.strip() for p in _CRUMB_SPLIT.split(trail) if p.strip()]
            parts = [p for p in parts if p not in ("正文", "详情", "内容", "首页", "网站首页")]
            if parts:
                return parts[-1][:60]
    return ""


def fill_messages(page: PageModel, tree: LexborHTMLParser, base: str) -> None:
    """Set ``page.messages`` and ``page.has_message_form`` (the tree must have been prepared)."""
    page.has_message_form = has_message_form(tree)
    if not _QUICK.search(page.text):
        return
    messages, handled = _table_messages(tree, base)
    if _STATUS_ANY.search(page.text) or _ASKED.search(page.text) or _ANSWERED.search(page.text):
        messages += _list_messages(tree, base, handled)
    lines: list[str] | None = None
    if not messages and page.page_kind != "home" and (
            _ASKED.search(page.text) or (_ASK_CONTENT.search(page.text) and _REPLY_HINT.search(page.text))):
        lines = content_lines(tree)
        detail = _detail_message(page, tree, lines)
        if detail is not None:
            messages = [detail]
    if not messages:
        return
    column = _column_name(page, lines if lines is not None else content_lines(tree))
    page.messages = [m if m.column or not column else _with_column(m, column) for m in messages]


def _with_column(message: Message, column: str) -> Message:
    return replace(message, column=column)


__all__ = ["classify_status", "content_lines", "fill_messages", "has_message_form"]
