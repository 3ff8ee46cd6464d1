"""The article body of a page for 抄袭 (plagiarism) comparison: text, title, date, attribution.

A light pass of its own (one selectolax parse, no list or footer extraction) because it runs
over every page of a run before the per-site rules, and again on the two pages of a candidate
pair. Only article pages count (meta ArticleTitle, or an article-shaped URL); navigation,
header, footer and hidden blocks are left out, so two pages built on the same CMS template do
not look alike; 网站声明 / 隐私政策 and other site furniture are skipped.

转载 with attribution: a page that names where it comes from (来源：中国政府网, 转载自…,
转自…, 原文链接) — other than its own site or sponsor — carries ``attribution``; reposting a
central document that way is normal and never plagiarism.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.dates import parse_pubdate
from govinspect.extract.encoding import decode_html
from govinspect.extract.links import region_of
from govinspect.extract.page import looks_like_article_url
from govinspect.extract.text import fold
from govinspect.text.normalise import bmp_table

MAX_HTML_BYTES = 2_000_000
MAX_BODY_CHARS = 200_000  # a 200,000-character article is a data dump; its head decides

# Site furniture, the same (or nearly) on every site of a CMS: never compared.
BOILERPLATE_TITLE = re.compile(
    r"网站声明|隐私政策|隐私保护|隐私声明|免责声明|版权声明|版权保护|安全声明|法律声明|使用帮助|帮助中心|联系我们|"
    r"网站地图|关于本站|关于我们|无障碍|网站简介|用户协议|服务条款|网站纠错|信息公开指南|站点地图")
_PUB_LABEL = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|时间|日期)\s*[:：]\s*"
                        r"((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")
# Attribution labels: 来源：X (a colon: "来源于" in prose is no label), 转载自X, 转自：X, 原文链接.
_SOURCE_LABEL = re.compile(
    r"(?:(?:信息来源|文章来源|稿件来源|稿源|来源|出处)\s*[:：]|(?:转载自|转载于|转自|摘自)\s*[:：]?)\s*"
    r"([^\s　|｜，,。；;）)】\]<>]{2,40})")
_ORIGINAL_LINK = re.compile(r"原文链接\s*[:：]?\s*(\S{4,200})")
_SELF_WORDS = {"本网", "本站", "本网站", "本单位", "本局", "本委", "本办", "原创", "网站", "无", "暂无"}
_NOT_TEXT = re.compile(r"[^\w]+|_")
_ARTICLE_CONTAINERS = ("#zoom", ".TRS_Editor", "#content", ".content", ".article-content", ".article_con",
                       ".con", "article", ".article", ".main")


@dataclass(frozen=True)
class ArticleText:
    """What plagiarism comparison keeps of one page."""

    title: str
    text: str  # normalised body: NFKC, lower case, letters and digits only
    pub_date: date | None
    attribution: str  # the named source other than the site itself ("" when none)
    is_article: bool
    boilerplate: bool

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def digest(self) -> str:
        """The text's digest: which body of a URL the index holds (``sim_documents.content_hash``)."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def summary(self) -> ArticleSummary:
        return ArticleSummary(self.title, self.pub_date, self.attribution, self.is_article, self.boilerplate,
                              self.chars, self.digest)


@dataclass(frozen=True)
class ArticleSummary:
    """An article without its text (kept by ``similarity.articles`` for a body read before):
    enough to tell whether it is compared and whether the index holds it already."""

    title: str
    pub_date: date | None
    attribution: str
    is_article: bool
    boilerplate: bool
    chars: int
    digest: str


@functools.cache
def _nfkc_width() -> tuple[int | None, ...]:
    """NFKC's own mapping of full-width ASCII and the ideographic space (each to one character)."""
    return bmp_table({**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20})


