"""HTML → :class:`~govinspect.model.PageModel`: the one place rules get their view of a page.

Fills every field: title, 网页标签 (meta), visible text, links, 列表条目 with their dates
(dated_items; entries without a date are counted in ``undated_items``), 发布日期 (pub_date),
pagination (翻页), 底部功能区 (footer), 占位页 (暂无信息/建设中), JavaScript-built lists
(needs_render), the kind of page, the charset and soft 404.

Precision first: a date is only an item's date when it sits in the item's row outside its
title; month-day dates get a year only from a year heading; a date in a URL is a weak hint
(raw_date ``"url:…"``) used only when the row shows none. Never raises: any page, however
broken, gives a model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.dates import find_dates, find_month_days, parse_date, parse_pubdate
from govinspect.extract.encoding import decode_html
from govinspect.extract.footer import extract_footer, footer_badges
from govinspect.extract.guides import fill_guide
from govinspect.extract.links import base_href, extract_links, parse, region_of, trs_pagination
from govinspect.extract.messages import fill_messages
from govinspect.extract.meta import extract_meta
from govinspect.extract.text import fold, node_text, prepare, visible_text
from govinspect.model import DatedItem, Link, PageModel
from govinspect.urls import canonical_url, host_of, in_scope

log = logging.getLogger(__name__)

# Pages over this size are cut: the lists, dates, footer codes and meta tags we look for sit in
# the first megabytes of any real page, and a 20 MB page (spam dump, inlined data) must not cost
# seconds of parsing per fetch.
MAX_HTML_BYTES = 2_000_000
MAX_TEXT_CHARS = 1_000_000
MAX_SCRIPT_CHARS = 200_000
MAX_PAGER_LINKS = 40
MAX_ROW_ANCHORS = 4  # a "row" with more links than this is a container, not a list entry
MIN_DIV_TITLE = 5  # a div "row" link shorter than this is a tool link (打印, 关闭, 分享), not a title
LABELLED_LIST_ROWS = 3  # this many 发布日期 labels, each on a dated entry, make a list page
MIN_UNDATED_TITLE = 6  # shorter undated links are menu entries (通知公告), not article titles

_NON_HTML = re.compile(r"^(image|audio|video|font)/|application/(pdf|zip|octet-stream|msword|vnd\.|x-)", re.I)
_ROW_SELECTOR = "li, tr, dd, dt"
_DIV_ROW_TAGS = {"div", "p", "span", "section", "h2", "h3", "h4", "h5", "h6", "dl", "em", "font"}
_DATE_CHILD = "span, em, i, b, font, small, time, div, p, label"
_PAGER_WORDS = {"下一页", "上一页", "下页", "上页", "后页", "前页", "首页", "尾页", "末页", "更多",
                "more", "更多>>", ">>", "<<", ">", "<", "»", "«", "next", "prev", "last", "first"}
_NEXT_WORDS = {"下一页", "下页", "后页", "尾页", "末页", "next", "»", ">", ">>"}
_PAGER_SELECTOR = ", ".join(f"[{attr}*={word} i]" for word in ("page", "fenye", "pager", "pagination")
                            for attr in ("class", "id"))
_SIDE_HINT = re.compile(r"(?:^|[\s_-])(?:left|side|sub|menu|lm)", re.I)
_SIDE_SELECTOR = ", ".join(f"[{attr}*={word} i]" for word in ("left", "side", "sub", "menu", "lm")
                           for attr in ("class", "id"))
_YEAR_HEADING = re.compile(r"^((?:19|20)\d{2})\s*年?度?$")
_URL_DATE = re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+|/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/|"
                       r"/((?:19|20)\d{2})-?(\d{2})-?(\d{2})/")
_ARTICLE_PATH = re.compile(
    r"/t\d{8}_\d+\.\w+$|/art/\d{4}/\d{1,2}/\d{1,2}/|content_\d+|/(?:art|info|news|article)_?\d+\.\w+$|"
    r"/\d{4,}\.s?html?$|/(?:detail|show|view|article|content)[^/]*\.\w+$", re.I)
# Query keys that name one document (wbtreeid, catid, columnid name a column and are absent here).
_ARTICLE_QUERY = re.compile(r"(?:^|&)(?:id|aid|articleid|newsid|wbnewsid|infoid|contentid|docid|itemid)=\d+",
                            re.I)
# list.asp?id=12, more.jsp?id=3, class.php?id=5: there ``id`` names a column, not a document.
_LIST_SCRIPT = re.compile(r"/(?:list|lists|more|class|lanmu|column|category|channel|node)[\w-]*\.\w{2,5}$", re.I)
_HOME_PATH = re.compile(r"^/(?:(?:index|default|home|main)\.\w{2,5})?$", re.I)
_FILE_URL = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|jpe?g|png|gif|bmp|mp4|mp3|txt|ofd)$", re.I)
_PUB_LABEL = re.compile(
    r"(?:发布时间|发布日期|发文日期|发表时间|发稿时间|发布于|(?<![\u4e00-\u9fff])(?:时间|日期))\s*[:：]?\s*"
    r"((?:19|20|21)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:：时]\s*\d{2}"
    r"(?:\s*[:：分]\s*\d{2})?)?)")
_OTHER_DATE_META = ("firstpublishedtime", "publishdate", "publish_date", "article:published_time",
                    "dc.date.issued", "dcterms.issued", "dc.date")
_PLACEHOLDER = re.compile(r"暂无(?:相关)?(?:信息|内容|数据|记录|文章|公告)|正在建设|建设中|敬请期待|正在完善|努力建设中")
_PLACEHOLDER_NODES = "li, p, div, td, span, font, h1, h2, h3, h4, h5, center, strong, b"
_RENDER_HINT = re.compile(
    r"document\.write|innerHTML|\$\.(?:ajax|get|getJSON|post)\b|\.load\(|\bfetch\(|XMLHttpRequest|axios|"
    r"new\s+Vue|createApp|ReactDOM|\[\s*\{\s*[\"']?(?:title|name|url|docTitle|pubDate)[\"']?\s*:", re.I)


@lru_cache(maxsize=16384)
def _canon(raw: str, base: str) -> str | None:
    """canonical_url, memoised: the same navigation hrefs recur on every page of a site and
    canonicalisation is the costliest step of list extraction."""
    return canonical_url(raw, base)


# --- helpers usable by columns.py and others ----------------------------------------------------

def looks_like_article_url(url: str) -> bool:
    """URL shapes CMSs give articles (TRS t20210315_123.html, jcms /art/2021/3/15/, ?id=123…)."""
    parts = urlsplit(url)
    if _ARTICLE_PATH.search(parts.path):
        return True
    return bool(_ARTICLE_QUERY.search(parts.query)) and not _LIST_SCRIPT.search(parts.path)


def looks_like_file_url(url: str) -> bool:
    """A download (pdf, doc, xls, images…), never a column page."""
    return bool(_FILE_URL.search(urlsplit(url).path))


def is_home_url(url: str, site_url: str | None = None) -> bool:
    """The site's homepage under any of its usual names (/, /index.html, /default.htm…)."""
    parts = urlsplit(url)
    if parts.query:
        return False
    if site_url:
        if not in_scope(url, site_url):
            return False
        site = urlsplit(site_url)
        folder = site.path.rsplit("/", 1)[0] + "/"
        if parts.path == site.path:
            return True
        if not parts.path.startswith(folder):
            return False
        rest = "/" + parts.path[len(folder):]
        return bool(_HOME_PATH.match(rest))
    return bool(_HOME_PATH.match(parts.path or "/"))


