"""HTML of the demo farm's pages: a typical Chinese government CMS look (header, 一级栏目
navigation, lists, articles, 底部功能区 footer) with the 发展指引 meta tags.

Pure string building, no I/O. ``farm.py`` decides what goes on which page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape


@dataclass
class Identity:
    """What a site prints about itself: footer elements and the codes of its meta tags."""

    site_name: str
    domain: str
    sponsor: str  # 主办单位
    undertaker: str  # 承办单位
    tel: str
    address: str
    footer_code: str | None  # 网站标识码 as printed in the footer (None: not printed)
    meta_code: str  # SiteIDCode meta value
    icp: str | None  # ICP备案号 as printed
    psb: str | None  # 公安机关备案号 as printed
    psb_record: str  # digits for the beian.gov.cn link
    conac_js: str | None  # badge script path on dcs.conac.cn (None: no 党政机关网站标识)
    jiucuo_code: str | None  # sitecode of the 找错 script (None: no script)
    charset: str = "utf-8"
    omit_meta: dict[str, set[str]] = field(default_factory=dict)  # page kind -> meta names left out


@dataclass
class ListEntry:
    title: str
    href: str
    day: date


def fmt_date(day: date, style: str) -> str:
    """A list date in one of the layouts real CMSs use."""
    if style == "cn":
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    if style == "bracket":
        return f"[{day.isoformat()}]"
    return day.isoformat()


def _meta(ident: Identity, kind: str, extra: dict[str, str]) -> str:
    tags = {"SiteName": ident.site_name, "SiteDomain": ident.domain, "SiteIDCode": ident.meta_code}
    tags.update(extra)
    omitted = ident.omit_meta.get(kind, set())
    return "\n".join(f'<meta name="{name}" content="{escape(value)}">'
                     for name, value in tags.items() if name not in omitted)


def head(ident: Identity, title: str, kind: str, meta: dict[str, str] | None = None) -> str:
    charset = "gbk" if ident.charset == "gbk" else "utf-8"
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{charset}">\n'
            f'<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
            f"<title>{escape(title)}</title>\n{_meta(ident, kind, meta or {})}\n"
            f'<link rel="stylesheet" href="/css/style.css">\n</head>\n<body>\n')


def header(ident: Identity, nav: list[tuple[str, str]], search: bool = True) -> str:
    items = "".join(f'<li><a href="{href}">{escape(name)}</a></li>' for name, href in nav)
    form = ('<form class="search" action="/search/" method="get"><input type="text" name="q" '
            'placeholder="请输入关键字"><button type="submit">搜索</button></form>') if search else ""
    return (f'<div class="top"><div class="logo"><a href="/"><img src="/images/logo.png" '
            f'alt="{escape(ident.site_name)}"></a><span>{escape(ident.site_name)}</span></div>{form}</div>\n'
            f'<div class="nav"><ul>{items}</ul></div>\n')


def footer(ident: Identity, links: list[tuple[str, str]] | None = None) -> str:
    parts = ['<div class="footer">']
    parts.append('<p class="foot-links"><a href="/lxwm/">联系我们</a> | <a href="/wzdt/">网站地图</a>'
                 ' | <a href="/sybz/">使用帮助</a></p>')
    if links:
        parts.append('<p class="friend">友情链接：' + "　".join(
            f'<a href="{href}" target="_blank">{escape(name)}</a>' for name, href in links) + "</p>")
    parts.append(f"<p>主办单位：{escape(ident.sponsor)}　承办单位：{escape(ident.undertaker)}</p>")
    parts.append(f"<p>联系电话：{escape(ident.tel)}　地址：{escape(ident.address)}</p>")
    codes = []
    if ident.footer_code:
        codes.append(f"网站标识码：{ident.footer_code}")
    if ident.icp:
        codes.append(f'<a href="http://beian.miit.gov.cn/" target="_blank">{escape(ident.icp)}</a>')
    if ident.psb:
        codes.append(f'<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={ident.psb_record}"'
                     f' target="_blank"><img src="http://www.beian.gov.cn/img/ghs.png" alt="">'
                     f"{escape(ident.psb)}</a>")
    parts.append("<p>" + "　".join(codes) + "</p>")
    if ident.conac_js:
        parts.append(f'<span id="_ideConac"></span><script type="text/javascript" '
                     f'src="http://dcs.conac.cn{ident.conac_js}"></script>')
    if ident.jiucuo_code is not None:
        parts.append(f"<script id=\"_jiucuo_\" sitecode='{ident.jiucuo_code}' "
                     f"src='http://zfwzgl.www.gov.cn/exposure/jiucuo.js'></script>")
    parts.append("</div>\n</body>\n</html>\n")
    return "\n".join(parts)


def list_items(entries: list[ListEntry], layout: str) -> str:
    """A column list in the site's layout: ul/li+span, table, div rows, 年月日, [date]."""
    if layout == "table":
        rows = "".join(f'<tr><td class="title"><a href="{e.href}" target="_blank" title="{escape(e.title)}">'
                       f'{escape(e.title)}</a></td><td class="date">{fmt_date(e.day, "iso")}</td></tr>\n'
                       for e in entries)
        return f'<table class="list-table" width="100%">\n{rows}</table>'
    if layout == "div":
        rows = "".join(f'<div class="list-item"><a href="{e.href}" target="_blank">{escape(e.title)}</a>'
                       f'<em>{fmt_date(e.day, "bracket")}</em></div>\n' for e in entries)
        return f'<div class="list">\n{rows}</div>'
    style = {"cn": "cn", "bracket": "bracket"}.get(layout, "iso")
    rows = "".join(f'<li><a href="{e.href}" target="_blank" title="{escape(e.title)}">{escape(e.title)}</a>'
                   f"<span>{fmt_date(e.day, style)}</span></li>\n" for e in entries)
    return f'<ul class="list">\n{rows}</ul>'


