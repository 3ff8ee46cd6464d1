"""W-V1d tampering — 网页被篡改、劫持（对搜索引擎伪装、植入脚本、跳转、外链被劫持）

Indicator (国办秘函〔2019〕19号, 安全、泄密事故等严重问题, 单项否决 item 5):

    网站被攻击篡改、挂马、挂黑链，或发布、链接反动、暴力、色情、赌博等有害信息。

Four kinds of evidence, each one finding per page (or per link):

1. Cloaking. The site checks ``cloak-browser``, ``cloak-spider`` (Baiduspider) and
   ``cloak-referer`` (a visitor from a Baidu search) fetch the homepage and a few pages. A
   version that carries spam (``text.harmful`` score ≥ ``min_score``, 4) while the browser
   version does not is cloaking (confidence high). A version whose title differs and whose
   visible text shares less than ``max_text_similarity`` (0.6, Jaccard of character 3-grams)
   with the browser version, or that is redirected to another host outside gov.cn, is reported
   with confidence medium.
2. Injected scripts and iframes: ``<script src>``/``<iframe src>`` on a host that is not the
   site's own, not under gov.cn and not in ``allowed_script_hosts`` or their sub-domains
   (statistics: baidu, cnzz, 51.la, TRS 网站统计 ta.trs.cn; share widgets; maps; conac and the 找错
   script; common CDNs); only http(s) sources count. Alone, this is a weak sign: confidence low.
3. JavaScript redirects off gov.cn (``location.href=``, ``location.replace(``,
   ``window.location=``, ``window.open(``) and meta refresh to a host outside gov.cn, in any
   crawled page. Redirects that test ``document.referrer`` or ``navigator.userAgent`` for a
   search engine are called out.
4. Hijacked outbound links: a linked page (link checks keep up to 256 KB of HTML targets) whose
   content now is gambling or porn spam.

Thresholds in ``[rules."W-V1d"]``, verified = false. Severity veto, ``review = true``: an
inspector confirms before the bulletin lists it; every version fetched is kept as WARC evidence
and named in the details.

Example finding::

    {"rule": "W-V1d", "severity": "veto", "review": true, "confidence": "high",
     "message": "疑似对搜索引擎伪装（百度蜘蛛看到的页面含赌博类有害信息，浏览器访问时没有）",
     "url": "http://www.example.gov.cn/",
     "details": {"kind": "cloaking", "version": "cloak-spider",
                 "hits": [{"terms": ["澳门新葡京", "娱乐城"], "placement": "title"}],
                 "browser_title": "某某市人民政府", "version_title": "澳门新葡京娱乐城-官网"}}

Not flagged:

- versions that are the same apart from small dynamic parts (a visit counter, a date);
- scripts from the site's own host, any *.gov.cn host, hm.baidu.com, cnzz, dcs.conac.cn;
- redirects to another gov.cn host; meta refresh within the site;
- outbound links to pages that merely report on gambling (打击赌博 news).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.encoding import decode_html
from govinspect.model import FetchResult
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages
from govinspect.text.harmful import SpamHit, scan_html, visible_text
from govinspect.text.normalise import normalise

VERSIONS = {"cloak-spider": "百度蜘蛛", "cloak-referer": "从百度搜索进入的访客"}
_CATEGORY = {"gambling": "赌博", "porn": "色情", "fraud": "违法广告"}
_JS_REDIRECT = re.compile(
    r"(?:(?:window|document|top|self)\.)?location(?:\.href)?\s*=\s*['\"]([^'\"]+)['\"]"
    r"|location\.(?:replace|assign)\s*\(\s*['\"]([^'\"]+)['\"]"
    r"|window\.open\s*\(\s*['\"]([^'\"]+)['\"]", re.I)
_META_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";\s]+)", re.I)
_CONDITIONAL = re.compile(r"document\.referrer|navigator\.userAgent|baidu|sogou|so\.com|sm\.cn", re.I)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _gov(host: str) -> bool:
    return host == "gov.cn" or host.endswith(".gov.cn")


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


@rule("W-V1d", "tampering", title="网页篡改劫持", severity=Severity.VETO, confidence=Confidence.MEDIUM,
      review=True)
def tampering(ctx: RuleContext) -> Iterator[Finding]:
    yield from _cloaking(ctx)
    yield from _injected(ctx)
    yield from _hijacked_links(ctx)


def _cloaking(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    min_score = float(ctx.config.get("min_score", 4.0))
    max_similarity = float(ctx.config.get("max_text_similarity", 0.6))
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
            if other_host and other_host != base_host and not _gov(other_host):
                yield ctx.finding(f"疑似劫持跳转（{who}被转到{other_host}，浏览器访问时没有）", url=fetch.url,
                                  details={"kind": "cloaked-redirect", "version": kind, "final_url": fetch.final_url,
                                           "browser_final_url": base.final_url, "evidence": evidence},
                                  confidence=Confidence.HIGH)
                continue
            if other_html is None:
                continue
            hits = _spam(other_html, fetch.url, min_score)
            if hits and not _spam(base_html, base.url, min_score):
                top = max(hits, key=lambda h: h.score)
                yield ctx.finding(
                    f"疑似对搜索引擎伪装（{who}看到的页面含{_CATEGORY.get(top.category, top.category)}类有害信息，"
                    "浏览器访问时没有）", url=fetch.url, excerpt=top.text,
                    details={"kind": "cloaking", "version": kind, "hits": _hits_json(hits),
                             "browser_title": _title(base_html), "version_title": _title(other_html),
                             "evidence": evidence},
                    confidence=Confidence.HIGH)
                continue
            base_title, other_title = _title(base_html), _title(other_html)
            sim = similarity(visible_text(base_html), visible_text(other_html))
            if base_title != other_title and sim < max_similarity:
                yield ctx.finding(
                    f"{who}看到的页面与浏览器访问时明显不同（标题“{other_title[:40]}”）", url=fetch.url,
                    excerpt=other_title,
                    details={"kind": "content-differs", "version": kind, "similarity": round(sim, 3),
                             "browser_title": base_title, "version_title": other_title, "evidence": evidence})


def _pointer(fetch: FetchResult) -> dict[str, Any]:
    return {"url": fetch.url, "final_url": fetch.final_url, "status": fetch.status, "warc": fetch.warc_file,
            "record": fetch.warc_record_id}


def _injected(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    own = _host(snap.site.url if "://" in snap.site.url else f"http://{snap.site.url}")
    own_bare = own.removeprefix("www.")
    allowed = {h.lower() for h in ctx.config.get("allowed_script_hosts", [])}

    def foreign(host: str) -> bool:
        # an allowed entry covers its sub-domains: "cnzz.com" allows s4.cnzz.com
        if not host or _gov(host) or any(host == a or host.endswith("." + a) for a in allowed):
            return False
        return not (host in (own, own_bare) or host.endswith("." + own_bare))

    for page in all_pages(snap.homepage, snap.pages):
        fetch = snap.fetches.get(page.url)
        if fetch is None:
            continue
        html = _decode(snap.body(fetch), fetch)
        if html is None:
            continue
        base = page.final_url or page.url
        tree = LexborHTMLParser(html)
        embeds: list[dict[str, str]] = []
        for node in tree.css("script[src], iframe[src], frame[src]"):
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
                              excerpt=embeds[0]["html"], details={"kind": "injected-embed", "embeds": embeds[:10]},
                              confidence=Confidence.LOW)
        redirects: list[dict[str, Any]] = []
        for node in tree.css("script"):
            if node.attributes.get("src"):
                continue
            code = node.text() or ""
            for m in _JS_REDIRECT.finditer(code):
                target = urljoin(base, next(g for g in m.groups() if g))
                host = _host(target)
                if host and foreign(host):
                    redirects.append({"how": "javascript", "target": target,
                                      "conditional": bool(_CONDITIONAL.search(code)), "code": code.strip()[:300]})
        for node in tree.css("meta"):
            if (node.attributes.get("http-equiv") or "").lower() != "refresh":
                continue
            refresh = _META_REFRESH_URL.search(node.attributes.get("content") or "")
            if refresh:
                target = urljoin(base, refresh.group(1))
                if foreign(_host(target)):
                    redirects.append({"how": "meta refresh", "target": target, "conditional": False,
                                      "code": (node.html or "")[:200]})
        if redirects:
            first = redirects[0]
            cond = "（仅对搜索引擎来访者）" if any(r["conditional"] for r in redirects) else ""
            yield ctx.finding(f"网页含跳转到非政府网站的代码{cond}：{_host(first['target'])}", url=page.url,
                              excerpt=first["code"], details={"kind": "redirect", "redirects": redirects[:5]},
                              confidence=Confidence.HIGH if cond else Confidence.MEDIUM)


def _hijacked_links(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    min_score = float(ctx.config.get("min_score", 4.0))
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
                f"外链指向的网站现含{_CATEGORY.get(top.category, top.category)}类有害信息：{_host(fetch.final_url or url)}",
                url=url, excerpt=top.text, details={"kind": "hijacked-link", "final_url": fetch.final_url,
                                                    "hits": _hits_json(hits)})