# --- the page model ---------------------------------------------------------------------------

def extract_page(body: bytes | str, url: str, *, final_url: str | None = None,
                 status: int | None = 200, content_type: str | None = None,
                 site_url: str | None = None) -> PageModel:
    """The page model of one response. Never raises (malformed HTML, empty or binary bodies,
    huge pages all give a model; a failure inside extraction is logged and leaves the fields
    filled so far)."""
    page = PageModel(url=url, final_url=final_url or url, status=status)
    try:
        _extract(page, body, content_type, site_url)
    except Exception:  # a single odd page must never stop a site's analysis
        log.exception("extraction failed for %s", url)
    return page


def _extract(page: PageModel, body: bytes | str, content_type: str | None, site_url: str | None) -> None:
    if content_type and _NON_HTML.search(content_type.split(";")[0].strip()):
        page.charset = ""
        return
    if isinstance(body, bytes):
        html, page.charset = decode_html(body[:MAX_HTML_BYTES], content_type)
    else:
        html = body[:MAX_HTML_BYTES]
    html = html.replace("\x00", "")
    if not html.strip():
        page.page_kind = "home" if is_home_url(page.final_url, site_url) else "other"
        return
    tree = parse(html)
    base = base_href(tree, page.final_url)
    is_home = is_home_url(page.url, site_url) or is_home_url(page.final_url, site_url)

    # One ancestor-region memo for the whole page: links, rows and paragraphs share the walk.
    memo: dict[int, tuple[bool, str]] = {}
    page.links = extract_links(tree, page.final_url, memo)
    title = tree.css_first("title")
    page.title = fold(title.text(deep=True) if title is not None else "")[:500]
    page.meta = extract_meta(tree)
    scripts = _inline_scripts(tree)
    footer = footer_badges(tree, page.links)

    prepare(tree)  # from here on: no scripts/styles, block boundaries marked
    page.text = visible_text(tree)[:MAX_TEXT_CHARS]
    side = set() if is_home else _side_menu_links(tree, base)
    if side:
        page.links = [Link(link.url, link.text, "nav", link.tag)
                      if link.region == "body" and (link.url, link.text) in side else link
                      for link in page.links]
    more = {} if is_home else _more_links(tree, base)
    if more:
        # a channel page (频道页) names its sub-columns by block headings with a 更多 link
        page.links = [Link(link.url, more[link.url], "nav", link.tag)
                      if link.region == "body" and link.tag == "a" and link.url in more
                      and (_is_more(link.text) or not link.text.strip()) else link
                      for link in page.links]

    items, undated = _list_items(tree, base, page.final_url, side, memo)
    page.dated_items = items
    page.undated_items = undated
    page.pagination = _pagination(tree, html, base, page.final_url)
    page.footer = extract_footer(tree, page.links, page.text, footer)
    page.content_chars = _content_chars(tree, memo)

    meta_date = parse_pubdate(page.meta.get("PubDate", ""))
    label_date = _label_date(page.text)
    has_placeholder = _has_placeholder(tree, page.text, memo) if not items and not undated else False
    # A list whose every entry says 发布日期：… (集约化平台 list-item rows) is not an article.
    labelled_rows = (label_date is not None and len(page.dated_items) >= LABELLED_LIST_ROWS
                     and len(_PUB_LABEL.findall(page.text)) >= LABELLED_LIST_ROWS)
    page.page_kind = _page_kind(page, is_home, label_date is not None and not labelled_rows, has_placeholder)
    if meta_date is not None:
        page.pub_date, page.pub_date_source = meta_date, "meta"
    elif label_date is not None and page.page_kind not in ("home", "list"):
        page.pub_date, page.pub_date_source = label_date, "label"
    elif page.page_kind == "article" and (other := _other_meta_date(page.meta)) is not None:
        page.pub_date, page.pub_date_source = other, "meta"
    elif page.page_kind == "article":
        found = _htmldate(html)
        if found is not None:
            page.pub_date, page.pub_date_source = found, "htmldate"

    page.is_placeholder = has_placeholder and page.page_kind != "article"
    page.needs_render = _needs_render(page, scripts)
    page.is_soft404 = _soft404(page, site_url)
    fill_messages(page, tree, base)  # 网民留言, 留言 forms (extract/messages.py)
    fill_guide(page, tree)  # 办事指南 elements (extract/guides.py)


