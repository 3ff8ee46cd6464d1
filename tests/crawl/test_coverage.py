"""A crawl's coverage: 全站N页 when the budget held every page found, 抽查N页 when it did not."""

from __future__ import annotations

from pathlib import Path

from govinspect.crawl.coverage import coverage_label, cut_by_budget

from .helpers import fetches, site
from .test_scope import crawl, page_app

CODE = site("http://x").code
_PAGES = {"/": "".join(f'<a href="/p{i}.html">第{i}篇</a>' for i in range(12)),
          **{f"/p{i}.html": f'<p>正文{i}</p><a href="/deep{i}.html">附</a>' for i in range(12)},
          **{f"/deep{i}.html": "<p>更深</p>" for i in range(12)}}


async def test_full_crawl_is_stated_as_full(tmp_path: Path) -> None:
    _server, store = await crawl(tmp_path, page_app(_PAGES), max_pages_per_site=1000, max_depth=10,
                                 check_links=False)
    pages = len(fetches(store, "r", "page"))
    assert pages == 25 and not cut_by_budget(store, "r", CODE)
    assert coverage_label(pages, cut_by_budget(store, "r", CODE)) == "全站25页"


async def test_page_budget_makes_a_sample(tmp_path: Path) -> None:
    _server, store = await crawl(tmp_path, page_app(_PAGES), max_pages_per_site=6, check_links=False)
    assert cut_by_budget(store, "r", CODE)
    assert coverage_label(len(fetches(store, "r", "page")), True) == "抽查6页"


async def test_depth_budget_makes_a_sample(tmp_path: Path) -> None:
    _server, store = await crawl(tmp_path, page_app(_PAGES), max_pages_per_site=1000, max_depth=1,
                                 check_links=False)
    assert cut_by_budget(store, "r", CODE)
    assert len(fetches(store, "r", "page")) == 13


async def test_traps_do_not_make_a_crawl_partial(tmp_path: Path) -> None:
    pages = {"/": '<a href="/a/">栏目</a>', "/a/": '<a href="/a/a/">再深</a>', "/a/a/": '<a href="/a/a/a/">更深</a>'}
    _server, store = await crawl(tmp_path, page_app(pages), max_pages_per_site=1000, max_depth=50,
                                 check_links=False)
    assert not cut_by_budget(store, "r", CODE)  # /a/a/a/ refused as repeated segments, not by budget


async def test_inspection_states_each_sites_coverage(tmp_path: Path) -> None:
    import asyncio

    from tests.e2e_support import FAST_CRAWL, inspect_sites

    from .helpers import LocalServer

    server = await LocalServer(page_app(_PAGES)).start()
    try:
        crawl_settings = {**FAST_CRAWL["crawl"], "check_links": False, "site_checks": "none", "homepage_probes": 0,
                          "render_js": "never"}
        sampled = {**FAST_CRAWL, "crawl": {**crawl_settings, "max_pages_per_site": 4}}
        full = {**FAST_CRAWL, "crawl": {**crawl_settings, "max_pages_per_site": 1000, "max_depth": 10}}
        target = site(server.url("/"))
        _, spot = await asyncio.to_thread(inspect_sites, tmp_path / "spot", [target], "2026-01-05", sampled)
        _, whole = await asyncio.to_thread(inspect_sites, tmp_path / "full", [target], "2026-01-05", full)
    finally:
        await server.stop()
    assert [t.coverage for t in spot.targets] == ["抽查4页"]
    assert [t.coverage for t in whole.targets] == ["全站25页"]
