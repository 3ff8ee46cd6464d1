"""Hand-written page fixtures (our own markup, shaped like typical 政府网站 CMS output)."""

from __future__ import annotations

SITE = "http://www.demo.gov.cn/"

NAV = """
<div class="nav"><ul>
  <li><a href="/">首页</a></li>
  <li><a href="/xwzx/gzdt/">工作动态</a></li>
  <li><a href="/tzgg/">通知公告</a></li>
  <li><a href="/zcwj/">政策文件</a></li>
  <li><a href="/hdjl/">互动交流</a></li>
  <li><a href="/zxzx/">专项治理</a></li>
  <li><a href="/xwzx/gzdt/t20210301_1001.html">一篇被放进导航的文章标题</a></li>
  <li><a href="http://www.other.gov.cn/">外部网站</a></li>
  <li><a href="/files/guide.pdf">办事指南下载</a></li>
</ul></div>
"""

FOOTER = """
<div class="footer">
  <p>主办单位：示范市人民政府办公室　承办单位：示范市大数据中心</p>
  <p>联系电话：0755-12345678　网站标识码：4403000052　<a href="https://beian.miit.gov.cn">粤ICP备2022014957号-1</a>
     <a href="http://www.beian.gov.cn/">粤公网安备 44030402000001号</a></p>
  <span id="_ideConac"></span>
  <script id="_jiucuo_" sitecode='4403000052' src='https://zfwzgl.www.gov.cn/exposure/jiucuo.js'></script>
</div>
"""


def page(body: str, *, title: str = "示范市人民政府", head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{head}</head>'
            f"<body>{body}</body></html>")


def ul_list(items: list[tuple[str, str, str]], *, cls: str = "list") -> str:
    """<ul><li><a>title</a><span>date</span></li>…</ul> — items are (href, title, date text)."""
    rows = "".join(f'<li><a href="{href}" title="{title}">{title}</a><span class="date">{when}</span></li>'
                   for href, title, when in items)
    return f'<ul class="{cls}">{rows}</ul>'


def news_items(prefix: str, count: int, *, year: int = 2021, month: int = 3, fmt: str = "{y}-{m:02d}-{d:02d}",
               start_day: int = 28) -> list[tuple[str, str, str]]:
    out = []
    for i in range(count):
        day = start_day - i
        out.append((f"{prefix}t{year}{month:02d}{day:02d}_{1000 + i}.html",
                    f"示范市召开第{i + 1}次专题工作推进会议",
                    fmt.format(y=year, m=month, d=day)))
    return out


def list_page(items: list[tuple[str, str, str]], *, column: str = "工作动态", extra: str = "",
              side: bool = True) -> str:
    side_menu = ("""<div class="left-menu"><ul><li><a href="/xwzx/gzdt/">工作动态</a></li>
        <li><a href="/xwzx/bmdt/">部门动态</a></li><li><a href="/xwzx/xqdt/">乡镇动态</a></li></ul></div>"""
                 if side else "")
    return page(NAV + side_menu + f'<div class="main"><h2>{column}</h2>' + ul_list(items) + extra + "</div>"
                + FOOTER, title=f"{column}_示范市人民政府",
                head=f'<meta name="ColumnName" content="{column}">')


def typical_list_page(size: int = 50_000) -> str:
    """A list page of about ``size`` bytes (for the scratch timing, not for tests)."""
    style = "<style>" + ".x{color:#333;margin:0 auto;}\n" * 200 + "</style>"
    script = "<script>var _hmt = _hmt || [];(function(){var hm=document.createElement('script');})();</script>"
    items = news_items("/xwzx/gzdt/202103/", 20)
    body = list_page(items, extra='<script>createPageHTML(8, 0, "index", "html");</script>')
    html = body.replace("</head>", style + script + "</head>")
    while len(html.encode()) < size:
        html = html.replace("</body>", '<div class="text"><p>示范市人民政府网站是示范市政府发布政务信息、'
                            '提供在线服务、与公众互动交流的平台。</p></div>' * 10 + "</body>")
    return html