_CONTENT_NODES = "p, pre, blockquote, dd"


def _content_chars(tree: LexborHTMLParser, memo: dict[int, tuple[bool, str]] | None = None) -> int:
    """Paragraph text in the body region, without link texts (links are navigation or items)."""
    total = 0
    for node in tree.css(_CONTENT_NODES):
        if region_of(node, memo) != "body":
            continue
        text = node_text(node)
        if not text:
            continue
        links = sum(len(node_text(a)) for a in node.css("a"))
        total += max(0, len(text) - links)
        if total >= 10_000:  # enough to know it is content; bounds the work on huge pages
            break
    return total


def _inline_scripts(tree: LexborHTMLParser) -> str:
    parts: list[str] = []
    size = 0
    for node in tree.css("script"):
        if node.attributes.get("src"):
            continue
        text = node.text(deep=True)
        parts.append(text)
        size += len(text)
        if size > MAX_SCRIPT_CHARS:
            break
    return "\n".join(parts)[:MAX_SCRIPT_CHARS]


def _side_menu_links(tree: LexborHTMLParser, base: str) -> set[tuple[str, str]]:
    """(url, text) of links in side menus (左侧导航 / 子栏目菜单): a container whose id/class says
    left|side|sub|menu|lm and that looks like a menu (short link texts, no dates)."""
    out: set[tuple[str, str]] = set()
    for node in tree.css(_SIDE_SELECTOR):
        attrs = node.attributes
        if node.tag in ("a", "img", "body", "html") or not _SIDE_HINT.search(
                f"{attrs.get('id') or ''} {attrs.get('class') or ''}"):
            continue
        anchors = node.css("a[href]")
        if not anchors or len(anchors) > 60:
            continue
        texts = [fold(a.text(deep=True)) or (a.attributes.get("title") or "").strip() for a in anchors]
        if any(len(text) > 16 for text in texts) or find_dates(node_text(node)):
            continue
        for anchor, text in zip(anchors, texts, strict=True):
            link_url = _canon(anchor.attributes.get("href") or "", base)
            if link_url and text:
                out.add((link_url, text[:200]))
    return out


