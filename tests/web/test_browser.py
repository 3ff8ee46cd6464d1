"""The web application in a real browser: Playwright driving Debian's chromium against a real
uvicorn server on 127.0.0.1, on a store a real inspection made (tests/web/conftest.py).

Screenshots of the main pages go to ``$GOVINSPECT_WEB_SHOTS`` when set (docs/web/ was made so)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from govinspect.config import load_config
from govinspect.crawl.render import CHROMIUM_ARGS
from govinspect.store import open_store
from govinspect.web.app import create_app
from tests.web.conftest import CODE_A, PASSWORD, pending_finding

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")]


# liveness bounds for a loaded machine: Playwright's default wait for an assertion is 5 s
EXPECT_TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    yield
    expect.set_options(timeout=5_000)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` under uvicorn in a thread, on a socket bound here (no port another process could take
    between choosing and binding it); yields its base URL once it accepts requests."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # liveness only
    while not uv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def server(tmp_path: Path, inspected_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    shutil.copytree(inspected_home, home)
    config = load_config(home)
    store = open_store(config.db_url)
    app = create_app(config, store, secure_cookies=False)  # plain http on the loopback address
    try:
        with serving(app) as base:
            yield base, home
    finally:
        app.state.jobs.wait(60)
        store.close()


def _shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("GOVINSPECT_WEB_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_inspector_and_public_in_a_real_browser(server: tuple[str, Path], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, home = server
    shots = _shots_dir(tmp_path)
    store = open_store(load_config(home).db_url)
    try:
        finding = pending_finding(store)
    finally:
        store.close()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            # the public files a 找错 message, no login
            public = browser.new_page(viewport={"width": 1280, "height": 900})
            public.goto(f"{base}/report")
            public.select_option("select[name=site]", CODE_A)
            public.select_option("select[name=category]", "信息不更新")
            public.fill("input[name=url]", "http://www.yunqi.gov.cn/tzgg/")
            public.fill("textarea[name=description]", "通知公告栏目的防汛安排<b>日期</b>有误")
            public.screenshot(path=str(shots / "report-form.png"))
            public.click("button[type=submit]")
            tracking = public.locator("#tracking").inner_text()
            assert re.fullmatch(r"WEB\d{8}[0-9A-F]{6}", tracking)

            page = browser.new_page(viewport={"width": 1280, "height": 900})
            alerts: list[str] = []
            page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
            page.goto(f"{base}/overview")
            page.fill("input[name=name]", "insp1")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("#pending-count")).to_have_text("1")
            page.screenshot(path=str(shots / "overview.png"), full_page=True)

            page.goto(f"{base}/targets")
            page.screenshot(path=str(shots / "targets.png"), full_page=True)
            page.click(f"a[href^='/targets/{CODE_A}']")
            expect(page.locator("#verdict")).to_have_text("合格")
            page.screenshot(path=str(shots / "target.png"), full_page=True)

            page.click(f"a[href='/findings/{finding}/evidence']")
            frame = page.frame_locator("#replay")
            expect(frame.locator("mark#govinspect-hit")).to_contain_text("防汛演练")
            page.screenshot(path=str(shots / "evidence.png"), full_page=True)

            page.goto(f"{base}/reviews")
            row = page.locator(f"#review-{finding}")
            row.locator("input[name=reason]").fill("栏目内容为正式发布稿件")
            row.locator("button[value=confirmed]").click()
            expect(page.locator("#audit")).to_contain_text("insp1")
            page.screenshot(path=str(shots / "reviews.png"), full_page=True)
            page.goto(f"{base}/targets/{CODE_A}")
            expect(page.locator("#verdict")).to_have_text("不合格")

            page.goto(f"{base}/messages")
            expect(page.locator(f"#message-{tracking}")).to_contain_text("<b>日期</b>")
            page.screenshot(path=str(shots / "messages.png"), full_page=True)

            page.goto(f"{base}/bulletin")
            page.fill("form[action='/bulletin'] input[name=period]", "2021Q2")
            page.click("form[action='/bulletin'] button[type=submit]")
            link = page.locator("#bulletin-files a", has_text=".docx")
            with page.expect_download() as download:
                link.first.click()
            saved = tmp_path / "bulletin.docx"
            download.value.save_as(saved)
            assert saved.read_bytes()[:2] == b"PK"  # a Word (zip) file

            page.goto(f"{base}/runs")
            page.click("#launch")
            expect(page.locator("#run-phase")).to_contain_text("已完成", timeout=180_000)
            page.screenshot(path=str(shots / "runs.png"), full_page=True)
            assert alerts == []  # no script from a hacked page or a message ever ran
        finally:
            browser.close()
