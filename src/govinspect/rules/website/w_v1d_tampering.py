"""W-V1d tampering — 网页被篡改、劫持（对搜索引擎伪装、植入脚本、跳转、外链被劫持）

Indicator (国办秘函〔2019〕19号, 安全、泄密事故等严重问题, 单项否决 item 5):

    网站被攻击篡改、挂马、挂黑链，或发布、链接反动、暴力、色情、赌博等有害信息。

Four kinds of evidence:

1. Cloaking. The site checks ``cloak-browser``, ``cloak-spider`` (Baiduspider) and
   ``cloak-referer`` (a visitor from a Baidu search) fetch the homepage and a few pages. A
   version that carries spam (``text.harmful`` score ≥ ``min_score``) while the browser
   version does not is cloaking. A version redirected by HTTP to another host outside gov.cn
   is a hijacked redirect, judged by the destination page it got. A version whose title
   differs and whose visible text shares less than ``max_text_similarity`` (Jaccard of
   character 3-grams) with the browser version is reported as differing.
2. Injected scripts and iframes: ``<script src>``/``<iframe src>`` on a host that is not the
   site's own, not under gov.cn and not in ``allowed_script_hosts`` or their sub-domains
   (statistics: baidu, cnzz, 51.la, TRS 网站统计 ta.trs.cn; share widgets; maps; conac and the 找错
   script; common CDNs); only http(s) sources count. Alone, this is a weak sign: confidence low.
3. Script and meta-refresh redirects off gov.cn (``location.href=``, ``location.replace(``,
   ``window.open(``, ``<meta http-equiv="refresh">``; ``text.scripts.redirects``), in any
   crawled page or in the version a Baidu visitor got. Redirects that test
   ``document.referrer`` or ``navigator.userAgent`` for a search engine are called out. The
   destination is named in the message; the ``cloak-referer`` site check fetches it as the
   same Baidu visitor (observation ``cloak-destination``, up to 3 per site) and its page is
   scanned for spam.
4. Hijacked outbound links: a linked page (link checks keep up to 256 KB of HTML targets) whose
   content now is gambling or porn spam.

Grades (how sure the evidence is decides ``review``; ``details.grade``):

- **conclusive — a firm veto** (``review = false``, confidence high): the Baiduspider or
  Baidu-visitor version carries spam the browser version lacks; a Baidu visitor redirected (by
  HTTP or by script) to a site whose page is spam.
- **needs review** (``review = true``): a redirect whose destination was not fetched or looked
  clean (confidence high when only search visitors are sent), a version that merely differs
  (medium), unknown external scripts (low), a hijacked outbound link (medium).

One finding per cause: cloaking with the same spam on several sampled pages, a redirect to the
same host from many pages (``cause`` = the destination host) and the same set of unknown
script hosts are each one finding, ``details.pages`` listing the pages. Thresholds in
``[rules."W-V1d"]``, verified = false. Every version fetched is kept as WARC evidence and named
in the details.

Example finding::

    {"rule": "W-V1d", "severity": "veto", "confidence": "high",
     "message": "网页含跳转到非政府网站的代码（仅对搜索引擎来访者）：m.k8vip.cc，目标网站含赌博类有害信息",
     "url": "http://www.example.gov.cn/",
     "details": {"kind": "redirect", "seen_in": "cloak-referer", "destination": "m.k8vip.cc",
                 "redirects": [{"how": "javascript", "target": "http://m.k8vip.cc/?from=qs",
                                "conditional": true, "code": "var r=document.referrer;…"}],
                 "destination_hits": [{"terms": ["真人视讯", "电子游艺"], "placement": "title"}],
                 "grade": "conclusive"}}

Not flagged:

- versions that are the same apart from small dynamic parts (a visit counter, a date);
- scripts from the site's own host, any *.gov.cn host, hm.baidu.com, cnzz, dcs.conac.cn;
- redirects to another gov.cn host; meta refresh within the site;
- outbound links to pages that merely report on gambling (打击赌博 news).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.encoding import decode_html
from govinspect.model import FetchResult
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages
from govinspect.text.harmful import SpamHit, block_key, is_gov_host, off_site_hosts, scan_html, visible_text
from govinspect.text.normalise import normalise
from govinspect.text.scripts import Redirect, redirects

VERSIONS = {"cloak-spider": "百度蜘蛛", "cloak-referer": "从百度搜索进入的访客"}
DESTINATION_KIND = "cloak-destination"  # as the cloaking site check records it
_CATEGORY = {"gambling": "赌博", "porn": "色情", "fraud": "违法广告"}


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _decode(snap_body: bytes | None, fetch: FetchResult) -> str | None:
    if not snap_body:
        return None
    return decode_html(snap_body, fetch.content_type)[0]


def _shingles(text: str) -> set[str]:
    t = normalise(text, spaces="drop").text
    return {t[i:i + 3] for i in range(max(0, len(t) - 2))}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character 3-grams of two visible texts (1.0: the same)."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def _title(html: str) -> str:
    node = LexborHTMLParser(html).css_first("title")
    return node.text(strip=True) if node is not None else ""


def _spam(html: str, url: str, min_score: float) -> list[SpamHit]:
    return [h for h in scan_html(html, url, min_score=min_score) if not h.excused]


def _hits_json(hits: list[SpamHit]) -> list[dict[str, Any]]:
    return [h.to_json() for h in sorted(hits, key=lambda h: -h.score)[:5]]


def _category(hits: list[SpamHit]) -> str:
    top = max(hits, key=lambda h: h.score)
    return _CATEGORY.get(top.category, top.category)


@rule("W-V1d", "tampering", title="网页篡改劫持",
      bulletin="网站被挂马或内容被篡改", severity=Severity.VETO, confidence=Confidence.MEDIUM,
      review=True)
def tampering(ctx: RuleContext) -> Iterator[Finding]:
    yield from _cloaking(ctx)
    yield from _injected(ctx)
    yield from _redirects(ctx)
    yield from _hijacked_links(ctx)


def _cloaking(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    min_score = float(ctx.config["min_score"])
    max_similarity = float(ctx.config["max_text_similarity"])
    browser = {f.url: f for f in snap.observations.get("cloak-browser", [])}
    for kind, who in VERSIONS.items():
        for fetch in snap.observations.get(kind, []):
            base = browser.get(fetch.url)
            if base is None or not base.ok:
                continue
            base_html = _decode(snap.body(base), base)
            other_html = _decode(snap.body(fetch), fetch)
            if base_html is None:
                continue
            evidence = {"browser": _pointer(base), "version": _pointer(fetch)}
            other_host, base_host = _host(fetch.final_url or fetch.url), _host(base.final_url or base.url)
            if other_host and other_host != base_host and not is_gov_host(other_host):
                # sent elsewhere by HTTP: what this version holds is the destination's page
                hits = _spam(other_html, fetch.final_url or fetch.url, min_score) if other_html else []
                judged = f"（该网站含{_category(hits)}类有害信息）" if hits else ""
                yield ctx.finding(f"疑似劫持跳转：{who}被转到{other_host}{judged}，浏览器访问时没有", url=fetch.url,
                                  details={"kind": "cloaked-redirect", "version": kind, "final_url": fetch.final_url,
                                           "destination": other_host, "browser_final_url": base.final_url,
                                           "destination_hits": _hits_json(hits), "evidence": evidence,
                                           "grade": "conclusive" if hits else "needs-review"},
                                  confidence=Confidence.HIGH, review=not hits, cause=f"cloaked-redirect:{other_host}")
                continue
            if other_html is None:
                continue
            hits = _spam(other_html, fetch.url, min_score)
            if hits and not _spam(base_html, base.url, min_score):
                top = max(hits, key=lambda h: h.score)
                # conclusive: a version for the search engine only, carrying spam
                yield ctx.finding(
                    f"疑似对搜索引擎伪装（{who}看到的页面含{_category(hits)}类有害信息，浏览器访问时没有）",
                    url=fetch.url, excerpt=top.text,
                    details={"kind": "cloaking", "version": kind, "hits": _hits_json(hits),
                             "browser_title": _title(base_html), "version_title": _title(other_html),
                             "evidence": evidence, "grade": "conclusive"},
                    confidence=Confidence.HIGH, review=False, cause=f"cloaking:{kind}:{block_key(hits)}")
                continue
            base_title, other_title = _title(base_html), _title(other_html)
            sim = similarity(visible_text(base_html), visible_text(other_html))
            if base_title != other_title and sim < max_similarity:
                yield ctx.finding(
                    f"{who}看到的页面与浏览器访问时明显不同（标题“{other_title[:40]}”）", url=fetch.url,
                    excerpt=other_title,
                    details={"kind": "content-differs", "version": kind, "similarity": round(sim, 3),
                             "browser_title": base_title, "version_title": other_title, "evidence": evidence,
                             "grade": "needs-review"},
                    cause=f"content-differs:{kind}:{other_title}")


def _pointer(fetch: FetchResult) -> dict[str, Any]:
    return {"url": fetch.url, "final_url": fetch.final_url, "status": fetch.status, "warc": fetch.warc_file,
            "record": fetch.warc_record_id}


def _foreign(ctx: RuleContext) -> Any:
    own = ctx.snapshot.site.url
    allowed = {h.lower() for h in ctx.config["allowed_script_hosts"]}

    def foreign(host: str) -> bool:
        # an allowed entry covers its sub-domains: "cnzz.com" allows s4.cnzz.com
        if any(host == a or host.endswith("." + a) for a in allowed):
            return False
        return bool(off_site_hosts([host], own))

    return foreign


def _injected(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    foreign = _foreign(ctx)
    for page in all_pages(snap.homepage, snap.pages):
        fetch = snap.fetches.get(page.url)
        if fetch is None:
            continue
        html = _decode(snap.body(fetch), fetch)
        if html is None:
            continue
        base = page.final_url or page.url
        embeds: list[dict[str, str]] = []
        for node in LexborHTMLParser(html).css("script[src], iframe[src], frame[src]"):
            src = (node.attributes.get("src") or "").strip()
            url = urljoin(base, src)
            if not url.lower().startswith(("http://", "https://")):
                continue  # chrome-extension:, data:, about: — not something the site serves
            if foreign(_host(url)):
                embeds.append({"tag": node.tag or "", "src": url, "html": (node.html or "")[:200]})
        if embeds:
            hosts = sorted({_host(e["src"]) for e in embeds})
            # an unknown host alone is a weak sign (a new widget, a vendor's statistics): low confidence
            yield ctx.finding(f"网页引用了未知外部脚本/框架：{', '.join(hosts[:3])}", url=page.url,
                              excerpt=embeds[0]["html"],
                              details={"kind": "injected-embed", "embeds": embeds[:10], "grade": "needs-review"},
                              confidence=Confidence.LOW, cause=f"injected-embed:{','.join(hosts)}")


def _redirects(ctx: RuleContext) -> Iterator[Finding]:
    """Script and meta-refresh redirects off gov.cn, in crawled pages and in the version a Baidu
    visitor got; judged by the destination's page when the site check fetched it."""
    snap = ctx.snapshot
    min_score = float(ctx.config["min_score"])
    foreign = _foreign(ctx)
    destinations = {f.url: f for f in snap.observations.get(DESTINATION_KIND, [])}
    sources = [(page.url, snap.fetches.get(page.url), "page") for page in all_pages(snap.homepage, snap.pages)]
    sources += [(f.url, f, "cloak-referer") for f in snap.observations.get("cloak-referer", [])]
    for url, fetch, seen_in in sources:
        if fetch is None:
            continue
        html = _decode(snap.body(fetch), fetch)
        if html is None or ("location" not in html and "refresh" not in html.lower() and "open" not in html):
            continue
        found = [r for r in redirects(html, fetch.final_url or url) if foreign(_host(r.target))]
        if found:
            yield _redirect_finding(ctx, url, found, seen_in, destinations, min_score)