_MORE_TEXT = re.compile(r"^(?:查看)?(?:更多|more)?\s*[>＞»]*$", re.I)
_MORE_HEADING = 12  # a block heading longer than this is a title, not a column name


def _is_more(text: str) -> bool:
    text = text.strip()
    return bool(text) and bool(_MORE_TEXT.match(text))


def _block_heading(anchor: LexborNode) -> str:
    """The heading of the block a 更多 link sits in: the nearest short text before it
    (``<h3>通知公告</h3><a>更多</a>``, ``<td>通知公告</td><td><a><img more></a></td>``)."""
    node: LexborNode | None = anchor
    for _ in range(2):
        if node is None:
            return ""
        sibling = node.prev
        while sibling is not None:
            if sibling.tag != "-text":
                value = node_text(sibling)
                if value:
                    return value if len(value) <= _MORE_HEADING and not find_dates(value) else ""
            sibling = sibling.prev
        node = node.parent
    return ""


def _more_links(tree: LexborHTMLParser, base: str) -> dict[str, str]:
    """URL → block heading of the 更多 links (text 更多/more/>>, or an image named *more*)."""
    out: dict[str, str] = {}
    for anchor in tree.css("a[href]"):
        text = fold(anchor.text(deep=True))
        if text:
            if not _is_more(text):
                continue
        else:
            img = anchor.css_first("img")
            if img is None or "more" not in (img.attributes.get("src") or "").lower():
                continue
        heading = _block_heading(anchor)
        link_url = _canon(anchor.attributes.get("href") or "", base)
        if heading and link_url and link_url not in out:
            out[link_url] = heading[:200]
    return out


