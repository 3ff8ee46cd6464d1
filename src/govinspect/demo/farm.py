"""The demo farm: fictional government websites of our own making, each with known defects.

Place and office names (示范市, 样板县, 青禾区 …) are invented; the codes are well-formed
(网站标识码 with the real province prefix 33, 浙ICP备 / 浙公网安备 numbers in the right
formats) but the division codes 3399xx do not exist. Every date is computed from ``as_of``
(the 监测时间点, 2021-03-21 by default), so the farm can be rebuilt for another date and
the defects still cross the same thresholds. ``expected.py`` says what must and must not be
found on each site; ``server.py`` serves the farm; ``static.py`` exports it for nginx.

Sites (registry order):

1. 示范市人民政府 www.shifan.gov.cn — compliant portal, with look-alikes (the source of a 制度 site 3 copies).
2. 样板县人民政府 www.yangban.gov.cn — 首页不更新 and ≥ 5 栏目不更新.
3. 示范市教育局 jyj.shifan.gov.cn — ≥ 10 应更新未更新 and ≥ 5 空白栏目; a 制度 copied from site 1 (抄袭).
4. 青禾区人民政府 www.qinghequ.gov.cn — 伪造发稿日期 (PubDate after as_of); 政策解读 without links.
5. 样板县卫生健康局 wjj.yangban.gov.cn — GBK; 错链断链 of every kind.
6. 示范市自然资源和规划局 zrzy.shifan.gov.cn — TRS createPageHTML pagination; identity faults.
7. 示范市文化广电旅游局 wgl.shifan.gov.cn — lists built by JavaScript (needs chromium).
8. 青禾旅游网 www.qinghe-travel.com.cn — domain not under gov.cn; no site search; a news column 20 days old.
9. 样板县农业农村局 nyj.yangban.gov.cn — 503 to everything (站点无法访问).
10. 样板县旅游局 lyj.yangban.gov.cn — 关停 in the registry, still serving content (W-I2).
11. 样板县粮食局 lsj.yangban.gov.cn — 关停 in the registry and offline (W-I2 look-alike).

Also planted: 样板县 (2) 机构概况 unchanged for 400 days (W-D3); 青禾区 (4) links only the annual report
of two years before (W-I1).

Crawler-hostile hosts (not in the registry; ``Farm.trap_sites()``): an endless calendar, a
redirect loop, a 20 MB page, a refused upstream (502 from the proxy), a connection reset, a
slow host.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from html import escape

from govinspect.demo import render, text
from govinspect.demo.images import scanned_pdf, text_image
from govinspect.demo.media import MEDIA_HOST, DemoMedia, build_media
from govinspect.demo.render import Identity, ListEntry
from govinspect.model import Site, SiteStatus, SiteType

DEMO_AS_OF = date(2021, 3, 21)

BEHAVIOURS = ("normal", "503", "refuse", "reset", "slow", "calendar", "redirect_loop", "huge")


@dataclass
class FarmPage:
    """One response of the farm."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow-but-OK page)


@dataclass
class FarmSite:
    """One host of the farm: a registry row, its pages and how the host behaves.

    behaviour: ``normal`` serves ``pages``; ``503`` answers 503 to everything; ``refuse`` is an
    upstream that refuses connections (the proxy answers 502); ``reset`` closes the connection
    without an answer; ``slow`` waits ``delay`` seconds before each answer; ``calendar``
    generates /calendar/YYYY/M pages forever; ``redirect_loop`` redirects /loop/a ↔ /loop/b;
    ``huge`` streams a 20 MB page.
    """

    host: str
    site: Site
    pages: dict[str, FarmPage]
    behaviour: str = "normal"
    in_registry: bool = True
    index_name: str = "index.html"  # what a path ending in "/" serves
    charset: str = "utf-8"
    delay: float = 0.0
    search_index: list[tuple[str, str, str]] = field(default_factory=list)  # (title, path, yyyy-mm-dd)
    purpose: str = ""
    # W-V1d: pages served instead to Baiduspider and to visitors from a Baidu search (a hacked, cloaked site)
    cloak: dict[str, FarmPage] = field(default_factory=dict)


@dataclass
class Farm:
    sites: list[FarmSite]
    extra_hosts: dict[str, dict[str, FarmPage]]
    as_of: date
    media: DemoMedia | None = None  # the new-media accounts, served by the feed bridge host

    def registry(self) -> list[Site]:
        """The sites to inspect (registry rows), in order."""
        return [s.site for s in self.sites if s.in_registry]

    def page_count(self) -> int:
        return sum(len(s.pages) for s in self.sites) + sum(len(p) for p in self.extra_hosts.values())

    def site(self, host_or_code: str) -> FarmSite:
        for s in self.sites:
            if host_or_code in (s.host, s.site.code):
                return s
        raise KeyError(f"演示站点不存在 / no farm site {host_or_code!r}")

    def trap_sites(self) -> list[FarmSite]:
        return [s for s in self.sites if not s.in_registry]

    def hosts(self) -> list[str]:
        return [s.host for s in self.sites] + list(self.extra_hosts)


# ---- column and site specifications ------------------------------------------------------

_COLUMN_TYPES = {"news": "要闻动态", "notice": "通知公告", "policy": "政策文件", "personnel": "人事信息",
                 "planning": "规划计划", "interpretation": "政策解读", "interaction": "互动交流",
                 "service": "办事服务", "profile": "机构概况", "other": "专题专栏"}


@dataclass
class _Special:
    """An article that differs from the generated ones (forged date, future date in body …)."""

    title: str | None = None
    days: int | None = None  # days before as_of (negative: after as_of)
    unanswered: bool = False  # a 咨询 message left without a reply (W-V5b), published the day it was written
    asked_days: int | None = None  # a message written this many days before as_of (answered on ``days``)
    paragraphs: list[str] = field(default_factory=list)  # appended to the body
    extra_html: str = ""
    replace_body: bool = False  # the paragraphs are the whole body (a document copied between sites)
    no_link: bool = False  # a 政策解读 without its 相关文件 link (W-D15)


@dataclass
class _Col:
    name: str
    path: str  # "/xwzx/gzdt/"
    kind: str  # news|notice|policy|personnel|planning|interpretation|interaction|service|profile|other
    newest: int | None  # days before as_of of the newest item; None: never published anything
    count: int = 8
    step: int = 4  # days between items
    level: int = 2  # 1: in the homepage navigation
    parent: str | None = None  # landing page path
    placeholder: str = ""  # "暂无信息" / "正在建设中"
    js: bool = False  # list built by JavaScript from inline JSON
    home: bool = False  # newest items shown on the homepage
    specials: dict[int, _Special] = field(default_factory=dict)
    links_to: str | None = None  # interpretation column: item i links to this column's item i


@dataclass
class _Landing:
    name: str
    path: str
    level: int = 1
    extra_links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Spec:
    seq: int
    host: str
    site: Site
    place: str  # 示范市: used in titles
    ident: Identity
    layout: str  # ul | table | div | cn | bracket
    columns: list[_Col]
    landings: list[_Landing]
    trs: bool = False
    friend_links: list[tuple[str, str]] = field(default_factory=list)
    annual_report: bool = True
    annual_report_lag: int = 1  # the homepage links the report of as_of.year − lag (2: last year's is missing)
    search: bool = True  # a search form in the homepage header (W-D8)
    purpose: str = ""


@dataclass
class _Item:
    title: str
    path: str
    published: datetime
    paragraphs: list[str]
    extra_html: str = ""


_PAGE_SIZE = 20
_TRS_PAGE_SIZE = 10


