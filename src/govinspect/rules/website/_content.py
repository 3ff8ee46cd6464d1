"""Helpers for the content rules W-D12 / W-V1a (not a rule: no ``@rule`` here).

The passages of a site: each judged page's title and visible text lines, each distinct line once
per site (navigation and footer repeat on every page), with the page it was first seen on and
that page's publish date. ``site_paragraphs`` gives only the sentences of the page body —
paragraphs outside navigation, footer and link lists — for the typo check, where menus, share
bars and lists of other sites' names (潞州区, 一键通, 官网) are names, not prose.

``ocr_passages`` gives the text the OCR pass read from body images and scanned PDF pages
(图片文字识别 / 扫描件文字识别) to every rule that reads it (W-V1c, W-V1a, W-D12, W-D14), with
what a finding must say about it: the image or PDF and page, the OCR confidence, and the image's
URL as the evidence (its WARC record).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from govinspect.extract.encoding import decode_html
from govinspect.extract.links import parse, region_of
from govinspect.extract.text import node_text
from govinspect.model import PageModel
from govinspect.rules.website._common import all_pages, page_ok
from govinspect.snapshot.site import SiteSnapshot

_MIN_HAN = 6  # lines with fewer Han characters (menus, dates, buttons) carry no sentences


@dataclass(frozen=True)
class SitePassage:
    text: str
    url: str
    on: date  # the page's publish date, else the monitoring point


def _passages(snap: SiteSnapshot, max_pages: int,
              lines_of: Callable[[PageModel], list[str]]) -> Iterator[SitePassage]:
    """Each distinct line of the judged pages once per site, articles first, up to ``max_pages``."""
    seen: set[str] = set()
    pages = [p for p in all_pages(snap.homepage, snap.pages) if page_ok(p)]
    # articles first: that is where sentences are; then the rest, up to max_pages pages. Stable
    # on the snapshot's order, so the articles read are those nearest the homepage (the site's
    # current ones), not the first by URL (often the oldest, where URLs hold dates).
    pages.sort(key=lambda p: p.page_kind != "article")
    for page in pages[:max_pages]:
        on = page.pub_date.date() if page.pub_date is not None else snap.as_of_date
        for line in lines_of(page):
            line = line.strip()
            if line in seen or sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff") < _MIN_HAN:
                continue
            seen.add(line)
            yield SitePassage(line, page.url, min(on, snap.as_of_date))


def site_passages(snap: SiteSnapshot, max_pages: int) -> Iterator[SitePassage]:
    """Titles and visible text lines of the judged pages (W-V1a)."""
    return _passages(snap, max_pages, lambda page: [page.title, *page.text.splitlines()])


_PARAGRAPHS = "p, pre, blockquote, dd"
_MAX_HTML = 2_000_000  # as extraction: the first 2 MB of a page


def page_paragraphs(body: bytes, content_type: str | None) -> list[str]:
    """Body paragraphs with sentences: outside nav/footer/hidden, not mostly link text."""
    html, _ = decode_html(body[:_MAX_HTML], content_type)
    tree = parse(html.replace("\x00", ""))
    tree.strip_tags(["script", "style", "noscript", "template"])
    memo: dict[int, tuple[bool, str]] = {}
    out: list[str] = []
    for node in tree.css(_PARAGRAPHS):
        if len(node.css(_PARAGRAPHS)) > 1:  # the match list includes the node itself
            continue  # an outer block: its inner paragraphs are read on their own
        text = node_text(node)
        if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < _MIN_HAN:
            continue
        if region_of(node, memo) != "body":
            continue
        linked = sum(len(node_text(a)) for a in node.css("a"))
        if linked * 2 > len(text):
            continue  # a list of links (友情链接, share bars), not a sentence
        out.append(text)
    return out


def site_paragraphs(snap: SiteSnapshot, max_pages: int) -> Iterator[SitePassage]:
    """Like :func:`site_passages`, but only article titles and the body paragraphs (read from
    WARC) — the sentences of a page (W-D12)."""

    def lines_of(page: PageModel) -> list[str]:
        fetch = snap.fetches.get(page.url)
        body = snap.body(fetch)
        lines = [page.title] if page.page_kind == "article" else []
        if body:
            lines += page_paragraphs(body, fetch.content_type if fetch is not None else None)
        return lines

    return _passages(snap, max_pages, lines_of)


@dataclass(frozen=True)
class OcrPassage:
    """The OCR text of one image or scanned PDF page, with what a finding says about it."""

    text: str
    url: str  # the page showing the image (the PDF itself for a scan)
    evidence_url: str  # the image or PDF: its WARC record is the evidence
    on: date
    source: str  # "ocr" (an image) | "ocr-pdf" (a scanned PDF page)
    ocr: dict[str, Any]  # details.ocr: {"image"|"pdf": url, "page": n | None, "confidence": 0–100, ["line": n]}

    @property
    def where(self) -> str:
        """What a finding's message adds: 图片文字识别 or 扫描件文字识别."""
        return "（图片文字识别）" if self.source == "ocr" else "（扫描件文字识别）"

    def details(self) -> dict[str, Any]:
        return {"source": self.source, "ocr": dict(self.ocr)}

    def lines(self) -> list[str]:
        """Lines with enough Han characters to hold a sentence (as for page text)."""
        return [line.strip() for line in self.text.splitlines()
                if sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff") >= _MIN_HAN]


def ocr_passages(snap: SiteSnapshot, min_confidence: float = 0.0) -> Iterator[OcrPassage]:
    """The OCR texts of the site: with no ``min_confidence``, each image's or PDF page's whole text;
    with one (W-V1a, W-D12), each line whose own mean word confidence (0–100) reaches it, as a
    passage of its own — a clear banner line in a noisy picture is read, a garbled line in a clear
    one is not. ``details.ocr.confidence`` is then that line's, and ``line`` its number (from 1)."""
    for ocr in snap.ocr_texts:
        if not ocr.text.strip():
            continue
        page = snap.pages.get(ocr.page_url)
        if page is None and snap.homepage is not None and snap.homepage.url == ocr.page_url:
            page = snap.homepage
        on = min(page.pub_date.date() if page is not None and page.pub_date is not None else snap.as_of_date,
                 snap.as_of_date)
        kind, source = ("image", "ocr") if ocr.pdf_page is None else ("pdf", "ocr-pdf")
        where = {kind: ocr.source_url, "page": ocr.pdf_page}
        if min_confidence <= 0:
            yield OcrPassage(ocr.text, ocr.page_url, ocr.source_url, on, source,
                             {**where, "confidence": ocr.confidence})
            continue
        lines = ocr.text.split("\n")
        confidences = ocr.line_confidences
        if confidences is None or len(confidences) != len(lines):
            confidences = (ocr.confidence,) * len(lines)  # scored as a whole only
        for number, (line, confidence) in enumerate(zip(lines, confidences, strict=True), start=1):
            if confidence >= min_confidence and line.strip():
                yield OcrPassage(line, ocr.page_url, ocr.source_url, on, source,
                                 {**where, "confidence": confidence, "line": number})