# --- list entries -----------------------------------------------------------------------------

def _anchor_title(anchor: LexborNode) -> str:
    text = fold(anchor.text(deep=True))
    title_attr = fold(anchor.attributes.get("title") or "")
    if not text or (title_attr and text.endswith(("...", "…", "..")) and len(title_attr) > len(text) - 3):
        return title_attr or text
    return text


def _url_hint(url: str) -> tuple[date, str] | None:
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    groups = [g for g in match.groups() if g is not None]
    try:
        return date(int(groups[0]), int(groups[1]), int(groups[2])), "url:" + match.group(0).strip("/")
    except ValueError:
        return None


def _dd_after(dt: LexborNode) -> str:
    """Text of the ``<dd>`` right after a ``<dt>``: definition-list rows put the date there."""
    sibling = dt.next
    while sibling is not None and sibling.tag == "-text":
        sibling = sibling.next
    if sibling is None or sibling.tag != "dd" or sibling.css_first("a[href]") is not None:
        return ""
    return node_text(sibling)


class _Rows:
    """State of one pass over the list entries of a page."""

    def __init__(self, base: str, page_url: str, side: set[tuple[str, str]]) -> None:
        self.base = base
        self.page_url = page_url
        self.side = side
        self.items: list[DatedItem] = []
        self.seen: set[tuple[str | None, str]] = set()
        self.undated = 0
        self.undated_seen: set[str] = set()
        self.years: dict[int, int | None] = {}
        self.memo: dict[int, tuple[bool, str]] | None = None

    def add(self, title: str, url: str | None, when: date, raw: str) -> None:
        key = (url, title)
        if key not in self.seen:
            self.seen.add(key)
            self.items.append(DatedItem(title=title[:300], url=url, date=when, raw_date=raw))

    def year_of(self, row: LexborNode) -> int | None:
        """The year a heading above the list gives (``<h3>2021年</h3><ul>…``), if any."""
        node: LexborNode | None = row.parent
        for _ in range(4):
            if node is None or node.tag in ("body", "html"):
                return None
            cached = self.years.get(node.mem_id, -1)
            if cached != -1:
                return cached
            year = None
            sibling = node.prev
            checked = 0
            while sibling is not None and checked < 3:
                if sibling.tag != "-text":
                    checked += 1
                    match = _YEAR_HEADING.match(node_text(sibling))
                    if match:
                        year = int(match.group(1))
                        break
                elif (sibling.text_content or "").strip():
                    break  # running text, not a heading
                sibling = sibling.prev
            self.years[node.mem_id] = year
            if year is not None:
                return year
            node = node.parent
        return None

    def entry(self, row: LexborNode, anchors: list[LexborNode], *, count_undated: bool) -> bool:
        """Record the entry ``row`` holds; True when it was a dated entry. ``count_undated`` is
        False for div rows, whose looser shape also matches toolbars ("打印 发布时间：…"): there
        titles must be longer and undated rows are not counted."""
        min_title = 2 if count_undated else MIN_DIV_TITLE
        candidates: list[tuple[LexborNode, str, str]] = []
        for anchor in anchors:
            title = _anchor_title(anchor)
            if len(title) < min_title or title.lower() in _PAGER_WORDS or title.isdigit() or parse_date(title):
                continue
            link_url = _canon(anchor.attributes.get("href") or "", self.base)
            if link_url is None:
                continue
            candidates.append((anchor, title, link_url))
        if not candidates or len(candidates) > MAX_ROW_ANCHORS:
            return False
        anchor, title, link_url = max(candidates, key=lambda c: len(c[1]))
        if (link_url, title) in self.side:
            return False
        row_text = node_text(row)
        if row.tag == "dt":
            row_text += " " + _dd_after(row)  # <dl><dt><a>…</a></dt><dd>2021-3-5</dd></dl>
        shown = fold(anchor.text(deep=True))
        rest = row_text.replace(shown, " ", 1) if shown else row_text
        dates = find_dates(rest)
        if dates:
            when, raw = max(dates)
            self.add(title, link_url, when, raw.strip())
            return True
        for child in anchor.css(_DATE_CHILD):
            child_text = node_text(child)
            in_anchor = parse_date(child_text)
            if in_anchor:
                clean = fold(shown.replace(child_text, " ", 1)) if shown else title
                self.add(clean if len(clean) >= 2 else title, link_url, in_anchor, child_text)
                return True
        month_days = find_month_days(rest)
        if month_days:
            year = self.year_of(row)
            if year is not None:
                month, day, raw = month_days[-1]
                try:
                    self.add(title, link_url, date(year, month, day), raw)
                    return True
                except ValueError:
                    pass
        if not count_undated:
            return False
        if len(title) < MIN_UNDATED_TITLE or link_url == self.page_url or not in_scope(link_url, self.page_url):
            return False
        if region_of(row, self.memo) != "body":
            return False  # menus, footers and hidden blocks hold no list entries
        hint = _url_hint(link_url)
        if hint is not None:
            self.add(title, link_url, hint[0], hint[1])
            return True
        if link_url not in self.undated_seen:
            self.undated_seen.add(link_url)
            self.undated += 1
        return False