def _png() -> bytes:
    """A 1×1 PNG (our own bytes, built here)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = zlib.compress(b"\x00\xc0\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def minimal_pdf(title: str) -> bytes:
    """A minimal one-page PDF (ASCII text only): farm attachments and test fixtures."""
    content = f"BT /F1 12 Tf 72 720 Td ({title}) Tj ET".encode("ascii")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


_CSS = (b"body{font-family:'Microsoft YaHei',SimSun,sans-serif;margin:0;color:#333}"
        b".nav ul{list-style:none;background:#b51d1d;margin:0;padding:0}.nav li{display:inline-block}"
        b".nav a{color:#fff;padding:10px 18px;display:block}.list li span{float:right}"
        b".footer{background:#f2f2f2;text-align:center;font-size:13px;padding:16px}")


class _Builder:
    """Turns one ``_Spec`` into pages."""

    def __init__(self, spec: _Spec, as_of: date, scale: int) -> None:
        self.spec = spec
        self.as_of = as_of
        self.scale = scale
        self.pages: dict[str, FarmPage] = {}
        self.search: list[tuple[str, str, str]] = []
        self.items: dict[str, list[_Item]] = {}
        self.ext = "shtml" if spec.trs else "html"
        self.index = f"index.{self.ext}"
        ident = spec.ident
        self.content_type = f"text/html; charset={'GBK' if ident.charset == 'gbk' else 'utf-8'}"
        self.nav: list[tuple[str, str]] = [("首页", "/")]
        entries = [(lnd.name, lnd.path) for lnd in spec.landings]
        entries += [(c.name, c.path) for c in spec.columns if c.level == 1]
        self.nav += sorted(entries, key=lambda e: _nav_order(e[1]))

    # -- helpers
    def put(self, path: str, html: str, status: int = 200) -> None:
        body = html.encode("gbk" if self.spec.ident.charset == "gbk" else "utf-8")
        self.pages[path] = FarmPage(body, self.content_type, status)

    def day(self, days_before: int) -> date:
        return self.as_of - timedelta(days=days_before)

    def _id(self, col_index: int, item_index: int) -> int:
        return self.spec.seq * 1_000_000 + col_index * 10_000 + item_index

    def _column_trail(self, col: _Col) -> list[tuple[str, str]]:
        trail = [("首页", "/")]
        if col.parent:
            landing = next((lnd for lnd in self.spec.landings if lnd.path == col.parent), None)
            if landing:
                trail.append((landing.name, landing.path))
        trail.append((col.name, col.path))
        return trail

    # -- items
    def make_items(self) -> None:
        spec = self.spec
        for ci, col in enumerate(spec.columns):
            items: list[_Item] = []
            if col.newest is not None:
                count = col.count * (self.scale if col.count > 1 else 1)
                for i in range(count):
                    special = col.specials.get(i)
                    days = col.newest + i * col.step
                    if special and special.days is not None:
                        days = special.days
                    day = self.day(days)
                    when = datetime.combine(day, time(8 + (ci + i) % 9, (i * 17 + ci * 7) % 60))
                    kind = col.kind if col.kind in ("news", "notice", "policy", "personnel", "planning",
                                                    "other") else "news"
                    if col.kind == "interpretation" and col.links_to:
                        title = "《" + self.items[col.links_to][i % len(self.items[col.links_to])].title + "》政策解读"
                    elif col.kind == "interaction":
                        title = text.consult_title(i + ci)
                    elif col.kind == "service":
                        title = text.service_title(i)
                    elif col.kind == "profile":
                        title = ["机构职能", "领导信息", "内设机构", f"{spec.place}概况"][i % 4]
                    else:
                        title = text.title(kind, i + ci * 3, spec.place)
                    if special and special.title:
                        title = special.title
                    paras = text.body(kind, f"{spec.host}|{col.path}|{i}", spec.place, spec.ident.sponsor,
                                      spec.ident.tel)
                    extra = ""
                    if col.kind == "interaction":
                        asked = when - timedelta(days=3)
                        if special and special.asked_days is not None:
                            asked = datetime.combine(self.day(special.asked_days), time(9, 30))
                        if special and special.unanswered:
                            asked = when
                        paras = [f"留言时间：{asked:%Y-%m-%d %H:%M}", "留言内容：请问相关办理流程和所需材料有哪些？"]
                        if special and special.unanswered:
                            paras.append("办理状态：未答复")
                        else:
                            paras += [f"答复时间：{when:%Y-%m-%d %H:%M}", f"答复单位：{spec.ident.sponsor}",
                                      "答复内容：您好，您反映的问题已收悉，具体办理流程请登录政务服务网查询，"
                                      f"或拨打咨询电话{spec.ident.tel}。感谢您的关注！"]
                    elif col.kind == "service":
                        paras = ["事项名称：" + title.removesuffix("办事指南"), "设定依据：《中华人民共和国行政许可法》",
                                 "申请条件：符合相关规定的申请人", "办理材料：申请表、身份证明材料",
                                 f"办理地点：{spec.place}政务服务中心一楼综合窗口",
                                 "办理时间：工作日上午9:00—12:00，下午13:30—17:00",
                                 f"联系电话：{spec.ident.tel}", "办理流程：申请—受理—审查—决定—送达"]
                    elif col.kind == "interpretation" and col.links_to and not (special and special.no_link):
                        target = self.items[col.links_to][i % len(self.items[col.links_to])]
                        extra = f'<p>相关文件：<a href="{target.path}">{escape(target.title)}</a></p>'
                    if special:
                        paras = special.paragraphs if special.replace_body else paras + special.paragraphs
                        extra += special.extra_html
                    path = f"{col.path}{day:%Y%m}/t{day:%Y%m%d}_{self._id(ci, i)}.{self.ext}"
                    items.append(_Item(title, path, when, paras, extra))
                items.sort(key=lambda it: it.published, reverse=True)
            self.items[col.path] = items

    # -- pages
    def build(self) -> FarmSite:
        spec = self.spec
        self.make_items()
        for ci, col in enumerate(spec.columns):
            self.column_pages(ci, col)
        for landing in spec.landings:
            self.landing_page(landing)
        self.homepage()
        self.misc_pages()
        return FarmSite(spec.host, spec.site, self.pages, index_name=self.index, charset=spec.ident.charset,
                        search_index=self.search, purpose=spec.purpose)

    def column_pages(self, ci: int, col: _Col) -> None:
        spec, ident = self.spec, self.spec.ident
        items = self.items[col.path]
        ctype = _COLUMN_TYPES.get(col.kind, "其他")
        trail = self._column_trail(col)
        for item in items:
            self.put(item.path, render.article(ident, self.nav, trail, item.title, item.published, ident.sponsor,
                                               item.paragraphs, col.name, ctype, item.extra_html,
                                               spec.friend_links))
            self.search.append((item.title, item.path, item.published.date().isoformat()))
        size = _TRS_PAGE_SIZE if spec.trs else _PAGE_SIZE
        entries = [ListEntry(it.title, it.path, it.published.date()) for it in items]
        # a JavaScript list holds every item in its JSON; server-side lists are paginated
        chunks = [entries] if col.js else ([entries[i:i + size] for i in range(0, len(entries), size)] or [[]])
        for pi, chunk in enumerate(chunks):
            if col.js:
                listing = render.js_list(chunk)
            elif col.placeholder:
                listing = f'<div class="list"><p class="no-data">{col.placeholder}</p></div>'
            else:
                listing = render.list_items(chunk, spec.layout)
            html = (render.head(ident, f"{col.name}_{ident.site_name}", "list",
                                {"ColumnName": col.name, "ColumnType": ctype})
                    + render.header(ident, self.nav) + render.breadcrumb(trail)
                    + f'<div class="main"><div class="column-title"><h2>{escape(col.name)}</h2></div>\n'
                    + listing + "\n" + render.pager(len(chunks), pi, spec.trs, self.ext) + "</div>\n"
                    + render.footer(ident, spec.friend_links))
            name = self.index if pi == 0 else f"index_{pi}.{self.ext}"
            self.put(col.path + name, html)

    def landing_page(self, landing: _Landing) -> None:
        spec, ident = self.spec, self.spec.ident
        children = [c for c in spec.columns if c.parent == landing.path]
        blocks = []
        for col in children:
            blocks.append(f'<div class="sub-column"><h3><a href="{col.path}">{escape(col.name)}</a></h3></div>')
        for name, href in landing.extra_links:
            blocks.append(f'<div class="sub-column"><h3><a href="{href}">{escape(name)}</a></h3></div>')
        if landing.path == "/hdjl/":  # 留言受理反馈情况统计 (W-D5): every farm site with 互动交流 publishes one
            blocks.append('<div class="sub-column"><h3><a href="/hdjl/lytj/">留言办理情况统计</a></h3></div>')
        html = (render.head(ident, f"{landing.name}_{ident.site_name}", "list",
                            {"ColumnName": landing.name, "ColumnType": "栏目导航"})
                + render.header(ident, self.nav) + render.breadcrumb([("首页", "/"), (landing.name, landing.path)])
                + '<div class="main">\n' + "\n".join(blocks) + "\n</div>\n" + render.footer(ident, spec.friend_links))
        self.put(landing.path + self.index, html)

    def homepage(self) -> None:
        spec, ident = self.spec, self.spec.ident
        blocks = []
        for col in spec.columns:
            if not col.home:
                continue
            entries = [ListEntry(it.title, it.path, it.published.date()) for it in self.items[col.path][:6]]
            listing = render.js_list(entries) if col.js else render.list_items(entries, spec.layout)
            blocks.append(f'<div class="block"><div class="block-title"><h3>{escape(col.name)}</h3>'
                          f'<a class="more" href="{col.path}">更多&gt;&gt;</a></div>\n{listing}</div>')
        if spec.annual_report:
            blocks.append(f'<div class="block"><a href="/zwgk/ndbb/{self.index}">'
                          f"{self.as_of.year - spec.annual_report_lag}年政府网站工作年度报表</a></div>")
        html = (render.head(ident, ident.site_name, "home") + render.header(ident, self.nav, search=spec.search)
                + '<div class="banner"><img src="/images/banner.png" alt="首页横幅"></div>\n'
                + '<div class="main">\n' + "\n".join(blocks) + "\n</div>\n"
                + render.footer(ident, spec.friend_links))
        self.put("/" + self.index, html)

    def misc_pages(self) -> None:
        spec, ident = self.spec, self.spec.ident
        self.pages["/images/logo.png"] = FarmPage(_png(), "image/png")
        self.pages["/images/banner.png"] = FarmPage(_png(), "image/png")
        self.pages["/css/style.css"] = FarmPage(_CSS, "text/css")
        self.pages["/robots.txt"] = FarmPage(b"User-agent: *\nDisallow: /search/\n", "text/plain")
        simple = {
            "/lxwm/": ("联系我们", [f"主办单位：{ident.sponsor}", f"联系电话：{ident.tel}", f"通讯地址：{ident.address}"]),
            "/wzdt/": ("网站地图", [name for name, _ in self.nav]),
            "/zwgk/gkzn/": ("政府信息公开指南", [f"{ident.sponsor}依法主动公开政府信息。",
                                             "申请公开政府信息的，可通过网上申请、信函申请或当面申请等方式提出。"]),
            "/sybz/": ("使用帮助", ["本网站推荐使用1366×768及以上分辨率浏览。", "如有疑问请通过“联系我们”反馈。"]),
        }
        if any(landing.path == "/hdjl/" for landing in spec.landings):
            simple["/hdjl/lytj/"] = ("留言办理情况统计", [
                f"{self.as_of.year}年{self.as_of.month}月，本网站共收到网民留言{30 + spec.seq}件，已办结{30 + spec.seq}件。",
                "留言受理反馈情况每月公开一次，欢迎社会各界监督。"])
        if spec.annual_report:
            simple["/zwgk/ndbb/"] = (f"{spec.ident.site_name}政府网站工作年度报表"
                                     f"（{self.as_of.year - spec.annual_report_lag}年度）", [
                f"网站名称：{ident.site_name}", f"首页网址：http://{spec.host}/", f"主办单位：{ident.sponsor}",
                f"政府网站标识码：{spec.site.code}", f"ICP备案号：{ident.icp or ''}",
                f"公安机关备案号：{ident.psb or ''}", "独立用户访问总量：128650个", "网站总访问量：1526730次"])
        for path, (name, lines) in simple.items():
            html = (render.head(ident, f"{name}_{ident.site_name}", "other") + render.header(ident, self.nav)
                    + render.breadcrumb([("首页", "/"), (name, path)])
                    + f'<div class="main"><h2>{escape(name)}</h2>\n'
                    + "\n".join(f"<p>{escape(line)}</p>" for line in lines) + "</div>\n"
                    + render.footer(ident, spec.friend_links))
            self.put(path + self.index, html)


def _nav_order(path: str) -> int:
    order = ["/xwzx/", "/tzgg/", "/zcwj/", "/zwgk/", "/hdjl/", "/bsfw/", "/zjxx/", "/ztzl/"]
    for i, prefix in enumerate(order):
        if path.startswith(prefix):
            return i
    return len(order)


def _ident(name: str, host: str, sponsor: str, code: str, seq: int, *, icp: str | None = None,
           psb_digits: str | None = None, **overrides: object) -> Identity:
    """A correct identity block for a site (overrides make it faulty)."""
    division = code[:6]
    record = psb_digits or f"{division}02{seq:06d}"
    ident = Identity(
        site_name=name, domain=host, sponsor=sponsor, undertaker=f"{sponsor}信息中心",
        tel=f"0570-8{seq:02d}1{seq:02d}6{seq}", address=f"{name[:3]}人民路{seq * 11}号",
        footer_code=code, meta_code=code, icp=icp or f"浙ICP备{21000100 + seq}号",
        psb=f"浙公网安备 {record}号", psb_record=record,
        conac_js=_conac_path(seq), jiucuo_code=code)
    for key, value in overrides.items():
        setattr(ident, key, value)
    return ident


def _conac_path(seq: int) -> str:
    return f"/js/33/000/0000/{60429900 + seq}/CA3300000006042990{seq:04d}.js"


def _site(code: str, name: str, host: str, sponsor: str, site_type: SiteType, region: str,
          supervisor: str = "") -> Site:
    return Site(code=code, name=name, url=f"http://{host}/", sponsor=sponsor, supervisor=supervisor,
                region=region, site_type=site_type)


def _portal_columns(news: list[tuple[str, str, int]], notice: int, policy: int, personnel: int, planning: int,
                    profile: int = 40,
                    *, count: int = 6) -> list[_Col]:
    """The usual portal set: 新闻中心 sub-columns, 通知公告/政策文件 (一级), 信息公开 sub-columns,
    互动交流, 办事服务, 走进XX."""
    cols = [_Col(name, f"/xwzx/{slug}/", "news", days, count=count + 3, step=3, parent="/xwzx/",
                 home=i < 2) for i, (name, slug, days) in enumerate(news)]
    cols += [
        _Col("通知公告", "/tzgg/", "notice", notice, count=count, step=12, level=1, home=True),
        _Col("政策文件", "/zcwj/", "policy", policy, count=count, step=15, level=1),
        _Col("政策解读", "/zwgk/zcjd/", "interpretation", policy + 1, count=4, step=15, parent="/zwgk/",
             links_to="/zcwj/"),
        _Col("人事信息", "/zwgk/rsxx/", "personnel", personnel, count=5, step=30, parent="/zwgk/"),
        _Col("规划计划", "/zwgk/ghjh/", "planning", planning, count=4, step=60, parent="/zwgk/"),
        _Col("咨询投诉", "/hdjl/zxts/", "interaction", 4, count=6, step=6, parent="/hdjl/"),
        _Col("办事指南", "/bsfw/bszn/", "service", 30, count=6, step=20, parent="/bsfw/"),
        _Col("机构概况", "/zjxx/jggk/", "profile", profile, count=4, step=1, parent="/zjxx/"),
    ]
    return cols


def _landings(place: str) -> list[_Landing]:
    return [_Landing("新闻中心", "/xwzx/"),
            _Landing("政府信息公开", "/zwgk/", extra_links=[("政府信息公开指南", "/zwgk/gkzn/"),
                                                          ("政府信息公开年报", "/zwgk/ndbb/")]),
            _Landing("互动交流", "/hdjl/"), _Landing("办事服务", "/bsfw/"), _Landing(f"走进{place}", "/zjxx/")]


def _audit_rules(unit: str) -> list[str]:
    """A 信息发布审核制度 (our own text): site 3 copies site 1's, changing only the unit (W-D16)."""
    return [
        f"第一条　为规范{unit}门户网站信息发布工作，落实“先审后发”要求，确保发布内容准确、及时、安全，结合工作实际，制定本制度。",
        f"第二条　本制度适用于在{unit}门户网站及其所属栏目发布的文字、图片、音视频和附件等各类信息。",
        "第三条　信息发布实行“三审三校”。信息由承办科室起草并初审，经分管负责同志审核后，"
        "报网站主管部门终审；涉及重大政策、敏感事项的，须报主要负责同志审定。",
        "第四条　审核内容包括：是否涉及国家秘密和工作秘密，是否含有个人隐私，表述是否规范、"
        "数据是否准确，标题与正文是否一致，附件能否正常打开。",
        "第五条　网站管理员须核对审签单后方可发布，发布后二十四小时内进行复核；发现错误的，"
        "应当立即撤回修改并登记更正情况。",
        "第六条　转载其他网站信息的，应当注明来源，并核实原发布单位和原文链接。",
        "第七条　对未经审核擅自发布信息，或者因审核把关不严造成不良影响的，依照有关规定追究责任。",
        "第八条　本制度自印发之日起施行。",
    ]


