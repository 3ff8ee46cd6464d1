"""An unseen farm: five fictional government sites whose markup follows real CMS output.

Written from what TRS WCM (拓尔思), 大汉 Hanweb JCMS, 动易 SiteFactory, the provincial
集约化平台 and old table-layout sites actually emit — not from what our extractor expects. Each
site carries planted defects (or none) and look-alikes; ``EXPECTED`` says what an inspection
must and must not find. All names, codes and domains are fictional.

Served by ``UnseenServer``: one aiohttp app answering absolute-form proxy requests by host.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import cast
from urllib.parse import unquote

from aiohttp import web

from govinspect.model import Site, SiteType

AS_OF = date(2021, 3, 21)
AS_OF_ISO = "2021-03-21T00:00:00+08:00"


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


@dataclass
class Col:
    """A column: its path on the site, name, and (title, days before as_of) items."""

    key: str
    name: str
    items: list[tuple[str, int]] = field(default_factory=list)
    blank: str | None = None  # None, "" (empty list) or the placeholder text shown instead
    body: str = ""  # single-page column text (单页栏目)


@dataclass
class UnseenSite:
    site: Site
    charset: str
    pages: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> (body, content type)
    index: str = "index.html"

    @property
    def host(self) -> str:
        return self.site.url.split("//", 1)[1].split("/", 1)[0]

    def add(self, path: str, html: str, ctype: str | None = None) -> None:
        self.pages[path] = (html.encode(self.charset), ctype or "text/html")


@dataclass
class Expect:
    must_find: set[str]
    must_not_find: set[str]
    verdict: str


def _titles(prefix: str, n: int, start: int, step: int) -> list[tuple[str, int]]:
    return [(f"{prefix}（第{i + 1}期）", start + i * step) for i in range(n)]


PARA = ("为进一步做好相关工作，根据上级部门统一部署，结合本地实际，现将有关事项通知如下。"
        "各单位要高度重视，明确责任分工，认真抓好贯彻落实，确保各项工作取得实效。")

# ---------------------------------------------------------------- 1. TRS WCM, compliant portal


def _trs_footer(code: str) -> str:
    return f"""<div class="footer"><div class="w1200">
<div class="fl"><span id="_ideConac"><a href="http://bszs.conac.cn/sitename?method=show&amp;id=0B7E1B2A1C3D4E5F"
 target="_blank"><img src="http://dcs.conac.cn/image/red.png" border="0" /></a></span></div>
<div class="fl footer-txt"><p><a href="../../lxwm/">联系我们</a> | <a href="../../wzdt/">网站地图</a></p>
<p>主办单位：云溪县人民政府办公室 &nbsp; 联系电话：0571-86120000</p>
<p>网站标识码：{code} &nbsp; <a href="http://beian.miit.gov.cn/" target="_blank">浙ICP备05012345号</a>
 &nbsp; <a target="_blank" href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33011802000123">
