"""Shared pieces of the monitor tests: a store with the farm's registry, the farm on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from govinspect.config import load_config
from govinspect.demo import build_farm
from govinspect.demo.farm import Farm
from govinspect.demo.server import FarmServer
from govinspect.model import FetchResult, Site
from govinspect.monitor.window import load_window
from govinspect.registry.store import save_sites
from govinspect.rules.base import Finding, RuleContext, SiteSnapshot, get_rule
from govinspect.store import Store, open_store
from tests.e2e_support import proxy_env

FARM: Farm = build_farm()
SHIFAN = next(s for s in FARM.sites if s.host == "www.shifan.gov.cn")
YANGBAN = next(s for s in FARM.sites if s.host == "www.yangban.gov.cn")


def make_store(tmp_path: Path, sites: list[Site] | None = None) -> Store:
    store = open_store(f"sqlite:///{tmp_path / 'govinspect.db'}")
    save_sites(store, sites if sites is not None else [SHIFAN.site, YANGBAN.site])
    return store


@asynccontextmanager
async def farm_server() -> AsyncIterator[FarmServer]:
    """The farm served in this event loop and reached through http_proxy, as the monitor would."""
    server = FarmServer(FARM)
    await server.start()
    try:
        with proxy_env(server.proxy_url):
            yield server
    finally:
        await server.stop()


def judge_w_v2(store: Store, site: Site, as_of: datetime, *, probes: list[FetchResult] | None = None,
               homepage_fetch: FetchResult | None = None) -> list[Finding]:
    """Run W-V2 on a snapshot that holds only what the monitor stored (as the builder loads it)."""
    snap = SiteSnapshot(site=site, as_of=as_of, homepage=None, probes=probes or [], homepage_fetch=homepage_fetch,
                        monitor=load_window(store, site.code, as_of - timedelta(days=31), as_of))
    rule = get_rule("W-V2")
    cfg = load_config(Path("/nonexistent/govinspect-test-home")).rule("W-V2")
    return list(rule.func(RuleContext(snap, cfg, rule)))
