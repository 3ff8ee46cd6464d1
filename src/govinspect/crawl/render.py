"""Lists built by JavaScript: detecting them in static HTML, rendering them with chromium.

Some CMS templates ship an empty ``<ul id="list">`` and fill it from a JSON array or an XHR
call. The static HTML then shows a column with nothing in it, which would read as a blank or
stale column (空白栏目/栏目不更新). With ``render_js = "auto"`` such pages are rendered by
Debian's chromium through Playwright (one browser per crawl, opened on first use) and the
rendered DOM becomes a WARC resource record and a "render" fetch row.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from govinspect.crawl.settings import CrawlSettings
from govinspect.model import Link

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_DOM_WRITE = re.compile(r"document\.write|\.innerHTML\s*[+]?=|\.append(?:Child)?\s*\(|\.html\s*\(|"
                        r"insertAdjacentHTML|\.prepend\s*\(", re.I)
_DATA_SOURCE = re.compile(r"\$\.(?:ajax|get|getJSON|post)\s*\(|XMLHttpRequest|\bfetch\s*\(|axios\.|"
                          r"=\s*\[\s*\{|JSON\.parse\s*\(", re.I)
MAX_BODY_LINKS = 12  # a real list page has more links in its body than this


class RenderUnavailable(Exception):
    """无法渲染页面 / cannot render: chromium or Playwright missing or failed to start."""


def script_writes_list(tree: LexborHTMLParser) -> bool:
    """An inline script that both gets data (XHR/fetch/$.ajax/a JSON array) and writes the DOM."""
    for node in tree.css("script"):
        if node.attributes.get("src"):
            continue
        code = node.text(deep=True) or ""
        if _DOM_WRITE.search(code) and _DATA_SOURCE.search(code):
            return True
    return False


def looks_script_built(tree: LexborHTMLParser, links: list[Link]) -> bool:
    """True when the static page looks like a list filled by script: few body links (``links``
    with their regions), and an inline script that gets data and writes the DOM."""
    body_links = sum(1 for link in links if link.tag == "a" and link.region == "body")
    if body_links > MAX_BODY_LINKS:
        return False
    return script_writes_list(tree)


def proxy_from_env(url: str) -> dict[str, str] | None:
    """Playwright's proxy setting from http_proxy / https_proxy / no_proxy."""
    env = {k.lower(): v for k, v in os.environ.items() if k.lower() in ("http_proxy", "https_proxy", "no_proxy")}
    server = env.get("https_proxy") if url.startswith("https:") else env.get("http_proxy")
    server = server or env.get("http_proxy") or env.get("https_proxy")
    if not server:
        return None
    proxy = {"server": server}
    if env.get("no_proxy"):
        proxy["bypass"] = env["no_proxy"]
    return proxy


SETTLE_MS = 3000
_HEAVY = frozenset({"image", "media", "font"})


async def _skip_heavy(route: Any) -> None:
    if route.request.resource_type in _HEAVY:
        await route.abort()
    else:
        await route.continue_()


class Renderer:
    """One headless chromium for the whole crawl, started on the first page that needs it."""

    def __init__(self, settings: CrawlSettings, max_parallel: int = 2) -> None:
        self.settings = settings
        self._playwright: Any = None
        self._browser: Any = None
        self._failed: str | None = None
        self._start_lock = asyncio.Lock()
        self._parallel = asyncio.Semaphore(max_parallel)
        self._profile: str | None = None

    async def _ensure_browser(self, url: str) -> Any:
        async with self._start_lock:
            if self._failed:
                raise RenderUnavailable(self._failed)
            if self._browser is None:
                try:
                    self._browser = await self._launch(url)
                except RenderUnavailable as exc:
                    self._failed = str(exc)
                    raise
            return self._browser

    async def _launch(self, url: str) -> Any:
        path = Path(self.settings.chromium_path)
        if not path.exists():
            raise RenderUnavailable(f"no_chromium: {path}")
        try:
            from playwright.async_api import async_playwright
        except ImportError as exc:
            raise RenderUnavailable("no_playwright") from exc
        try:
            self._playwright = await async_playwright().start()
            # A fresh, throw-away profile: nothing carries over between crawls.
            self._profile = tempfile.mkdtemp(prefix="govinspect-chromium-")
            context = await self._playwright.chromium.launch_persistent_context(
                self._profile, executable_path=str(path), headless=True, args=CHROMIUM_ARGS,
                proxy=proxy_from_env(url), user_agent=self.settings.user_agent,
                # as the crawler does (crawl.tls): an invalid certificate is W-I3's to report, the
                # page is still rendered and judged (chromium completes chains by AIA itself)
                ignore_https_errors=True)
        except Exception as exc:
            await self.close()
            raise RenderUnavailable(f"chromium_failed: {exc}"[:180]) from exc
        return context

    async def render(self, url: str) -> str:
        """The DOM of ``url`` after its scripts ran (network idle or the timeout)."""
        context = await self._ensure_browser(url)
        async with self._parallel:
            page = await context.new_page()
            # The DOM is what we keep: images, media and fonts only cost time (and requests).
            await page.route("**/*", _skip_heavy)
            try:
                try:
                    await page.goto(url, wait_until="load", timeout=self.settings.timeout_seconds * 1000)
                    # Lists built from XHR/fetch arrive after load: let the network settle, briefly.
                    await page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
                except Exception as exc:
                    if "Timeout" not in type(exc).__name__:
                        raise
                return str(await page.content())
            finally:
                await page.close()

    async def close(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None:
                await browser.close()
            if playwright is not None:
                await playwright.stop()
        finally:
            if self._profile:
                shutil.rmtree(self._profile, ignore_errors=True)
                self._profile = None