def _list_items(tree: LexborHTMLParser, base: str, page_url: str,
                side: set[tuple[str, str]], memo: dict[int, tuple[bool, str]] | None = None
                ) -> tuple[list[DatedItem], int]:
    """Dated list entries (li / tr / dd / div rows with a link and a date) and the number of
    undated entries (li / tr / dd rows with an article-like link and no date)."""
    rows = _Rows(base, page_url, side)
    rows.memo = memo
    handled: set[int] = set()
    for row in tree.css(_ROW_SELECTOR):
        if len(row.css(_ROW_SELECTOR)) > 1:  # the match list includes the row itself
            continue  # an outer row: its inner rows are the entries
        anchors = row.css("a[href]")
        if not anchors:
            continue
        for anchor in anchors:
            handled.add(anchor.mem_id)
        rows.entry(row, anchors, count_undated=True)
    # Lists built of div/p rows: <div class="item"><a>…</a><span>2021-03-15</span></div>
    for anchor in tree.css("a[href]"):
        if anchor.mem_id in handled:
            continue
        node = anchor.parent
        for _ in range(3):
            if node is None or node.tag in ("body", "html", "ul", "ol", "table"):
                break
            if node.tag in _DIV_ROW_TAGS:
                inner = node.css("a[href]")
                if len(inner) > 2:
                    break
                if rows.entry(node, inner, count_undated=False):
                    for other in inner:
                        handled.add(other.mem_id)
                    break
            node = node.parent
    return rows.items, rows.undated


# --- pagination, dates, kind, flags -----------------------------------------------------------

def _pagination(tree: LexborHTMLParser, html: str, base: str, page_url: str) -> list[str]:
    """Further list pages: TRS createPageHTML, numbered / 下一页 links in pager containers, and
    下一页 links anywhere."""
    out: list[str] = []
    seen = {page_url}

    def keep(url: str | None) -> None:
        if url and url not in seen and host_of(url) == host_of(page_url) and not looks_like_file_url(url):
            seen.add(url)
            out.append(url)

    for url in trs_pagination(html, page_url):
        keep(url)
    for container in tree.css(_PAGER_SELECTOR):
        if container.tag in ("a", "body", "html"):
            continue
        anchors = container.css("a[href]")
        if len(anchors) > MAX_PAGER_LINKS:
            continue  # a page wrapper ("page-main"), not a pager
        for anchor in anchors:
            text = fold(anchor.text(deep=True)).strip("[]")
            if (text.isdigit() and len(text) < 5) or text.lower() in _NEXT_WORDS:
                keep(_canon(anchor.attributes.get("href") or "", base))
    for anchor in tree.css("a[href]"):
        if fold(anchor.text(deep=True)) in ("下一页", "下页", "后页"):
            keep(_canon(anchor.attributes.get("href") or "", base))
    return out


