"""OCR (光学字符识别) of images and of PDF pages without a text layer (扫描件), bounded, never crashing.

Tesseract (Debian's ``tesseract-ocr`` with ``tesseract-ocr-chi-sim``) is called directly as a
subprocess rather than through pytesseract: no extra dependency, a hard timeout per call that
kills the process, and the TSV output gives each word's confidence: each part keeps the mean
of its words and of each line's words (rules that gate on confidence judge line by line).
PDF pages are rendered by poppler's ``pdftoppm``. Nothing is downloaded at run time.

``ocr_image(body, url, limits)`` and ``ocr_pdf(body, limits)`` return :class:`OcrOutcome`: the
recognised parts (one per image, one per PDF page) or ``skipped`` with the reason (not an image,
corrupt, too many pixels, too many pages, timeout). Limits come from ``[ocr]`` in defaults.toml.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govinspect.config import section_defaults

__all__ = ["OcrLimits", "OcrOutcome", "OcrPart", "available", "engine_key", "engine_version", "is_image_url",
           "ocr_image", "ocr_pdf", "scanned_pages"]

log = logging.getLogger(__name__)

_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|tiff?)$", re.I)
# What Pillow calls the format of each extension: an image whose bytes are another format is
# still read (the picture is what matters) but the mismatch is noted.
_FORMAT_OF_EXT = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "webp": "WEBP",
                  "tif": "TIFF", "tiff": "TIFF"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# A page with fewer characters of text layer than this is treated as scanned (a page number or
# a stamp caption is not a text layer).
_MIN_TEXT_LAYER_CHARS = 20


@dataclass(frozen=True)
class OcrLimits:
    """The bounds of ``[ocr]`` (see defaults.toml for each reason)."""

    enabled: bool = True
    lang: str = "chi_sim"
    max_image_bytes: int = 5_000_000  # the crawl's max_image_bytes: what it downloads is what OCR reads
    max_image_pixels: int = 25_000_000
    min_image_side: int = 48
    max_images_per_page: int = 10
    max_pdf_pages: int = 20
    pdf_dpi: int = 150
    timeout_seconds: float = 60.0
    max_seconds_per_site: float = 300.0

    @classmethod
    def from_config(cls, section: dict[str, Any] | None = None, crawl: dict[str, Any] | None = None) -> OcrLimits:
        values = dict(section_defaults("ocr"))
        values.update(section or {})
        values["max_image_bytes"] = (crawl or section_defaults("crawl"))["max_image_bytes"]
        names = {f for f in cls.__dataclass_fields__}
        fields = {k: v for k, v in values.items() if k in names}
        default = cls()
        return cls(**{k: type(getattr(default, k))(v) for k, v in fields.items()})


@dataclass
class OcrPart:
    """Text recognised in one image or one PDF page (``page`` counts from 1; None for an image)."""

    text: str
    confidence: float  # mean word confidence, 0–100
    page: int | None = None
    # each text line's own mean word confidence (one per line of ``text``); None in results
    # cached before lines were scored, whose lines are all taken at ``confidence``
    lines: list[float] | None = None

    def line_confidences(self) -> list[float]:
        """One confidence per line of ``text``: its own, or the whole part's where none was kept."""
        count = len(self.text.split("\n"))
        if self.lines is not None and len(self.lines) == count:
            return list(self.lines)
        return [self.confidence] * count


@dataclass
class OcrOutcome:
    parts: list[OcrPart] = field(default_factory=list)
    skipped: str = ""  # why nothing (or not everything) was recognised; "" when complete
    note: str = ""  # something worth saying that did not stop OCR (a .jpg that is a PNG)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"parts": [{"text": p.text, "confidence": p.confidence, "page": p.page, "lines": p.lines}
                           for p in self.parts],
                "skipped": self.skipped, "note": self.note, "seconds": round(self.seconds, 3),
                "engine": engine_version()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OcrOutcome:
        parts = [OcrPart(str(p["text"]), float(p["confidence"]), p.get("page"),
                         [float(c) for c in p["lines"]] if p.get("lines") is not None else None)
                 for p in data.get("parts", [])]
        return cls(parts, str(data.get("skipped", "")), str(data.get("note", "")), float(data.get("seconds", 0.0)))


