"""Full-site crawls: an archive of thousands of articles under one URL pattern, linked to each
other (上一篇/下一篇), is crawled in full; calendars and filter permutations whose pages say
the same thing stop. Every site is served by a real aiohttp server on 127.0.0.1."""

from __future__ import annotations

import random
from pathlib import Path

from aiohttp import web

from govinspect.crawl.traps import TrapDetector, pattern_group, text_fingerprint

from .helpers import fetches, frontier, html
from .test_scope import crawl

_WORDS = ("乡村振兴", "营商环境", "安全生产", "防汛抗旱", "垃圾分类", "医疗保障", "义务教育", "养老服务",
          "河长制", "消防检查", "农田水利", "就业创业", "社区治理", "食品安全", "招商引资", "文物保护",
          "交通整治", "电子证照", "人才引进", "生态修复", "疫苗接种", "老旧小区", "住房公积金", "林长制")
_ARTICLES = 2400
_PER_LIST = 40


def _title(i: int) -> str:
    rng = random.Random(i)  # distinct words per article, as real articles have
    return "关于" + "和".join(rng.sample(_WORDS, 2)) + "工作的通知"


def _article_text(i: int) -> str:
    rng = random.Random(-i)
    body = "。".join("、".join(rng.sample(_WORDS, 4)) + "等工作稳步推进" for _ in range(3))
    return f"<h1>{_title(i)}</h1><p>{body}。</p>"


def _archive_app() -> web.Application:
    """/gzdt/index_N.shtml lists (下一页 chains them), /gzdt/YYYYMM/tYYYYMMDD_N.shtml articles."""
    app = web.Application()

    def article_url(i: int) -> str:
        month = 202001 + (i // 200) % 12
        return f"/gzdt/{month}/t{month}{1 + i % 28:02d}_{50000 + i}.shtml"

    urls = [article_url(i) for i in range(_ARTICLES)]
    index = {u: i for i, u in enumerate(urls)}
    pages = -(-_ARTICLES // _PER_LIST)

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/gzdt/index.shtml">工作动态</a>'), content_type="text/html")

    async def listing(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        n = 0 if name == "index" else int(name.removeprefix("index_"))
        if not 0 <= n < pages:
            raise web.HTTPNotFound()
        items = "".join(f'<li><a href="{urls[i]}">{_title(i)}</a></li>'
                        for i in range(n * _PER_LIST, min(_ARTICLES, (n + 1) * _PER_LIST)))
        nxt = f'<a href="/gzdt/index_{n + 1}.shtml">下一页</a>' if n + 1 < pages else ""
        return web.Response(text=html(f"<ul>{items}</ul>{nxt}"), content_type="text/html")

    async def article(request: web.Request) -> web.Response:
        i = index.get(request.path)
        if i is None:
            raise web.HTTPNotFound()
        prev = f'<a href="{urls[i - 1]}">上一篇</a>' if i else ""
        nxt = f'<a href="{urls[i + 1]}">下一篇</a>' if i + 1 < _ARTICLES else ""
        return web.Response(text=html(_article_text(i) + prev + nxt), content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/gzdt/{name}.shtml", listing)
    app.router.add_get("/gzdt/{month}/{name}.shtml", article)
    return app


async def test_archive_of_one_pattern_is_crawled_in_full(tmp_path: Path) -> None:
    # the plan's budget for a full crawl (全站); the pattern of the articles is never the limit
    _server, store = await crawl(tmp_path, _archive_app(), max_pages_per_site=10_000, max_depth=10_000,
                                 check_links=False, per_host_concurrency=8)
    crawled = {p.url for p in fetches(store, "r", "page") if p.status == 200}
    assert sum(1 for u in crawled if "/t2020" in u) == _ARTICLES
    assert sum(1 for u in crawled if "/index" in u) == -(-_ARTICLES // _PER_LIST)
    assert not [r.reason for r in frontier(store, "r", "page") if r.state == "skipped"]


def _facet_app() -> web.Application:
    """A 信息公开 list with three filters whose every combination answers the same empty list."""
    app = web.Application()
    kinds, years, orders = ("tz", "gg", "wj", "gb"), range(2000, 2030), ("asc", "desc", "hot")

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/xxgk/list.do?kind=tz&year=2021&order=asc">信息公开目录</a>'),
                            content_type="text/html")

    async def listing(request: web.Request) -> web.Response:
        q = request.query
        links = [f'<a href="/xxgk/list.do?order={q.get("order", "asc")}&year={y}&kind={q.get("kind", "tz")}">{y}年</a>'
                 for y in years]
        links += [f'<a href="/xxgk/list.do?kind={k}&order={o}&year={q.get("year", "2021")}">筛选</a>'
                  for k in kinds for o in orders]
        return web.Response(text=html("<p>共0条，暂无数据</p>" + "".join(links)), content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/xxgk/list.do", listing)
    return app


async def test_filter_permutations_stop(tmp_path: Path) -> None:
    # 4 × 30 × 3 = 360 distinct filter URLs, every one the same empty list
    _server, store = await crawl(tmp_path, _facet_app(), max_pages_per_site=10_000, max_depth=10_000,
                                 check_links=False)
    crawled = [p.url for p in fetches(store, "r", "page") if "list.do" in p.url]
    assert 12 <= len(crawled) <= 40
    reasons = [r.reason for r in frontier(store, "r", "page") if r.state == "skipped"]
    assert reasons and set(reasons) == {"trap: endless near-duplicate pages"}


def test_groups_and_fingerprints() -> None:
    assert pattern_group("http://a.gov.cn/cal/2021/3?d=1") == pattern_group("http://a.gov.cn/cal/1999/12?x=2")
    assert pattern_group("http://a.gov.cn/cal/2021/3") != pattern_group("http://b.gov.cn/cal/2021/3")
    assert text_fingerprint("2021年3月 活动日历") == text_fingerprint("1999年12月  活动日历")
    assert text_fingerprint("关于乡村振兴的通知") != text_fingerprint("关于营商环境的通知")


def test_distinct_pages_of_one_group_are_never_a_trap() -> None:
    traps = TrapDetector(6, 12, 2, trap_min_pages=4, trap_max_distinct_share=0.25)
    referrer = "http://a.gov.cn/art/2021/1/art_1.html"
    for i, word in enumerate(_WORDS[:10]):
        traps.observe(f"http://a.gov.cn/art/2021/1/art_{i}.html", f"关于{word}的通知")
    assert traps.check("http://a.gov.cn/art/2021/2/art_99.html", referrer) is None
    # a page of the same text, day after day, is
    for day in range(10):
        traps.observe(f"http://a.gov.cn/cal/2021/{day}.html", f"2021年{day}日 暂无活动")
    assert traps.check("http://a.gov.cn/cal/2021/11.html", "http://a.gov.cn/cal/2021/10.html") is not None
    # ... but not when found from another group (a column list linking into it)
    assert traps.check("http://a.gov.cn/cal/2021/11.html", "http://a.gov.cn/list.html") is None
