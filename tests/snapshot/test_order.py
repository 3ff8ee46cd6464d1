"""Page order of a snapshot: nearest to the homepage first, then by URL, whatever order the
fetches were stored in (snapshot/order.py)."""

from __future__ import annotations

import itertools
import random
from datetime import datetime
from pathlib import Path

from govinspect.extract.categories import load_category_table
from govinspect.model import FetchResult, Link, PageModel
from govinspect.snapshot.builder import build_snapshot, ordered_fetches
from govinspect.snapshot.order import link_distances, page_order
from govinspect.snapshot.site import SiteSnapshot
from govinspect.timeutil import CHINA_TZ
from tests.similarity.helpers import World, make_site

# A county water bureau on a 大汉-style CMS (col/art paths), not the demo farm's shape.
HOST = "http://slj.yx.gov.cn"
HOME = f"{HOST}/"


def _page(path: str, *, links: tuple[str, ...] = (), pagination: tuple[str, ...] = ()) -> PageModel:
    def absolute(p: str) -> str:
        return p if "://" in p else HOST + p
    return PageModel(url=absolute(path), final_url=absolute(path), status=200,
                     links=[Link(absolute(p), "链接") for p in links],
                     pagination=[absolute(p) for p in pagination])


def _site() -> dict[str, PageModel]:
    pages = [
        _page("/", links=("/col/col1229/index.html", "/col/col1230/index.html", "/art/2024/3/1/art_1229_9.html",
                          "http://www.zjzwfw.gov.cn/", "/images/banner.jpg")),
        # a column list, its second list page (翻页) and the articles of both
        _page("/col/col1229/index.html", links=("/art/2024/3/1/art_1229_9.html", "/art/2024/2/7/art_1229_8.html"),
              pagination=("/col/col1229/index_2.html",)),
        _page("/col/col1229/index_2.html", links=("/art/2023/1/5/art_1229_2.html",),
              pagination=("/col/col1229/index.html",)),
        _page("/art/2024/3/1/art_1229_9.html", links=("/",)),
        _page("/art/2024/2/7/art_1229_8.html", links=("/art/2023/1/5/art_1229_2.html",)),
        _page("/art/2023/1/5/art_1229_2.html"),
        # a deep chain: a page also linked by a shallow one counts at the shallow distance
        _page("/col/col1230/index.html", links=("/col/col1230/sub/index.html",)),
        _page("/col/col1230/sub/index.html", links=("/col/col1230/sub/deep.html",)),
        _page("/col/col1230/sub/deep.html", links=("/art/2024/2/7/art_1229_8.html",)),
        # reached by no link the snapshot holds (its referrer failed)
        _page("/zfxxgk/orphan.html"),
        _page("/aaa/orphan.html"),
    ]
    return {p.url: p for p in pages}


EXPECTED = [
    HOME,                                                   # 0
    f"{HOST}/art/2024/3/1/art_1229_9.html",                 # 1: linked from the homepage itself
    f"{HOST}/col/col1229/index.html",                       # 1
    f"{HOST}/col/col1229/index_2.html",                     # 1: a list page sits at its list's distance
    f"{HOST}/col/col1230/index.html",                       # 1
    f"{HOST}/art/2023/1/5/art_1229_2.html",                 # 2: from the second list page
    f"{HOST}/art/2024/2/7/art_1229_8.html",                 # 2, not 4 through the deep chain
    f"{HOST}/col/col1230/sub/index.html",                   # 2
    f"{HOST}/col/col1230/sub/deep.html",                    # 3
    f"{HOST}/aaa/orphan.html",                              # unreached: last, by URL
    f"{HOST}/zfxxgk/orphan.html",
]


def test_nearest_to_the_homepage_first_then_by_url() -> None:
    assert page_order(_site(), HOME) == EXPECTED


def test_the_order_pages_were_stored_in_does_not_matter() -> None:
    pages = list(_site().items())
    rng = random.Random(20240301)
    for _ in range(30):
        rng.shuffle(pages)
        assert page_order(dict(pages), HOME) == EXPECTED


def test_distances_count_links_and_not_list_pages() -> None:
    distance = link_distances(_site(), HOME)
    assert distance[f"{HOST}/col/col1229/index_2.html"] == 1
    assert distance[f"{HOST}/col/col1230/sub/deep.html"] == 3
    assert f"{HOST}/zfxxgk/orphan.html" not in distance
    # links to what is not a page of the snapshot (another site, an image) lead nowhere
    assert set(distance) <= set(_site())


