"""The OCR pass (文字识别): before the rules, read the text of a site's body images and scanned
PDF pages from their stored WARC bodies, so rules stay offline and see OCR text like page text.

Results are cached in the store (``ocr_results``) by the body's SHA-256 and the engine settings:
analysing a run again reads the cache and never OCRs again, so the same run gives the same text.
What was not read — an image over the limits, more images on a page than ``max_images_per_page``,
a PDF longer than ``max_pdf_pages``, the site's ``max_seconds_per_site`` used up — is listed in
``SiteSnapshot.ocr_skipped`` (W-D14 states it in its informational finding). A budget-skipped item
is read on a later analysis, when its cache entry is still missing.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from sqlalchemy import select

from govinspect.model import FetchResult, OcrText
from govinspect.snapshot.site import SiteSnapshot
from govinspect.store import Store
from govinspect.store.models import OcrResultRow
from govinspect.text.attachments import kind_of
from govinspect.text.ocr import OcrLimits, OcrOutcome, available, engine_key, is_image_url, ocr_image, ocr_pdf
from govinspect.timeutil import utcnow

__all__ = ["OCR_RULES", "OcrItem", "ocr_items", "ocr_snapshot"]

# The rules that read OCR text: an analysis limited to other rules skips the pass.
OCR_RULES = frozenset({"W-D14", "W-V1c", "W-V1a", "W-D12"})

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OcrItem:
    """One thing to read: an image shown on ``page_url``, or a PDF attachment (page_url = itself)."""

    url: str
    page_url: str
    kind: str  # "image" | "pdf"


def ocr_items(snapshot: SiteSnapshot, limits: OcrLimits) -> tuple[list[OcrItem], list[dict[str, str]]]:
    """Body images of every page (in page order, each image once) and fetched PDFs; and what the
    per-page image limit leaves out."""
    items: list[OcrItem] = []
    skipped: list[dict[str, str]] = []
    seen: set[str] = set()
    pages = ([snapshot.homepage] if snapshot.homepage is not None else []) + list(snapshot.pages.values())
    for page in pages:
        images = []
        for link in page.links:
            if link.tag != "img" or link.region != "body" or link.url in seen:
                continue
            fetch = snapshot.fetches.get(link.url)
            if fetch is None or fetch.status != 200 or not _is_image(fetch):
                continue
            seen.add(link.url)
            images.append(link.url)
        for url in images[:limits.max_images_per_page]:
            items.append(OcrItem(url, page.url, "image"))
        if len(images) > limits.max_images_per_page:
            left = len(images) - limits.max_images_per_page
            skipped.append({"url": page.url, "source": "ocr",
                            "reason": f"本页另有{left}张图片未识别 / {left} more images on this page not read "
                                      f"(max_images_per_page {limits.max_images_per_page})"})
    for url, fetch in sorted(snapshot.fetches.items()):
        if fetch.kind != "page" and fetch.status == 200 and kind_of(url, fetch.content_type) == "pdf":
            items.append(OcrItem(url, url, "pdf"))
    return items, skipped


def _is_image(fetch: FetchResult) -> bool:
    return fetch.content_type.lower().startswith("image/") or is_image_url(fetch.url)


def ocr_snapshot(store: Store, snapshot: SiteSnapshot, limits: OcrLimits) -> None:
    """Fill ``snapshot.ocr_texts``, ``ocr_read`` and ``ocr_skipped``."""
    if not limits.enabled:
        return
    items, skipped = ocr_items(snapshot, limits)
    snapshot.ocr_skipped.extend(skipped)
    if not items:
        return
    engine = engine_key(limits)
    installed = available()
    deadline = time.monotonic() + limits.max_seconds_per_site
    for item in items:
        fetch = snapshot.fetches[item.url]
        if fetch.truncated:
            snapshot.ocr_skipped.append({"url": item.url, "source": "ocr",
                                         "reason": "超过抓取上限，未识别 / cut at the crawl size limit, not read"})
            continue
        body = snapshot.body(fetch)
        if not body:
            continue
        digest = hashlib.sha256(body).hexdigest()
        outcome = _cached(store, digest, engine)
        if outcome is None:
            if not installed:
                snapshot.ocr_skipped.append({"url": item.url, "source": "ocr",
                                             "reason": "未安装tesseract，未识别 / tesseract not installed, not read"})
                continue
            if time.monotonic() >= deadline:
                snapshot.ocr_skipped.append({"url": item.url, "source": "ocr",
                                             "reason": "OCR时间预算用尽，未识别 / OCR time budget used up "
                                                       f"(max_seconds_per_site {limits.max_seconds_per_site:g})"})
                continue
            outcome = ocr_image(body, item.url, limits) if item.kind == "image" else ocr_pdf(body, limits, deadline)
            if "时间预算" not in outcome.skipped:  # a budget cut is not the file's answer: not cached
                _store(store, digest, engine, outcome)
        _apply(snapshot, item, outcome)


def _apply(snapshot: SiteSnapshot, item: OcrItem, outcome: OcrOutcome) -> None:
    for part in outcome.parts:
        snapshot.ocr_texts.append(OcrText(part.text, part.confidence, item.url, item.page_url, part.page,
                                          tuple(part.line_confidences())))
    if outcome.skipped:
        snapshot.ocr_skipped.append({"url": item.url, "source": "ocr", "reason": outcome.skipped})
        log.info("OCR of %s incomplete: %s", item.url, outcome.skipped)
    else:
        snapshot.ocr_read.add(item.url)


def _cached(store: Store, digest: str, engine: str) -> OcrOutcome | None:
    with store.session() as session:
        row = session.scalars(select(OcrResultRow).where(OcrResultRow.digest == digest,
                                                         OcrResultRow.engine == engine)).first()
        return OcrOutcome.from_json(row.result) if row is not None else None


def _store(store: Store, digest: str, engine: str, outcome: OcrOutcome) -> None:
    # Sites analysed in parallel (--jobs, workers) can read the same image at once: the first
    # stored result stands (same bytes, same engine settings)
    store.add_new([OcrResultRow(digest=digest, engine=engine, result=outcome.to_json(), created=utcnow())])