def _central_notice() -> list[str]:
    """A central document reposted by two portals, both naming the source (W-D16 look-alike)."""
    return [
        "（来源：中国政府网）",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        "政府网站是各级政府在互联网上履行职能、面向社会提供服务的官方平台。为进一步加强政府网站内容建设，"
        "提升信息发布、解读回应、办事服务和互动交流水平，经国务院同意，现就有关事项通知如下。",
        "一、严格落实信息发布审核制度，坚持先审后发，确保信息内容权威准确、更新及时。"
        "各地区各部门要明确网站内容保障责任，建立健全值班读网和问题整改机制。",
        "二、做好政策文件与解读材料的同步发布，解读材料应当与政策文件相互关联，方便公众查阅理解。",
        "三、规范栏目设置，对无力维护或长期不更新的栏目及时整合或关停，杜绝空白栏目和“僵尸”栏目。",
        "四、加强安全防护，落实网络安全等级保护制度，定期开展安全检测，防范网页篡改和数据泄露。",
        "各地区各部门要将政府网站建设管理纳入工作考核，确保各项要求落到实处。",
    ]


def _study_session(*, correct: bool) -> list[str]:
    """A study-session report: correct (site 1) or with serious wording errors and a typo (site 4)."""
    if correct:
        return ["会议强调，要深入学习贯彻习近平总书记重要讲话精神，增强“四个意识”、坚定“四个自信”、做到“两个维护”，"
                "深刻领悟“两个确立”的决定性意义，统筹推进“五位一体”总体布局。",
                "会上，与会同志交流了学习《习近平谈治国理政》第三卷的体会，并就加快发展大数据产业、"
                "深化与中国台湾地区和香港特别行政区的经贸交流作了讨论。"]
    return ["会议强调，要深入学习贯彻习进平总书记重要讲话精神，增强“四个意识”、坚定“三个自信”、做到“两个维护”。",
            "会上，与会同志就加快发展大数局产业、推进数字政府建设作了讨论。"]


