"""Harmful-content detection (有害信息：赌博、色情、办证等垃圾信息) on raw HTML, shared by W-V1c
(harmful content) and W-V1d (tampering: cloaked versions, hacked link targets).

The page is cut into segments: the ``<title>``, the meta keywords/description, and the text of
each block element (p, li, td, div …) of the body, split again by visibility. Each segment is
normalised (``text.normalise``: simplified, half-width, invisible characters and spaces removed,
spelled-out words joined, ASCII lower-cased) and matched against the lexicon
(``data/lexicons/spam.toml``); its ASCII words (pinyin, initials) are matched whole on the text
with its spaces, the gated ones only beside a Chinese term of their category. What inline scripts
write (``text.scripts.written_html``) is segmented like the page. A segment's
score is the sum of the weights of the distinct terms it holds, plus up to 2 for spam markers
(app下载, 点击进入, 网址, QQ/微信 …), times a placement factor (title, meta, hidden, after
``</html>``, footer weigh more than body text). Enforcement or warning words in the same segment
(打击, 扫黄打非, 查处, 福利彩票 …) mark it as reporting on harmful content, not carrying it; so
do such words in the page title for visible body text (an anti-gambling news article). Hidden
text, text after ``</html>`` and the title are never excused by the page title.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.text.normalise import Normalised, fold_for_matching, normalise
from govinspect.text.scripts import has_write_sink, inline_scripts, written_html

__all__ = ["Lexicon", "Segment", "SpamHit", "block_key", "is_gov_host", "load_lexicon", "off_site_hosts", "scan_html",
           "scan_text", "visible_text"]

PLACEMENT_FACTOR = {"title": 2.0, "meta": 1.5, "hidden": 2.0, "after-html": 2.0, "footer": 1.5,
                    "script": 1.5, "link": 1.25, "body": 1.0, "text": 1.0}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_BLOCKS = frozenset({"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section",
                     "article", "footer", "header", "ul", "ol", "dl", "table", "tr", "tbody", "form", "body",
                     "center", "blockquote", "pre", "marquee", "nav", "aside", "main", "address"})
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "object"})
_FOOTER_HINT = re.compile(r"foot|bottom|copyright|banquan|bq_|dibu", re.I)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_LAST_SIMPLE = re.compile(r"(?:^|[\s>+~])((?:[a-z0-9]*)(?:[.#][\w-]+)+)\s*$", re.I)
_TAGS = re.compile(r"<[^>]*>")
_END_HTML = re.compile(r"</html\s*>", re.I)


@dataclass(frozen=True)
class Lexicon:
    """Terms (term → (category, weight)), ASCII words (pinyin and its abbreviations, matched as
    whole words: word → (category, weight, gated)), spam markers and enforcement-context words.

    A *gated* ASCII word (bc, bjl, av …) is far too common to mean anything alone: it counts only
    in a segment that already holds a term of its category."""

    terms: dict[str, tuple[str, int]]
    markers: tuple[str, ...]
    context: tuple[str, ...]
    term_re: re.Pattern[str] = field(repr=False, compare=False)
    marker_re: re.Pattern[str] = field(repr=False, compare=False)
    context_re: re.Pattern[str] = field(repr=False, compare=False)
    ascii_words: dict[str, tuple[str, int, bool]] = field(default_factory=dict)
    ascii_re: re.Pattern[str] = field(default=re.compile(r"(?!x)x"), repr=False, compare=False)
    # the prefilter: every term, and the ASCII words that count alone (as plain substrings)
    probe_re: re.Pattern[str] = field(default=re.compile(r"(?!x)x"), repr=False, compare=False)
    # True when no probe term holds a letter that str.lower() changes: the prefilter may then
    # lower-case with str.lower() (C speed), which keeps every match ASCII-only folding finds
    probe_lower: bool = field(default=False, compare=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        terms: dict[str, tuple[str, int]] = {}
        for group in data.get("term", []):
            for term in group["terms"]:
                key = _fold(term)
                # a term listed twice keeps its highest weight
                if key not in terms or terms[key][1] < int(group["weight"]):
                    terms[key] = (str(group["category"]), int(group["weight"]))
        words: dict[str, tuple[str, int, bool]] = {}
        for group in data.get("ascii", []):
            for word in group["terms"]:
                key = _fold(word)
                if not key.isascii() or not key.isalnum():
                    raise ValueError(f"ASCII词须为字母数字 / ascii words must be letters and digits: {word!r}")
                words[key] = (str(group["category"]), int(group["weight"]), bool(group.get("gated", True)))
        markers = tuple(_fold(t) for t in data.get("markers", {}).get("terms", []))
        context = tuple(_fold(t) for t in data.get("context", {}).get("terms", []))
        # whole words: not inside a longer ASCII word, file name, host or path (abc, a.js, www.bc/)
        ascii_re = re.compile(rf"(?<![a-z0-9._/\\-])(?:{_alternation(words).pattern})(?![a-z._/\\-])") if words else _NEVER
        probe_terms = [*terms, *(w for w, (_, _, gated) in words.items() if not gated)]
        probe_lower = all(ch.lower() == ch for term in probe_terms for ch in term)
        return cls(terms, markers, context, _alternation(terms), _alternation(markers), _alternation(context),
                   words, ascii_re, _alternation(probe_terms), probe_lower)

    @classmethod
    def from_file(cls, path: Path) -> Lexicon:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"词表无法读取 / lexicon unreadable: {path}: {exc}") from exc
        return cls.from_dict(data)


_NEVER = re.compile(r"(?!x)x")


def _fold(term: str) -> str:
    return normalise(term, spaces="drop", join_spelled=True).text.translate(_ASCII_LOWER)


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not unique:
        return _NEVER
    return re.compile("|".join(re.escape(w) for w in unique))


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The packaged lexicon (``data/lexicons/spam.toml``), or the TOML file at ``path``."""
    if path:
        return Lexicon.from_file(Path(path))
    ref = resources.files("govinspect") / "data" / "lexicons" / "spam.toml"
    return Lexicon.from_dict(tomllib.loads(ref.read_text("utf-8")))


