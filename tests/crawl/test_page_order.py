"""Two crawls of one unchanged site whose fetches finish in opposite orders judge it the same
(snapshot/order.py, rules.engine.group_by_cause).

The server holds one article back until the crawler asks for a page that only the other article
links: the crawler asks for that page only after it stored the other article (it finds the link
while handling that article's answer), so the held-back article is stored second by
construction, not by a sleep. The second crawl holds back the other article. Both articles and
their attachment pages carry the same injected hidden link block (W-V1c, one cause) with
different keywords on each page, so the merged finding's URL, message and page list show the
order the rules met the pages in. The cloaking check (W-V1d) samples the same pages in both."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from aiohttp import web

from govinspect.config import load_config
from govinspect.crawl import crawl_run
from govinspect.extract.categories import load_category_table
from govinspect.model import Site
from govinspect.rules.engine import run_rules
from govinspect.snapshot.builder import build_snapshot

from .helpers import LocalServer, fast_settings, fetches, html, make_run, make_store

AS_OF = datetime(2024, 3, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
CODE = "3307820007"
FIRST = "/tzgg/202403/t20240305_101.html"   # first of the two by URL, at the same distance
SECOND = "/tzgg/202403/t20240306_102.html"
ATTACHMENT = {FIRST: "/tzgg/202403/t20240305_101_fj.html", SECOND: "/tzgg/202403/t20240306_102_fj.html"}
# rotating keywords of one injected block: every page shows other words, the links stay
KEYWORDS = {FIRST: "百家乐 真人荷官 注册送彩金", SECOND: "澳门赌场 在线投注 首存送",
            ATTACHMENT[FIRST]: "时时彩 北京赛车 返水", ATTACHMENT[SECOND]: "六合彩 开元棋牌 体验金"}
LIVENESS_SECONDS = 120.0  # a bound for a loaded machine: the gate opens on an event, not a timer


class Gate:
    """Holds ``held`` back until ``release_on`` is asked for."""

    def __init__(self, held: str, release_on: str) -> None:
        self.held = held
        self.release_on = release_on
        self.opened = asyncio.Event()


GATE = web.AppKey("gate", list)


def township_site() -> web.Application:
    app = web.Application()
    app[GATE] = []

    async def home(request: web.Request) -> web.Response:
        body = ('<div class="nav"><a href="/tzgg/">通知公告</a><a href="/bmdt/">部门动态</a></div>'
                '<div class="footer">主办单位：佛堂镇人民政府</div>')
        return web.Response(text=html(body, "佛堂镇人民政府"), content_type="text/html")

    async def notices(request: web.Request) -> web.Response:
        items = "".join(f'<li><a href="{p}">关于开展第{i}批防汛检查的通知</a><span>2024-03-0{5 + i}</span></li>'
                        for i, p in enumerate((FIRST, SECOND)))
        return web.Response(text=html(f"<ul>{items}</ul>", "通知公告"), content_type="text/html")

    async def news(request: web.Request) -> web.Response:
        return web.Response(text=html('<ul><li><a href="/bmdt/t20240301_55.html">镇村两级召开春耕备耕会</a></li></ul>',
                                      "部门动态"), content_type="text/html")

    async def plain_article(request: web.Request) -> web.Response:
        return web.Response(text=html("<p>镇村两级召开春耕备耕工作会议，部署农资储备。</p>", "春耕备耕"),
                            content_type="text/html")

    async def article(request: web.Request) -> web.Response:
        path = request.path
        for gate in request.app[GATE]:
            if path == gate.release_on:
                gate.opened.set()
            if path == gate.held:
                await asyncio.wait_for(gate.opened.wait(), LIVENESS_SECONDS)
        more = f'<p><a href="{ATTACHMENT[path]}">附件：检查表</a></p>' if path in ATTACHMENT else ""
        injected = ('<div style="display:none">' + "".join(
            f'<a href="http://www.hg{i}-bet.example.com/">{word}</a>' for i, word in enumerate(KEYWORDS[path].split()))
            + "</div>")
        body = f"<p>各村（社区）要做好防汛检查工作。</p>{more}{injected}"
        return web.Response(text=html(body, "防汛检查"), content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/tzgg/", notices)
    app.router.add_get("/bmdt/", news)
    app.router.add_get("/bmdt/t20240301_55.html", plain_article)
    app.router.add_get("/tzgg/202403/{name}", article)
    return app


async def crawl_and_judge(server: LocalServer, home: Path, gate: Gate) -> tuple[list[str], list[str], list[Any]]:
    """Crawl with ``gate`` in place; the article paths in the order they were stored, the pages
    the cloaking check sampled, and what the rules found (rule, URL, pages, message)."""
    server.app[GATE][:] = [gate]
    site = Site(code=CODE, name="佛堂镇人民政府", url=server.url("/"), sponsor="佛堂镇人民政府办公室")
    store = make_store(home)
    make_run(store, "r", [site])
    await crawl_run(store, "r", [site], fast_settings(check_links=False, site_checks="cloak-spider"), home / "warc")
    stored = [urlsplit(row.url).path for row in fetches(store, "r", "page")]
    sampled = sorted(urlsplit(row.url).path for row in fetches(store, "r", "cloak-spider"))
    snap = build_snapshot(store, "r", site, AS_OF, home / "warc", load_category_table(None))
    found = run_rules(snap, load_config(home / "nohome")).findings
    store.close()
    return stored, sampled, [(f.rule, f.url, f.details.get("pages"), f.message) for f in found]


async def test_fetches_finishing_in_another_order_give_the_same_findings(tmp_path: Path) -> None:
    server = await LocalServer(township_site()).start()
    try:
        (tmp_path / "one").mkdir()
        (tmp_path / "two").mkdir()
        stored_one, sampled_one, found_one = await crawl_and_judge(server, tmp_path / "one",
                                                                   Gate(SECOND, ATTACHMENT[FIRST]))
        stored_two, sampled_two, found_two = await crawl_and_judge(server, tmp_path / "two",
                                                                   Gate(FIRST, ATTACHMENT[SECOND]))
    finally:
        await server.stop()
    # the two crawls did store the articles in opposite orders
    assert stored_one.index(FIRST) < stored_one.index(SECOND)
    assert stored_two.index(SECOND) < stored_two.index(FIRST)

    # the cloaking check samples the deepest pages by URL, not the first stored
    assert sampled_one == sampled_two == sorted(["/", FIRST, ATTACHMENT[FIRST], SECOND])
    assert found_one == found_two
    [(_, url, pages, message)] = [f for f in found_one if f[0] == "W-V1c"]
    # the page nearest the homepage, then first by URL, names the cause; its own keywords say it
    assert urlsplit(url).path == FIRST and "百家乐" in message
    assert pages["count"] == 4
    assert [urlsplit(u).path for u in pages["first"]] == [FIRST, SECOND, ATTACHMENT[FIRST], ATTACHMENT[SECOND]]
