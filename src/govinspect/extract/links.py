"""Links of a page with where they sit (navigation, footer, body, hidden), and list pagination.

Used by the crawler to discover URLs and by the page model. TRS-style CMSs build their
pagination with ``createPageHTML(total, current, "index", "html")``: the further pages
(index_1.html …) are derived from that call without running JavaScript.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.model import Link
from govinspect.urls import canonical_url

# "topnav", "mainNav", "topmenu" count too: old table layouts glue a prefix onto nav/menu.
_NAV_HINT = re.compile(r"(^|[\s_-])(?:(?:top|main|sub|site|head|header|global)?(?:nav|menu)|daohang|dh|lanmu|"
                       r"column|channel)", re.I)
_NAV_ROW_CELLS = 4  # a table row of at least this many cells, each one short link, is a menu bar
_NAV_ROW_TEXT = 10
_FOOTER_HINT = re.compile(r"(foot|bottom|copyright|banquan|bq|dibu)", re.I)
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top)\s*:\s*-\d{3,}px|font-size\s*:\s*0|"
    r"(?:width|height)\s*:\s*0(?:px)?\s*[;\"']?|text-indent\s*:\s*-\d{3,}", re.I)
_TRS_CALL = re.compile(r"createPageHTML\s*\(([^)]*)\)", re.I)
_LINK_TAGS = {"a": "href", "area": "href", "img": "src", "iframe": "src", "frame": "src",
              "script": "src", "link": "href", "embed": "src"}


# 大汉 JCMS column pages ship their list as CDATA records in <script type="text/xml"><datastore>,
# unpacked by a script in the browser: the records are the list, so they are parsed as markup.
_DATASTORE = re.compile(r"<script[^>]*>\s*<datastore>(.*?)</datastore>\s*</script>", re.I | re.S)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.I | re.S)


def _expand_datastore(html: str) -> str:
    def records(match: re.Match[str]) -> str:
        rows = _RECORD.findall(match.group(1))
        return '<div class="datastore">' + "".join(rows) + "</div>" if rows else ""

    return _DATASTORE.sub(records, html)


def parse(html: str) -> LexborHTMLParser:
    if "<datastore>" in html:
        html = _expand_datastore(html)
    return LexborHTMLParser(html)


def base_href(tree: LexborHTMLParser, page_url: str) -> str:
    node = tree.css_first("base[href]")
    if node is not None:
        href = node.attributes.get("href")
        if href:
            return urljoin(page_url, href.strip())
    return page_url


def _is_nav_row(row: LexborNode) -> bool:
    """A ``<tr>`` whose cells each hold one short link (首页 | 政务公开 | …): table-layout sites
    build their navigation bar this way, with no id or class to say so."""
    cells = 0
    child = row.child
    while child is not None:
        if child.tag in ("td", "th"):
            if len(child.css("a[href]")) != 1:
                return False
            text = (child.text(deep=True) or "").strip()
            if not text or len(text) > _NAV_ROW_TEXT:
                return False
            cells += 1
        child = child.next
    return cells >= _NAV_ROW_CELLS


def _own_region(node: LexborNode) -> str | None:
    """What this element alone says: "hidden", "nav", "footer", or None."""
    attrs = node.attributes
    style = attrs.get("style") or ""
    if (style and _HIDDEN_STYLE.search(style)) or "hidden" in attrs:
        return "hidden"
    tag = node.tag
    ident = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
    if (tag == "nav" or (tag not in ("a", "li", "span") and _NAV_HINT.search(ident))
            or (tag == "tr" and _is_nav_row(node))):
        return "nav"
    if tag == "footer" or _FOOTER_HINT.search(ident):
        return "footer"
    return None


def region_of(node: LexborNode, memo: dict[int, tuple[bool, str]] | None = None) -> str:
    """Classify a node by its ancestors: "hidden" wins, then the nearest "nav"/"footer", else
    "body". ``memo`` (keyed by node id) shares the ancestor walk between the links of a page."""
    chain: list[LexborNode] = []
    current: LexborNode | None = node
    hidden, region = False, "body"
    while current is not None and current.tag not in ("html", "-document"):
        if memo is not None and current.mem_id in memo:
            hidden, region = memo[current.mem_id]
            break
        chain.append(current)
        current = current.parent
    # Walk back down: an element's own region overrides what lies above it, hidden is sticky.
    for element in reversed(chain):
        own = _own_region(element)
        if own == "hidden":
            hidden = True
        elif own is not None:
            region = own
        if memo is not None:
            memo[element.mem_id] = (hidden, region)
    return "hidden" if hidden else region


def extract_links(tree: LexborHTMLParser, page_url: str,
                  memo: dict[int, tuple[bool, str]] | None = None, *, regions: bool = True) -> list[Link]:
    """All links of the page, absolute and canonical, in document order (duplicates kept)."""
    base = base_href(tree, page_url)
    out: list[Link] = []
    memo = {} if memo is None else memo
    for node in tree.css("a[href], area[href], img[src], iframe[src], frame[src], script[src], "
                         "link[href], embed[src]"):
        tag = node.tag or "a"
        if tag == "link" and "stylesheet" not in (node.attributes.get("rel") or "").lower():
            continue
        raw = node.attributes.get(_LINK_TAGS.get(tag, "href")) or ""
        url = canonical_url(raw, base)
        if url is None:
            continue
        text = node.text(strip=True) if tag in ("a", "area") else (node.attributes.get("alt") or "")
        if tag in ("a", "area") and not text:
            text = node.attributes.get("title") or ""
        region = region_of(node, memo) if regions else "body"
        out.append(Link(url=url, text=text[:200], region=region, tag=tag))
    return out


def _js_number(html: str, name: str) -> str | None:
    """The integer a script assigns to ``name`` (``var countPage = 5``), as text."""
    found = re.search(rf"\b{re.escape(name)}\s*=\s*(\d+)\s*[;\n/]", html)
    return found.group(1) if found else None


def trs_pagination(html: str, page_url: str) -> list[str]:
    """URLs of the further list pages announced by a TRS ``createPageHTML(...)`` call."""
    out: list[str] = []
    for match in _TRS_CALL.finditer(html):
        args = [a.strip().strip("\"'") for a in match.group(1).split(",")]
        # createPageHTML(countPage, currentPage, "index", "html") after "var countPage = 5;"
        args = [_js_number(html, a) or a if a.isidentifier() and a not in ("index", "html", "shtml", "htm")
                else a for a in args]
        numbers = [int(a) for a in args if a.isdigit()]
        words = [a for a in args if a and not a.isdigit()]
        if len(numbers) < 2 or len(words) < 2:
            continue
        # createPageHTML(total, current, name, ext) or createPageHTML(div, total, current, name, ext, count)
        total = numbers[0]
        name, ext = words[-2], words[-1]
        for page in range(1, min(total, 500)):
            url = canonical_url(f"{name}_{page}.{ext}", page_url)
            if url:
                out.append(url)
    return out


def discover(html: str, page_url: str, *, regions: bool = True) -> tuple[LexborHTMLParser, list[Link], list[str]]:
    """Parse once and return the tree, the links and the pagination URLs (for the crawler, which
    needs regions only in rare cases: ``regions=False`` marks every link "body", faster)."""
    tree = parse(html)
    return tree, extract_links(tree, page_url, regions=regions), trs_pagination(html, page_url)
