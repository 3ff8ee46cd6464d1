"""W-V1c harmful-content — 存在有害信息（赌博、色情等垃圾信息）

Indicator (国办秘函〔2019〕19号, 安全、泄密事故等严重问题, 单项否决 item 5):

    存在严重表述错误、泄露国家秘密、发布或链接反动、暴力、色情等内容的。

Hacked government pages carry gambling and porn spam their publishers miss: 竞彩投注app in
the footer's 主办单位, a porn title on an article page, a hidden block of links to 娱乐城
sites. This rule reads every crawled page's raw HTML (``snapshot.body``) and scores each text
segment (title, meta keywords/description, each block of the body, hidden elements, text after
``</html>``) against the lexicon ``data/lexicons/spam.toml`` (category, term, weight; our own):

- text is matched in every disguise spammers use: traditional characters (澳門博彩), full-width
  letters (ＡＰＰ), invisible characters, words spelled out with spaces or marks (澳 门 赌 场,
  澳-门-赌-场, 澳★门★赌★场), pinyin (bocai, yuepao) and pinyin initials (bc, bjl, ssc, yp, av —
  whole ASCII words, and only beside a Chinese term of the same category, since BC, AV and CP
  are ordinary abbreviations); gambling, porn and illegal-advert terms are our own lists;
- what inline scripts write (document.write, innerHTML, insertAdjacentHTML; JavaScript and
  URL escapes decoded) is scanned like markup (placement "script" ×1.5, or "hidden");
- score = distinct term weights + up to 2 for spam markers nearby (app下载, 点击进入, 网址, QQ,
  微信 …), × placement (title ×2, hidden ×2, after ``</html>`` ×2, meta ×1.5, footer ×1.5,
  link text ×1.25, body ×1);
- a segment scoring ``min_score`` (``[rules."W-V1c"]``) or more is spam,
  unless enforcement or warning words sit in the same segment (打击, 扫黄打非, 查处, 破获,
  福利彩票 …) or, for visible body text, in the page title (an anti-gambling news article);
- hidden means display:none, visibility:hidden, off-screen positioning, zero size with
  overflow:hidden, font-size 0, opacity 0, same colour as background (inline or by a
  ``<style>`` class/id rule), or the ``hidden`` attribute.

Grades (国办秘函〔2019〕19号 makes this a veto; how sure the evidence is decides ``review``):

- **conclusive — a firm veto** (``review = false``, confidence high, ``details.grade =
  "conclusive"``), the site fails at once:
  - spam in the page ``<title>``: a term that is spam on its own (weight 3) or two terms, one
    of them strong (weight 2);
  - spam in a hidden or off-screen element (or after ``</html>``) whose links lead off-site
    (a host that is neither the site's own nor under gov.cn).
- **needs review** (``review = true``, confidence medium, ``grade = "needs-review"``): every
  other hit — visible footer or body text, meta keywords, hidden text without off-site links.
  An inspector confirms before it counts; the target is listed as 待复核 meanwhile.

One finding per cause: on each page the concealed hits (hidden, after ``</html>``) form one
finding and the visible ones (title and its heading, footer, body, meta) another, each with
``cause`` = a key of its normalised spam text (for concealed links: the off-site hosts they
lead to, since injected keywords often rotate per page). The same injected block on every page
is therefore one finding, ``details.pages`` giving the page count and the first pages. The
details list every spam segment with its text, score, placement, a short CSS path, how it is
hidden, the raw HTML excerpt and outbound link hosts.

Example finding::

    {"rule": "W-V1c", "severity": "veto", "review": true, "confidence": "medium",
     "message": "疑似被植入赌博类有害信息（页脚）：竞彩投注, 竞彩足球app",
     "url": "http://www.example.gov.cn/",
     "details": {"hits": [{"category": "gambling", "terms": ["竞彩投注", "竞彩足球app"],
                           "placement": "footer", "css_path": "div.footer > p",
                           "text": "主办单位：竞彩投注app,竞彩足球app", "score": 12.0,
                           "html_excerpt": "<p>主办单位：竞彩投注app,竞彩足球app</p>"}],
                 "grade": "needs-review", "pages": {"count": 151, "first": ["http://www.example.gov.cn/"]}}}

Images and scanned PDFs (图片、扫描件): spam rendered into a banner image is read by the OCR
pass before the rules (``[ocr]``, govinspect.snapshot.ocr) and scored by the same lexicon and
``min_score`` as page text. OCR-only evidence never makes a firm veto: such a finding says so
(message 图片文字识别 / 扫描件文字识别, ``details.source`` "ocr" or "ocr-pdf"), gives the image or
PDF, page and OCR confidence (0–100) in ``details.ocr``, points its evidence at the image's (or
PDF's) WARC record, and is review = true with confidence medium. The same spam text in several
images is one finding.

Not flagged:

- news about cracking down on gambling or porn (打击网络赌博, 扫黄打非, 严厉打击…);
- 福利彩票 / 体育彩票 notices (公益金使用情况, 销售网点);
- a single weak word in body text (澳门 in a travel notice, 棋牌室 at a community centre);
- health education (艾滋病 prevention), anti-fraud warnings (裸聊敲诈, fake 投注平台 cases),
  菠菜 prices, AV equipment tenders, 激情 in a work report;
- masked or absent hits: nothing in the lexicon.
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.extract.encoding import decode_html
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages
from govinspect.rules.website._content import ocr_passages
from govinspect.text.harmful import (
    SpamHit,
    block_key,
    off_site_hosts,
    scan_html,
    scan_text,
    text_might_contain_terms,
)
from govinspect.text.scripts import has_write_sink

CATEGORY_NAMES = {"gambling": "赌博", "porn": "色情", "fraud": "违法广告"}
PLACEMENT_NAMES = {"title": "网页标题", "meta": "网页关键词/描述", "hidden": "隐藏元素", "after-html": "</html>之后",
                   "footer": "页脚", "link": "链接文字", "body": "正文", "text": "文本", "script": "脚本写入",
                   "image": "图片中的文字"}
# Placements where a reader never sees the text: spam there that links off-site is injected.
_CONCEALED = frozenset({"hidden", "after-html"})


def describe(hits: list[SpamHit]) -> str:
    top = max(hits, key=lambda h: h.score)
    terms: list[str] = []
    for hit in hits:
        terms.extend(t for t in hit.terms if t not in terms)
    return (f"疑似被植入{CATEGORY_NAMES.get(top.category, top.category)}类有害信息"
            f"（{PLACEMENT_NAMES.get(top.placement, top.placement)}）：{', '.join(terms[:5])}")


def _writes_html(body: bytes | None) -> bool:
    """Whether a page's scripts may write text extraction did not see (document.write …)."""
    return bool(body) and has_write_sink(body or b"")