@dataclass
class SpamHit:
    """Harmful text found in one segment of a page."""

    category: str  # gambling | porn | fraud
    terms: list[str]
    markers: list[str]
    score: float
    placement: str  # title | meta | hidden | after-html | footer | script | link | body | text
    text: str  # the original text of the segment around the hits (what was injected)
    css_path: str = ""
    hidden_how: str = ""  # display:none, visibility:hidden, off-screen, font-size:0 …
    html_excerpt: str = ""
    link_hosts: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # enforcement words that excuse it
    excused: bool = False
    top_weight: int = 0  # the heaviest term's lexicon weight (3: spam on its own)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"category": self.category, "terms": self.terms, "score": round(self.score, 2),
                               "placement": self.placement, "text": self.text}
        for key in ("markers", "css_path", "hidden_how", "html_excerpt", "link_hosts", "context"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


MAX_EXCERPT = 400  # characters of original text kept as a hit's evidence


@dataclass
class Segment:
    """A piece of page text with where it sits."""

    text: str
    placement: str
    css_path: str = ""
    hidden_how: str = ""
    link_hosts: list[str] = field(default_factory=list)
    visible_body: bool = False  # may be excused by an enforcement page title


_ASCII_LETTER = re.compile(r"[a-z]")


def _score_segment(seg: Segment, lex: Lexicon) -> SpamHit | None:
    norm = normalise(seg.text, spaces="drop", join_spelled=True)
    folded = norm.text.translate(_ASCII_LOWER)
    weights: dict[str, tuple[str, int]] = {}
    taken: list[tuple[int, int]] = []  # hit spans in ``folded``
    spans: list[tuple[int, int]] = []  # hit spans in the original text
    for m in lex.term_re.finditer(folded):
        weights[m.group()] = lex.terms[m.group()]
        taken.append(m.span())
        spans.append(norm.original_span(*m.span()))
    if lex.ascii_words and _ASCII_LETTER.search(folded):
        # ASCII words are matched whole, on text that keeps its spaces ("a bc" is not "abc")
        spaced = normalise(seg.text, join_spelled=True)
        found = [(m, lex.ascii_words[m.group()]) for m in lex.ascii_re.finditer(spaced.text.translate(_ASCII_LOWER))]
        standing = {c for c, _ in weights.values()} | {c for _, (c, _, gated) in found if not gated}
        counted = list(spans)
        for m, (category, weight, gated) in found:
            if gated and category not in standing:
                continue  # "bc", "av" alone mean nothing: only beside a term of their category
            a, b = spaced.original_span(*m.span())
            if any(x <= a and b <= y for x, y in counted):
                continue  # part of a term already counted (the "av" of "日韩av")
            weights[m.group()] = (category, weight)
            spans.append((a, b))
    if not weights:
        return None
    markers = sorted({m.group() for m in lex.marker_re.finditer(folded)
                      if not any(a <= m.start() < b for a, b in taken)})
    by_cat: dict[str, int] = {}
    for category, weight in weights.values():
        by_cat[category] = by_cat.get(category, 0) + weight
    category = max(by_cat, key=lambda c: by_cat[c])
    base = sum(w for _, w in weights.values()) + min(len(markers), 2)
    score = base * PLACEMENT_FACTOR.get(seg.placement, 1.0)
    context = sorted({m.group() for m in lex.context_re.finditer(folded)})
    a, b = min(x for x, _ in spans), max(y for _, y in spans)
    # the hits with some text around them, so an inspector sees the injected sentence; bounded,
    # because a keyword-stuffed page is one long run of hits
    start = max(0, a - 40)
    end = min(b + 40, start + MAX_EXCERPT)
    excerpt = seg.text[start:end].strip() + ("…" if end < b + 40 and end < len(seg.text) else "")
    return SpamHit(category, sorted(weights, key=lambda t: (-weights[t][1], t)), markers, score, seg.placement,
                   excerpt, seg.css_path, seg.hidden_how, link_hosts=sorted(set(seg.link_hosts)),
                   context=context, excused=bool(context), top_weight=max(w for _, w in weights.values()))


def scan_text(text: str, placement: str = "text", lexicon: Lexicon | None = None) -> SpamHit | None:
    """Score one piece of text (no DOM): None when no lexicon term occurs."""
    return _score_segment(Segment(text, placement), lexicon or load_lexicon())


# -- the DOM ---------------------------------------------------------------------------------


def _hiding(style: str) -> str:
    """Why a CSS declaration block hides its element ("" if it does not)."""
    s = re.sub(r"\s+", "", style.lower())
    decls = dict(part.split(":", 1) for part in s.split(";") if ":" in part)
    if decls.get("display", "").startswith("none"):
        return "display:none"
    if decls.get("visibility", "").startswith(("hidden", "collapse")):
        return "visibility:hidden"
    if re.fullmatch(r"0(?:\.0+)?(?:px|pt|em|rem|%)?(?:!important)?", decls.get("font-size", "x")):
        return "font-size:0"
    if re.fullmatch(r"0(?:\.0+)?(?:!important)?", decls.get("opacity", "x")):
        return "opacity:0"
    for prop in ("left", "top", "text-indent", "margin-left", "margin-top", "right"):
        m = re.match(r"-(\d+)", decls.get(prop, ""))
        if m and int(m.group(1)) >= 500:
            return "off-screen"
    zero = r"0(?:px)?(?:!important)?"
    if decls.get("overflow", "").startswith("hidden") and (
            re.fullmatch(zero, decls.get("height", "x")) or re.fullmatch(zero, decls.get("width", "x"))):
        return "zero-size"
    colour = decls.get("color")
    background = decls.get("background-color") or decls.get("background")
    if colour and background and colour.removesuffix("!important") == background.removesuffix("!important"):
        return "same-colour"
    return ""


def _hidden_selectors(tree: LexborHTMLParser) -> dict[str, str]:
    """``.class``/``#id`` → how a <style> rule hides it."""
    out: dict[str, str] = {}
    for node in tree.css("style"):
        css = re.sub(r"/\*.*?\*/", "", node.text() or "", flags=re.S)
        for m in _CSS_RULE.finditer(css):
            how = _hiding(m.group(2))
            if not how:
                continue
            for selector in m.group(1).split(","):
                last = _LAST_SIMPLE.search(selector.strip())
                if last is None:
                    continue
                for part in re.findall(r"[.#][\w-]+", last.group(1)):
                    out.setdefault(part.lower(), how)
    return out


class _Dom:
    def __init__(self, tree: LexborHTMLParser, base_url: str) -> None:
        self.hidden_sel = _hidden_selectors(tree)
        self.base_url = base_url
        self._hidden: dict[int, str] = {}
        self._footer: dict[int, bool] = {}

    def own_hiding(self, node: LexborNode) -> str:
        attrs = node.attributes
        if "hidden" in attrs:
            return "hidden attribute"
        how = _hiding(attrs.get("style") or "")
        if how:
            return how
        if self.hidden_sel:
            for cls in (attrs.get("class") or "").split():
                how = self.hidden_sel.get("." + cls.lower(), "")
                if how:
                    return how
            ident = attrs.get("id")
            if ident:
                return self.hidden_sel.get("#" + ident.lower(), "")
        return ""

    def hidden(self, node: LexborNode | None) -> str:
        if node is None or node.tag in ("html", "-undef", None):
            return ""
        key = node.mem_id
        known = self._hidden.get(key)
        if known is None:
            known = self.own_hiding(node) or self.hidden(node.parent)
            self._hidden[key] = known
        return known

    def in_footer(self, node: LexborNode | None) -> bool:
        if node is None or node.tag in ("html", "body", "-undef", None):
            return False
        key = node.mem_id
        known = self._footer.get(key)
        if known is None:
            attrs = node.attributes
            known = node.tag == "footer" or bool(
                _FOOTER_HINT.search((attrs.get("class") or "") + " " + (attrs.get("id") or ""))
            ) or self.in_footer(node.parent)
            self._footer[key] = known
        return known


def css_path(node: LexborNode | None, depth: int = 4) -> str:
    """A short CSS path such as ``div#footer > p`` (nearest ``depth`` elements)."""
    parts: list[str] = []
    while node is not None and node.tag not in ("html", "-undef", None) and len(parts) < depth:
        attrs = node.attributes
        label = node.tag or ""
        if attrs.get("id"):
            label += "#" + (attrs.get("id") or "")
        elif attrs.get("class"):
            label += "." + (attrs.get("class") or "").split()[0]
        parts.append(label)
        if attrs.get("id"):
            break
        node = node.parent
    return " > ".join(reversed(parts))


def _block_of(node: LexborNode) -> LexborNode:
    parent = node.parent
    while parent is not None and parent.tag not in _BLOCKS:
        parent = parent.parent
    return parent if parent is not None else node


def _link_host(node: LexborNode, dom: _Dom) -> str:
    parent: LexborNode | None = node.parent
    for _ in range(4):
        if parent is None:
            return ""
        if parent.tag == "a":
            href = parent.attributes.get("href") or ""
            host = urlsplit(urljoin(dom.base_url, href)).hostname or ""
            return host
        parent = parent.parent
    return ""


def segments(html: str, base_url: str = "", *, _depth: int = 0) -> list[Segment]:
    """The page's text segments: title, meta, body blocks split by visibility, after ``</html>``,
    and what inline scripts write (placement "script", or "hidden" when the written markup hides it)."""
    tree = LexborHTMLParser(html)
    out: list[Segment] = []
    title = tree.css_first("title")
    if title is not None and title.text(strip=True):
        out.append(Segment(title.text(strip=True), "title", "title"))
    for meta in tree.css("meta"):
        name = (meta.attributes.get("name") or "").lower()
        if name in ("keywords", "description"):
            content = meta.attributes.get("content") or ""
            if content.strip():
                out.append(Segment(content, "meta", f"meta[name={name}]"))
    tail = ""
    ends = list(_END_HTML.finditer(html))
    if ends:
        tail = _TAGS.sub(" ", html[ends[-1].end():]).strip()
    body = tree.body
    if body is None:
        return out
    dom = _Dom(tree, base_url)
    groups: dict[tuple[int, str, bool, str], Segment] = {}
    skip_ids: set[int] = set()
    for node in body.traverse(include_text=True):
        if node.tag in _SKIP:
            skip_ids.add(node.mem_id)
            continue
        if node.tag != "-text":
            continue
        parent = node.parent
        if parent is None or parent.mem_id in skip_ids or _under(parent, skip_ids):
            continue
        content = node.text_content or ""
        if not content.strip():
            continue
        how = dom.hidden(parent)
        block = _block_of(node)
        footer = dom.in_footer(parent)
        host = _link_host(node, dom)
        key = (block.mem_id, how, footer, "a" if host else "")
        seg = groups.get(key)
        if seg is None:
            placement = "hidden" if how else "footer" if footer else "link" if host else "body"
            seg = Segment("", placement, css_path(parent), how, visible_body=not how and not footer)
            groups[key] = seg
            out.append(seg)
        seg.text += content
        if host:
            seg.link_hosts.append(host)
    if tail:
        # HTML5 parsers put text after </html> into the body: mark those segments
        for seg in out:
            if seg.placement not in ("title", "meta") and seg.text.strip() and seg.text.strip() in tail:
                seg.placement, seg.visible_body = "after-html", False
    if _depth < 2:
        out.extend(_script_segments(html, base_url, _depth))
    return out


def _script_segments(html: str, base_url: str, depth: int) -> list[Segment]:
    written = written_html(html) if has_write_sink(html) else ""
    if not written.strip():
        return []
    out: list[Segment] = []
    for seg in segments(f"<html><body>{written}</body></html>", base_url, _depth=depth + 1):
        if seg.placement in ("title", "meta"):
            continue
        if seg.placement != "hidden":
            seg.placement = "script"
        seg.visible_body = False
        seg.css_path = f"script → {seg.css_path}"
        out.append(seg)
    return out


def _under(node: LexborNode, skip_ids: set[int]) -> bool:
    parent = node.parent
    for _ in range(3):
        if parent is None:
            return False
        if parent.mem_id in skip_ids:
            return True
        parent = parent.parent
    return False


def visible_text(html: str) -> str:
    """The page's title and visible body text (hidden elements left out), for comparing versions."""
    segs = segments(html)
    return " ".join(s.text.strip() for s in segs if s.placement in ("title", "body", "link", "footer"))


_TAG = re.compile(r"<[^>]*>")


def might_contain_terms(html: str, lex: Lexicon) -> bool:
    """Whether any lexicon term occurs in the page's text (tags removed, so a term split by inline
    markup is seen; entities decoded), in its raw markup (attributes: meta content, title, alt,
    href) or in what its scripts write. A superset of what the segment scan can find, at a
    fraction of its cost."""
    text = unescape(_TAG.sub("", html))
    if text_might_contain_terms(text, lex) or text_might_contain_terms(html, lex):
        return True
    # text written by script, perhaps escaped (\u6fb3\u95e8): only a page with a write sink
    return has_write_sink(html) and text_might_contain_terms(written_html(html), lex)


def text_might_contain_terms(text: str, lex: Lexicon | None = None) -> bool:
    """Whether any lexicon term occurs in already-extracted text (title, meta values, visible and
    hidden text, link texts and URLs): the cheapest prefilter, used by the W-V1c rule."""
    lex = lex or load_lexicon()
    folded = fold_for_matching(text)
    # str.lower() may also lower other letters (a superset of matches: the scan decides)
    folded = folded.lower() if lex.probe_lower else folded.translate(_ASCII_LOWER)
    return lex.probe_re.search(folded) is not None


def scan_html(html: str, base_url: str = "", *, lexicon: Lexicon | None = None,
              min_score: float = 4.0) -> list[SpamHit]:
    """Spam hits on the page with score ≥ ``min_score`` (excused hits included, marked ``excused``)."""
    lex = lexicon or load_lexicon()
    if not might_contain_terms(html, lex):
        return []  # the usual case: walking the DOM would find nothing
    segs = segments(html, base_url)
    title_text = next((s.text for s in segs if s.placement == "title"), "")
    title_context = sorted({m.group() for m in lex.context_re.finditer(_fold(title_text))}) if title_text else []
    out: list[SpamHit] = []
    for seg in segs:
        hit = _score_segment(seg, lex)
        if hit is None or hit.score < min_score:
            continue
        if seg.placement == "title" and title_context:
            hit.excused = True
        if seg.visible_body and title_context and not hit.excused:
            hit.context, hit.excused = [f"标题：{w}" for w in title_context], True
        hit.html_excerpt = _raw_excerpt(html, seg.text, hit.text, hit.terms)
        if not hit.html_excerpt and seg.css_path.startswith("script"):
            # escaped in the script: show the script that writes it
            hit.html_excerpt = next((code.strip()[:MAX_EXCERPT] for code in inline_scripts(html)
                                     if has_write_sink(code)), "")
        out.append(hit)
    return out


def _raw_excerpt(html: str, segment_text: str, excerpt: str, terms: Iterable[str] = (), width: int = 160) -> str:
    """The raw HTML around the injected text (so the evidence shows the markup that hides it)."""
    for probe in (excerpt.strip()[:12], segment_text.strip()[:12], *terms):
        if len(probe) < 2:
            continue
        pos = html.find(probe)
        if pos >= 0:
            start = html.rfind("<", 0, max(0, pos - width // 2))
            start = max(0, start if start >= 0 else pos - width // 2)
            return html[start:pos + len(probe) + width].strip()
    return ""


def is_gov_host(host: str) -> bool:
    """A host under gov.cn (another government site, never an off-site destination)."""
    return host == "gov.cn" or host.endswith(".gov.cn")


def off_site_hosts(hosts: Iterable[str], own_url: str) -> list[str]:
    """The hosts among ``hosts`` that are neither the site's own (``own_url``'s host, its bare
    domain and sub-domains) nor under gov.cn: where injected links send visitors."""
    own = (urlsplit(own_url if "://" in own_url else f"http://{own_url}").hostname or "").lower()
    bare = own.removeprefix("www.")
    out: list[str] = []
    for host in hosts:
        host = host.lower()
        if not host or is_gov_host(host) or host in (own, bare) or (bare and host.endswith("." + bare)):
            continue
        if host not in out:
            out.append(host)
    return out


def block_key(hits: Iterable[SpamHit]) -> str:
    """A stable key of the spam blocks behind ``hits`` (their normalised text): the same injected
    block on many pages gives the same key, so the engine reports it once (``Finding.cause``)."""
    texts = sorted({fold_for_matching(h.text).translate(_ASCII_LOWER) for h in hits})
    return hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def normalised(text: str) -> Normalised:
    """``text`` normalised the way the lexicon matches it (spaces dropped, spelled-out words joined)."""
    return normalise(text, spaces="drop", join_spelled=True)