def _plant_unanswered(cols: list[_Col]) -> None:
    """W-V5b on 样板县: a 咨询 left unanswered for 4 months, with look-alikes that must not count — an
    unanswered message older than a year, one answered 2 months after it was written, and an
    unanswered question in the 在线访谈 column (excluded by the indicator)."""
    consult = next(c for c in cols if c.kind == "interaction")
    consult.count = 9
    consult.specials[6] = _Special(title="关于县城老旧小区加装电梯补贴政策的咨询", days=120, unanswered=True)
    consult.specials[7] = _Special(title="关于农村宅基地审批流程的咨询", days=400, unanswered=True)
    consult.specials[8] = _Special(title="关于城乡居民医保缴费标准的咨询", days=90, asked_days=150)
    cols.append(_Col("在线访谈", "/hdjl/zxft/", "interaction", 150, count=1, parent="/hdjl/",
                     specials={0: _Special(title="关于在线访谈中提出的城区道路改造问题", unanswered=True)}))


def _specs(as_of: date) -> list[_Spec]:
    specs: list[_Spec] = []

    # 1. compliant portal with look-alikes
    s1 = _site("3399000001", "示范市人民政府", "www.shifan.gov.cn", "示范市人民政府办公室", SiteType.PORTAL, "浙江省示范市")
    cols = _portal_columns([("示范要闻", "smyw", 1), ("部门动态", "bmdt", 10), ("区县动态", "qxdt", 2)],
                           notice=150, policy=20, personnel=60, planning=80)
    policy = next(c for c in cols if c.path == "/zcwj/")
    policy.specials[0] = _Special(paragraphs=[f"本办法自{as_of.year}年{as_of.month + 2 if as_of.month <= 10 else 1}月1日起施行。"])
    policy.specials[1] = _Special(extra_html='<p>附件：<a href="/zcwj/fj/P020210301.pdf">实施方案全文.pdf</a></p>')
    # W-D16: the source of the 制度 site 3 copies, and a central notice reposted with attribution
    policy.specials[2] = _Special(title="示范市人民政府办公室门户网站信息发布审核制度", days=50,
                                  paragraphs=_audit_rules("示范市人民政府办公室"), replace_body=True)
    policy.specials[3] = _Special(title="国务院办公厅关于进一步加强政府网站内容建设的通知", days=45,
                                  paragraphs=_central_notice(), replace_body=True)
    # W-V1c/W-D14 look-alikes: news on cracking down on gambling; a 公示 with masked IDs and 索引号
    cols[1].specials[2] = _Special(title="示范市开展打击整治网络赌博违法犯罪专项行动", paragraphs=_anti_gambling())
    cols[3].specials[2] = _Special(title="示范市2021年第一批公益性岗位拟录用人员公示", paragraphs=_masked_list(),
                                   extra_html='<p>附件：<a href="/tzgg/fj/P020210305_gsmd.xlsx">拟录用人员名单.xlsx</a></p>'
                                              '<p><img src="/tzgg/fj/gsmd_masked.png" alt="拟录用人员名单"></p>')
    # W-V1a/W-D12 look-alikes: the correct formulations, a leader's name in a quoted book title
    cols[0].specials[3] = _Special(title="示范市召开理论学习中心组专题学习会", paragraphs=_study_session(correct=True))
    specs.append(_Spec(1, "www.shifan.gov.cn", s1, "示范市",
                       _ident("示范市人民政府", "www.shifan.gov.cn", "示范市人民政府办公室", "3399000001", 1),
                       "ul", cols, _landings("示范"),
                       friend_links=[("中国政府网", "http://www.gov.cn/"), ("样板县人民政府", "http://www.yangban.gov.cn/")],
                       purpose="合规门户网站（对照组）/ compliant portal with look-alikes"))

    # 2. stale homepage + stale columns
    s2 = _site("3399210002", "样板县人民政府", "www.yangban.gov.cn", "样板县人民政府办公室", SiteType.PORTAL, "浙江省样板县")
    cols = _portal_columns([("样板要闻", "ybyw", 20), ("乡镇动态", "xzdt", 40), ("部门动态", "bmdt", 33),
                            ("工作动态", "gzdt", 25)], notice=200, policy=250, personnel=100, planning=200,
                           profile=400)
    specs.append(_Spec(2, "www.yangban.gov.cn", s2, "样板县",
                       _ident("样板县人民政府", "www.yangban.gov.cn", "样板县人民政府办公室", "3399210002", 2),
                       "table", cols, _landings("样板"), friend_links=[("中国政府网", "http://www.gov.cn/")],
                       purpose="首页不更新、栏目不更新 / stale homepage and columns"))
    _plant_unanswered(cols)

    # 3. department: neglected + blank columns
    s3 = _site("3399000003", "示范市教育局", "jyj.shifan.gov.cn", "示范市教育局", SiteType.DEPARTMENT, "浙江省示范市",
               "示范市人民政府")
    cols = [
        _Col("教育要闻", "/xwzx/jyyw/", "news", 3, count=10, step=3, parent="/xwzx/", home=True),
        _Col("工作动态", "/xwzx/gzdt/", "news", 45, count=8, step=7, parent="/xwzx/", home=True),
        _Col("基层动态", "/xwzx/jcdt/", "news", 60, count=6, step=9, parent="/xwzx/"),
        _Col("校园动态", "/xwzx/xydt/", "news", 90, count=6, step=10, parent="/xwzx/"),
        _Col("通知公告", "/tzgg/", "notice", 200, count=6, step=20, level=1),
        _Col("政策文件", "/zcwj/", "policy", 220, count=5, step=30, level=1),
        _Col("公示公告", "/zwgk/gsgg/", "notice", 190, count=4, step=25, parent="/zwgk/"),
        _Col("规范性文件", "/zwgk/gfxwj/", "policy", 300, count=4, step=40, parent="/zwgk/"),
        _Col("人事信息", "/zwgk/rsxx/", "personnel", 400, count=4, step=30, parent="/zwgk/"),
        _Col("人事任免", "/zwgk/rsrm/", "personnel", 500, count=3, step=40, parent="/zwgk/"),
        _Col("规划计划", "/zwgk/ghjh/", "planning", 420, count=3, step=60, parent="/zwgk/"),
        _Col("发展规划", "/zwgk/fzgh/", "planning", 380, count=3, step=90, parent="/zwgk/"),
        # look-alikes: one old-but-in-window item; an old 专题 (其他) column
        _Col("年度计划", "/zwgk/ndjh/", "planning", 300, count=1, parent="/zwgk/"),
        _Col("安全教育专题", "/ztzl/aqjy/", "other", 700, count=3, step=30, level=1),
        # blank columns: nothing ever, or a placeholder only
        _Col("教育统计", "/zwgk/jytj/", "other", None, parent="/zwgk/"),
        _Col("财政信息", "/zwgk/czxx/", "other", None, parent="/zwgk/", placeholder="暂无信息"),
        _Col("建议提案办理", "/zwgk/jyta/", "other", None, parent="/zwgk/", placeholder="正在建设中"),
        _Col("重点项目", "/zwgk/zdxm/", "other", None, parent="/zwgk/"),
        _Col("学前教育", "/zwgk/xqjy/", "other", None, parent="/zwgk/", placeholder="暂无信息"),
        _Col("咨询投诉", "/hdjl/zxts/", "interaction", 6, count=5, step=8, parent="/hdjl/"),
    ]
    # W-D16: site 1's 信息发布审核制度, published here later without naming its source (抄袭)
    cols[0].specials[5] = _Special(title="示范市教育局门户网站信息发布审核制度", days=18,
                                   paragraphs=_audit_rules("示范市教育局"), replace_body=True)
    # W-D14: a 公示名单 attachment with full ID numbers
    cols[6].specials[0] = _Special(extra_html='<p>附件：<a href="/zwgk/gsgg/fj/P020200912_gsmd.xlsx">'
                                              "2020年教育助学金发放名单.xlsx</a></p>")
    # W-D14 through OCR: a 公示 pasted as a screenshot, and a scanned PDF (扫描件, no text layer)
    cols[6].specials[1] = _Special(extra_html='<p><img src="/zwgk/gsgg/fj/gsmd_202009.png" alt="资助名单"></p>')
    cols[6].specials[2] = _Special(extra_html='<p>附件：<a href="/zwgk/gsgg/fj/P020200920_sm.pdf">'
                                              "贫困学生资助名单（扫描件）.pdf</a></p>")
    specs.append(_Spec(3, "jyj.shifan.gov.cn", s3, "示范市",
                       _ident("示范市教育局", "jyj.shifan.gov.cn", "示范市教育局", "3399000003", 3), "div", cols,
                       [_Landing("新闻中心", "/xwzx/"), _Landing("政府信息公开", "/zwgk/"), _Landing("互动交流", "/hdjl/")],
                       purpose="应更新未更新栏目≥10、空白栏目≥5 / neglected and blank columns"))

    # 4. forged publish date
    s4 = _site("3399020004", "青禾区人民政府", "www.qinghequ.gov.cn", "青禾区人民政府办公室", SiteType.PORTAL, "浙江省示范市青禾区")
    cols = _portal_columns([("青禾要闻", "qhyw", 2), ("街道动态", "jddt", 4), ("部门动态", "bmdt", 6)],
                           notice=30, policy=40, personnel=50, planning=90)
    news = cols[0]
    news.specials[0] = _Special(title="青禾区召开春季植树造林动员部署会", days=-4)
    # W-D15: two 政策解读 without their 相关文件 link; W-D16 look-alike: an attributed repost
    interpretation = next(c for c in cols if c.kind == "interpretation")
    interpretation.specials[1] = _Special(no_link=True)
    interpretation.specials[2] = _Special(no_link=True)
    policy4 = next(c for c in cols if c.path == "/zcwj/")
    policy4.specials[3] = _Special(title="国务院办公厅关于进一步加强政府网站内容建设的通知", days=42,
                                   paragraphs=_central_notice(), replace_body=True)
    # W-V1a: a leader's name written with a homophone and 三个自信; W-D12: a typo (大数局)
    news.specials[4] = _Special(title="青禾区召开理论学习中心组专题学习会", paragraphs=_study_session(correct=False))
    news.specials[2] = _Special(
        title="青禾区部署开展城乡环境综合整治百日攻坚行动",
        paragraphs=[f"行动分三个阶段推进，各街道须于{as_of.year}年{as_of.month + 1 if as_of.month < 12 else 1}月"
                    "15日前完成自查自纠，并报送阶段性工作总结。"])
    specs.append(_Spec(4, "www.qinghequ.gov.cn", s4, "青禾区",
                       _ident("青禾区人民政府", "www.qinghequ.gov.cn", "青禾区人民政府办公室", "3399020004", 4,
                              icp="浙ICP备2021000404号"),
                       "cn", cols, _landings("青禾"), friend_links=[("中国政府网", "http://www.gov.cn/")],
                       annual_report_lag=2,
                       purpose="伪造发稿日期 / forged publish date; 首页只有前年的年度报表 / only an older annual report"))

    # 5. GBK department site with broken links
    s5 = _site("3399210005", "样板县卫生健康局", "wjj.yangban.gov.cn", "样板县卫生健康局", SiteType.DEPARTMENT,
               "浙江省样板县", "样板县人民政府")
    cols = [
        _Col("卫健要闻", "/xwzx/wjyw/", "news", 1, count=10, step=3, parent="/xwzx/", home=True),
        _Col("工作动态", "/xwzx/gzdt/", "news", 3, count=10, step=4, parent="/xwzx/", home=True),
        _Col("通知公告", "/tzgg/", "notice", 20, count=8, step=15, level=1, home=True),
        _Col("政策文件", "/zcwj/", "policy", 35, count=6, step=20, level=1),
        _Col("人事信息", "/zwgk/rsxx/", "personnel", 70, count=4, step=40, parent="/zwgk/"),
        _Col("规划计划", "/zwgk/ghjh/", "planning", 100, count=3, step=60, parent="/zwgk/"),
        _Col("健康科普", "/ztzl/jkkp/", "other", 10, count=6, step=10, level=1),
        _Col("咨询投诉", "/hdjl/zxts/", "interaction", 5, count=5, step=7, parent="/hdjl/"),
        _Col("办事指南", "/bsfw/bszn/", "service", 30, count=5, step=20, parent="/bsfw/"),
    ]
    broken = ('<p>相关链接：<a href="/tzgg/202012/t20201201_5999999.html">2020年度工作总结（已删除）</a>　'
              '<a href="http://old.wjj.yangban.gov.cn/">原卫生局网站</a>　'
              '<a href="/ztzl/jkzg/">健康中国行动专题</a>　'
              '<a href="/zwgk/old/">旧版信息公开</a>　'
              '<a href="/ztzl/ymjz/">疫苗接种点查询</a></p>'
              '<p><img src="/images/banner_2020.jpg" alt="宣传图"></p>'
              '<p>附件：<a href="/uploads/2020/jhbg.doc">年度计划报告.doc</a></p>')
    cols[0].specials[0] = _Special(extra_html=broken)
    cols[1].specials[1] = _Special(
        title="关于本网站“404错误页面”优化改造的说明",
        paragraphs=["近期，我局对门户网站的错误提示页面进行了优化。当用户访问的页面不存在时，服务器返回404错误代码，"
                    "网站将显示友好的提示信息，并引导用户返回首页或使用站内搜索。",
                    "同时，我们对全站链接开展了排查，对已失效的链接进行了清理和修复。"])
    specs.append(_Spec(5, "wjj.yangban.gov.cn", s5, "样板县",
                       _ident("样板县卫生健康局", "wjj.yangban.gov.cn", "样板县卫生健康局", "3399210005", 5, charset="gbk"),
                       "bracket", cols, [_Landing("新闻中心", "/xwzx/"), _Landing("政府信息公开", "/zwgk/"),
                                         _Landing("互动交流", "/hdjl/"), _Landing("办事服务", "/bsfw/")],
                       friend_links=[("样板县人民政府", "http://www.yangban.gov.cn/"),
                                     ("原卫生局网站", "http://old.wjj.yangban.gov.cn/")],
                       purpose="GBK编码、错链断链 / GBK encoding, broken links"))

    # 6. TRS pagination + identity faults
    s6 = _site("3399000006", "示范市自然资源和规划局", "zrzy.shifan.gov.cn", "示范市自然资源和规划局", SiteType.DEPARTMENT,
               "浙江省示范市", "示范市人民政府")
    cols = [
        _Col("工作动态", "/xwzx/gzdt/", "news", 2, count=32, step=2, parent="/xwzx/", home=True),
        _Col("基层动态", "/xwzx/jcdt/", "news", 5, count=21, step=3, parent="/xwzx/", home=True),
        _Col("通知公告", "/tzgg/", "notice", 15, count=12, step=8, level=1, home=True),
        _Col("政策文件", "/zcwj/", "policy", 45, count=8, step=20, level=1),
        _Col("人事信息", "/zwgk/rsxx/", "personnel", 80, count=4, step=40, parent="/zwgk/"),
        _Col("规划计划", "/zwgk/ghjh/", "planning", 60, count=4, step=60, parent="/zwgk/"),
        _Col("咨询投诉", "/hdjl/zxts/", "interaction", 3, count=5, step=7, parent="/hdjl/"),
    ]
    ident6 = _ident("示范市自然资源和规划局", "zrzy.shifan.gov.cn", "示范市自然资源和规划局", "3399000006", 6,
                    icp="浙ICP备21000106", psb_digits="44990002000106", footer_code="3399000066",
                    meta_code="3399000066", conac_js=None, jiucuo_code="3399000066",
                    omit_meta={"article": {"SiteIDCode"}})
    specs.append(_Spec(6, "zrzy.shifan.gov.cn", s6, "示范市", ident6, "ul", cols,
                       [_Landing("新闻中心", "/xwzx/"), _Landing("政府信息公开", "/zwgk/"), _Landing("互动交流", "/hdjl/"),
                        ], trs=True, friend_links=[("浙江政务服务网", "http://www.zjzwfw.gov.cn/")],
                       purpose="TRS翻页、标识信息错误 / TRS pagination, identity faults"))

    # 7. lists built by JavaScript
    s7 = _site("3399000007", "示范市文化广电旅游局", "wgl.shifan.gov.cn", "示范市文化广电旅游局", SiteType.DEPARTMENT,
               "浙江省示范市", "示范市人民政府")
    cols = [
        _Col("文旅要闻", "/xwzx/wlyw/", "news", 1, count=12, step=2, parent="/xwzx/", home=True),
        _Col("工作动态", "/xwzx/gzdt/", "news", 2, count=10, step=3, parent="/xwzx/", js=True),
        _Col("文旅活动", "/xwzx/wlhd/", "news", 4, count=8, step=4, parent="/xwzx/", js=True),
        _Col("基层动态", "/xwzx/jcdt/", "news", 3, count=8, step=5, parent="/xwzx/", js=True),
        _Col("通知公告", "/tzgg/", "notice", 12, count=8, step=15, level=1, js=True),
        _Col("政策文件", "/zcwj/", "policy", 30, count=6, step=20, level=1, js=True),
        _Col("人事信息", "/zwgk/rsxx/", "personnel", 50, count=4, step=30, parent="/zwgk/", js=True),
        _Col("咨询投诉", "/hdjl/zxts/", "interaction", 4, count=5, step=6, parent="/hdjl/"),
        _Col("办事指南", "/bsfw/bszn/", "service", 20, count=5, step=20, parent="/bsfw/"),
    ]
    specs.append(_Spec(7, "wgl.shifan.gov.cn", s7, "示范市",
                       _ident("示范市文化广电旅游局", "wgl.shifan.gov.cn", "示范市文化广电旅游局", "3399000007", 7),
                       "ul", cols, [_Landing("新闻中心", "/xwzx/"), _Landing("政府信息公开", "/zwgk/"),
                                    _Landing("互动交流", "/hdjl/"), _Landing("办事服务", "/bsfw/")],
                       purpose="脚本生成列表（需渲染）/ JavaScript-built lists"))

    # 8. not under gov.cn
    s8 = _site("3399020008", "青禾旅游网", "www.qinghe-travel.com.cn", "青禾区文化和旅游局", SiteType.OTHER,
               "浙江省示范市青禾区", "青禾区人民政府")
    cols = [
        _Col("旅游资讯", "/xwzx/lyzx/", "news", 2, count=12, step=3, parent="/xwzx/", home=True),
        _Col("景区动态", "/xwzx/jqdt/", "news", 20, count=10, step=4, parent="/xwzx/", home=True),
        _Col("通知公告", "/tzgg/", "notice", 25, count=6, step=20, level=1, home=True),
        _Col("政策文件", "/zcwj/", "policy", 60, count=5, step=25, level=1),
        _Col("咨询投诉", "/hdjl/zxts/", "interaction", 3, count=5, step=6, parent="/hdjl/"),
        _Col("办事指南", "/bsfw/bszn/", "service", 15, count=4, step=20, parent="/bsfw/"),
    ]
    specs.append(_Spec(8, "www.qinghe-travel.com.cn", s8, "青禾区",
                       _ident("青禾旅游网", "www.qinghe-travel.com.cn", "青禾区文化和旅游局", "3399020008", 8,
                              address="青禾区游客中心路8号"),
                       "div", cols, [_Landing("新闻中心", "/xwzx/"), _Landing("互动交流", "/hdjl/"),
                                     _Landing("办事服务", "/bsfw/")], search=False,
                       purpose="域名不在gov.cn下、无站内搜索、景区动态20天未更新 / domain not under gov.cn, "
                               "no site search, a news column 20 days old"))
    return specs