<img src="../../images/ga.png" />浙公网安备 33011802000123号</a></p></div>
<div class="fr"><script id="_jiucuo_" sitecode="{code}" src="http://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></div>
</div></div>"""


def build_trs() -> UnseenSite:
    code = "3398000001"
    s = UnseenSite(Site(code, "云溪县人民政府", "http://www.yunxi.gov.cn/", "云溪县人民政府办公室",
                        region="云溪县", site_type=SiteType.PORTAL), "utf-8")
    channels: dict[str, tuple[str, list[Col]]] = {
        "xwzx": ("新闻中心", [
            Col("ywdt", "云溪要闻", _titles("云溪县召开重点工作推进会", 24, 1, 6)),
            Col("bmdt", "部门动态", _titles("县农业农村局开展春耕备耕督导", 5, 3, 9)),
            Col("xzdt", "乡镇动态", _titles("城关镇推进人居环境整治", 5, 5, 10)),
        ]),
        "zwgk": ("政务公开", [
            Col("tzgg", "通知公告", _titles("关于开展2021年度安全生产检查的通知", 4, 12, 30)),
            Col("zcwj", "政策文件", _titles("云溪县人民政府关于印发实施意见的通知", 4, 40, 45)),
            Col("rsxx", "人事信息", _titles("云溪县人民政府关于干部任免的通知", 3, 60, 90)),
            Col("ghjh", "规划计划", _titles("云溪县2021年重点工作计划", 2, 70, 200)),
            Col("xqgk", "县情概况", body="云溪县地处浙西山区，总面积1520平方公里，辖8个乡镇，户籍人口32万人。" * 3),
            Col("ldxx", "领导信息", body="县长：张某某，负责县政府全面工作。副县长：李某某，负责农业农村、水利工作。" * 2),
            Col("jgzn", "机构职能", body="云溪县人民政府办公室是县人民政府的办事机构，负责处理县政府日常工作，"
                "协助县政府领导同志组织起草县政府公文，督促检查县政府部门和各乡镇人民政府贯彻落实情况。" * 2),
        ]),
        "hdjl": ("互动交流", [
            Col("zxzx", "在线咨询", _titles("关于社保卡办理地点的咨询", 3, 4, 20)),
            Col("yjzj", "意见征集", _titles("关于《云溪县养老服务规划》公开征求意见", 2, 9, 60)),
        ]),
        "bsfw": ("办事服务", [
            Col("bszn", "办事指南", _titles("不动产登记办事指南", 3, 30, 30)),
        ]),
    }
    nav = "".join(f'<li><a href="./{ch}/">{name}</a></li>' for ch, (name, _) in channels.items())
    news = channels["xwzx"][1][0]
    notices = channels["zwgk"][1][0]

    def li(ch: str, col: Col, rel: str, n: int, short: bool) -> str:
        out = []
        for i, (t, d) in enumerate(col.items[:n]):
            day = ago(d)
            shown = f"{day:%m-%d}" if short else f"{day:%Y-%m-%d}"
            out.append(f'<li><a href="{rel}{day:%Y%m}/t{day:%Y%m%d}_{_aid(ch, col.key, i)}.html" target="_blank"'
                       f' title="{t}">{t}</a><span>{shown}</span></li>')
        return "".join(out)

    home = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="云溪县人民政府" /><meta name="SiteDomain" content="www.yunxi.gov.cn" />
<meta name="SiteIDCode" content="{code}" />
<title>云溪县人民政府</title><link href="./images/style.css" rel="stylesheet" type="text/css" /></head>
<body><div class="top"><div class="w1200"><a href="./"><img src="./images/logo.png" alt="云溪县人民政府" /></a>
<form action="http://www.yunxi.gov.cn/search/" method="get"><input name="searchword" /></form></div></div>
<div class="nav"><ul><li class="on"><a href="./">首页</a></li>{nav}</ul></div>
<div class="w1200 main">
<div class="ywbox"><div class="tt"><h3><a href="./xwzx/ywdt/">云溪要闻</a></h3><a class="more" href="./xwzx/ywdt/">更多&gt;&gt;</a></div>
<ul class="list">{li("xwzx", news, "./xwzx/ywdt/", 7, True)}</ul></div>
<div class="tzbox"><div class="tt"><h3><a href="./zwgk/tzgg/">通知公告</a></h3><a class="more" href="./zwgk/tzgg/">更多&gt;&gt;</a></div>
<ul class="list">{li("zwgk", notices, "./zwgk/tzgg/", 4, True)}</ul></div>
<div class="ndbg"><a href="./zwgk/ndbb/">云溪县人民政府网站2020年度工作报表</a></div>
</div>
{_trs_footer(code).replace("../../", "./")}
</body></html>"""
    s.add("/index.html", home)
    s.add("/images/logo.png", "PNG", "image/png")
    s.add("/images/ga.png", "PNG", "image/png")
    s.add("/images/style.css", "body{margin:0}", "text/css")
    s.add("/lxwm/index.html", _single("联系我们", "联系地址：云溪县人民路1号，邮编321000，联系电话：0571-86120000。"
                                                  "工作时间：工作日上午8:30-12:00，下午14:30-17:30。", code))
    s.add("/wzdt/index.html", _single("网站地图", nav.replace('"./', '"../'), code))
    s.add("/zwgk/ndbb/index.html", _single("2020年度政府网站工作年度报表", "网站名称：云溪县人民政府。" * 5, code,
                                        "../../"))
    for ch, (chname, cols) in channels.items():
        blocks = "".join(f'<div class="lmbox"><div class="tt"><h3>{c.name}</h3><a href="./{c.key}/" class="more">更多</a>'
                         f'</div><ul>{li(ch, c, f"./{c.key}/", 3, False)}</ul></div>' for c in cols)
        s.add(f"/{ch}/index.html", _trs_page(chname, f'<div class="position">当前位置：<a href="../">首页</a> &gt; '
                                             f"<span>{chname}</span></div>{blocks}", code, "../",
                                             f'<meta name="ColumnName" content="{chname}" />'
                                             f'<meta name="ColumnType" content="{chname}" />'))
        for col in cols:
            _trs_column(s, ch, chname, col, code)
    return s


def _aid(ch: str, key: str, i: int) -> int:
    return 4000000 + (sum(map(ord, ch + key)) % 997) * 100 + i


