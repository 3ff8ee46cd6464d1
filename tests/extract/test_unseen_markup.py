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


# --- 集约化平台 list rows each labelled 发布日期 ---------------------------------------------

def _labelled_list(n: int) -> str:
    rows = "".join(f'<div class="list-item"><h4><a href="/zjj/c100202/202103/a{i}.shtml">关于公布第{i}批建筑业企业资质'
                   f'审查意见的公告</a></h4><span class="time">发布日期：2021-03-{10 + i}</span></div>' for i in range(n))
    return f"<html><body><div class='list'>{rows}</div></body></html>"


def test_list_whose_rows_carry_publish_labels_is_a_list() -> None:
    model = extract_page(_labelled_list(4), "http://zjj.example.gov.cn/zjj/c100202/list.shtml",
                         site_url="http://zjj.example.gov.cn/zjj/index.shtml")
    assert model.page_kind == "list"
    assert model.pub_date is None  # a list page has no publish date of its own
    assert len(model.dated_items) == 4


def test_article_with_one_label_and_a_related_list_stays_an_article() -> None:
    related = "".join(f'<li><a href="/zjj/c1/202103/r{i}.shtml">相关阅读的一篇文章标题{i}</a><span>2021-03-0{i + 1}</span></li>'
                      for i in range(3))
    html = (f"<html><body><h1>市住建局部署城镇老旧小区改造工作</h1><div class='info'>发布日期：2021-03-18</div>"
            f"<div class='content'><p>{'正文内容。' * 40}</p></div><ul class='related'>{related}</ul></body></html>")
    model = extract_page(html, "http://zjj.example.gov.cn/zjj/c1/202103/x.shtml",
                         site_url="http://zjj.example.gov.cn/zjj/index.shtml")
    assert model.page_kind == "article"
    assert model.pub_date is not None and model.pub_date.date().isoformat() == "2021-03-18"


# --- 大汉 JCMS datastore records ------------------------------------------------------------

JCMS = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<div id="4567"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1"></a>]]>
</nextgroup><recordset>
<record><![CDATA[
<li><a href="/art/2021/2/24/art_1229001_58001.html" title="石岭市召开全市教育工作会议">石岭市召开全市教育工作会议</a><span class="bt_time">[2021-02-24]</span></li>]]></record>
<record><![CDATA[
<li><a href="/art/2021/2/17/art_1229001_58002.html" title="市教育局开展校园安全专项检查">市教育局开展校园安全专项检查</a><span class="bt_time">[2021-02-17]</span></li>]]></record>
</recordset></datastore></script><script src="/module/jslib/jquery/jpage/dataproxy.js"></script></div>
</body></html>"""


def test_jcms_datastore_records_are_the_list() -> None:
    url = "http://jyj.example.gov.cn/col/col1229001/index.html"
    model = extract_page(JCMS.encode("gb2312"), url, site_url="http://jyj.example.gov.cn/",
                         content_type="text/html")
    assert [str(item.date) for item in model.dated_items] == ["2021-02-24", "2021-02-17"]
    assert "http://jyj.example.gov.cn/art/2021/2/24/art_1229001_58001.html" in {link.url for link in model.links}


def test_other_xml_scripts_are_left_alone() -> None:
    html = ('<html><body><script type="text/xml"><config><item><![CDATA[<li><a href="/a/1.html">不是列表的配置项内容</a>'
            "<span>2021-02-24</span></li>]]></item></config></script></body></html>")
    model = extract_page(html, "http://jyj.example.gov.cn/col/col1/index.html", site_url="http://jyj.example.gov.cn/")
    assert model.dated_items == []


# --- channel pages: sub-columns named by block headings with a 更多 link ----------------------

CHANNEL = """<html><body><div class="position">当前位置：<a href="../">首页</a> &gt; 政务公开</div>
<div class="lmbox"><div class="tt"><h3>通知公告</h3><a href="./tzgg/" class="more">更多&gt;&gt;</a></div>
<ul><li><a href="./tzgg/202103/t20210309_1.html">关于开展2021年度安全生产检查的通知</a><span>2021-03-09</span></li></ul></div>
<table><tr><td class="box_title">政策文件</td><td align="right"><a href="./zcwj/"><img src="/picture/0/more.gif"></a></td></tr></table>
<div class="box"><p>关于印发2021年重点工作计划的通知</p><a href="./old/">更多</a></div>
<p>本页介绍 <a href="./about/">更多</a></p>
</body></html>"""


def test_more_links_of_a_channel_page_are_named_sub_columns() -> None:
    model = extract_page(CHANNEL, "http://www.example.gov.cn/zwgk/", site_url="http://www.example.gov.cn/")
    nav = {link.url.rsplit("/", 2)[-2]: link.text for link in model.nav_links}
    assert nav == {"tzgg": "通知公告", "zcwj": "政策文件"}
    # look-alikes: a "更多" after a title-length text and one after running text get no name
    body = {link.url.rsplit("/", 2)[-2] for link in model.links if link.region == "body"}
    assert {"old", "about"} <= body


def test_homepage_more_links_are_left_as_they_are() -> None:
    model = extract_page(CHANNEL, "http://www.example.gov.cn/", site_url="http://www.example.gov.cn/")
    assert model.nav_links == []


# --- TRS pagers that pass variables ----------------------------------------------------------

def test_trs_pager_with_variables() -> None:
    from govinspect.extract.links import trs_pagination

    html = ('<script type="text/javascript">var currentPage = 0;//所在页从0开始\nvar countPage = 3//共多少页\n'
            'createPageHTML(countPage, currentPage, "index", "html");</script>')
    assert trs_pagination(html, "http://www.example.gov.cn/xwzx/ywdt/") == [
        "http://www.example.gov.cn/xwzx/ywdt/index_1.html", "http://www.example.gov.cn/xwzx/ywdt/index_2.html"]
    # look-alike: variables never assigned a number give nothing
    assert trs_pagination('<script>createPageHTML(total, cur, "index", "html");</script>',
                          "http://www.example.gov.cn/x/") == []
