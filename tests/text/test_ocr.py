"""OCR of images and scanned PDF pages: text and confidence read from pictures we render here;
every bad input (too many pixels, not an image, a lying extension, corrupt data, a 500-page scan)
is bounded and answered with a reason, never a crash."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from govinspect.demo.farm import minimal_pdf
from govinspect.demo.images import font_available, scanned_pdf, text_image
from govinspect.text.ocr import OcrLimits, available, ocr_image, ocr_pdf

pytestmark = pytest.mark.skipif(not (available() and font_available()),
                                reason="needs tesseract-ocr, tesseract-ocr-chi-sim and fonts-noto-cjk (scripts/setup.sh)")

LIMITS = OcrLimits()
# an ID number with a valid check character (GB 11643's own example) and a mobile
LIST = ["城乡居民最低生活保障公示", "王五 11010519491231002X 13912345678"]


def test_image_text_and_confidence() -> None:
    outcome = ocr_image(text_image(LIST), "http://x.gov.cn/a.png", LIMITS)
    assert not outcome.skipped
    [part] = outcome.parts
    assert "11010519491231002X" in part.text and "13912345678" in part.text
    assert "公示" in part.text
    assert 50 < part.confidence <= 100 and part.page is None


def test_jpeg_read_too() -> None:
    outcome = ocr_image(text_image(["电话 13912345678"], fmt="JPEG"), "http://x.gov.cn/a.jpg", LIMITS)
    assert "13912345678" in outcome.parts[0].text and not outcome.note


def test_fifty_megapixels_skipped_before_decoding() -> None:
    big = io.BytesIO()
    Image.new("1", (8000, 6250), 1).save(big, format="PNG")  # 50 Mpx, a few kB compressed
    start = time.monotonic()
    outcome = ocr_image(big.getvalue(), "http://x.gov.cn/scan.png", LIMITS)
    assert time.monotonic() - start < 5
    assert outcome.parts == [] and "8000×6250" in outcome.skipped and "图片像素过多" in outcome.skipped


def test_too_many_bytes_skipped() -> None:
    outcome = ocr_image(text_image(LIST), "http://x.gov.cn/a.png", OcrLimits(max_image_bytes=100))
    assert outcome.parts == [] and "图片过大" in outcome.skipped


def test_extension_that_lies() -> None:
    # a PNG named .jpg is still read (the picture is what matters), and the mismatch is noted
    outcome = ocr_image(text_image(LIST), "http://x.gov.cn/a.jpg", LIMITS)
    assert "11010519491231002X" in outcome.parts[0].text
    assert "PNG" in outcome.note and ".jpg" in outcome.note
    # an HTML error page served as .png is not an image
    html = ocr_image("<html><body>404 页面不存在</body></html>".encode(), "http://x.gov.cn/b.png", LIMITS)
    assert html.parts == [] and "不是可识别的图片" in html.skipped


def test_corrupt_image() -> None:
    png = text_image(LIST)
    outcome = ocr_image(png[: len(png) // 2], "http://x.gov.cn/a.png", LIMITS)
    assert outcome.parts == [] and "损坏" in outcome.skipped


def test_icons_are_not_read_nor_reported() -> None:
    tiny = io.BytesIO()
    Image.new("L", (16, 16), 0).save(tiny, format="PNG")
    outcome = ocr_image(tiny.getvalue(), "http://x.gov.cn/icon.png", LIMITS)
    assert outcome.parts == [] and outcome.skipped == ""


def test_scanned_pdf_pages_read_with_their_number() -> None:
    pdf = scanned_pdf([["第一页 说明"], LIST])
    outcome = ocr_pdf(pdf, LIMITS)
    assert not outcome.skipped
    assert [p.page for p in outcome.parts] == [1, 2]
    assert "11010519491231002X" in outcome.parts[1].text


def test_pdf_with_a_text_layer_is_not_ocrd() -> None:
    outcome = ocr_pdf(minimal_pdf("Annual report of the Bureau, with a text layer"), LIMITS)
    assert outcome.parts == [] and outcome.skipped == ""


def test_five_hundred_scanned_pages_bounded() -> None:
    pdf = scanned_pdf([["空白页"]], size=12, repeat=500)
    start = time.monotonic()
    outcome = ocr_pdf(pdf, OcrLimits(max_pdf_pages=2))
    assert time.monotonic() - start < 60
    assert [p.page for p in outcome.parts] == [1, 2]
    assert "共500页" in outcome.skipped and "first 2 of 500 pages" in outcome.skipped


def test_deadline_stops_a_long_scan() -> None:
    outcome = ocr_pdf(scanned_pdf([LIST], repeat=3), LIMITS, deadline=time.monotonic())
    assert outcome.parts == [] and "时间预算" in outcome.skipped


def test_corrupt_pdf() -> None:
    outcome = ocr_pdf(b"%PDF-1.4\n garbage", LIMITS)
    assert outcome.parts == [] and "PDF" in outcome.skipped
