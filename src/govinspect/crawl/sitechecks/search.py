"""Site check "search" (W-D8 站内搜索): submit the site search with a title the homepage shows.

1. Find the search form on the stored homepage: a ``<form>`` submitted by GET with a text input
   (type text/search), no password field; the best-looking one wins (action like /search,
   jsearch, sousuo, query …; input named q, keyword, searchword …; 搜索/检索 near it).
2. Take the newest dated item of the homepage (``PageModel.dated_items``) as the known title
   (a trailing …/... from a cut headline is dropped, at most ``MAX_QUERY_CHARS`` characters).
3. Submit the form with its hidden fields and the title — encoded in the page's charset as a
   browser does, and for a non-UTF-8 page once more in UTF-8 — and keep each result page as a
   fetch of kind "search"; a note (see ``_record``) says which form, query and article were used, or why
   nothing was submitted (``no_homepage``, ``no_search_form``, ``post_search_form``,
   ``no_known_title``).

One query per site (two for a GBK page). It is sent even where robots.txt disallows the search path: checking that
the search works is what the indicator asks, and a single query is what an inspector does by hand.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode
from sqlalchemy import select

from govinspect.crawl.checks import CheckContext, site_check
from govinspect.crawl.sitechecks._record import record_note
from govinspect.extract.encoding import decode_html
from govinspect.extract.page import extract_page
from govinspect.store.models import FetchRow

MAX_QUERY_CHARS = 30
_ACTION = re.compile(r"search|sousuo|jsearch|query|s\.jsp|/so\b|/ss\b|find|retriev|jansearch|fulltext", re.I)
_FIELD_NAMES = {"q", "query", "keyword", "keywords", "searchword", "searchwords", "wd", "kw", "key", "word",
                "qt", "text", "searchkey", "searchtext", "sw", "title", "content"}
_CUT = re.compile(r"(?:\.{2,}|…+|\s)+$")


@dataclass
class SearchForm:
    action: str  # absolute URL
    name: str  # the text input's name
    hidden: list[tuple[str, str]] = field(default_factory=list)
    method: str = "get"
    score: int = 0

    charset: str = "utf-8"  # browsers submit a form in its page's charset (GBK sites expect GBK)

    def url(self, query: str) -> str:
        params = [(k, v) for k, v in self.hidden if k != self.name] + [(self.name, query)]
        parts = urlsplit(self.action)
        existing = parts.query + "&" if parts.query else ""
        encoded = urlencode(params, encoding=self.charset, errors="xmlcharrefreplace")
        return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", existing + encoded, ""))


def _text_inputs(form: LexborNode) -> list[LexborNode]:
    return [node for node in form.css("input")
            if (node.attributes.get("type") or "text").lower() in ("text", "search") and node.attributes.get("name")]


def find_search_forms(html: str, base_url: str, charset: str = "utf-8") -> list[SearchForm]:
    """Search-like forms of a page, best first (GET and POST; the caller decides)."""
    tree = LexborHTMLParser(html)
    forms: list[SearchForm] = []
    for form in tree.css("form"):
        attrs = form.attributes
        if form.css_first("input[type=password]") is not None:
            continue  # a login form
        inputs = _text_inputs(form)
        if not inputs:
            continue
        action = urljoin(base_url, (attrs.get("action") or "").strip() or base_url)
        label = " ".join([form.text(strip=True)] + [str(i.attributes.get("placeholder") or "") for i in inputs]
                         + [str(b.attributes.get("value") or "") for b in form.css("input[type=submit]")])
        text_input = next((i for i in inputs if str(i.attributes.get("name") or "").lower() in _FIELD_NAMES),
                          inputs[0])
        score = 0
        score += 3 if _ACTION.search(action) else 0
        score += 2 if str(text_input.attributes.get("name") or "").lower() in _FIELD_NAMES else 0
        score += 2 if re.search(r"搜索|检索|搜\s*索|站内|全文", label + str(attrs.get("id") or "")
                                + str(attrs.get("name") or "") + str(attrs.get("class") or "")) else 0
        score += 1 if "search" in (str(attrs.get("id") or "") + str(attrs.get("class") or "")).lower() else 0
        if score == 0:
            continue
        hidden: list[tuple[str, str]] = []
        for node in form.css("input"):
            kind = (node.attributes.get("type") or "text").lower()
            name = node.attributes.get("name")
            if not name or node is text_input:
                continue
            if kind == "hidden" or (kind in ("checkbox", "radio") and "checked" in node.attributes):
                hidden.append((str(name), str(node.attributes.get("value") or "")))
        for select_node in form.css("select"):
            name = select_node.attributes.get("name")
            options = select_node.css("option")
            chosen = next((o for o in options if "selected" in o.attributes), options[0] if options else None)
            if name and chosen is not None:
                hidden.append((str(name), str(chosen.attributes.get("value") or chosen.text(strip=True))))
        declared = str(attrs.get("accept-charset") or "").split(",")[0].split()
        forms.append(SearchForm(action, str(text_input.attributes.get("name")), hidden,
                                (attrs.get("method") or "get").strip().lower() or "get", score,
                                _codec(declared[0] if declared else charset)))
    forms.sort(key=lambda f: -f.score)
    return forms


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def query_from_title(title: str) -> str:
    return _CUT.sub("", title.strip())[:MAX_QUERY_CHARS]


def _home_row(ctx: CheckContext) -> FetchRow | None:
    sv = ctx.crawler.sv
    sv.recorder.flush()
    with sv.store.session() as session:
        return session.scalars(select(FetchRow).where(
            FetchRow.run_id == sv.run_id, FetchRow.site_code == ctx.site.code, FetchRow.url == ctx.home,
            FetchRow.kind == "page").order_by(FetchRow.id.desc()).limit(1)).first()


@site_check("search")
async def site_search(ctx: CheckContext) -> None:
    row = _home_row(ctx)
    body = ctx.stored_body(ctx.home) if row is not None and row.status == 200 else None
    if row is None or not body:
        record_note(ctx, ctx.home, {"result": "首页未取得 / no homepage"}, error="no_homepage")
        return
    base = row.final_url or ctx.home
    html, charset = decode_html(body, row.content_type)
    forms = find_search_forms(html, base, charset)
    get_forms = [f for f in forms if f.method == "get"]
    if not get_forms:
        error = "post_search_form" if forms else "no_search_form"
        record_note(ctx, ctx.home, {"result": "首页未找到站内搜索表单 / no search form on the homepage",
                                    "forms": len(forms)}, error=error)
        return
    form = get_forms[0]
    page = extract_page(body, ctx.home, final_url=base, content_type=row.content_type, site_url=ctx.home)
    items = sorted((i for i in page.dated_items if len(query_from_title(i.title)) >= 4),
                   key=lambda i: i.date, reverse=True)
    if not items:
        record_note(ctx, ctx.home, {"result": "首页没有可检索的标题 / no dated title on the homepage",
                                    "action": form.action}, error="no_known_title")
        return
    known = items[0]
    query = query_from_title(known.title)
    urls = [form.url(query)]
    if form.charset != "utf-8":
        # as a browser would, in the page's charset; many GBK sites' search engines take UTF-8 only
        urls.append(replace(form, charset="utf-8").url(query))
    record_note(ctx, ctx.home, {"result": "submitted", "action": form.action, "field": form.name,
                                "query": query, "title": known.title, "article": known.url or "",
                                "date": known.date.isoformat(), "charset": form.charset, "search-url": " ".join(urls)})
    for url in urls:
        await ctx.fetch(url)