def normalise(text: str) -> str:
    """NFKC, lower case, letters/digits/CJK only: spacing, punctuation and full-width forms vary
    between copies of the same document."""
    # Full-width punctuation (，：（）) is what keeps Chinese text from being NFKC already: folded
    # first by NFKC's own mapping (NFKC of the result is NFKC of the text), most pages then need
    # only the quick check instead of the full normalisation.
    folded = text.translate(_nfkc_width())
    if not unicodedata.is_normalized("NFKC", folded):
        folded = unicodedata.normalize("NFKC", folded)
    return _NOT_TEXT.sub("", folded.lower())


def _own(name: str, own_names: Sequence[str]) -> bool:
    name = name.strip("：:")
    if not name or name in _SELF_WORDS:
        return True
    return any(own and (own in name or name in own) for own in own_names)


def find_attribution(text: str, meta_source: str, own_names: Sequence[str]) -> str:
    """The source a page names for its content, when that is not the site itself."""
    candidates: list[str] = []
    if meta_source:
        candidates.append(meta_source.strip())
    candidates += [m.group(1) for m in _SOURCE_LABEL.finditer(text)]
    for name in candidates:
        if not _own(name, own_names):
            return name[:100]
    link = _ORIGINAL_LINK.search(text)
    if link is not None and not any(own and own in link.group(1) for own in own_names):
        return link.group(1)[:100]
    return ""


def _body_text(tree: LexborHTMLParser) -> str:
    """Paragraph text in the body region (not nav/footer/hidden), links not counted."""
    parts: list[str] = []
    memo: dict[int, tuple[bool, str]] = {}  # the paragraphs share their ancestors' walk
    for node in tree.css("p"):
        if region_of(node, memo) != "body":
            continue
        text = fold(node.text(deep=True, separator="", strip=False))
        if not text:
            continue
        link_chars = sum(len(fold(a.text(deep=True))) for a in node.css("a"))
        if link_chars * 2 > len(text):
            continue  # a row of links (相关链接, 上一篇/下一篇) is navigation
        parts.append(text)
    body = "\n".join(parts)
    if len(body) >= 50:
        return body
    # Articles written with <br> or <div> instead of <p>: the first known content container.
    for selector in _ARTICLE_CONTAINERS:
        found = tree.css_first(selector)
        if found is not None and region_of(found, memo) == "body":
            text = fold(found.text(deep=True, separator="\n", strip=False))
            if len(text) > len(body):
                return text
    return body


def article_text(body: bytes, url: str, *, content_type: str | None = None,
                 own_names: Sequence[str] = ()) -> ArticleText:
    """The comparable article text of one response (never raises on odd HTML)."""
    html, _ = decode_html(body[:MAX_HTML_BYTES], content_type)
    tree = LexborHTMLParser(html.replace("\x00", ""))
    meta: dict[str, str] = {}
    for node in tree.css("meta[name]"):
        name = (node.attributes.get("name") or "").strip().lower()
        if name in ("articletitle", "pubdate", "contentsource") and name not in meta:
            meta[name] = fold(node.attributes.get("content") or "")
    h1 = tree.css_first("h1")
    title_node = tree.css_first("title")
    title = (meta.get("articletitle") or (fold(h1.text(deep=True)) if h1 is not None else "")
             or (fold(title_node.text(deep=True)) if title_node is not None else ""))[:300]
    tree.strip_tags(["script", "style", "noscript", "template"])
    root = tree.body or tree.root
    visible = fold(root.text(deep=True, separator=" ", strip=False)) if root is not None else ""
    pub = parse_pubdate(meta.get("pubdate", ""))
    if pub is None:
        label = _PUB_LABEL.search(visible)
        pub = parse_pubdate(label.group(1)) if label else None
    text = _body_text(tree)[:MAX_BODY_CHARS]
    return ArticleText(
        title=title,
        text=normalise(text),
        pub_date=pub.date() if pub is not None else None,
        attribution=find_attribution(visible[:20_000], meta.get("contentsource", ""), own_names),
        is_article=bool(meta.get("articletitle")) or looks_like_article_url(url),
        boilerplate=bool(BOILERPLATE_TITLE.search(title)),
    )