def _unreachable_site() -> FarmSite:
    site = _site("3399210009", "样板县农业农村局", "nyj.yangban.gov.cn", "样板县农业农村局", SiteType.DEPARTMENT,
                 "浙江省样板县", "样板县人民政府")
    return FarmSite("nyj.yangban.gov.cn", site, {}, behaviour="503", purpose="站点无法访问 / 503 to everything")


def _closed_sites(as_of: date, scale: int) -> list[FarmSite]:
    """Registry rows marked 关停 (W-I2): one still serves its old pages, one is gone as registered."""
    s10 = replace(_site("3399210010", "样板县旅游局", "lyj.yangban.gov.cn", "样板县旅游局", SiteType.DEPARTMENT,
                        "浙江省样板县", "样板县人民政府"), status=SiteStatus.CLOSED)
    cols = [_Col("旅游动态", "/xwzx/lydt/", "news", 30, count=10, step=5, parent="/xwzx/", home=True),
            _Col("通知公告", "/tzgg/", "notice", 60, count=8, step=20, level=1, home=True)]
    spec = _Spec(10, "lyj.yangban.gov.cn", s10, "样板县",
                 _ident("样板县旅游局", "lyj.yangban.gov.cn", "样板县旅游局", "3399210010", 10), "ul", cols,
                 [_Landing("新闻中心", "/xwzx/")], annual_report=False,
                 purpose="已关停（并入文广旅体局）仍在提供内容 / closed in the registry, still serving content")
    still_online = _Builder(spec, as_of, scale).build()
    s11 = replace(_site("3399210011", "样板县粮食局", "lsj.yangban.gov.cn", "样板县粮食局", SiteType.DEPARTMENT,
                        "浙江省样板县", "样板县人民政府"), status=SiteStatus.CLOSED)
    gone = FarmSite("lsj.yangban.gov.cn", s11, {}, behaviour="refuse",
                    purpose="已关停且已下线 / closed in the registry and offline")
    return [still_online, gone]