def js_list(entries: list[ListEntry]) -> str:
    """A list built in the browser from an inline JSON array: blank without JavaScript."""
    data = json.dumps([{"title": e.title, "url": e.href, "date": e.day.isoformat()} for e in entries],
                      ensure_ascii=False)
    return ('<ul class="list" id="newsList"></ul>\n<script type="text/javascript">\n'
            f"var listData = {data};\n"
            "(function () {\n"
            "  var ul = document.getElementById('newsList'), html = '';\n"
            "  for (var i = 0; i < listData.length; i++) {\n"
            "    var d = listData[i];\n"
            "    html += '<li><a href=\"' + d.url + '\" target=\"_blank\">' + d.title + '</a><span>' + d.date + "
            "'</span></li>';\n"
            "  }\n"
            "  ul.innerHTML = html;\n"
            "})();\n</script>")


def breadcrumb(trail: list[tuple[str, str]]) -> str:
    links = " &gt; ".join(f'<a href="{href}">{escape(name)}</a>' for name, href in trail)
    return f'<div class="position">当前位置：{links}</div>\n'


def pager(total: int, current: int, trs: bool, ext: str) -> str:
    """Pagination: TRS ``createPageHTML`` (JavaScript) or plain links."""
    if total <= 1:
        return ""
    if trs:
        return f'<div class="page"><script>createPageHTML({total}, {current}, "index", "{ext}");</script></div>'
    def name(i: int) -> str:
        return f"index.{ext}" if i == 0 else f"index_{i}.{ext}"
    parts = [f"共{total}页"]
    if current > 0:
        parts.append(f'<a href="{name(0)}">首页</a> <a href="{name(current - 1)}">上一页</a>')
    if current < total - 1:
        parts.append(f'<a href="{name(current + 1)}">下一页</a> <a href="{name(total - 1)}">尾页</a>')
    return '<div class="page">' + " ".join(parts) + "</div>"


def article(ident: Identity, nav: list[tuple[str, str]], trail: list[tuple[str, str]], title: str,
            published: datetime | None, source: str, paragraphs: list[str], column: str, column_type: str,
            extra_html: str = "", friend_links: list[tuple[str, str]] | None = None) -> str:
    meta = {"ColumnName": column, "ColumnType": column_type, "ArticleTitle": title}
    if published is not None:
        meta["PubDate"] = published.strftime("%Y-%m-%d %H:%M")
    meta["ContentSource"] = source
    info = []
    if published is not None:
        info.append(f"发布时间：{published.strftime('%Y-%m-%d %H:%M')}")
    info.append(f"来源：{escape(source)}")
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (head(ident, f"{title}_{ident.site_name}", "article", meta) + header(ident, nav)
            + breadcrumb(trail)
            + f'<div class="article"><h1>{escape(title)}</h1>\n<div class="info">{"　".join(info)}'
              f'　字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a></div>\n'
            + f'<div class="content" id="zoom">\n{body}\n{extra_html}</div></div>\n'
            + footer(ident, friend_links))
