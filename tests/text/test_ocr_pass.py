"""The OCR pass end to end: a real local site with a 公示 list pasted as an image and a scanned
PDF is crawled, analysed, and W-D14 fails it on text OCR read, pointing at the image's WARC record;
analysing again reads the cache in the store (no OCR, same text), even with tesseract gone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import func, select

from govinspect import pipeline
from govinspect.config import Config, load_config
from govinspect.crawl import crawl_run
from govinspect.demo.images import font_available, scanned_pdf, text_image
from govinspect.store import Store, open_store
from govinspect.store.models import OcrResultRow
from govinspect.text.ocr import available

from ..crawl.helpers import LocalServer, fast_settings, html, site

pytestmark = pytest.mark.skipif(not (available() and font_available()),
                                reason="needs tesseract-ocr, tesseract-ocr-chi-sim and fonts-noto-cjk (scripts/setup.sh)")

IMAGE_ID = "11010519491231002X"
PDF_ID = "44030519900101123X"


def ocr_site() -> web.Application:
    app = web.Application()
    pages = {
        "/": html('<div class="content"><a href="/art/1.html">低保公示</a> <a href="/art/2.html">通知</a></div>', "首页"),
        "/art/1.html": html('<div class="content"><h1>城乡低保对象公示</h1><p>名单如下图。</p>'
                            '<p><img src="/img/gs.png" alt="名单"></p></div>', "低保公示"),
        "/art/2.html": html('<div class="content"><h1>通知</h1><p>见附件。</p>'
                            '<a href="/fj/sm.pdf">扫描件</a> <img src="/img/fake.jpg"></div>', "通知"),
    }
    bodies = {
        "/img/gs.png": (text_image(["城乡低保对象公示名单", f"王五 {IMAGE_ID}"]), "image/png"),
        "/img/fake.jpg": (b"<html>not found</html>", "image/jpeg"),
        "/fj/sm.pdf": (scanned_pdf([["通知正文"], [f"赵六 身份证号 {PDF_ID}"]]), "application/pdf"),
    }

    async def handle(request: web.Request) -> web.Response:
        if request.path in pages:
            return web.Response(text=pages[request.path], content_type="text/html")
        if request.path in bodies:
            body, ctype = bodies[request.path]
            return web.Response(body=body, content_type=ctype)
        raise web.HTTPNotFound()

    app.router.add_get("/{tail:.*}", handle)
    return app


async def test_ocr_text_feeds_w_d14_and_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = await LocalServer(ocr_site()).start()
    try:
        config = load_config(tmp_path)
        store = open_store(config.db_url)
        sites = [site(server.url("/"))]
        pipeline.start_run(store, sites, datetime.now(UTC), run_id="r1")
        await crawl_run(store, "r1", sites, fast_settings(), config.warc_dir)
    finally:
        await server.stop()
    result = pipeline.analyse(store, config, "r1", only_rules=["W-D14"])
    found = {f.details.get("source"): f for f in result.findings if f.rule == "W-D14"}
    image = found["ocr"]
    assert "图片文字识别" in image.message and image.review
    assert image.url == server.url("/art/1.html")
    assert image.details["ocr"]["image"] == server.url("/img/gs.png") and image.details["ocr"]["confidence"] > 50
    assert image.evidence["record"] and IMAGE_ID not in str(image.details)  # masked, never repeated
    scan = found["ocr-pdf"]
    assert "扫描件文字识别" in scan.message and scan.details["ocr"]["page"] == 2
    assert scan.details["ocr"]["pdf"] == server.url("/fj/sm.pdf")
    skipped = found[None].details["skipped"]  # the informational finding lists what OCR could not read
    assert [s["url"] for s in skipped] == [server.url("/img/fake.jpg")]
    assert "不是可识别的图片" in skipped[0]["reason"]

    with store.session() as session:
        cached = session.scalar(select(func.count()).select_from(OcrResultRow))
    assert cached == 3
    # analysing again reads the cache: the same findings with tesseract out of reach
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    again = pipeline.analyse(store, config, "r1", only_rules=["W-D14"])
    assert sorted(f.message for f in again.findings) == sorted(f.message for f in result.findings)
    store.close()


async def crawled(tmp_path: Path, overrides: dict[str, Any], app: web.Application | None = None
                  ) -> tuple[Config, Store]:
    """``app`` (default: the site above) crawled into a new store as run r1."""
    server = await LocalServer(app or ocr_site()).start()
    try:
        config = load_config(tmp_path, overrides)
        store = open_store(config.db_url)
        sites = [site(server.url("/"))]
        pipeline.start_run(store, sites, datetime.now(UTC), run_id="r1")
        await crawl_run(store, "r1", sites, fast_settings(), config.warc_dir)
    finally:
        await server.stop()
    return config, store


def ocr_findings(result: pipeline.RunResult) -> list[str]:
    return [f.message for f in result.findings if str(f.details.get("source", "")).startswith("ocr")]


async def test_ocr_disabled_reads_nothing(tmp_path: Path) -> None:
    config, store = await crawled(tmp_path, {"ocr": {"enabled": False}})
    assert ocr_findings(pipeline.analyse(store, config, "r1", only_rules=["W-D14"])) == []
    store.close()


async def test_budget_used_up_is_stated(tmp_path: Path) -> None:
    config, store = await crawled(tmp_path, {"ocr": {"max_seconds_per_site": 0}})
    result = pipeline.analyse(store, config, "r1", only_rules=["W-D14"])
    assert ocr_findings(result) == []
    [info] = [f for f in result.findings if "skipped" in f.details]
    reasons = [s["reason"] for s in info.details["skipped"] if s.get("source") == "ocr"]
    assert len(reasons) == 3 and all("时间预算" in r for r in reasons)
    # the scanned PDF OCR did not read stays listed for its missing text layer too
    assert any("没有文字层" in s["reason"] for s in info.details["skipped"])
    store.close()


async def test_tesseract_missing_is_stated_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, store = await crawled(tmp_path, {})
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    result = pipeline.analyse(store, config, "r1", only_rules=["W-D14"])
    assert ocr_findings(result) == []
    [info] = [f for f in result.findings if "skipped" in f.details]
    assert sum("未安装tesseract" in s["reason"] for s in info.details["skipped"]) == 3
    store.close()