def test_a_free_list_step_found_late_still_wins() -> None:
    # /b/ is first met one link away through /a/2.html, then at distance 1 as /a/'s list page:
    # the list page step must lower it, whatever order the links are read in.
    for links in itertools.permutations(("/a/", "/a/2.html")):
        pages = {p.url: p for p in (
            _page("/", links=links),
            _page("/a/", pagination=("/b/",)),
            _page("/a/2.html", links=("/b/",)),
            _page("/b/", links=("/c.html",)),
            _page("/c.html"),
        )}
        assert link_distances(pages, HOME) == {HOME: 0, f"{HOST}/a/": 1, f"{HOST}/a/2.html": 1,
                                               f"{HOST}/b/": 1, f"{HOST}/c.html": 2}


def test_without_a_homepage_every_page_is_in_url_order() -> None:
    pages = _site()
    del pages[HOME]
    assert page_order(pages, HOME) == sorted(pages)
    assert page_order(pages, None) == sorted(pages)


def test_fetches_follow_the_pages_then_the_rest_by_url() -> None:
    pages = {url: _site()[url] for url in EXPECTED}

    def fetch(url: str, kind: str = "page") -> FetchResult:
        return FetchResult(url=url, final_url=url, status=200, error=None, content_type="text/html", kind=kind,
                           fetched_at=datetime(2024, 3, 5, tzinfo=CHINA_TZ))
    others = [fetch("http://www.zjzwfw.gov.cn/", "link"), fetch(f"{HOST}/images/banner.jpg", "link"),
              fetch(f"{HOST}/missing.html")]
    stored = [fetch(url) for url in reversed(EXPECTED)] + others
    ordered = ordered_fetches({f.url: f for f in stored}, pages)
    assert list(ordered) == EXPECTED + sorted(f.url for f in others)


def test_snapshots_of_rows_stored_in_other_orders_are_the_same(tmp_path: Path) -> None:
    """Hand-built fetch rows of one site stored in two orders (as two crawls finish them)."""
    site = make_site("3307840001", "义乌市水利局", "slj.yx.gov.cn")

    def html(title: str, hrefs: list[str]) -> str:
        links = "".join(f'<li><a href="{h}">第{i}条</a></li>' for i, h in enumerate(hrefs))
        return f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><ul>{links}</ul></body></html>'
    paths = {
        "/": html("义乌市水利局", ["/col/col1229/index.html", "/col/col1230/index.html"]),
        "/col/col1229/index.html": html("水利要闻", ["/art/2024/3/1/art_1229_9.html"]),
        "/col/col1230/index.html": html("通知公告", ["/art/2023/12/1/art_1230_3.html"]),
        "/art/2024/3/1/art_1229_9.html": html("防汛工作部署", ["/art/2023/12/1/art_1230_3.html"]),
        "/art/2023/12/1/art_1230_3.html": html("关于水库巡查的通知", []),
    }
    world = World(tmp_path)
    try:
        as_of = datetime(2024, 3, 20, tzinfo=CHINA_TZ)
        table = load_category_table(None)
        orders = []
        for run, stored in enumerate((list(paths), list(reversed(paths)))):
            run_id = world.record_run({site: {p: paths[p] for p in stored}}, run_id=f"order-{run}")
            snap = build_snapshot(world.store, run_id, site, as_of, world.config.warc_dir, table)
            assert snap.homepage is not None and snap.homepage.url == site.url
            orders.append((list(snap.pages), [u for u in snap.fetches]))
    finally:
        world.close()
    assert orders[0] == orders[1]
    assert orders[0][0] == [f"http://slj.yx.gov.cn{p}" for p in (
        "/", "/col/col1229/index.html", "/col/col1230/index.html",
        "/art/2023/12/1/art_1230_3.html", "/art/2024/3/1/art_1229_9.html")]


def test_page_rank_puts_pages_then_other_fetches_then_what_was_never_fetched() -> None:
    pages = {url: _site()[url] for url in EXPECTED}
    link_check = FetchResult(url="http://www.zjzwfw.gov.cn/", final_url="http://www.zjzwfw.gov.cn/", status=200,
                             kind="link")
    fetches = ordered_fetches({url: FetchResult(url=url, final_url=url, status=200) for url in EXPECTED}
                              | {link_check.url: link_check}, pages)
    snap = SiteSnapshot(site=make_site("3307840001", "义乌市水利局", "slj.yx.gov.cn"),
                        as_of=datetime(2024, 3, 20, tzinfo=CHINA_TZ), homepage=pages[HOME], pages=pages,
                        fetches=fetches)
    rank = snap.page_rank()
    never = ["http://www.zjzwfw.gov.cn/b.html", f"{HOST}/a.html", None]
    urls = [*never, link_check.url, *reversed(EXPECTED)]
    assert sorted(urls, key=rank) == [*EXPECTED, link_check.url, *never]  # the unfetched as they came
