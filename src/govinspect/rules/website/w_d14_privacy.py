"""W-D14 privacy-exposure — 泄露个人隐私信息（身份证号、手机号、银行卡号）

Indicator (国办秘函〔2019〕19号 and 政府网站发展指引 国办发〔2017〕47号, 安全防护):

    发布信息应当严格审查，不得泄露个人隐私；公示名单等信息应对身份证号码等个人信息进行脱敏处理。

公示名单 (subsidy lists, recruitment results, enforcement notices) leak most, and mostly in
attachments. The crawler GETs in-scope document attachments (``[crawl] fetch_attachments``,
bounded by ``max_attachment_bytes``) and this rule reads them (xlsx, xls, docx, pdf, csv, txt;
.doc when its text is stored simply) as well as every crawled page's visible text.

What counts (``govinspect.text.pii``):

- 身份证号: 18 characters, real province code, a birth date that exists, not in the future, age
  ≤ 120, and a valid ISO 7064 MOD 11-2 check character — ``min_ids`` on one page/file;
- mobile numbers 1[3-9]xxxxxxxxx, not inside longer digit runs — ``min_phones`` distinct on
  one page/file (one or two are a contact person);
- bank cards: 16–19 digits, plausible IIN (62/4/5…), Luhn-valid — ``min_cards``.

All thresholds in ``[rules."W-D14"]``, verified = false. Severity deduction: ``points`` per
page or attachment, ``cap``; ``review = true``. Confidence high when ID numbers are found,
medium otherwise. Evidence never repeats a full number: details list masked samples
(110101********1234); the WARC record keeps the original.

One finding per cause: the same numbers exposed on several pages or files — one 公示名单 shown
as a page and as its attachment, a contact block of mobiles in a sidebar repeated on every page —
are one finding (``cause`` = the exposed values), its ``details.pages`` counting the pages and
naming the first; the deduction is counted once. Different numbers on different pages are
different leaks, one finding each.

Images and scanned PDFs (图片、扫描件): the OCR pass before the rules (``[ocr]``,
govinspect.snapshot.ocr) reads body images and PDF pages without a text layer from their WARC
records; the same thresholds apply to its text. Such a finding says so (message 图片文字识别 /
扫描件文字识别, ``details.source`` "ocr" or "ocr-pdf"), gives the OCR confidence (0–100) and the
image or PDF and page in ``details.ocr``; its evidence is the image's (or PDF's) WARC record;
confidence medium, review = true like every W-D14 finding.

Attachments and images that cannot be read (corrupted, encrypted, a zip bomb, larger than the
crawl limit, a scanned PDF OCR could not read, an image over the pixel limit or not an image,
images past ``max_images_per_page``, the OCR time budget used up) are never a silent pass: they
are listed with their reason in an informational W-D14 finding ("附件未能检查").

Example finding::

    {"rule": "W-D14", "severity": "deduction", "points": 5.0, "review": true,
     "message": "泄露个人隐私：身份证号12个、手机号12个（附件）",
     "url": "http://www.example.gov.cn/tzgg/202103/P020210315.xlsx",
     "details": {"source": "attachment", "format": "xlsx",
                 "counts": {"id": 12, "mobile": 12, "card": 0},
                 "samples": {"id": ["330102********1234"], "mobile": ["138****5678"]}}}

Not flagged:

- masked numbers (110101********1234, 138****5678);
- document numbers: 索引号 11441300007187648G/2023-00288, 统一社会信用代码, 文号, order numbers;
- office phone numbers (0755-12345678) and one or two contact mobiles;
- 18-digit numbers with a wrong check character, an impossible or future birth date.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from typing import Any

from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages
from govinspect.rules.website._content import ocr_passages
from govinspect.text.attachments import attachment_text, is_document
from govinspect.text.pii import PiiHit, find_pii, mask

log = logging.getLogger(__name__)

_KIND_NAMES = {"id": "身份证号", "mobile": "手机号", "card": "银行卡号"}
_WHERE = {"attachment": "（附件）", "ocr": "（图片文字识别）", "ocr-pdf": "（扫描件文字识别）"}


@rule("W-D14", "privacy-exposure", title="泄露个人隐私",
      bulletin="泄露个人隐私", severity=Severity.DEDUCTION, review=True)
def privacy_exposure(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    as_of = snap.as_of_date
    minimum = {"id": int(ctx.config["min_ids"]), "mobile": int(ctx.config["min_phones"]),
               "card": int(ctx.config["min_cards"])}
    points = float(ctx.config["points"])

    def judge(url: str, text: str, source: str, extra: dict[str, Any], evidence_url: str | None = None,
              confidence: Confidence | None = None) -> Finding | None:
        hits = find_pii(text, as_of)
        distinct = {kind: sorted({h.value for h in found}) for kind, found in hits.items()}
        counts = {kind: len(values) for kind, values in distinct.items()}
        if not any(counts[k] >= minimum[k] for k in counts):
            return None
        shown = [f"{_KIND_NAMES[k]}{n}个" for k, n in counts.items() if n]
        where = _WHERE.get(source, "")
        first = min((h for found in hits.values() for h in found), key=lambda h: h.start)
        return ctx.finding(
            f"泄露个人隐私：{'、'.join(shown)}{where}", url=url, excerpt=_masked_excerpt(text, first, hits),
            details={"source": source, **extra, "counts": counts,
                     "samples": {k: [mask(v) for v in vals[:5]] for k, vals in distinct.items() if vals}},
            points=points, confidence=confidence or (Confidence.HIGH if counts["id"] else Confidence.MEDIUM),
            cause=_exposed(distinct), evidence_url=evidence_url)

    for page in all_pages(snap.homepage, snap.pages):
        if page.text:
            found = judge(page.url, page.text, "page", {})
            if found is not None:
                yield found

    skipped: list[dict[str, str]] = []
    for url, fetch in sorted(snap.fetches.items()):
        if fetch.kind == "page" or not is_document(url) or fetch.status != 200:
            continue
        body = snap.body(fetch)
        if body is None:
            continue
        doc = attachment_text(body, url, fetch.content_type)
        if fetch.truncated:
            doc.skipped = doc.skipped or "超过抓取上限，只检查了前部 / cut at the crawl size limit"
        if doc.skipped and not (doc.kind == "pdf" and url in snap.ocr_read and not doc.text):
            skipped.append({"url": url, "format": doc.kind, "reason": doc.skipped})
            log.warning("W-D14: attachment %s not fully read: %s", url, doc.skipped)
        if doc.text:
            found = judge(url, doc.text, "attachment", {"format": doc.kind, "partial": bool(doc.skipped)})
            if found is not None:
                yield found
    for ocr in ocr_passages(snap):
        # OCR misreads digits, and a checksum only catches most of that: a reviewer sees the image
        found = judge(ocr.url, ocr.text, ocr.source, {"ocr": ocr.ocr}, evidence_url=ocr.evidence_url,
                      confidence=Confidence.MEDIUM)
        if found is not None:
            yield found
    skipped.extend(snap.ocr_skipped)
    if skipped:
        yield ctx.finding(f"{len(skipped)}个附件未能完整检查隐私信息 / attachments not fully checked",
                          url=skipped[0]["url"], details={"skipped": skipped}, severity=Severity.INFO,
                          review=False, confidence=Confidence.LOW)


def _exposed(distinct: dict[str, list[str]]) -> str:
    """The cause of a leak: which numbers are exposed (hashed: a cause key must not hold them)."""
    values = "\n".join(f"{kind}:{value}" for kind in sorted(distinct) for value in distinct[kind])
    return "pii:" + hashlib.sha256(values.encode("utf-8")).hexdigest()[:16]


def _masked_excerpt(text: str, first: PiiHit, hits: dict[str, list[PiiHit]], width: int = 60) -> str:
    """The text around the first hit with every number in it masked."""
    lo, hi = max(0, first.start - width), min(len(text), first.end + width)
    piece = text[lo:hi]
    for found in hits.values():
        for h in found:
            if lo <= h.start and h.end <= hi:
                piece = piece.replace(h.value, mask(h.value))
    return " ".join(piece.split())