def _trs_page(title: str, body: str, code: str, up: str, meta: str = "") -> str:
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="云溪县人民政府" /><meta name="SiteDomain" content="www.yunxi.gov.cn" />
<meta name="SiteIDCode" content="{code}" />{meta}
<title>{title}_云溪县人民政府</title></head><body>
<div class="top"><a href="{up}">云溪县人民政府</a></div>
<div class="nav"><ul><li><a href="{up}">首页</a></li></ul></div>
<div class="w1200 content">{body}</div>
{_trs_footer(code).replace("../../", up)}</body></html>"""


def _trs_column(s: UnseenSite, ch: str, chname: str, col: Col, code: str) -> None:
    base = f"/{ch}/{col.key}/"
    colmeta = f'<meta name="ColumnName" content="{col.name}" /><meta name="ColumnType" content="{col.name}" />'
    crumb = (f'<div class="position">当前位置：<a href="../../">首页</a> &gt; <a href="../">{chname}</a> &gt; '
             f"<span>{col.name}</span></div>")
    if col.body:
        s.add(base + "index.html", _trs_page(col.name, crumb + f'<div class="article"><p>{col.body}</p></div>', code,
                                             "../../", colmeta))
        return
    per = 15
    pages = [col.items[i:i + per] for i in range(0, len(col.items), per)] or [[]]
    for n, chunk in enumerate(pages):
        rows = "".join(
            f'<li><a href="./{ago(d):%Y%m}/t{ago(d):%Y%m%d}_{_aid(ch, col.key, col.items.index((t, d)))}.html" '
            f'target="_blank" title="{t}">{t}</a><span>{ago(d):%Y-%m-%d}</span></li>' for t, d in chunk)
        pager = (f'<div class="page"><script type="text/javascript">var currentPage = {n};var countPage = {len(pages)};'
                 f'createPageHTML(countPage, currentPage, "index", "html");</script></div>')
        name = "index.html" if n == 0 else f"index_{n}.html"
        s.add(base + name, _trs_page(col.name, crumb + f'<ul class="list_ul">{rows}</ul>{pager}', code, "../../",
                                     colmeta))
    for i, (t, d) in enumerate(col.items):
        day = ago(d)
        extra = ("<p>本办法自2021年6月1日起施行，有效期五年。</p>" if i == 0 and col.key == "zcwj" else "")
        meta = (colmeta + f'<meta name="ArticleTitle" content="{t}" /><meta name="PubDate" content="{day:%Y-%m-%d} 09:30" />'
                f'<meta name="ContentSource" content="云溪县人民政府办公室" />')
        body = (crumb.replace('"../../"', '"../../../"').replace('"../"', '"../../"')
                + f'<div class="article"><h1>{t}</h1><div class="info"><span>发布时间：{day:%Y-%m-%d} 09:30</span>'
                f'<span>来源：云溪县人民政府办公室</span></div><div class="TRS_Editor"><p>{PARA}</p>{extra}</div></div>')
        s.add(f"{base}{day:%Y%m}/t{day:%Y%m%d}_{_aid(ch, col.key, i)}.html",
              _trs_page(t, body, code, "../../../", meta))


def _single(title: str, text: str, code: str, up: str = "../") -> str:
    return _trs_page(title, f"<h1>{title}</h1><div class=\"article\"><p>{text}</p></div>", code, up)


# ------------------------------------------------- 2. Hanweb JCMS (大汉), GB2312, stale department site


def _hanweb_footer(code: str) -> str:
    return f"""<div id="footer"><table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td width="110" align="center"><script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E%3Cscript src='http://dcs.conac.cn/js/33/000/0000/40000001/CA330000000400000010001.js' type='text/javascript'%3E%3C/script%3E"));</script>
<a href="http://bszs.conac.cn/sitename?method=show&amp;id=1A2B3C4D5E6F7081"><img src="http://dcs.conac.cn/image/blue.png" /></a></td>
<td class="bt_foot">主办：石岭市教育局 &nbsp; 地址：石岭市文教路8号 &nbsp; 电话：0579-82010000<br />
网站标识码{code} &nbsp; 浙ICP备13004567号-1 &nbsp; <img src="/picture/0/gongan.png" />浙公网安备 33070202000456号</td>
<td><script id="_jiucuo_" sitecode='{code}' src='http://zfwzgl.www.gov.cn/exposure/jiucuo.js'></script></td></tr></table></div>"""


def _hanweb_page(title: str, body: str, code: str, meta: str = "") -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta name="SiteName" content="石岭市教育局" /><meta name="SiteDomain" content="jyj.shiling.gov.cn" />
<meta name="SiteIDCode" content="{code}" />{meta}<title>{title}</title>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script></head><body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td><a href="/index.html"><img src="/picture/0/logo.png" /></a></td></tr></table>
{body}
{_hanweb_footer(code)}</body></html>"""


HANWEB_COLS = [
    # (col id, name, items) — the stale ones first
    (1229001, "教育要闻", _titles("石岭市教育局召开全市教育工作会议", 8, 25, 7)),
    (1229002, "工作动态", _titles("市教育局开展校园安全专项检查", 6, 31, 9)),
    (1229003, "基层动态", _titles("实验小学举行读书节启动仪式", 6, 40, 8)),
    (1229004, "通知公告", _titles("关于做好2020年秋季学期开学工作的通知", 5, 200, 20)),
    (1229005, "政策文件", _titles("石岭市教育局关于印发工作要点的通知", 4, 230, 40)),
    (1229006, "媒体关注", _titles("石岭教育改革经验获媒体关注", 4, 22, 15)),
    (1229007, "人事信息", _titles("石岭市教育局2021年公开招聘教师公告", 3, 50, 40)),
]


def _hanweb_art(colid: int, i: int, d: int) -> str:
    day = ago(d)
    return f"/art/{day.year}/{day.month}/{day.day}/art_{colid}_{58000 + (colid % 100) * 50 + i}.html"