def available() -> bool:
    """Tesseract and poppler are installed (scripts/setup.sh installs both)."""
    return shutil.which("tesseract") is not None


def engine_key(limits: OcrLimits) -> str:
    """What a cached result depends on: the settings that change what is read. The tesseract
    version is recorded in each result, not keyed on, so a store analysed again (even where
    tesseract is missing or newer) gives the same text."""
    return (f"{limits.lang}|dpi{limits.pdf_dpi}|min{limits.min_image_side}|px{limits.max_image_pixels}"
            f"|pages{limits.max_pdf_pages}")[:120]


@cache
def engine_version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return (out.stdout or out.stderr).decode("utf-8", "replace").split("\n", 1)[0].strip()


def is_image_url(url: str) -> bool:
    return _IMAGE_EXT.search(urlsplit(url).path) is not None


def ocr_image(body: bytes, url: str, limits: OcrLimits) -> OcrOutcome:
    """Recognise the text of one image, checking its bytes, format and pixels before decoding."""
    start = time.monotonic()
    outcome = _ocr_image(body, url, limits)
    outcome.seconds = time.monotonic() - start
    return outcome


def _ocr_image(body: bytes, url: str, limits: OcrLimits) -> OcrOutcome:
    from PIL import Image, UnidentifiedImageError

    if not body:
        return OcrOutcome(skipped="空文件 / empty body")
    if len(body) > limits.max_image_bytes:
        return OcrOutcome(skipped=f"图片过大 / image of {len(body)} bytes > {limits.max_image_bytes}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: the pixel check below decides
        try:
            image = Image.open(io.BytesIO(body))  # reads the header only
        except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
            return OcrOutcome(skipped=f"不是可识别的图片 / not a readable image ({type(exc).__name__})")
        except Exception as exc:
            return OcrOutcome(skipped=f"图片损坏 / corrupt image ({type(exc).__name__})")
        note = _format_note(image.format or "", url)
        width, height = image.size
        if width * height > limits.max_image_pixels:
            return OcrOutcome(skipped=f"图片像素过多 / {width}×{height} pixels > {limits.max_image_pixels}",
                              note=note)
        if min(width, height) < limits.min_image_side:
            return OcrOutcome(note=note)  # an icon or a spacer: nothing to read, nothing skipped
        try:
            image.load()
            gray = image.convert("L")
            png = io.BytesIO()
            gray.save(png, format="PNG")
        except Exception as exc:  # truncated or corrupt data shows only when decoded
            return OcrOutcome(skipped=f"图片损坏 / corrupt image ({type(exc).__name__}: {str(exc)[:80]})", note=note)
    part, problem = _tesseract(png.getvalue(), limits)
    if problem:
        return OcrOutcome(skipped=problem, note=note)
    return OcrOutcome([part] if part is not None and part.text else [], note=note)


def _format_note(fmt: str, url: str) -> str:
    path = urlsplit(url).path
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    expected = _FORMAT_OF_EXT.get(ext)
    if expected and fmt and fmt != expected and not (expected == "TIFF" and fmt.startswith("TIFF")):
        return f"扩展名与内容不符 / .{ext} file holds {fmt}"
    return ""


def scanned_pages(body: bytes, max_pages: int) -> tuple[list[int], int]:
    """Pages (from 1) among the first ``max_pages`` that carry no text layer, and the page count."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted")
    total = len(reader.pages)
    scanned = []
    for number in range(1, min(total, max_pages) + 1):
        text = reader.pages[number - 1].extract_text() or ""
        if len(text.strip()) < _MIN_TEXT_LAYER_CHARS:
            scanned.append(number)
    return scanned, total


def ocr_pdf(body: bytes, limits: OcrLimits, deadline: float | None = None) -> OcrOutcome:
    """OCR the pages of a PDF that carry no text layer: at most ``max_pdf_pages`` pages are
    looked at, each rendered by pdftoppm at ``pdf_dpi``; ``deadline`` (time.monotonic()) stops early."""
    start = time.monotonic()
    outcome = OcrOutcome()
    try:
        pages, total = scanned_pages(body, limits.max_pdf_pages)
    except Exception as exc:
        outcome.skipped = f"无法解析PDF / unreadable PDF ({type(exc).__name__})"
        return outcome
    if total > limits.max_pdf_pages:
        outcome.skipped = (f"只识别了前{limits.max_pdf_pages}页（共{total}页）/ "
                           f"first {limits.max_pdf_pages} of {total} pages looked at")
    with tempfile.TemporaryDirectory(prefix="govinspect-ocr-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(body)
        for number in pages:
            if deadline is not None and time.monotonic() >= deadline:
                outcome.skipped = f"OCR时间预算用尽，第{number}页起未识别 / OCR time budget used up at page {number}"
                break
            png, problem = _render_page(source, number, limits)
            if not problem:
                part, problem = _tesseract(png, limits)
                if part is not None and part.text:
                    part.page = number
                    outcome.parts.append(part)
            if problem:
                outcome.skipped = outcome.skipped or f"第{number}页 / page {number}: {problem}"
    outcome.seconds = time.monotonic() - start
    return outcome


def _render_page(source: Path, number: int, limits: OcrLimits) -> tuple[bytes, str]:
    root = source.with_name(f"p{number}")
    # -scale-to bounds the pixels whatever the page size says (a 5 m long page is not 50 Mpx)
    side = int(limits.max_image_pixels ** 0.5)
    cmd = ["pdftoppm", "-f", str(number), "-l", str(number), "-r", str(limits.pdf_dpi), "-gray", "-png",
           "-singlefile", "-scale-to", str(side), str(source), str(root)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=limits.timeout_seconds, check=False)
    except subprocess.TimeoutExpired:
        return b"", "渲染超时 / rendering timed out"
    except OSError as exc:
        return b"", f"无法渲染 / pdftoppm unavailable ({exc.strerror})"
    png = root.with_suffix(".png")
    if done.returncode != 0 or not png.exists():
        return b"", f"无法渲染 / pdftoppm failed ({done.stderr.decode('utf-8', 'replace')[:80].strip()})"
    return png.read_bytes(), ""


def _tesseract(png: bytes, limits: OcrLimits) -> tuple[OcrPart | None, str]:
    # one thread per call: the machine's cores are shared with the crawl and other OCR calls
    cmd = ["tesseract", "stdin", "stdout", "-l", limits.lang, "--psm", "6", "tsv"]
    try:
        done = subprocess.run(cmd, input=png, capture_output=True, timeout=limits.timeout_seconds,
                              check=False, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"})
    except subprocess.TimeoutExpired:
        return None, f"识别超时 / OCR timed out after {limits.timeout_seconds:g} s"
    except OSError as exc:
        return None, f"未安装tesseract / tesseract unavailable ({exc.strerror})"
    if done.returncode != 0:
        return None, f"识别失败 / tesseract failed ({done.stderr.decode('utf-8', 'replace')[:80].strip()})"
    return _from_tsv(done.stdout.decode("utf-8", "replace")), ""


def _from_tsv(tsv: str) -> OcrPart:
    """Lines of words as tesseract read them (CJK words joined without spaces), with the mean word
    confidence of the whole part and of each line: one badly read line in a clear picture, or one
    clear banner line in a noisy one, is judged on its own."""
    lines: dict[tuple[str, str, str], list[tuple[str, float]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        word = cols[11].strip()
        words = lines.setdefault((cols[2], cols[3], cols[4]), [])
        if words and not (_CJK.search(words[-1][0][-1]) or _CJK.search(word[0])):
            word = " " + word
        words.append((word, float(cols[10])))
    text = "\n".join("".join(w for w, _ in words) for words in lines.values())
    confidences = [c for words in lines.values() for _, c in words]
    confidence = _mean(confidences)
    return OcrPart(text, confidence, lines=[_mean([c for _, c in words]) for words in lines.values()])


def _mean(confidences: list[float]) -> float:
    return round(sum(confidences) / len(confidences), 1) if confidences else 0.0