def conclusive(hit: SpamHit, own_url: str) -> str:
    """Why ``hit`` is conclusive evidence of injected spam ("" when an inspector should judge it):
    a spam ``<title>`` (a term that is spam on its own, or two terms one of them strong), or
    concealed spam text
    whose links lead off-site."""
    if hit.excused:
        return ""
    if hit.placement == "title" and (hit.top_weight >= 3 or (hit.top_weight >= 2 and len(hit.terms) >= 2)):
        return "网页标题为有害信息"
    if hit.placement in _CONCEALED and off_site_hosts(hit.link_hosts, own_url):
        return "隐藏的有害信息链接到站外网站"
    return ""


@rule("W-V1c", "harmful-content", title="有害信息",
      bulletin="发布或链接有害信息", severity=Severity.VETO, confidence=Confidence.MEDIUM,
      review=True)
def harmful_content(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    min_score = float(ctx.config["min_score"])
    for page in all_pages(snap.homepage, snap.pages):
        # What extraction already read (visible and hidden text, title, meta, link texts, alt
        # texts and URLs) holds every place spam can sit; a page without a lexicon term there
        # needs no DOM walk. Most pages stop here.
        probe = "\n".join([page.title, *page.meta.values(), page.text,
                           *(f"{link.text} {link.url}" for link in page.links)])
        fetch = snap.fetches.get(page.url)
        if not text_might_contain_terms(probe) and not _writes_html(snap.body(fetch) if fetch else None):
            continue
        body = snap.body(fetch)
        if fetch is None or not body:
            continue
        html, _ = decode_html(body, fetch.content_type)
        hits = [h for h in scan_html(html, page.final_url or page.url, min_score=min_score) if not h.excused]
        # Concealed blocks (hidden links, text after </html>) are injected into templates and
        # repeat on every page: a cause of their own, so the same block on all pages becomes one
        # finding. What a reader sees (a replaced title and its heading, footer text) is the other.
        concealed = [h for h in hits if h.placement in _CONCEALED]
        seen = [h for h in hits if h.placement not in _CONCEALED]
        for group, kind in ((seen, "seen"), (concealed, "concealed")):
            if group:
                yield _finding(ctx, page.url, group, min_score, kind)
    # Spam rendered into a banner image (图片文字识别): OCR text alone never makes a veto firm
    for ocr in ocr_passages(snap):
        hit = scan_text(ocr.text, "image")
        if hit is None or hit.excused or hit.score < min_score:
            continue
        yield ctx.finding(describe([hit]) + ocr.where, url=ocr.url, excerpt=hit.text,
                          details={"hits": [hit.to_json()], "min_score": min_score, "grade": "needs-review",
                                   **ocr.details()},
                          evidence_url=ocr.evidence_url, confidence=Confidence.MEDIUM, review=True,
                          cause=f"ocr:{block_key([hit])}")


def _finding(ctx: RuleContext, url: str, hits: list[SpamHit], min_score: float, kind: str) -> Finding:
    hits = sorted(hits, key=lambda h: -h.score)
    reasons = [r for r in (conclusive(h, ctx.site.url) for h in hits) if r]
    details = {"hits": [h.to_json() for h in hits[:10]], "min_score": min_score,
               "grade": "conclusive" if reasons else "needs-review"}
    if reasons:
        details["conclusive"] = reasons[0]
    return ctx.finding(describe(hits), url=url, excerpt=hits[0].text, details=details,
                       confidence=Confidence.HIGH if reasons else None, review=not reasons,
                       cause=f"{kind}:{_cause_key(hits, ctx.site.url)}")


def _cause_key(hits: list[SpamHit], own_url: str) -> str:
    """Concealed link blocks are known by where they link (the keywords often rotate from page
    to page, the casino domains do not); everything else by its normalised text."""
    hosts = off_site_hosts([h for hit in hits for h in hit.link_hosts], own_url)
    if hosts and all(hit.placement in _CONCEALED for hit in hits):
        return "links:" + ",".join(sorted(hosts))
    return block_key(hits)