def build_hanweb() -> UnseenSite:
    code = "3398020002"
    s = UnseenSite(Site(code, "石岭市教育局", "http://jyj.shiling.gov.cn/", "石岭市教育局",
                        region="石岭市", site_type=SiteType.DEPARTMENT), "gb2312")
    nav = ('<table class="nav" width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>'
           '<td class="nav_td"><a href="/index.html">首页</a></td>'
           + "".join(f'<td class="nav_td"><a href="/col/col{cid}/index.html" target="_blank">{n}</a></td>'
                     for cid, n, _ in HANWEB_COLS[:5])
           + '<td class="nav_td"><a href="/col/col1229010/index.html">互动交流</a></td></tr></table>')

    def table_rows(cid: int, items: list[tuple[str, int]]) -> str:
        return "".join(
            f'<tr><td width="12"><img src="/picture/0/dot.gif" /></td><td class="bt_link" align="left">'
            f'<a href="{_hanweb_art(cid, i, d)}" title="{t}" target="_blank">{t}</a></td>'
            f'<td class="bt_time" width="80" align="right">{ago(d):%Y-%m-%d}</td></tr>' for i, (t, d) in enumerate(items))

    blocks = "".join(
        f'<table width="490" border="0" cellspacing="0" cellpadding="0" class="box"><tr><td class="box_title">{n}</td>'
        f'<td align="right"><a href="/col/col{cid}/index.html" target="_blank"><img src="/picture/0/more.gif" border="0" />'
        f'</a></td></tr><tr><td colspan="2"><table width="100%" border="0" cellspacing="0" cellpadding="0">'
        f"{table_rows(cid, items[:6])}</table></td></tr></table>" for cid, n, items in HANWEB_COLS[:5])
    s.add("/index.html", _hanweb_page("石岭市教育局", nav + blocks, code))
    s.add("/picture/0/logo.png", "PNG", "image/png")
    s.add("/picture/0/dot.gif", "GIF", "image/gif")
    s.add("/picture/0/more.gif", "GIF", "image/gif")
    s.add("/picture/0/gongan.png", "PNG", "image/png")
    s.add("/module/jslib/jquery/jquery.js", "/* jquery */", "application/javascript")
    s.add("/module/jslib/jquery/jpage/dataproxy.js", "/* dataproxy */", "application/javascript")
    for cid, _, _ in HANWEB_COLS:
        s.add(f"/module/visitcount/articlehits.jsp?colid={cid}", "document.write('35');", "application/javascript")
    left = ('<div class="left_menu"><ul>' + "".join(
        f'<li><a href="/col/col{cid}/index.html">{n}</a></li>' for cid, n, _ in HANWEB_COLS) + "</ul></div>")
    for cid, name, items in HANWEB_COLS:
        # JCMS column pages carry their list as records in a <script type="text/xml"> datastore,
        # unpacked by the dataproxy script in the browser.
        records = "".join(
            f'<record><![CDATA[\n<li><a href="{_hanweb_art(cid, i, d)}" title="{t}" target="_blank">{t}</a>'
            f'<span class="bt_time">[{ago(d):%Y-%m-%d}]</span></li>]]></record>\n' for i, (t, d) in enumerate(items))
        body = (nav + '<table width="1000" align="center"><tr><td valign="top" width="220">' + left + "</td><td>"
                f'<div class="dqwz">当前位置：<a href="/index.html">首页</a> &gt; <a href="/col/col{cid}/index.html">{name}</a></div>'
                f'<div id="{cid}"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
                f'dataproxy.jsp?page=1&webid=2&path=http://jyj.shiling.gov.cn/&columnid={cid}&unitid=4567"></a>]]>'
                f"</nextgroup><recordset>\n{records}</recordset></datastore></script>"
                '<script language="javascript" src="/module/jslib/jquery/jpage/dataproxy.js"></script></div>'
                "</td></tr></table>")
        meta = f'<meta name="ColumnName" content="{name}" /><meta name="ColumnType" content="{name}" />'
        s.add(f"/col/col{cid}/index.html", _hanweb_page(f"石岭市教育局 {name}", body, code, meta))
        for i, (t, d) in enumerate(items):
            day = ago(d)
            ameta = (meta + f'<meta name="ArticleTitle" content="{t}" />'
                     f'<meta name="PubDate" content="{day:%Y-%m-%d} 16:05" /><meta name="ContentSource" content="石岭市教育局" />')
            abody = (nav + f'<div class="dqwz">当前位置：<a href="/index.html">首页</a> &gt; '
                     f'<a href="/col/col{cid}/index.html">{name}</a></div>'
                     f'<table width="900" align="center"><tr><td class="title" align="center">{t}</td></tr>'
                     f'<tr><td align="center" class="bt_content">发布日期：{day:%Y-%m-%d} &nbsp; 信息来源：石岭市教育局 &nbsp;'
                     f' 浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={cid}"></script>'
                     f'</td></tr><tr><td class="bt_content" id="zoom"><p>{PARA}</p></td></tr></table>')
            s.add(_hanweb_art(cid, i, d), _hanweb_page(t, abody, code, ameta))
    # 互动交流: a fresh consultation column (a table of messages)
    msgs = "".join(f'<tr><td><a href="/art/2021/3/{10 + i}/art_1229010_{i}.html">关于学位申请的咨询{i}</a></td>'
                   f'<td>2021-03-{10 + i}</td><td>已回复</td></tr>' for i in range(3))
    s.add("/col/col1229010/index.html", _hanweb_page("互动交流", nav + left + f"<table class='hd'>{msgs}</table>", code))
    for i in range(3):
        s.add(f"/art/2021/3/{10 + i}/art_1229010_{i}.html", _hanweb_page(
            "咨询", nav + f"<p>留言时间：2021-03-{10 + i}</p><p>答复时间：2021-03-{12 + i}</p><p>{PARA}</p>", code))
    return s


# ------------------------------------------------- 3. 动易 SiteFactory (.aspx), blank columns, utf-8