def _trap_sites() -> list[FarmSite]:
    def trap(code: str, host: str, behaviour: str, purpose: str, delay: float = 0.0) -> FarmSite:
        site = _site(code, f"爬虫陷阱（{behaviour}）", host, "演示农场", SiteType.OTHER, "演示")
        return FarmSite(host, site, {}, behaviour=behaviour, in_registry=False, delay=delay, purpose=purpose)
    return [
        trap("3399990101", "calendar.trap.test", "calendar", "无尽日历 / endless calendar /calendar/YYYY/M"),
        trap("3399990102", "loop.trap.test", "redirect_loop", "重定向循环 / redirect loop /loop/a <-> /loop/b"),
        trap("3399990103", "huge.trap.test", "huge", "超大页面 / 20 MB page"),
        trap("3399990104", "refused.trap.test", "refuse", "上游拒绝连接（代理返回502）/ refused upstream, proxy 502"),
        trap("3399990105", "reset.trap.test", "reset", "连接被重置 / connection closed without an answer"),
        trap("3399990106", "slow.trap.test", "slow", "慢速站点 / answers after 2 s", delay=2.0),
        trap("3399210015", "old.wjj.yangban.gov.cn", "refuse", "样板县卫生健康局旧站（拒绝连接）/ refused host"),
    ]


