"""Evidence screenshots: a problem's page as it was, rendered by headless chromium from the run's
WARC records — every request the page makes is answered from the store, anything not stored is
refused, so the live site is never contacted (it may have changed or been fixed since).

Each page is rendered once per run: the image is kept under ``<home>/screenshots/<run>/`` by URL
(:func:`stored_shot`), a later bulletin copies it instead of starting chromium again, and the web
application shows a finding's screenshot from there (:func:`finding_shot`) without a browser."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from govinspect.config import Config
from govinspect.crawl.render import CHROMIUM_ARGS
from govinspect.report.bulletin import BulletinData
from govinspect.report.word import Shot
from govinspect.rules.base import Finding
from govinspect.rules.engine import pages_of
from govinspect.snapshot.warc import read_record
from govinspect.store import Store
from govinspect.store.models import FetchRow


class ScreenshotError(RuntimeError):
    """无法截图 / cannot take screenshots."""


def _key(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def shot_file(config: Config, run_id: str, url: str) -> Path:
    """Where the screenshot of ``url`` as captured in ``run_id`` is kept (whether taken or not)."""
    digest = hashlib.sha256(_key(url).encode("utf-8")).hexdigest()[:24]
    safe_run = re.sub(r"[^0-9A-Za-z_.-]+", "_", run_id)
    return config.home / "screenshots" / safe_run / f"{digest}.png"


def stored_shot(config: Config, run_id: str, url: str) -> Path | None:
    """The kept screenshot of ``url`` in ``run_id``, if one was taken."""
    path = shot_file(config, run_id, url)
    return path if path.is_file() else None


def finding_shot(config: Config, run_id: str, finding: Finding) -> Path | None:
    """The screenshot of a finding's page, where one was taken: its own URL, or for a finding of
    one cause on many pages the first of them that was shot (as the bulletin picks)."""
    for url in pages_of(finding)[1]:
        path = stored_shot(config, run_id, url)
        if path is not None:
            return path
    return None


def stored_pages(store: Store, run_id: str) -> dict[str, FetchRow]:
    """Stored responses of the run by URL (requested and final), pages before other kinds."""
    with store.session() as session:
        rows = session.scalars(select(FetchRow).where(FetchRow.run_id == run_id, FetchRow.warc_file.is_not(None))
                               .order_by(FetchRow.id)).all()
    out: dict[str, FetchRow] = {}
    for row in sorted(rows, key=lambda r: r.kind != "page"):
        for url in (row.url, row.final_url):
            out.setdefault(_key(url), row)
    return out


def take_screenshots(store: Store, config: Config, data: BulletinData, out_dir: Path, *,
                     per_problem: int = 2) -> list[Shot]:
    """One screenshot per named site and problem type (up to ``per_problem`` sites each)."""
    pages = stored_pages(store, data.run_id)
    wanted = screenshot_targets(data, pages, per_problem)
    if not wanted:
        return []
    return _shoot(config, data.run_id, pages, wanted, out_dir)


def screenshot_targets(data: BulletinData, pages: dict[str, Any], per_problem: int = 2) -> list[tuple[str, str, str]]:
    """(problem type, URL, caption) to shoot: each problem's first stored page — for a finding of
    one cause on many pages, the first page, whose evidence the finding carries — else the
    homepage."""
    wanted: list[tuple[str, str, str]] = []
    for group in data.groups:
        for target in group.sites[:per_problem]:
            urls = [u for p in target.problems if p.title == group.title for u in p.urls]
            url = next((u for u in urls if _key(u) in pages), None)
            if url is None and _key(target.site.url) in pages:
                url = target.site.url
            if url:
                wanted.append((group.title, url, f"{target.site.name}：{group.title}（{url}）"))
    return wanted


def _shoot(config: Config, run_id: str, pages: dict[str, FetchRow], wanted: list[tuple[str, str, str]],
           out_dir: Path) -> list[Shot]:
    """Copy each wanted page's kept screenshot into ``out_dir``, rendering only those not kept yet."""
    missing = list(dict.fromkeys(url for _, url, _ in wanted if stored_shot(config, run_id, url) is None))
    if missing:
        _render(config, pages, missing, lambda url: shot_file(config, run_id, url))
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    copied: dict[str, Path] = {}
    for i, (problem, url, caption) in enumerate(wanted, 1):
        if url not in copied:  # one page showing two problems is one image
            kept = stored_shot(config, run_id, url)
            if kept is None:  # it would not render
                continue
            name = re.sub(r"[^0-9A-Za-z]+", "_", url)[:60]
            copied[url] = out_dir / f"{i:02d}_{name}.png"
            shutil.copyfile(kept, copied[url])
        shots.append(Shot(problem, copied[url], caption))
    return shots


def _render(config: Config, pages: dict[str, FetchRow], urls: list[str], target: Callable[[str], Path]) -> None:
    """Render each URL from the evidence in one chromium and write its image to ``target(url)``."""
    chromium = Path(str(config.value("crawl", "chromium_path")))
    if not chromium.exists():
        raise ScreenshotError(f"未找到chromium：{chromium}，无法截图 / no chromium at {chromium}: cannot take screenshots")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ScreenshotError("未安装Playwright，无法截图 / Playwright is not installed: cannot take screenshots") from exc

    def answer(route: Any) -> None:
        row = pages.get(_key(route.request.url))
        if row is None or row.warc_offset is None or row.warc_file is None:
            route.abort()  # not in the evidence: never fetched live
            return
        record = read_record(config.warc_dir, row.warc_file, row.warc_offset)
        ctype = record.headers.get("Content-Type") or record.headers.get("content-type") or row.content_type
        route.fulfill(status=record.status or row.status or 200, body=record.body,
                      headers={"Content-Type": ctype or "text/html"})

    profile = tempfile.mkdtemp(prefix="govinspect-shots-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900}, proxy={"server": "http://127.0.0.1:9"})
            context.route("**/*", answer)
            try:
                for url in urls:
                    page = context.new_page()
                    try:
                        page.goto(url, wait_until="load", timeout=15000)
                        path = target(url)
                        path.parent.mkdir(parents=True, exist_ok=True)
                        partial = path.with_suffix(".part")
                        page.screenshot(path=str(partial), type="png")
                        os.replace(partial, path)  # readers never see half an image
                    except Exception:  # one page that will not render must not stop the bulletin
                        continue
                    finally:
                        page.close()
            finally:
                context.close()
    except ScreenshotError:
        raise
    except Exception as exc:
        raise ScreenshotError(f"chromium启动失败，无法截图 / chromium failed: {exc}"[:300]) from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