def _dy_page(title: str, body: str, footer: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8" /><title>{title}</title>
<meta name="SiteName" content="石岭市卫生健康委员会" /><meta name="SiteDomain" content="wjw.shiling.gov.cn" />
<meta name="SiteIDCode" content="3398020003" /></head><body>
<table width="1000" align="center" class="topnav"><tr>
<td><a href="/">网站首页</a></td><td><a href="/Category_101/Index.aspx">卫健要闻</a></td>
<td><a href="/Category_102/Index.aspx">通知公告</a></td><td><a href="/Category_110/Index.aspx">政务公开</a></td>
<td><a href="/Category_120/Index.aspx">公共卫生</a></td><td><a href="/Category_130/Index.aspx">办事服务</a></td></tr></table>
{body}
{footer}</body></html>"""


DY_FOOTER = """<table class="foot" width="1000" align="center" border="0"><tr><td align="center">
<a href="http://bszs.conac.cn/sitename?method=show&amp;id=2B3C4D5E6F708192"><img src="http://dcs.conac.cn/image/red.png" /></a></td>
<td>主办：石岭市卫生健康委员会 版权所有 &nbsp; 技术支持：某某网络<br />联系电话：0579-82030000 &nbsp;
网站标识码：3398020003 &nbsp; <a href="http://beian.miit.gov.cn">浙ICP备14007788号</a> &nbsp;
浙公网安备 33070202000789号</td></tr></table>"""

DY_COLS: list[tuple[int, Col]] = [
    (101, Col("101", "卫健要闻", _titles("市卫健委召开疫情防控工作会议", 6, 2, 5))),
    (102, Col("102", "通知公告", _titles("关于开展爱国卫生月活动的通知", 5, 6, 20))),
    (111, Col("111", "政策文件", _titles("石岭市卫生健康委员会关于印发实施方案的通知", 3, 30, 40))),
    (112, Col("112", "人事信息", _titles("石岭市卫健系统公开招聘工作人员公告", 2, 45, 60))),
    (113, Col("113", "机构职能", body="石岭市卫生健康委员会贯彻落实党中央关于卫生健康工作的方针政策和决策部署，"
                                  "在履行职责过程中坚持和加强党对卫生健康工作的集中统一领导。主要职责是：组织拟订"
                                  "国民健康政策，协调推进深化医药卫生体制改革。")),
    # the blank ones: 动易 shows these when a column has nothing (or says so in text)
    (121, Col("121", "疾病预防", blank="")),
    (122, Col("122", "妇幼健康", blank="暂无信息")),
    (123, Col("123", "健康教育", blank="该栏目正在建设中，敬请期待！")),
    (124, Col("124", "中医药管理", blank="暂无相关信息")),
    (125, Col("125", "卫生监督", blank="")),
    (114, Col("114", "财政资金", blank="没有找到任何记录！")),
]


def build_dongyi() -> UnseenSite:
    s = UnseenSite(Site("3398020003", "石岭市卫生健康委员会", "http://wjw.shiling.gov.cn/", "石岭市卫生健康委员会",
                        region="石岭市", site_type=SiteType.DEPARTMENT), "utf-8", index="Index.aspx")

    def dl(cid: int, items: list[tuple[str, int]], n: int) -> str:
        return "".join(f'<dl><dt><a href="/Item/{cid * 100 + i}.aspx" target="_blank">{t}</a></dt>'
                       f"<dd>{ago(d).year}-{ago(d).month}-{ago(d).day}</dd></dl>" for i, (t, d) in enumerate(items[:n]))

    home_blocks = "".join(f'<div class="box"><div class="box_t"><span>{c.name}</span><a href="/Category_{cid}/Index.aspx">'
                          f'更多</a></div><div class="box_c">{dl(cid, c.items, 5)}</div></div>'
                          for cid, c in DY_COLS[:2])
    s.add("/Index.aspx", _dy_page("石岭市卫生健康委员会", home_blocks, DY_FOOTER))
    groups = {110: ("政务公开", [c for c in DY_COLS if 110 < c[0] < 120]),
              120: ("公共卫生", [c for c in DY_COLS if 120 < c[0] < 130])}
    for gid, (gname, cols) in groups.items():
        menu = "".join(f'<li><a href="/Category_{cid}/Index.aspx">{c.name}</a></li>' for cid, c in cols)
        s.add(f"/Category_{gid}/Index.aspx", _dy_page(gname, f'<div class="left_menu"><h3>{gname}</h3><ul>{menu}</ul></div>'
                                                      f'<div class="right">{"".join(dl(cid, c.items, 3) for cid, c in cols)}'
                                                      "</div>", DY_FOOTER))
    s.add("/Category_130/Index.aspx", _dy_page("办事服务", "<div class='right'><ul class='bszn'>" + "".join(
        f'<li><a href="/Item/{13000 + i}.aspx">医疗机构执业登记办事指南{i}</a></li>' for i in range(3))
        + "</ul></div>", DY_FOOTER))
    for i in range(3):
        s.add(f"/Item/{13000 + i}.aspx", _dy_page("办事指南", f"<div class='content'><p>{PARA}</p></div>", DY_FOOTER))
    for cid, c in DY_COLS:
        crumb = f'<div class="location">您现在的位置：<a href="/">网站首页</a> &gt;&gt; {c.name}</div>'
        if c.body:
            inner = f'<div class="content"><p>{c.body}</p></div>'
        elif c.blank is not None:
            inner = f'<div class="list">{("<p>" + c.blank + "</p>") if c.blank else ""}</div>'
        else:
            inner = f'<div class="list">{dl(cid, c.items, 20)}</div><div class="pager">共{len(c.items)}条记录 第1/1页</div>'
        s.add(f"/Category_{cid}/Index.aspx", _dy_page(c.name, crumb + inner, DY_FOOTER))
        for i, (t, d) in enumerate(c.items):
            day = ago(d)
            s.add(f"/Item/{cid * 100 + i}.aspx", _dy_page(
                t, crumb + f'<div class="title"><h2>{t}</h2></div><div class="property">来源：{s.site.sponsor} &nbsp; '
                f"作者：办公室 &nbsp; 发布时间：{day.year}/{day.month}/{day.day} 10:12:37 &nbsp; 点击数：<span>35</span></div>"
                f'<div class="content"><p>{PARA}</p></div>', DY_FOOTER))
    return s


# ------------------------------------------- 4. 集约化平台 pages: forged date, broken links, utf-8


def _jyh_page(title: str, body: str, meta: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="UTF-8">
<meta name="SiteName" content="石岭市住房和城乡建设局"><meta name="SiteDomain" content="zjj.shiling.gov.cn">
<meta name="SiteIDCode" content="3398020004">{meta}<title>{title}-石岭市住房和城乡建设局</title></head><body>
<div class="header"><div class="logo"><a href="/zjj/index.shtml">石岭市住房和城乡建设局</a></div>
<div class="nav"><a href="/zjj/index.shtml">首页</a><a href="/zjj/c100201/list.shtml">工作动态</a>
<a href="/zjj/c100202/list.shtml">通知公告</a><a href="/zjj/c100203/list.shtml">政策文件</a>
<a href="/zjj/c100210/list.shtml">政务服务</a><a href="/zjj/c100220/list.shtml">互动交流</a></div></div>
<div class="container">{body}</div>
<div id="bottom"><div class="bottom-con">
<div class="dzjg"><a href="http://bszs.conac.cn/sitename?method=show&amp;id=3C4D5E6F70819203" target="_blank">
<img src="/zjj/images/dzjg.png" alt="党政机关"></a></div>
<p><span>主办单位：石岭市住房和城乡建设局</span><span>联系电话：0579-82040000</span></p>
<p><span>网站标识码：3398020004</span><span><a href="http://beian.miit.gov.cn/">浙ICP备15009900号-2</a></span>
<span><a href="http://www.beian.gov.cn/">浙公网安备33070202000321号</a></span></p>
<script id="_jiucuo_" sitecode='3398020004' src='http://zfwzgl.www.gov.cn/exposure/jiucuo.js'></script>
</div></div></body></html>"""


JYH_COLS = [
    ("c100201", "工作动态", _titles("市住建局开展建筑工地安全生产大检查", 8, 2, 4)),
    ("c100202", "通知公告", _titles("关于公布2021年第一批建筑业企业资质审查意见的公告", 4, 8, 25)),
    ("c100203", "政策文件", _titles("石岭市住房和城乡建设局关于进一步加强物业管理的通知", 3, 20, 50)),
    ("c100204", "行业动态", _titles("全市房地产市场运行平稳", 4, 6, 10)),
]
FORGED_TITLE = "石岭市住建局部署城镇老旧小区改造工作"
FUTURE_BODY_TITLE = "石岭市物业服务收费管理办法"


def _jyh_art(cid: str, i: int, d: int) -> str:
    day = ago(d)
    return f"/zjj/{cid}/{day:%Y%m}/{int(cid[1:]) % 1000:03d}a{i}f{day:%d}e.shtml"


def build_jyh() -> UnseenSite:
    s = UnseenSite(Site("3398020004", "石岭市住房和城乡建设局", "http://zjj.shiling.gov.cn/zjj/index.shtml",
                        "石岭市住房和城乡建设局", region="石岭市", site_type=SiteType.DEPARTMENT), "utf-8",
                   index="index.shtml")
    cols = [(cid, name, list(items)) for cid, name, items in JYH_COLS]
    cols[0][2].insert(0, (FORGED_TITLE, -5))  # 发布日期 5 days AFTER the monitoring point: a forged date
    cols[2][2].insert(0, (FUTURE_BODY_TITLE, 3))  # body says 自2021年7月1日起施行: not a publish date

    def items_html(cid: str, items: list[tuple[str, int]], n: int) -> str:
        return "".join(f'<div class="list-item"><h4><a href="{_jyh_art(cid, i, d)}" target="_blank">{t}</a></h4>'
                       f'<span class="time">发布日期：{ago(d):%Y-%m-%d}</span></div>' for i, (t, d) in enumerate(items[:n]))

    home = "".join(f'<div class="column"><div class="column-title"><h3>{name}</h3><a class="more" '
                   f'href="/zjj/{cid}/list.shtml">更多</a></div>{items_html(cid, items, 5)}</div>'
                   for cid, name, items in cols[:3])
    home += ('<div class="links"><a href="/zjj/c100299/list.shtml">旧版专栏</a>'  # 404: a broken homepage link
             '<a href="/zjj/attach/2021/jsbz.pdf">建设标准汇编（PDF）</a>'  # exists: not broken
             '<a href="/zjj/c100230/list.shtml">政府信息公开年报</a></div>')
    s.add("/zjj/index.shtml", _jyh_page("首页", home))
    s.add("/zjj/images/dzjg.png", "PNG", "image/png")
    s.add("/zjj/attach/2021/jsbz.pdf", "%PDF-1.4 fictional", "application/pdf")
    left = '<div class="left_menu"><h2>信息公开</h2><ul>' + "".join(
        f'<li><a href="/zjj/{cid}/list.shtml">{name}</a></li>' for cid, name, _ in cols) + "</ul></div>"
    s.add("/zjj/c100230/list.shtml", _jyh_page("政府信息公开年报", left + '<div class="right"><div class="list-item"><h4>'
          '<a href="/zjj/c100230/202101/nb2020.shtml">石岭市住房和城乡建设局2020年政府信息公开工作年度报告</a></h4>'
          '<span class="time">发布日期：2021-01-20</span></div></div>'))
    s.add("/zjj/c100230/202101/nb2020.shtml", _jyh_page("年报", f"<p>{PARA * 3}</p>"))
    for cid, name, items in cols:
        crumb = (f'<div class="crumb">当前位置：<a href="/zjj/index.shtml">首页</a> &gt; <a href="/zjj/{cid}/list.shtml">'
                 f"{name}</a></div>")
        meta = f'<meta name="ColumnName" content="{name}"><meta name="ColumnType" content="{name}">'
        s.add(f"/zjj/{cid}/list.shtml", _jyh_page(name, left + f'<div class="right">{crumb}<div class="list">'
                                                  f"{items_html(cid, items, 20)}</div></div>", meta))
        for i, (t, d) in enumerate(items):
            day = ago(d)
            body = f"<p>{PARA}</p>"
            if t == FUTURE_BODY_TITLE:
                body += "<p>本办法自2021年7月1日起施行。</p>"
            if i == 1 and cid == "c100203":
                body += '<p>附件：<a href="/zjj/attach/2020/fjsm.doc">附件说明.doc</a></p>'  # 404: broken attachment
            ameta = (meta + f'<meta name="ArticleTitle" content="{t}"><meta name="PubDate" content="{day:%Y-%m-%d} 10:00">'
                     '<meta name="ContentSource" content="石岭市住房和城乡建设局">')
            s.add(_jyh_art(cid, i, d), _jyh_page(t, crumb + f'<div class="article"><h1>{t}</h1><div class="info">'
                  f"<span>发布日期：{day:%Y-%m-%d}</span><span>来源：石岭市住房和城乡建设局</span></div>"
                  f'<div class="article-content">{body}</div></div>', ameta))
    for cid, name in (("c100210", "政务服务"), ("c100220", "互动交流")):
        s.add(f"/zjj/{cid}/list.shtml", _jyh_page(name, left + f'<div class="right"><div class="list-item"><h4><a href="'
              f'/zjj/{cid}/202103/x1.shtml">{name}事项说明</a></h4><span class="time">发布日期：2021-03-10</span></div></div>'))
        s.add(f"/zjj/{cid}/202103/x1.shtml", _jyh_page(name, f"<p>{PARA}</p>"))
    return s


# ----------------------------------------- 5. old table-layout site, GB2312, identity faults


def _old_page(title: str, body: str) -> str:
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}</title><link rel="stylesheet" href="css/style.css" type="text/css"></head>
<body leftmargin="0" topmargin="0">
<table width="990" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td><img src="/images/top.jpg" width="990" height="120"></td></tr></table>
<table width="990" border="0" align="center" cellpadding="0" cellspacing="0" background="/images/navbg.gif"><tr>
<td align="center"><a href="/index.htm" class="nav">首 页</a></td>
<td align="center"><a href="/list.asp?id=11" class="nav">农业要闻</a></td>
<td align="center"><a href="/list.asp?id=12" class="nav">通知公告</a></td>
<td align="center"><a href="/list.asp?id=13" class="nav">政策法规</a></td>
<td align="center"><a href="/list.asp?id=14" class="nav">办事指南</a></td>
<td align="center"><a href="/list.asp?id=15" class="nav">局长信箱</a></td></tr></table>
{body}
<table width="990" border="0" align="center" cellpadding="0" cellspacing="0" class="bottom"><tr>
<td height="80" align="center" bgcolor="#E8F0F8">Copyright &copy; 石岭市石岭区农业农村局 版权所有<br>
地址：石岭区农丰路18号 电话：0579-82150000 &nbsp; 网站标识码：339802000<br>
技术支持：石岭信息技术公司</td></tr></table></body></html>"""


OLD_COLS = [
    (11, "农业要闻", _titles("区农业农村局召开春季农业生产工作会议", 6, 1, 4)),
    (12, "通知公告", _titles("关于做好春季动物防疫工作的通知", 4, 9, 30)),
    (13, "政策法规", _titles("石岭区农业农村局关于印发实施办法的通知", 3, 25, 50)),
    (14, "办事指南", _titles("农药经营许可办事指南", 2, 60, 30)),
    (15, "局长信箱", _titles("关于农机补贴申领的咨询", 3, 5, 10)),
]


def build_old() -> UnseenSite:
    s = UnseenSite(Site("3398020005", "石岭市石岭区农业农村局", "http://nyj.slq.gov.cn/", "石岭市石岭区农业农村局",
                        region="石岭区", site_type=SiteType.DEPARTMENT), "gb2312", index="index.htm")

    def rows(cid: int, items: list[tuple[str, int]], n: int) -> str:
        return "".join(f'<tr><td width="15" height="24"><img src="/images/dot.gif"></td><td><a href="/show.asp?id='
                       f'{cid * 100 + i}" target="_blank">{t}</a></td><td width="90" align="right" class="date">'
                       f"[{ago(d).year}-{ago(d).month}-{ago(d).day}]</td></tr>" for i, (t, d) in enumerate(items[:n]))

    boxes = "".join(f'<td width="495" valign="top"><table width="100%" border="0" cellspacing="0" cellpadding="0">'
                    f'<tr><td class="title">{name}</td><td align="right"><a href="/list.asp?id={cid}">更多&gt;&gt;</a>'
                    f'</td></tr></table><table width="100%" border="0" cellspacing="0" cellpadding="0">{rows(cid, items, 6)}'
                    "</table></td>" for cid, name, items in OLD_COLS[:2])
    s.add("/index.htm", _old_page("石岭市石岭区农业农村局", f'<table width="990" align="center"><tr>{boxes}</tr></table>'))
    for img in ("top.jpg", "navbg.gif", "dot.gif"):
        s.add(f"/images/{img}", "IMG", "image/gif")
    s.add("/css/style.css", "td{font-size:12px}", "text/css")
    for cid, name, items in OLD_COLS:
        s.add(f"/list.asp?id={cid}", _old_page(name, f'<table width="990" align="center"><tr><td class="dqwz">当前位置：'
              f'<a href="/index.htm">首页</a> &gt;&gt; {name}</td></tr></table><table width="990" align="center">'
              f"{rows(cid, items, 30)}</table>"))
        for i, (t, d) in enumerate(items):
            day = ago(d)
            s.add(f"/show.asp?id={cid * 100 + i}", _old_page(t, f'<table width="990" align="center"><tr><td align="center" '
                  f'class="bt">{t}</td></tr><tr><td align="center">发布时间：{day.year}-{day.month}-{day.day} &nbsp; '
                  f'作者：{s.site.sponsor}</td></tr><tr><td class="content"><p>{PARA}</p></td></tr></table>'))
    return s


def build_unseen() -> list[UnseenSite]:
    return [build_trs(), build_hanweb(), build_dongyi(), build_jyh(), build_old()]


EXPECTED: dict[str, Expect] = {
    "3398000001": Expect(set(), {"W-V1e", "W-V3", "W-V4a", "W-V4b", "W-V4c", "W-D7", "W-D11", "W-D13"}, "pass"),
    "3398020002": Expect({"W-V3", "W-V4a"}, {"W-V4c", "W-V1e", "W-D11"}, "fail"),
    "3398020003": Expect({"W-V4c"}, {"W-V3", "W-V4a", "W-V1e", "W-D11"}, "fail"),
    "3398020004": Expect({"W-V1e", "W-D7"}, {"W-V3", "W-V4a", "W-V4c", "W-D11"}, "fail"),
    "3398020005": Expect({"W-D11"}, {"W-V3", "W-V4a", "W-V4c", "W-V1e", "W-D7"}, "pass"),
}


# ----------------------------------------------------------------------------- server


# Services every government footer links to (党政机关标识, ICP/公安备案, 找错): up, like the real ones.
EXTERNAL_HOSTS = frozenset({"bszs.conac.cn", "dcs.conac.cn", "beian.miit.gov.cn", "www.beian.gov.cn",
                            "zfwzgl.www.gov.cn"})


class UnseenServer:
    """Answers absolute-form proxy requests (and origin-form ones by Host) for the unseen sites."""

    def __init__(self, sites: list[UnseenSite]) -> None:
        self.sites = {s.host: s for s in sites}
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = cast(asyncio.base_events.Server, site._server)
        self.port = int(server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.raw_path.startswith("/"):
            host = request.headers.get("Host", "").split(":")[0].lower()
        else:
            host = (request.url.host or "").lower()
        site = self.sites.get(host)
        if site is None and host in EXTERNAL_HOSTS:
            return web.Response(body=b"<html><body>ok</body></html>", content_type="text/html")
        if site is None:
            return web.Response(status=502, text=f"502 Bad Gateway: unknown host {host}\n")
        path = unquote(request.url.path) or "/"
        key = path + (f"?{request.url.query_string}" if request.url.query_string else "")
        if path.endswith("/"):
            key = path + site.index
        hit = site.pages.get(key)
        if hit is None and path == "/robots.txt":
            return web.Response(text="User-agent: *\nDisallow:\n")
        if hit is None:
            page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={site.charset}">'
                    f"<title>404</title></head><body><h1>{escape('您访问的页面不存在')}</h1></body></html>")
            return web.Response(body=page.encode(site.charset), status=404, content_type="text/html")
        body, ctype = hit
        # old servers send no charset in the header: the page's own <meta> has to be read
        return web.Response(body=body, headers={"Content-Type": ctype})


@contextmanager
def serve_in_thread(sites: list[UnseenSite]) -> Iterator[str]:
    """Run the server on a loop in a daemon thread; yields its proxy URL."""
    import threading

    loop = asyncio.new_event_loop()
    server = UnseenServer(sites)
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(120), "the unseen farm did not start"  # without it, port 0 would be yielded
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