def _site5_extras(site: FarmSite) -> None:
    """Soft 404, redirect to the homepage and a slow-but-OK page on the GBK site."""
    def gbk(html: str) -> bytes:
        return html.encode("gbk")
    soft = ('<!DOCTYPE html><html><head><meta charset="gbk"><title>页面不存在</title></head><body>'
            '<div class="error"><h2>对不起，您访问的页面不存在或已被删除！</h2>'
            '<p><a href="/">返回首页</a></p></div></body></html>')
    site.pages["/ztzl/jkzg/index.html"] = FarmPage(gbk(soft), "text/html; charset=GBK")
    site.pages["/zwgk/old/index.html"] = FarmPage(b"", "text/html; charset=GBK", 302, {"Location": "/"})
    slow = ('<!DOCTYPE html><html><head><meta charset="gbk"><title>疫苗接种点查询_样板县卫生健康局</title></head>'
            "<body><h2>疫苗接种点查询</h2><ul><li>样板县人民医院门诊二楼预防接种门诊</li>"
            "<li>城关镇社区卫生服务中心</li></ul></body></html>")
    site.pages["/ztzl/ymjz/index.html"] = FarmPage(gbk(slow), "text/html; charset=GBK", delay=1.0)


def _extra_hosts(sites: list[FarmSite]) -> dict[str, dict[str, FarmPage]]:
    """The outside services footers link to, served by the farm so link checks get an answer."""
    html = "text/html; charset=utf-8"
    js = "application/javascript; charset=utf-8"

    def page(title: str, line: str) -> FarmPage:
        return FarmPage(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
                        f"<body><h1>{title}</h1><p>{line}</p></body></html>".encode(), html)

    conac: dict[str, FarmPage] = {"/image/red.png": FarmPage(_png(), "image/png")}
    for seq in range(1, 9):
        conac[_conac_path(seq)] = FarmPage(
            ("document.getElementById('_ideConac').innerHTML = '<a href=\"http://bszs.conac.cn/sitename?"
             f"method=show&id={seq:032X}\" target=\"_blank\"><img src=\"http://dcs.conac.cn/image/red.png\" "
             "title=\"党政机关\" alt=\"党政机关\"></a>';\n").encode(), js)
    return {
        "dcs.conac.cn": conac,
        "bszs.conac.cn": {"/sitename": page("党政机关网站标识（演示）", "该网站已通过党政机关网站开办资格复核。")},
        "zfwzgl.www.gov.cn": {
            "/exposure/jiucuo.js": FarmPage(
                b"(function(){var s=document.getElementById('_jiucuo_');if(!s){return;}"
                b"var a=document.createElement('a');a.href='http://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code='"
                b"+s.getAttribute('sitecode');a.innerHTML='\\u6211\\u4e3a\\u653f\\u5e9c\\u7f51\\u7ad9\\u627e\\u9519';"
                b"s.parentNode.insertBefore(a,s);})();\n", js),
            "/exposure/jiucuo.html": page("我为政府网站找错（演示）", "请填写您发现的问题。"),
        },
        "beian.miit.gov.cn": {"/index.html": page("ICP/IP地址/域名信息备案管理系统（演示）", "备案查询。")},
        "www.beian.gov.cn": {
            "/portal/registerSystemInfo": page("全国互联网安全管理服务平台（演示）", "公安机关备案信息查询。"),
            "/img/ghs.png": FarmPage(_png(), "image/png"),
        },
        "www.gov.cn": {"/index.html": page("中国政府网（演示）", "演示农场中的占位页面。")},
        "www.zjzwfw.gov.cn": {"/index.html": page("浙江政务服务网（演示）", "办事服务由省政务服务网统一提供。")},
    }


