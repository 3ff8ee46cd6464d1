"""Politeness: AutoThrottle arithmetic, per-host concurrency cap, download delay, settings."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path

import pytest
from aiohttp import web

from govinspect.config import ConfigError, load_defaults
from govinspect.crawl import CrawlSettings, crawl_run
from govinspect.crawl.fetcher import retry_after_seconds
from govinspect.crawl.politeness import AutoThrottle
from govinspect.crawl.traps import strip_session_ids

from .helpers import LocalServer, fast_settings, html, make_run, make_store, site


def test_autothrottle_backs_off_and_recovers() -> None:
    throttle = AutoThrottle(base_delay=0.0, max_delay=5.0, concurrency=2)
    for _ in range(10):
        throttle.observe(4.0, 200)  # slow answers: aim at 4/2 = 2 s
    assert 1.9 < throttle.delay <= 2.0
    throttle.observe(0.01, 429)
    assert throttle.delay == pytest.approx(4.0, abs=0.01)
    throttle.observe(0.01, 503)
    assert throttle.delay == 5.0  # capped
    throttle.observe(0.01, 500)
    assert throttle.delay == 5.0  # an error never speeds us up
    for _ in range(20):
        throttle.observe(0.01, 200)  # fast again: recover towards the floor
    assert throttle.delay < 0.05


def test_autothrottle_respects_floor_and_crawl_delay() -> None:
    throttle = AutoThrottle(base_delay=0.5, max_delay=3.0, concurrency=1)
    throttle.observe(0.0, 200)
    assert throttle.delay == 0.5
    throttle.raise_floor(10.0)
    assert throttle.delay == 3.0 and throttle.base_delay == 3.0


def test_retry_after_forms() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None


def test_session_ids_stripped() -> None:
    assert strip_session_ids("http://a.gov.cn/x.jsp;jsessionid=0A1B?id=3") == "http://a.gov.cn/x.jsp?id=3"
    assert strip_session_ids("http://a.gov.cn/x?PHPSESSID=abc&id=3") == "http://a.gov.cn/x?id=3"
    assert strip_session_ids("http://a.gov.cn/x?sid=9&page=2") == "http://a.gov.cn/x?page=2"
    # look-alikes stay: parameters that only contain "sid"
    assert strip_session_ids("http://a.gov.cn/x?siteid=9&side=1") == "http://a.gov.cn/x?siteid=9&side=1"


def test_settings_from_config_defaults() -> None:
    settings = CrawlSettings.from_config(load_defaults()["crawl"])
    assert settings.timeout_seconds == 15.0 and settings.max_page_bytes == 10_000_000
    assert settings.render_js == "auto" and settings.obey_robots is True
    with pytest.raises(ConfigError, match="render_js"):
        CrawlSettings.from_config({"render_js": "sometimes"})
    with pytest.raises(ConfigError, match="invalid crawl setting"):
        CrawlSettings.from_config({"max_depth": "deep"})


async def test_per_host_concurrency_and_delay(tmp_path: Path) -> None:
    state = {"now": 0, "max": 0}
    starts: list[float] = []
    app = web.Application()

    async def serve(request: web.Request) -> web.Response:
        state["now"] += 1
        state["max"] = max(state["max"], state["now"])
        starts.append(time.monotonic())
        await asyncio.sleep(0.05)
        state["now"] -= 1
        if request.path == "/":
            return web.Response(text=html("".join(f'<a href="/p{i}">{i}</a>' for i in range(12))),
                                content_type="text/html")
        return web.Response(text=html("<p>页</p>"), content_type="text/html")

    app.router.add_get("/{tail:.*}", serve)
    server = await LocalServer(app).start()
    store = make_store(tmp_path)
    s = site(server.url("/"))
    make_run(store, "r", [s])
    try:
        await crawl_run(store, "r", [s], fast_settings(per_host_concurrency=2, obey_robots=False),
                        tmp_path / "warc")
        assert state["max"] == 2
        starts.clear()
        make_run(store, "r2", [s])
        await crawl_run(store, "r2", [s], fast_settings(per_host_concurrency=4, download_delay_seconds=0.1,
                                                        max_delay_seconds=0.1, obey_robots=False),
                        tmp_path / "warc")
    finally:
        await server.stop()
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # The delay spaces dispatches; the server sees them with scheduling jitter on a loaded
    # machine, so one gap may shrink while the next grows. No burst, and the spacing holds overall.
    assert len(starts) == 13 and min(gaps) >= 0.05
    assert starts[-1] - starts[0] >= 12 * 0.1 * 0.95
