"""Near-duplicate traps (近似重复页面) under the full plan's budget: an endless "下一月" calendar
whose every page renders a new date (in Chinese numerals), a new weekday grid and a rotating
duty roster stops without any per-pattern cap; a site whose short notices sit in a heavy
template (navigation and footer far longer than the notice) is crawled in full. Real aiohttp
servers on 127.0.0.1."""

from __future__ import annotations

import calendar
import random
from pathlib import Path

from aiohttp import web

from govinspect.crawl.traps import TrapDetector, mask_numbers
from govinspect.similarity.simhash import distance, simhash

from .helpers import fetches, frontier, html
from .test_scope import crawl, page_app

_CN = "〇一二三四五六七八九"
_ROSTER = ("王建国", "李秀英", "张伟", "刘洋", "陈静")
_FULL_PLAN = {"max_pages_per_site": 50_000, "max_depth": 100, "check_links": False}


def _cn_year(year: int) -> str:
    return "".join(_CN[int(d)] for d in str(year))


def _cn_month(month: int) -> str:
    return ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")[month]


def _calendar_app() -> web.Application:
    """/hdrl/index.jsp?y=2021&m=3: 活动日历 with 上一月/下一月 for ever, both ways."""
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html('<a href="/hdrl/index.jsp?y=2021&m=3">活动日历</a>'), content_type="text/html")

    async def month_page(request: web.Request) -> web.Response:
        year, month = int(request.query["y"]), int(request.query["m"])
        first, days = calendar.monthrange(year, month)
        weekdays = "".join(f"<th>星期{'一二三四五六日'[(first + i) % 7]}</th>" for i in range(7))
        grid = "".join(f"<td>{d}</td>" for d in range(1, days + 1))
        duty = _ROSTER[(year * 12 + month) % len(_ROSTER)]
        nxt = (year + month // 12, month % 12 + 1)
        prev = (year - (month == 1), 12 if month == 1 else month - 1)
        body = (f"<h2>{_cn_year(year)}年{_cn_month(month)}月 活动日历</h2><table><tr>{weekdays}</tr><tr>{grid}</tr>"
                f"</table><p>本月值班领导：{duty}。本月暂无公开活动安排，如有调整另行通知。</p>"
                f'<a href="/hdrl/index.jsp?y={prev[0]}&m={prev[1]}">上一月</a>'
                f'<a href="/hdrl/index.jsp?y={nxt[0]}&m={nxt[1]}">下一月</a>')
        return web.Response(text=html(body), content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/hdrl/index.jsp", month_page)
    return app


async def test_endless_calendar_with_changing_dates_stops(tmp_path: Path) -> None:
    server, store = await crawl(tmp_path, _calendar_app(), **_FULL_PLAN)
    months = [p.url for p in fetches(store, "r", "page") if "hdrl" in p.url]
    assert 12 <= len(months) <= 40, len(months)
    reasons = {r.reason for r in frontier(store, "r", "page") if r.state == "skipped"}
    assert reasons == {"trap: endless near-duplicate pages"}
    assert sum(server.hits.values()) < 60


_NAV = "".join(f'<a href="/lm/{i}/">{name}</a>' for i, name in enumerate(
    ("首页", "政务公开", "机构概况", "领导信息", "政策文件", "政策解读", "通知公告", "工作动态", "部门动态",
     "乡镇动态", "人事信息", "财政资金", "规划计划", "统计信息", "应急管理", "建议提案", "政务服务", "办事指南",
     "互动交流", "领导信箱", "在线咨询", "征集调查", "专题专栏", "数据开放")))
_FOOTER = ("<p>主办单位：示范县人民政府办公室　承办单位：示范县大数据中心　网站标识码：3101140038　"
           "地址：示范县人民路1号　邮编：200000　联系电话：021-12345678　ICP备案号：沪ICP备12345678号　"
           "公安机关备案号：31011402000001　建议使用1366×768分辨率、IE9以上版本浏览器访问本网站</p>")
_TOPICS = ("防汛值班", "森林防火", "秸秆禁烧", "疫苗接种", "医保缴费", "社保认证", "公租房摇号", "粮食补贴",
           "燃气安全", "消防演练", "道路封闭", "停水通知", "停电检修", "考试报名", "征兵体检", "献血活动")
_NOTICES = 300


def _notice(i: int) -> str:
    rng = random.Random(i * 7 + 1)
    a, b = rng.sample(_TOPICS, 2)
    return f"关于做好{a}和{b}工作的通知。请各村（社区）按要求落实。"


def _heavy_template_app() -> web.Application:
    """300 short notices (one line each) in a template ten times their length, listed on one page
    and chained by 上一条/下一条."""
    app = web.Application()

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=html(_NAV + '<a href="/tzgg/index.html">通知公告</a>' + _FOOTER),
                            content_type="text/html")

    async def listing(request: web.Request) -> web.Response:
        items = "".join(f'<li><a href="/tzgg/art_{1001 + i}.html">通知{i}</a></li>' for i in range(_NOTICES))
        return web.Response(text=html(f"{_NAV}<ul>{items}</ul>{_FOOTER}"), content_type="text/html")

    async def notice(request: web.Request) -> web.Response:
        i = int(request.match_info["n"]) - 1001
        if not 0 <= i < _NOTICES:
            raise web.HTTPNotFound()
        links = "".join(f'<a href="/tzgg/art_{1001 + j}.html">{t}</a>' for j, t in ((i - 1, "上一条"), (i + 1, "下一条"))
                        if 0 <= j < _NOTICES)
        return web.Response(text=html(f"{_NAV}<h1>通知公告</h1><p>{_notice(i)}</p>{links}{_FOOTER}"),
                            content_type="text/html")

    async def column(request: web.Request) -> web.Response:
        return web.Response(text=html(_NAV + "<p>栏目</p>" + _FOOTER), content_type="text/html")

    app.router.add_get("/", home)
    app.router.add_get("/tzgg/index.html", listing)
    app.router.add_get("/tzgg/art_{n:\\d+}.html", notice)
    app.router.add_get("/lm/{n}/", column)
    return app


async def test_short_notices_in_a_heavy_template_are_crawled_in_full(tmp_path: Path) -> None:
    _server, store = await crawl(tmp_path, _heavy_template_app(), **_FULL_PLAN, per_host_concurrency=8)
    crawled = {p.url for p in fetches(store, "r", "page") if p.status == 200 and "/tzgg/art_" in p.url}
    assert len(crawled) == _NOTICES
    assert not [r.reason for r in frontier(store, "r", "page") if r.state == "skipped"]


# what a month page says besides its roster (~300 characters)
_MONTH_NOTES = ("本月暂无公开活动安排，如有调整另行通知。市民群众参加各类文化惠民活动，请提前通过区文化馆"
                "微信公众号或现场窗口报名，报名时须提供本人有效身份证件。活动当天请提前十分钟到达指定地点签到，"
                "服从现场工作人员引导，保持场馆秩序，文明观演。遇暴雨、台风等恶劣天气，户外活动顺延举行，具体"
                "时间以本网站通知公告栏目发布的信息为准。老年人、残疾人等特殊群体可拨打服务热线预约专人陪同，"
                "场馆提供无障碍通道、轮椅借用和母婴室等便民设施。对活动组织有意见建议的，可通过领导信箱反映，"
                "我们将在五个工作日内予以答复。欢迎广大市民积极参与，共建共享书香社区、文明城区。")


_SIDEBAR = ("<div>当前位置：首页 > 政务公开 > 通知公告</div><div>相关链接：国务院 省政府 市政府 兄弟县区 "
            "政务服务网 信用中国 12345热线 政府信息公开指南 政府信息公开制度 政府信息公开年报 依申请公开 "
            "【字体：大 中 小】【打印本页】【关闭窗口】 扫一扫在手机打开当前页</div>")


async def test_short_notices_in_an_article_template_of_their_own_are_crawled_in_full(tmp_path: Path) -> None:
    # the article pages' breadcrumb and side bar are not on the homepage, so leaving out the
    # homepage's template leaves them in: a one-line notice is still told from its neighbours
    pages = {"/": _NAV + '<a href="/tzgg/index.html">通知公告</a>' + _FOOTER,
             "/tzgg/index.html": _NAV + "".join(f'<a href="/tzgg/art_{1001 + i}.html">通知{i}</a>'
                                                for i in range(_NOTICES)) + _FOOTER,
             **{f"/tzgg/art_{1001 + i}.html": f"{_NAV}{_SIDEBAR}<h1>通知公告</h1><p>{_notice(i)}</p>"
                                              f'<a href="/tzgg/art_{1002 + i}.html">下一条</a>{_FOOTER}'
                for i in range(_NOTICES)}}
    _server, store = await crawl(tmp_path, page_app(pages), **_FULL_PLAN, per_host_concurrency=8)
    crawled = {p.url for p in fetches(store, "r", "page") if p.status == 200 and "/tzgg/art_" in p.url}
    assert len(crawled) == _NOTICES
    assert not [r.reason for r in frontier(store, "r", "page") if r.state == "skipped"]


def test_chinese_dates_are_masked_but_not_every_numeral() -> None:
    assert mask_numbers("二〇二一年三月十五日 星期一") == mask_numbers("二〇二二年十一月三日 星期日")
    assert mask_numbers("2021年3月") == mask_numbers("1999年12月")
    # 一 in ordinary words stays: 统一部署 and 统二部署 are not the same text
    assert mask_numbers("统一部署，一是加强领导") != mask_numbers("统二部署，二是加强领导")
    assert mask_numbers("第一季度") != mask_numbers("第三季度")


def test_simhash_tells_a_changed_line_from_another_text() -> None:
    template = _MONTH_NOTES
    assert distance(simhash(template + "值班领导：王建国"), simhash(template + "值班领导：李秀英")) <= 3
    assert distance(simhash(_notice(1)), simhash(_notice(2))) > 3
    assert simhash("") == 0


def test_near_duplicates_without_simhash_are_distinct() -> None:
    # trap_simhash_bits = -1 turns SimHash off: only texts equal up to numbers and dates count as the same
    roster = [f"{_MONTH_NOTES}值班领导：{name}" for name in _ROSTER * 3]
    exact_only = TrapDetector(6, 12, 2, trap_min_pages=12, trap_max_distinct_share=0.25, trap_simhash_bits=-1)
    near = TrapDetector(6, 12, 2, trap_min_pages=12, trap_max_distinct_share=0.25)
    for detector in (exact_only, near):
        detector.observe("http://a.gov.cn/", "首页 政务公开 互动交流 活动日历", homepage=True)
    for i, text in enumerate(roster):
        exact_only.observe(f"http://a.gov.cn/rl/{i}.html", text)
        near.observe(f"http://a.gov.cn/rl/{i}.html", text)
    found_on = "http://a.gov.cn/rl/14.html"
    assert not exact_only.is_trap("http://a.gov.cn/rl/15.html", found_on)  # 5 texts of 15 pages: a third distinct
    assert near.is_trap("http://a.gov.cn/rl/15.html", found_on)


def test_a_changed_word_of_its_own_is_not_a_near_duplicate() -> None:
    # the same long notes around a one-line notice of each page's own: 15 distinct pages, although
    # their SimHashes are close (a word of a name changes fewer shingles than a notice)
    traps = TrapDetector(6, 12, 2, trap_min_pages=12, trap_max_distinct_share=0.25)
    traps.observe("http://a.gov.cn/", "首页 政务公开 互动交流", homepage=True)
    notices = list(dict.fromkeys(_notice(i) for i in range(40)))[:15]
    for i, notice in enumerate(notices):
        traps.observe(f"http://a.gov.cn/sx/{i}.html", f"{_MONTH_NOTES[:150]}{notice}{_MONTH_NOTES[150:]}")
    assert not traps.is_trap("http://a.gov.cn/sx/15.html", "http://a.gov.cn/sx/14.html")
