"""The OCR confidence gate of W-V1a and W-D12 is per line: a clear banner line in an otherwise
noisy picture is read, and a smudged line in an otherwise clear picture is not, whatever the
picture's mean word confidence. Pictures rendered here (Pillow, Noto CJK), read by the real
tesseract, served by a real local site; results cached before lines were scored still read."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import select

from govinspect import pipeline
from govinspect.demo.images import font_available, text_image
from govinspect.model import OcrText
from govinspect.rules.website._content import ocr_passages
from govinspect.store.models import OcrResultRow
from govinspect.text.ocr import OcrLimits, OcrOutcome, available, ocr_image

from ..crawl.helpers import html
from ..rules.builders import HOME, fetch, page, snapshot
from .test_ocr_pass import crawled

pytestmark = pytest.mark.skipif(not (available() and font_available()),
                                reason="needs tesseract-ocr, tesseract-ocr-chi-sim and fonts-noto-cjk (scripts/setup.sh)")

# a banner whose headline is clear and whose small print came out as a blurred, speckled photo
BANNER = ["中央政治局常委王户宁出席会议并讲话", "各乡镇人民政府、街道办事处，市直有关部门：",
          "为进一步做好汛期安全生产工作，现将有关事项通知如下。", "一、高度重视，压实责任，确保各项措施落实到位。"]
# a clear notice with one smudged line (a miswritten name in it that OCR cannot read for sure)
NOTICE = ["关于做好2021年春季森林防火工作的通知", "各镇人民政府、街道办事处：", "为切实做好春季森林防火工作，现将有关事项通知如下。",
          "一、加强组织领导，落实防火责任。", "二、广泛开展宣传，提高群众防火意识。", "三、严格火源管理，加强巡查值守。",
          "国务院副总理韩证出席会议并讲话"]
GATE = 80.0  # both pictures' whole-picture means fall on opposite sides of it


@pytest.fixture(scope="module")
def banner() -> bytes:
    return text_image(BANNER, smudged={1, 2, 3})


@pytest.fixture(scope="module")
def notice() -> bytes:
    return text_image(NOTICE, smudged={6})


def _read(body: bytes, url: str) -> OcrText:
    [part] = ocr_image(body, url, OcrLimits()).parts
    return OcrText(part.text, part.confidence, url, HOME, None, tuple(part.line_confidences()))


def _passages(*texts: OcrText, min_confidence: float = GATE) -> list[tuple[str, dict[str, object]]]:
    snap = snapshot(homepage=page(HOME), fetches=[fetch(HOME)])
    snap.ocr_texts = list(texts)
    return [(p.text, p.ocr) for p in ocr_passages(snap, min_confidence)]


def test_a_clear_line_of_a_noisy_picture_is_read(banner: bytes) -> None:
    read = _read(banner, HOME + "banner.png")
    assert read.confidence < GATE  # as a whole, the picture would not be read at all
    [(text, ocr)] = _passages(read)
    assert text == BANNER[0] and ocr["line"] == 1 and float(str(ocr["confidence"])) >= GATE
    assert ocr["image"] == HOME + "banner.png"


def test_a_smudged_line_of_a_clear_picture_is_not_read(notice: bytes) -> None:
    read = _read(notice, HOME + "notice.png")
    assert read.confidence >= GATE  # as a whole, the picture (smudged line too) would be read
    lines = _passages(read)
    assert [ocr["line"] for _, ocr in lines] == [1, 2, 3, 4, 5, 6]
    assert "森林防火" in lines[0][0] and all(float(str(ocr["confidence"])) >= GATE for _, ocr in lines)
    # W-V1c and W-D14 (no gate) still read the whole picture as one text
    [(whole, ocr)] = _passages(read, min_confidence=0)
    assert whole.count("\n") == 6 and ocr["confidence"] == read.confidence and "line" not in ocr


def test_results_cached_before_lines_were_scored_gate_as_a_whole() -> None:
    old = {"parts": [{"text": "关于做好森林防火工作的通知\n各镇人民政府街道办事处", "confidence": 91.5, "page": None}],
           "skipped": "", "note": "", "seconds": 1.2, "engine": "tesseract 5.3.0"}
    [part] = OcrOutcome.from_json(old).parts
    assert part.lines is None and part.line_confidences() == [91.5, 91.5]
    read = OcrText(part.text, part.confidence, HOME + "a.png", HOME, None, tuple(part.line_confidences()))
    assert [t for t, _ in _passages(read, min_confidence=90)] == ["关于做好森林防火工作的通知", "各镇人民政府街道办事处"]
    assert _passages(read, min_confidence=92) == []
    # and a result stored now keeps its lines' confidences
    again = OcrOutcome.from_json(OcrOutcome([part.__class__("甲\n乙", 50.0, None, [90.0, 10.0])]).to_json())
    assert again.parts[0].line_confidences() == [90.0, 10.0]


def _site(banner: bytes, notice: bytes) -> web.Application:
    app = web.Application()
    article = html('<div class="content"><h1>会议报道</h1><p>会议图片如下。</p><p><img src="/img/banner.png" alt="会议">'
                   '</p><p><img src="/img/notice.png" alt="通知"></p></div>', "会议报道")
    bodies = {"/": (html('<div class="content"><a href="/art/1.html">会议报道</a></div>', "首页"), "text/html"),
              "/art/1.html": (article, "text/html"), "/img/banner.png": (banner, "image/png"),
              "/img/notice.png": (notice, "image/png")}

    async def handle(request: web.Request) -> web.Response:
        if request.path not in bodies:
            raise web.HTTPNotFound()
        body, ctype = bodies[request.path]
        return (web.Response(text=body, content_type=ctype) if isinstance(body, str)
                else web.Response(body=body, content_type=ctype))

    app.router.add_get("/{tail:.*}", handle)
    return app


async def test_inspection_reads_the_clear_line_only(tmp_path: Path, banner: bytes, notice: bytes) -> None:
    config, store = await crawled(tmp_path, {"rules": {"W-V1a": {"ocr_min_confidence": GATE},
                                                       "W-D12": {"ocr_min_confidence": GATE}}}, _site(banner, notice))
    result = pipeline.analyse(store, config, "r1", only_rules=["W-V1a", "W-D12"])
    from_images = [f for f in result.findings if "ocr" in f.details]
    [found] = [f for f in from_images if f.rule == "W-V1a"]
    assert (found.details["text"], found.details["suggestion"]) == ("王户宁", "王沪宁")
    assert found.review and "图片文字识别" in found.message and found.url.endswith("/art/1.html")
    assert found.details["ocr"]["image"].endswith("/img/banner.png") and found.details["ocr"]["line"] == 1
    assert not [f for f in from_images if f.details["ocr"]["image"].endswith("/img/notice.png")]
    with store.session() as session:
        cached = [row.result for row in session.scalars(select(OcrResultRow))]
    store.close()
    assert sorted(len(r["parts"][0]["lines"]) for r in cached) == [4, 7]  # the lines' confidences are kept
