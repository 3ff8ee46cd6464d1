"""W-D8 no-site-search — 站内搜索不可用

Indicator (国办秘函〔2019〕19号 扣分指标 功能设计 / 搜索, items CORROBORATED, points UNCONFIRMED):

    提供全站搜索，搜索结果完整、可用

The "search" site check (``govinspect.crawl.sitechecks.search``) looks for the search form on
the homepage, submits the title of the newest dated homepage item and keeps the result page.
This rule judges that evidence (``snapshot.observations["search"]``):

- no search form on the homepage → finding;
- the search failed (no answer, HTTP ≥ 400, soft 404) → finding;
- the result page has no link whose text contains the query, nor a link to the article itself →
  finding ("搜索不到首页最新信息"); a query merely echoed in a heading does not count.
- a search form submitted only by POST is not checked automatically: a low-confidence finding
  for review (no points until confirmed).

Points: ``[rules."W-D8"] points`` per finding, ``cap`` (verified = false).

Example finding::

    {"rule": "W-D8", "severity": "deduction", "points": 1.0,
     "message": "站内搜索未能检索到首页最新信息《示范市召开2021年政务公开工作会议》",
     "url": "http://www.example.gov.cn/search/?q=…",
     "details": {"problem": "not_found", "query": "示范市召开2021年政务公开工作会议", "results_links": 0}}

Not flagged:

- a result page listing the article (its title, even with the matched words highlighted, or
  its URL under another link text) — for a GBK page, in either the GBK or the UTF-8 query;
- no dated item on the homepage to search for (nothing known to look for: not judged);
- no homepage (W-V2), or no search observation at all (an older run: not judged);
- no search form on a homepage cut at the crawler's size limit (W-I4): the form may sit past the
  cut, so an ``info`` finding says 不可评估.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.encoding import decode_html
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import fetch_problem, link_broken, not_assessable
from govinspect.snapshot.notes import fetched, notes
from govinspect.snapshot.site import evidence_of
from govinspect.urls import canonical_url

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def _found(body: bytes, content_type: str, base: str, query: str, article: str) -> tuple[bool, int]:
    html, _ = decode_html(body, content_type)
    tree = LexborHTMLParser(html)
    want = _norm(query)
    target = canonical_url(article) if article else None
    links = 0
    for node in tree.css("a"):
        href = node.attributes.get("href") or ""
        links += 1
        if want and want in _norm(node.text(strip=True)):
            return True, links
        if target and href and canonical_url(urljoin(base, href)) == target:
            return True, links
    return False, links


@rule("W-D8", "no-site-search", title="站内搜索不可用", bulletin="站内搜索不可用", severity=Severity.DEDUCTION)
def site_search(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    found_notes = notes(snap, "search")
    if not found_notes:
        return
    note, fields = found_notes[0]
    points = float(ctx.config["points"])
    if note.error == "no_search_form" and snap.homepage is not None and snap.homepage.truncated:
        yield not_assessable(ctx, snap.homepage, "站内搜索表单")
        return
    if note.error == "no_search_form":
        yield ctx.finding("首页未提供站内搜索", url=note.url, evidence_url=note.url, points=points,
                          details={"problem": "no_search_form"})
        return
    if note.error == "post_search_form":
        yield ctx.finding("站内搜索仅以POST表单提交，未能自动验证，需人工核查", url=note.url, points=points,
                          details={"problem": "post_form"}, confidence=Confidence.LOW, review=True)
        return
    if note.error is not None:
        return  # no homepage / nothing known to search for: not judged
    query, article = fields.get("query", ""), fields.get("article", "")
    results = fetched(snap, "search")
    if not results:
        return
    # A GBK page's query goes out twice (GBK as browsers send it, then UTF-8): one success is enough.
    answered = [r for r in results if not link_broken(r)]
    result = answered[0] if answered else results[0]
    evidence = {"problem": "", "query": query, "article": article, "search_url": result.url}
    if not answered:
        problem = fetch_problem(result)
        finding = ctx.finding(f"站内搜索无法使用（{problem}）", url=result.url, points=points,
                              details={**evidence, "problem": "failed", "error": problem})
        finding.evidence = evidence_of(result)
        yield finding
        return
    links = 0
    for r in answered:
        ok, count = _found(snap.body(r) or b"", r.content_type, r.final_url, query, article)
        if ok:
            return
        links = max(links, count)
    finding = ctx.finding(f"站内搜索未能检索到首页最新信息《{fields.get('title') or query}》", url=result.url,
                          points=points, details={**evidence, "problem": "not_found", "results_links": links})
    finding.evidence = evidence_of(result, excerpt=query)
    yield finding