def _label_date(text: str) -> datetime | None:
    """The date after a 发布时间/发布日期/发文日期/时间： label (the first one that parses)."""
    if "时间" not in text and "日期" not in text and "发布于" not in text:
        return None  # the label regex is costly on long texts; most list pages carry no label
    for match in _PUB_LABEL.finditer(text):
        found = parse_pubdate(match.group(1))
        if found is not None:
            return found
    return None


def _other_meta_date(meta: dict[str, str]) -> datetime | None:
    """Publish-date meta tags other CMSs write in place of PubDate."""
    for name in _OTHER_DATE_META:
        value = meta.get(name)
        found = parse_pubdate(value) if value else None
        if found is not None:
            return found
    return None


def _htmldate(html: str) -> datetime | None:
    """htmldate on markup only (no free-text search: a date in a sentence is not a pub date)."""
    try:
        from htmldate import find_date  # imported lazily: slow to import, rarely needed

        value = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a fallback; its failures must not cost the page
        return None
    return parse_pubdate(value) if value else None


def _has_placeholder(tree: LexborHTMLParser, text: str, memo: dict[int, tuple[bool, str]] | None = None) -> bool:
    """A short element that says only 暂无信息 / 建设中 / 敬请期待 (not an article mentioning them)."""
    if not _PLACEHOLDER.search(text):
        return False
    for node in tree.css(_PLACEHOLDER_NODES):
        node_value = node_text(node)
        if len(node_value) <= 30 and _PLACEHOLDER.search(node_value) and region_of(node, memo) not in ("nav", "footer"):
            return True
    return False


def _page_kind(page: PageModel, is_home: bool, has_label: bool, has_placeholder: bool) -> str:
    dated = len(page.dated_items)
    if is_home:
        return "home"
    if page.meta.get("ArticleTitle"):
        return "article"
    if has_label and dated < 8:
        return "article"
    if page.pagination or dated + page.undated_items >= 5:
        return "list"
    if page.meta.get("ColumnName"):
        return "list"
    if looks_like_article_url(page.final_url) and len(page.text) > 200:
        return "article"
    if has_placeholder or dated >= 2:
        return "list"
    return "other"


def _needs_render(page: PageModel, scripts: str) -> bool:
    """The list looks built by JavaScript: (almost) no entries in the HTML, and inline scripts
    that write the page (document.write / innerHTML / ajax / fetch / a JSON array of items)."""
    if page.page_kind == "article" or len(page.dated_items) >= 3 or page.undated_items >= 3:
        return False
    if not scripts:
        return False
    body_links = sum(1 for link in page.links if link.tag == "a" and link.region == "body")
    if len(page.text) < 200 and body_links < 5:
        return True  # an app shell (<div id="app"></div>) with scripts
    return bool(_RENDER_HINT.search(scripts)) and body_links < 40


_SOFT404: Callable[..., bool] | None = None


def _soft404(page: PageModel, site_url: str | None) -> bool:
    global _SOFT404
    if page.status is not None and not 200 <= page.status < 300:
        return False
    if _SOFT404 is None:
        try:
            from govinspect.extract.soft404 import is_soft404
        except ImportError:
            return False
        _SOFT404 = is_soft404
    try:
        return bool(_SOFT404(page.title, page.text, page.final_url, site_url, page.url))
    except Exception:
        log.exception("soft-404 check failed for %s", page.url)
        return False


__all__ = ["extract_page", "is_home_url", "looks_like_article_url", "looks_like_file_url"]