def _anti_gambling() -> list[str]:
    return ["近日，市公安局联合网信、通信管理等部门开展打击整治网络赌博违法犯罪专项行动，破获一批利用“娱乐城”"
            "“百家乐”“竞彩投注”等名义组织网络赌博的案件，抓获犯罪嫌疑人23名。",
            "公安机关提醒广大群众：远离赌博，不要下载来历不明的投注APP，发现网络赌博线索请及时举报。"]


def _masked_list() -> list[str]:
    return ["索引号：11330000002482061F/2021-00012　文号：示人社〔2021〕8号",
            "拟录用人员：张某某 339901********1234 138****5678；李某某 339901********2345 139****6789；"
            "王某某 339901********3456 137****7890。",
            "公示期为5个工作日。如有异议，请与市人力资源和社会保障局联系，电话：0570-8012345。"]


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _demo_id(born: str, seq: int) -> str:
    """A well-formed 身份证号 in the non-existent division 339901 (fictional people)."""
    body = f"339901{born}{seq:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def _xlsx(rows: list[list[str]]) -> bytes:
    """A minimal .xlsx (inline strings), byte-for-byte the same on every build."""
    def cell(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, 1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
                            '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"),
        "xl/worksheets/sheet1.xml": (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
                                     f"<sheetData>{sheet_rows}</sheetData></worksheet>"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text_ in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2021, 3, 1, 0, 0, 0)), text_.encode("utf-8"))
    return out.getvalue()


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HACKED_FOOTER_SPONSOR = "竞彩投注app,竞彩足球app"
HACKED_TITLE = "日韩AV在线观看_国产精品无码视频_成人影院"


def _plant_harmful(site: FarmSite, seq: int) -> None:
    """W-V1c/W-V1d/W-D14 defects and look-alikes (the two seed hacks, a cloaked homepage, a leaked list)."""
    articles = sorted(p for p in site.pages if "/t" in p and p.startswith("/xwzx/"))
    if seq == 1:
        rows = [["序号", "姓名", "身份证号", "联系电话"]] + [
            [str(i), f"{n}某某", f"339901********{1234 + i * 1111}", f"13{7 + i}****{5678 + i}"]
            for i, n in enumerate(("张", "李", "王"), 1)]
        site.pages["/tzgg/fj/P020210305_gsmd.xlsx"] = FarmPage(_xlsx(rows), _XLSX)
        # the same masked list as a picture: OCR reads it, W-D14 must not flag it
        site.pages["/tzgg/fj/gsmd_masked.png"] = FarmPage(text_image(["拟录用人员名单"] + [
            f"{name} {ident} {phone}" for _n, name, ident, phone in rows[1:]]), "image/png")
    elif seq == 2 and articles:
        # seed 001: gambling spam written into the footer's 主办单位 of one article page
        path = articles[len(articles) // 2]
        page = site.pages[path]
        page.body = page.body.replace("主办单位：样板县人民政府办公室".encode(),
                                      f"主办单位：{HACKED_FOOTER_SPONSOR}".encode())
    elif seq == 3:
        rows = [["序号", "姓名", "身份证号", "手机号码", "金额（元）"]] + [
            [str(i), f"学生{i:02d}", _demo_id(f"20{5 + i % 4:02d}0{1 + i % 9}1{i % 9}", i), f"1385701{i:04d}", "1500"]
            for i in range(1, 13)]
        site.pages["/zwgk/gsgg/fj/P020200912_gsmd.xlsx"] = FarmPage(_xlsx(rows), _XLSX)
        # W-D14 read by OCR (generated pictures of text, Noto CJK): a screenshot and a scanned PDF
        site.pages["/zwgk/gsgg/fj/gsmd_202009.png"] = FarmPage(text_image(["2020年秋季学期资助对象公示"] + [
            f"学生{i:02d} {_demo_id('20090315', 40 + i)}" for i in range(1, 4)]), "image/png")
        site.pages["/zwgk/gsgg/fj/P020200920_sm.pdf"] = FarmPage(scanned_pdf([
            ["示范市教育局", "关于贫困学生资助名单的通知"],
            ["资助名单"] + [f"学生{i:02d} 身份证号 {_demo_id('20100420', 60 + i)}" for i in range(1, 4)]]),
            "application/pdf")
        if articles:
            # seed 002: porn spam as the page title of one article
            path = articles[len(articles) // 3]
            page = site.pages[path]
            head, sep, rest = page.body.partition(b"<title>")
            _old, sep2, tail = rest.partition(b"</title>")
            page.body = head + sep + HACKED_TITLE.encode() + sep2 + tail
    elif seq == 4:
        home = site.pages["/" + site.index_name]
        spam = home.body.replace("<title>青禾区人民政府</title>".encode(),
                                 "<title>澳门新葡京娱乐城_官网_百家乐真人荷官</title>".encode())
        spam = spam.replace(b"</body>", '<div><a href="http://www.xpj-demo.test/">点击进入澳门新葡京娱乐城</a>'
                            "　体育投注 注册送彩金</div></body>".encode(), 1)
        site.cloak["/" + site.index_name] = FarmPage(spam, home.content_type)


def build_farm(as_of: date = DEMO_AS_OF, *, scale: int = 1) -> Farm:
    """Build the farm for the monitoring point ``as_of``. ``scale`` multiplies the articles of every
    column (older items are added, so the newest dates and therefore the defects stay the same)."""
    if scale < 1:
        raise ValueError(f"scale 必须≥1 / scale must be >= 1, got {scale}")
    sites: list[FarmSite] = []
    for spec in _specs(as_of):
        site = _Builder(spec, as_of, scale).build()
        if spec.seq == 1:
            site.pages["/zcwj/fj/P020210301.pdf"] = FarmPage(minimal_pdf("Shifan implementation plan (demo)"),
                                                             "application/pdf")
        if spec.seq == 5:
            _site5_extras(site)
        _plant_harmful(site, spec.seq)
        sites.append(site)
    sites.append(_unreachable_site())
    sites.extend(_closed_sites(as_of, scale))
    sites.extend(_trap_sites())
    extra = _extra_hosts(sites)
    media = build_media(as_of)
    extra[MEDIA_HOST] = {path: FarmPage(page.body, page.content_type) for path, page in media.pages.items()}
    return Farm(sites, extra, as_of, media)
