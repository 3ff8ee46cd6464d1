"""Markup found on the unseen farm (tests/unseen) that extraction did not handle at first.

Each test is one generalisation fix, with the look-alike it must not break.
"""

from __future__ import annotations

from govinspect.extract.links import extract_links, parse
from govinspect.extract.page import extract_page, looks_like_article_url

SITE = "http://nyj.example.gov.cn/"


def _nav_texts(html: str, url: str = SITE) -> list[str]:
    return [link.text for link in extract_links(parse(html), url) if link.region == "nav"]


# --- navigation without a "nav" class ------------------------------------------------------

def test_prefixed_nav_class_is_navigation() -> None:
    html = ('<table class="topnav"><tr><td><a href="/">网站首页</a></td><td><a href="/Category_101/Index.aspx">'
            "卫健要闻</a></td></tr></table><div id=\"mainNav\"><a href=\"/zwgk/\">政务公开</a></div>")
    assert _nav_texts(html) == ["网站首页", "卫健要闻", "政务公开"]


def test_table_row_of_single_links_is_navigation() -> None:
    html = ('<table background="/images/navbg.gif"><tr><td><a href="/index.htm">首 页</a></td>'
            '<td><a href="/list.asp?id=11">农业要闻</a></td><td><a href="/list.asp?id=12">通知公告</a></td>'
            '<td><a href="/list.asp?id=13">政策法规</a></td><td><a href="/list.asp?id=15">局长信箱</a></td></tr></table>')
    assert _nav_texts(html) == ["首 页", "农业要闻", "通知公告", "政策法规", "局长信箱"]


def test_list_table_rows_are_not_navigation() -> None:
    # a list row: one long title link, a date cell without a link
    rows = "".join(f'<tr><td><img src="/dot.gif"></td><td><a href="/show.asp?id={i}">关于做好春季动物防疫工作的通知{i}</a>'
                   f"</td><td>[2021-3-{i + 1}]</td></tr>" for i in range(5))
    # four short links plus a cell holding two links: a toolbar, not a menu bar
    tools = ('<table><tr><td><a href="/a">打印</a></td><td><a href="/b">关闭</a></td><td><a href="/c">收藏</a></td>'
             '<td><a href="/d">分享</a></td><td><a href="/e">微信</a><a href="/f">微博</a></td></tr></table>')
    assert _nav_texts(f"<table>{rows}</table>{tools}") == []


def test_words_containing_nav_letters_are_not_navigation() -> None:
    html = '<div class="canvas-box"><a href="/x/">图表</a></div><div class="unavailable"><a href="/y/">说明</a></div>'
    assert _nav_texts(html) == []


# --- column URLs with ?id= -----------------------------------------------------------------

def test_list_script_with_id_is_a_column_not_an_article() -> None:
    assert not looks_like_article_url("http://nyj.example.gov.cn/list.asp?id=12")
    assert not looks_like_article_url("http://nyj.example.gov.cn/more.jsp?id=3")
    # look-alikes: documents addressed by id stay articles
    assert looks_like_article_url("http://nyj.example.gov.cn/show.asp?id=1201")
    assert looks_like_article_url("http://nyj.example.gov.cn/news.asp?id=1201")


# --- <dl><dt><a></a></dt><dd>date</dd></dl> -----------------------------------------------

def test_definition_list_rows_take_the_date_from_the_dd() -> None:
    rows = "".join(f'<dl><dt><a href="/Item/{100 + i}.aspx">市卫健委召开疫情防控工作会议第{i}次</a></dt>'
                   f"<dd>2021-3-{5 + i}</dd></dl>" for i in range(3))
    model = extract_page(f"<html><body><div class='list'>{rows}</div></body></html>",
                         "http://wjw.example.gov.cn/Category_101/Index.aspx", site_url="http://wjw.example.gov.cn/")
    assert sorted(str(item.date) for item in model.dated_items) == ["2021-03-05", "2021-03-06", "2021-03-07"]
    assert model.undated_items == 0


def test_dd_holding_its_own_link_is_not_borrowed_as_a_date() -> None:
    html = ('<dl><dt><a href="/Item/1.aspx">关于开展爱国卫生月活动的通知</a></dt>'
            '<dd><a href="/Item/2.aspx">2021-3-5 另一篇文章的标题</a></dd></dl>')
    model = extract_page(f"<html><body>{html}</body></html>", "http://wjw.example.gov.cn/c/",
                         site_url="http://wjw.example.gov.cn/")
    assert all(item.url != "http://wjw.example.gov.cn/Item/1.aspx" for item in model.dated_items)
