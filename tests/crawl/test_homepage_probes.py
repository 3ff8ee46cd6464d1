"""W-V2 without monitor data (issue 13 part 6): a homepage that failed is probed again, spaced,
after its site's crawl, without holding a crawl slot; the rule words what the check saw and is
firm only when every probe failed over a span."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web

from govinspect.config import load_config
from govinspect.crawl import crawl_run
from govinspect.extract.categories import load_category_table
from govinspect.model import Site
from govinspect.rules.base import Finding
from govinspect.rules.engine import run_rules
from govinspect.snapshot.builder import build_snapshot
from govinspect.store import Store

from .helpers import LocalServer, fast_settings, fetches, html, make_run, make_store

INTERVAL = 0.4


def app(failures: int | None) -> web.Application:
    """A homepage that answers 503 to its first ``failures`` requests (None: always)."""
    application = web.Application()
    seen = [0]

    async def home(request: web.Request) -> web.Response:
        seen[0] += 1
        if failures is None or seen[0] <= failures:
            return web.Response(status=503, text="Service Unavailable")
        return web.Response(text=html("<p>县政府欢迎您</p>"), content_type="text/html")

    application.router.add_get("/", home)
    return application


def make_site(server: LocalServer, code: str) -> Site:
    return Site(code=code, name="测试县人民政府", url=server.url("/"), sponsor="测试县人民政府办公室")


async def crawl(tmp_path: Path, sites: list[Site], **settings: object) -> Store:
    store = make_store(tmp_path)
    make_run(store, "r", sites)
    await crawl_run(store, "r", sites, fast_settings(homepage_probes=3, homepage_probe_interval_seconds=INTERVAL,
                                                     check_links=False, **settings), tmp_path / "warc")
    return store


def w_v2(store: Store, tmp_path: Path, the_site: Site) -> list[Finding]:
    as_of = datetime.now(ZoneInfo("Asia/Shanghai"))  # the monitoring point: just after the crawl
    snap = build_snapshot(store, "r", the_site, as_of, tmp_path / "warc", load_category_table(None))
    # time compressed like the crawl: probes 0.4 s apart stand for the default 30 s
    config = load_config(tmp_path / "nohome", {"rules": {"W-V2": {"crawl_min_span_seconds": 2 * INTERVAL}}})
    return run_rules(snap, config, only=["W-V2"]).findings


async def test_dead_homepage_is_probed_again_spaced_and_vetoed_in_honest_words(tmp_path: Path) -> None:
    server = await LocalServer(app(failures=None)).start()
    try:
        the_site = make_site(server, "5101990001")
        store = await crawl(tmp_path, [the_site])
    finally:
        await server.stop()
    probes = fetches(store, "r", "probe")
    assert [p.status for p in probes] == [503] * 4  # the page fetch, then 3 spaced probes
    gaps = [(b.fetched_at - a.fetched_at).total_seconds() for a, b in pairwise(probes)]
    assert all(gap >= INTERVAL * 0.9 for gap in gaps)
    [finding] = w_v2(store, tmp_path, the_site)
    assert not finding.review and finding.message.startswith("检查期间4次访问首页均失败（")
    assert finding.message.endswith("），未经7天监测") and finding.evidence["warc"]


async def test_homepage_back_after_a_hiccup_is_for_review_only(tmp_path: Path) -> None:
    server = await LocalServer(app(failures=1)).start()
    try:
        the_site = make_site(server, "5101990002")
        store = await crawl(tmp_path, [the_site])
    finally:
        await server.stop()
    assert [p.status for p in fetches(store, "r", "probe")] == [503, 200, 200, 200]
    [finding] = w_v2(store, tmp_path, the_site)
    assert finding.review and finding.message.startswith("检查期间首页访问失败1次/共4次")
    assert finding.message.endswith("，未经7天监测，需复核")


async def test_healthy_homepage_is_not_probed_again(tmp_path: Path) -> None:
    server = await LocalServer(app(failures=0)).start()
    try:
        the_site = make_site(server, "5101990003")
        store = await crawl(tmp_path, [the_site])
    finally:
        await server.stop()
    assert [p.status for p in fetches(store, "r", "probe")] == [200]
    assert w_v2(store, tmp_path, the_site) == []


async def test_the_pauses_between_probes_hold_no_crawl_slot(tmp_path: Path) -> None:
    dead = await LocalServer(app(failures=None)).start()
    alive = await LocalServer(app(failures=0)).start()
    try:
        sites = [make_site(dead, "5101990004"), make_site(alive, "5101990005")]
        store = await crawl(tmp_path, sites, sites_in_parallel=1)
    finally:
        await dead.stop()
        await alive.stop()
    dead_probes = [p for p in fetches(store, "r", "probe") if p.site_code == "5101990004"]
    [alive_page] = [p for p in fetches(store, "r", "page") if p.site_code == "5101990005"]
    assert len(dead_probes) == 4 and alive_page.status == 200
    assert alive_page.fetched_at < dead_probes[-1].fetched_at  # crawled while the dead one waited