def _redirect_finding(ctx: RuleContext, url: str, found: list[Redirect], seen_in: str,
                      destinations: dict[str, FetchResult], min_score: float) -> Finding:
    snap = ctx.snapshot
    judged: list[tuple[Redirect, list[SpamHit], FetchResult]] = []
    for redirect in found:
        dest = destinations.get(redirect.target)
        html = _decode(snap.body(dest), dest) if dest is not None else None
        if dest is not None and html:
            judged.append((redirect, _spam(html, dest.final_url or dest.url, min_score), dest))
    spam = next(((r, hits, dest) for r, hits, dest in judged if hits), None)
    first = spam[0] if spam else found[0]
    host = _host(first.target)
    conditional = any(r.conditional for r in found) or seen_in == "cloak-referer"
    who = "（仅对搜索引擎来访者）" if conditional else ""
    verdict = f"，目标网站含{_category(spam[1])}类有害信息" if spam else ""
    details: dict[str, Any] = {
        "kind": "redirect", "seen_in": seen_in, "destination": host,
        "redirects": [{"how": r.how, "target": r.target, "conditional": r.conditional, "code": r.code}
                      for r in found[:5]],
        "grade": "conclusive" if spam else "needs-review"}
    if spam:
        details["destination_hits"] = _hits_json(spam[1])
        details["evidence"] = {"destination": _pointer(spam[2])}
    elif judged:
        details["destination_checked"] = "目标网站未见有害信息 / no spam found at the destination"
    return ctx.finding(f"网页含跳转到非政府网站的代码{who}：{host}{verdict}", url=url, excerpt=first.code,
                       details=details, confidence=Confidence.HIGH if spam or conditional else Confidence.MEDIUM,
                       review=not spam, cause=f"redirect:{host}")


def _hijacked_links(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    min_score = float(ctx.config["min_score"])
    for url, fetch in sorted(snap.fetches.items()):
        if fetch.kind != "link" or fetch.status != 200 or "html" not in (fetch.content_type or "html").lower():
            continue
        html = _decode(snap.body(fetch), fetch)
        if not html:
            continue
        hits = _spam(html, fetch.final_url or url, min_score)
        if hits:
            top = max(hits, key=lambda h: h.score)
            yield ctx.finding(
                f"外链指向的网站现含{_category(hits)}类有害信息：{_host(fetch.final_url or url)}",
                url=url, excerpt=top.text, details={"kind": "hijacked-link", "final_url": fetch.final_url,
                                                    "hits": _hits_json(hits), "grade": "needs-review"})
