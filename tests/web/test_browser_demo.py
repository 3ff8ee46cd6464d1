"""Launch the demo inspection from the browser and watch it finish (issue 9 part 5): the demo farm
served on 127.0.0.1 as the crawler's HTTP proxy, a small part of it in the store's registry (a
closed site still serving its pages and a department with a dead link) so the test stays well
under a minute; the expectations are the demo's own (src/govinspect/demo/expected.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govinspect.config import load_config
from govinspect.crawl.render import CHROMIUM_ARGS
from govinspect.demo.expected import EXPECTATIONS
from govinspect.demo.farm import DEMO_AS_OF, build_farm
from govinspect.demo.server import serve_farm_in_thread
from govinspect.registry.store import save_sites
from govinspect.store import open_store
from govinspect.web.accounts import add_user
from govinspect.web.app import create_app
from tests.web.conftest import PASSWORD
from tests.web.test_browser import CHROMIUM, patient_expect, serving  # noqa: F401 (patient_expect: autouse fixture)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")]
CLOSED, HEALTH = "3399210010", "3399210005"  # registered 关停 yet serving (W-I2); a dead link (W-D7)
# the demo's own probe spacing (cli.DEMO_PROBE_SETTINGS): a dead homepage re-probed 3 s apart
SITES = (CLOSED, HEALTH)
CONFIG = '[crawl]\nhomepage_probe_interval_seconds = 3\n[rules.W-V2]\ncrawl_min_span_seconds = 6\n'


@pytest.fixture
def demo_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    farm = build_farm(DEMO_AS_OF)
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(home)
    store = open_store(config.db_url)
    save_sites(store, [s for s in farm.registry() if s.code in SITES])
    add_user(store, "insp1", PASSWORD, "inspector")
    with serve_farm_in_thread(farm) as proxy:
        for name in ("http_proxy", "HTTP_PROXY"):
            monkeypatch.setenv(name, proxy)  # the farm answers for its www.*.gov.cn names, as an intranet proxy
        for name in ("https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        app = create_app(config, store, secure_cookies=False)
        try:
            with serving(app) as base:
                yield base
        finally:
            app.state.jobs.wait(60)
            store.close()


def test_launch_the_demo_inspection_and_watch_it_finish(demo_server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = demo_server
    expected = {e.site_code: e for e in EXPECTATIONS}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=[*CHROMIUM_ARGS, "--no-proxy-server"])
        try:
            page = browser.new_page()
            page.goto(f"{base}/login")
            page.fill("input[name=name]", "insp1")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.goto(f"{base}/runs")
            page.fill("input[name=as_of]", DEMO_AS_OF.isoformat())
            page.click("#launch")
            phase = page.locator("#run-phase")
            # liveness bounds: a loaded machine starts and crawls more slowly
            expect(phase).to_contain_text("采集中", timeout=60_000)  # progress shown while it runs
            expect(phase).to_contain_text("已完成", timeout=240_000)  # polled by the page, not reloaded
            expect(phase).to_contain_text(f"网站 {len(SITES)}/{len(SITES)}")
            page.click("#run-phase a")  # 查看结果
            for code in SITES:
                page.goto(f"{base}/targets/{code}")
                verdict = "不合格" if expected[code].verdict == "fail" else "合格"
                expect(page.locator("#verdict")).to_have_text(verdict)
                for rule in expected[code].must_find:
                    expect(page.locator("section.rule h2", has_text=rule)).to_have_count(1)
        finally:
            browser.close()
