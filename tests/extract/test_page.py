"""extract_page: list entries, dates, meta, text, kinds and robustness."""

from datetime import date, datetime
from pathlib import Path

import pytest

from govinspect.extract.page import extract_page, is_home_url, looks_like_article_url

from .builders import FOOTER, NAV, SITE, list_page, news_items, page

LIST_URL = "http://www.demo.gov.cn/xwzx/gzdt/"


def _dates(model) -> list[date]:  # type: ignore[no-untyped-def]
    return [item.date for item in model.dated_items]


# --- list layouts ---------------------------------------------------------------------------

def test_ul_li_span_dates() -> None:
    model = extract_page(list_page(news_items("/xwzx/gzdt/202103/", 6)), LIST_URL, site_url=SITE)
    assert model.page_kind == "list"
    assert _dates(model) == [date(2021, 3, d) for d in range(28, 22, -1)]
    first = model.dated_items[0]
    assert first.title == "示范市召开第1次专题工作推进会议"
    assert first.url == "http://www.demo.gov.cn/xwzx/gzdt/202103/t20210328_1000.html"
    assert first.raw_date == "2021-03-28"
    assert model.undated_items == 0
    assert model.meta["ColumnName"] == "工作动态"


def test_table_rows() -> None:
    rows = "".join(f'<tr><td>{i}</td><td><a href="/zcwj/{i}.html">关于印发第{i}号管理办法的通知</a></td>'
                   f"<td>示政发〔2021〕{i}号</td><td>2021/3/{i}</td></tr>" for i in range(1, 6))
    model = extract_page(page(f"<table>{rows}</table>"), "http://www.demo.gov.cn/zcwj/")
    assert _dates(model) == [date(2021, 3, i) for i in range(1, 6)]
    assert model.dated_items[2].title == "关于印发第3号管理办法的通知"


def test_table_row_with_two_dates_takes_the_later() -> None:
    html = page('<table><tr><td><a href="/a/1.html">关于某事项的公告内容</a></td><td>成文日期：2021-03-01</td>'
                "<td>发布日期：2021-03-05</td></tr></table>")
    assert _dates(extract_page(html, "http://www.demo.gov.cn/a/")) == [date(2021, 3, 5)]


def test_div_rows() -> None:
    rows = "".join(f'<div class="item"><a href="/tzgg/{i}.html">关于开展第{i}批项目申报工作的通知</a>'
                   f'<div class="time">2021.03.{10 + i}</div></div>' for i in range(4))
    model = extract_page(page(f'<div class="news">{rows}</div>'), "http://www.demo.gov.cn/tzgg/")
    assert _dates(model) == [date(2021, 3, 10 + i) for i in range(4)]
    assert model.dated_items[0].title == "关于开展第0批项目申报工作的通知"


def test_dates_in_brackets_and_chinese_forms() -> None:
    items = [("/a/1.html", "第一篇工作信息标题", "[2021-03-15]"), ("/a/2.html", "第二篇工作信息标题", "(2021/3/14)"),
             ("/a/3.html", "第三篇工作信息标题", "2021年3月13日"), ("/a/4.html", "第四篇工作信息标题", "【2021.03.12】")]
    model = extract_page(list_page(items), LIST_URL)
    assert _dates(model) == [date(2021, 3, d) for d in (15, 14, 13, 12)]
    assert model.dated_items[0].raw_date == "2021-03-15"


def test_date_inside_the_anchor() -> None:
    html = page('<ul><li><a href="/a/1.html"><span class="t">某局召开专题会议研究部署工作</span>'
                '<span class="d">2021-03-15</span></a></li></ul>')
    [item] = extract_page(html, LIST_URL).dated_items
    assert item.date == date(2021, 3, 15) and item.title == "某局召开专题会议研究部署工作"


def test_date_in_the_title_is_not_the_entry_date() -> None:
    html = page('<ul><li><a href="/a/1.html">关于2021年3月15日停电检修的通知</a></li>'
                '<li><a href="/a/2.html">关于2020年12月1日起施行新规的说明</a></li></ul>')
    model = extract_page(html, LIST_URL)
    assert model.dated_items == []
    assert model.undated_items == 2


def test_truncated_title_uses_title_attribute() -> None:
    html = page('<ul><li><a href="/a/1.html" title="关于进一步加强政府网站管理工作的通知">关于进一步加强政府...</a>'
                "<span>2021-03-15</span></li></ul>")
    assert extract_page(html, LIST_URL).dated_items[0].title == "关于进一步加强政府网站管理工作的通知"


def test_month_day_needs_a_year_heading() -> None:
    rows = "".join(f'<li><a href="/a/{i}.html">第{i}期工作简报正式印发</a><span>(03-1{i})</span></li>'
                   for i in range(3))
    without = extract_page(page(f"<ul>{rows}</ul>"), LIST_URL)
    assert without.dated_items == [] and without.undated_items == 3
    with_year = extract_page(page(f'<div class="box"><h3>2021年</h3><ul>{rows}</ul></div>'), LIST_URL)
    assert _dates(with_year) == [date(2021, 3, 10), date(2021, 3, 11), date(2021, 3, 12)]


def test_url_date_is_only_a_weak_hint() -> None:
    html = page('<ul class="list"><li><a href="/xw/202103/t20210315_1.html">示范市召开全体会议部署工作</a></li>'
                '<li><a href="/xw/202103/t20210316_2.html">示范市召开常务会议研究事项</a><span>2021-03-20</span></li>'
                "</ul>")
    first, second = extract_page(html, LIST_URL).dated_items
    assert first.date == date(2021, 3, 15) and first.raw_date.startswith("url:")
    assert second.date == date(2021, 3, 20) and second.raw_date == "2021-03-20"  # display date wins


def test_menu_rows_are_neither_dated_nor_undated_items() -> None:
    model = extract_page(list_page([]), LIST_URL, site_url=SITE)
    assert model.dated_items == [] and model.undated_items == 0
    assert "工作动态" in {link.text for link in model.nav_links}
    # the side menu of a column page counts as navigation
    assert any(link.url.endswith("/xwzx/bmdt/") for link in model.nav_links)


def test_duplicate_entries_are_deduplicated() -> None:
    items = news_items("/x/", 2)
    model = extract_page(list_page(items + items), LIST_URL)
    assert len(model.dated_items) == 2


# --- pub date -------------------------------------------------------------------------------

ARTICLE_URL = "http://www.demo.gov.cn/xwzx/gzdt/202103/t20210315_1001.html"
BODY = "<p>" + "示范市召开会议，研究部署近期重点工作。" * 20 + "</p>"


def test_pub_date_from_meta_first() -> None:
    html = page('<div class="info">发布时间：2021-03-16 09:00</div>' + BODY,
                head='<meta name="PubDate" content="2021-03-15 10:20">'
                     '<meta name="ArticleTitle" content="示范市召开会议">')
    model = extract_page(html, ARTICLE_URL)
    assert model.page_kind == "article"
    assert (model.pub_date, model.pub_date_source) == (datetime(2021, 3, 15, 10, 20), "meta")


@pytest.mark.parametrize("label", ["发布时间：2021-03-15 10:20", "发布日期: 2021年3月15日 10:20",
                                   "发文日期：2021-03-15 10:20", "时间：2021-03-15 10:20"])
def test_pub_date_from_labels(label: str) -> None:
    model = extract_page(page(f"<h1>示范市召开会议</h1><div class='info'>{label} 来源：示范市政府办</div>" + BODY),
                         ARTICLE_URL)
    assert (model.pub_date, model.pub_date_source) == (datetime(2021, 3, 15, 10, 20), "label")
    assert model.page_kind == "article"


def test_future_date_in_a_sentence_is_not_the_pub_date() -> None:
    text = ("<p>根据安排，本次招聘考试将于2031年5月1日举行，会议时间：2031-05-02 09:00，请考生提前准备。</p>"
            + BODY)
    model = extract_page(page("<h1>关于招聘考试的公告</h1>" + text), ARTICLE_URL)
    assert model.page_kind == "article"
    assert model.pub_date is None


def test_label_dates_are_not_pub_dates_of_list_pages() -> None:
    rows = "".join(f'<li><a href="/a/{i}.html">第{i}份通知公告的标题</a><span>发布日期：2021-03-{10 + i}</span></li>'
                   for i in range(8))
    model = extract_page(page(f"<ul>{rows}</ul>"), LIST_URL)
    assert model.page_kind == "list" and model.pub_date is None
    assert len(model.dated_items) == 8


# --- meta, text, encoding ---------------------------------------------------------------------

def test_meta_names_in_odd_case_are_canonical() -> None:
    head = ('<meta name="siteidcode" content="4403000052"><META NAME="SITENAME" CONTENT="示范市人民政府">'
            '<meta name="columnname" content="通知公告"><meta name="KEYWORDS" content="通知,公告">'
            '<meta name="description" content="  示范市   政府  "><meta name="Generator" content="CMS 5">')
    meta = extract_page(page("<p>x</p>", head=head), "http://www.demo.gov.cn/tzgg/").meta
    assert meta["SiteIDCode"] == "4403000052"
    assert meta["SiteName"] == "示范市人民政府"
    assert meta["ColumnName"] == "通知公告"
    assert meta["Keywords"] == meta["keywords"] == "通知,公告"
    assert meta["Description"] == meta["description"] == "示范市 政府"
    assert meta["generator"] == "CMS 5"
    assert "siteidcode" not in meta


def test_empty_meta_is_kept_as_empty() -> None:
    meta = extract_page(page("<p>x</p>", head='<meta name="SiteIDCode" content="">'), SITE).meta
    assert meta["SiteIDCode"] == ""


def test_visible_text_drops_scripts_and_separates_blocks() -> None:
    html = page("<script>var secret='脚本';</script><style>.a{}</style><noscript>请启用</noscript>"
                "<template><p>模板</p></template><div>第一段</div><div>第二段</div>"
                "<p>主办<b>单位</b>：某局</p>")
    text = extract_page(html, SITE).text
    assert "脚本" not in text and "请启用" not in text and "模板" not in text and ".a{}" not in text
    assert "第一段 第二段" in text
    assert "主办单位：某局" in text


def test_gbk_page() -> None:
    html = page(list_page(news_items("/x/", 3)).split("<body>")[1].split("</body>")[0], charset="gbk",
                title="工作动态")
    model = extract_page(html.encode("gbk"), LIST_URL, content_type="text/html")
    assert model.charset == "gb18030"
    assert model.title == "工作动态"
    assert model.dated_items[0].title == "示范市召开第1次专题工作推进会议"
    assert model.footer.sponsor == "示范市人民政府办公室"


def test_gbk_page_without_a_label() -> None:
    html = "<html><body><ul><li><a href='/a/1.html'>关于做好防汛工作的紧急通知</a><span>2021-03-15</span></li></ul>" \
           "<p>" + "示范市人民政府办公室主办" * 30 + "</p></body></html>"
    model = extract_page(html.encode("gbk"), LIST_URL)
    assert model.dated_items[0].title == "关于做好防汛工作的紧急通知"


# --- robustness ------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [b"", b"   ", "\u3000".encode(), b"\x00\x01\x02\xff\xfe" * 1000,
                                  b"<html><body><ul><li><a href='/x'>unclosed <div><table><tr><td>2021-03-15",
                                  b"<<<>>><a href=javascript:void(0)>x</a><a href='http://[::1'>bad</a>",
                                  "<meta charset=utf-8><p>半截的中文".encode()[:-1]])
def test_never_raises(body: bytes) -> None:
    model = extract_page(body, "http://www.demo.gov.cn/a/")
    assert model.url == "http://www.demo.gov.cn/a/"
    assert isinstance(model.text, str)


def test_malformed_html_still_gives_items() -> None:
    html = ("<html><body><ul><li><a href='/a/1.html'>未闭合的第一条信息标题<span>2021-03-15"
            "<li><a href='/a/2.html'>未闭合的第二条信息标题</a><span>2021-03-14</ul><div>")
    model = extract_page(html, LIST_URL)
    assert _dates(model) == [date(2021, 3, 15), date(2021, 3, 14)]


def test_huge_page_is_capped() -> None:
    rows = "".join(f'<li><a href="/a/{i}.html">第{i}条信息的标题内容</a><span>2021-03-15</span></li>'
                             for i in range(30))
    filler = "<p>" + "填充文字" * 250 + "</p>"
    html = page(f"<ul>{rows}</ul>" + filler * 20_000)  # about 20 MB
    assert len(html.encode()) > 19_000_000
    model = extract_page(html.encode(), LIST_URL)
    assert len(model.dated_items) == 30
    assert len(model.text) <= 1_000_000


def test_non_html_content_type_is_not_parsed() -> None:
    model = extract_page(b"%PDF-1.4 ...", "http://www.demo.gov.cn/a.pdf", content_type="application/pdf")
    assert model.text == "" and model.links == [] and model.page_kind == "other"


# --- kinds and flags ---------------------------------------------------------------------------

def test_page_kinds() -> None:
    home = extract_page(page(NAV + FOOTER), "http://www.demo.gov.cn/index.html", site_url=SITE)
    assert home.page_kind == "home"
    assert extract_page(list_page(news_items("/x/", 6)), LIST_URL).page_kind == "list"
    assert extract_page(page("<h1>标题</h1>" + BODY), ARTICLE_URL).page_kind == "article"
    assert extract_page(page("<p>联系我们</p>"), "http://www.demo.gov.cn/lxwm/").page_kind == "other"


def test_home_url() -> None:
    assert is_home_url("http://www.demo.gov.cn/", SITE)
    assert is_home_url("http://demo.gov.cn/index.html", SITE)
    assert is_home_url("http://www.demo.gov.cn/default.htm")
    assert not is_home_url("http://www.demo.gov.cn/tzgg/", SITE)
    assert not is_home_url("http://www.other.gov.cn/", SITE)
    assert not is_home_url("http://www.demo.gov.cn/?id=3", SITE)


def test_article_urls() -> None:
    assert looks_like_article_url("http://www.demo.gov.cn/a/202103/t20210315_123.html")
    assert looks_like_article_url("http://www.demo.gov.cn/art/2021/3/15/art_1_2.html")
    assert looks_like_article_url("http://www.demo.gov.cn/info/8225/293542.htm")
    assert looks_like_article_url("http://www.demo.gov.cn/news/show.php?aid=12")
    assert not looks_like_article_url("http://www.demo.gov.cn/list.jsp?wbtreeid=1001")
    assert not looks_like_article_url("http://www.demo.gov.cn/tzgg/")
    assert not looks_like_article_url("http://www.demo.gov.cn/tzgg/index.html")


@pytest.mark.parametrize("words", ["暂无信息", "暂无内容！", "栏目正在建设中，敬请期待", "建设中"])
def test_placeholder_column(words: str) -> None:
    model = extract_page(list_page([], extra=f'<div class="empty">{words}</div>'), LIST_URL, site_url=SITE)
    assert model.is_placeholder
    assert model.page_kind == "list"


def test_placeholder_look_alikes() -> None:
    # an article mentioning 建设中 in running text, and a list with items and a 暂无 box elsewhere
    article = extract_page(page("<h1>大桥工程进展</h1><p>目前大桥正在建设中，预计年底通车。" + "工程进展顺利。" * 30
                                + "</p>"), ARTICLE_URL)
    assert not article.is_placeholder
    listing = extract_page(list_page(news_items("/x/", 3), extra="<div>暂无图片</div><div>暂无信息</div>"), LIST_URL)
    assert not listing.is_placeholder


def test_needs_render_for_script_built_lists() -> None:
    script = ("<script>$.ajax({url:'/api/list',success:function(d){var h='';d.forEach(function(x){h+='<li>'+x.title"
              "+'</li>'});document.getElementById('list').innerHTML=h;}});</script>")
    model = extract_page(page(NAV + '<div class="main"><ul id="list"></ul></div>' + script + FOOTER), LIST_URL)
    assert model.needs_render
    plain = extract_page(list_page(news_items("/x/", 6)) .replace("</body>", script + "</body>"), LIST_URL)
    assert not plain.needs_render  # the list is there already


def test_soft404_is_detected_when_the_detector_exists() -> None:
    model = extract_page(page("<h1>对不起，您访问的页面不存在</h1>", title="页面不存在"),
                         "http://www.demo.gov.cn/tzgg/old/", site_url=SITE)
    assert model.is_soft404
    normal = extract_page(page("<p>关于国务院令第404号的解读</p>" + BODY, title="政策解读"), ARTICLE_URL, site_url=SITE)
    assert not normal.is_soft404


def test_real_pages_are_articles(shared_dir: Path) -> None:
    shanxi = extract_page((shared_dir / "data/html/gne_www.shanxi.gov.cn_news.html").read_bytes(),
                          "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml",
                          site_url="http://www.shanxi.gov.cn/")
    assert shanxi.page_kind == "article"
    assert (shanxi.pub_date, shanxi.pub_date_source) == (datetime(2019, 9, 18, 6, 23), "meta")
    assert shanxi.meta["ArticleTitle"] == "山西品牌丝路行（南美站）正式启动"
    cmse = extract_page((shared_dir / "data/html/gne_www.cmse.gov.cn_news.html").read_bytes(),
                        "http://www.cmse.gov.cn/xwzx/201206/t20120624_1.html")
    assert cmse.pub_date is not None and cmse.pub_date.date() == date(2012, 6, 24)


def test_pager_links_and_next_page() -> None:
    pager = ('<div class="page"><a href="?page=1">1</a><a href="list_2.html">2</a><a href="list_3.html">3</a>'
             '<a href="list_2.html">下一页</a><a href="/about/">关于我们</a></div>')
    model = extract_page(list_page(news_items("/x/", 3), extra=pager), "http://www.demo.gov.cn/xwzx/gzdt/list.html")
    assert model.pagination == ["http://www.demo.gov.cn/xwzx/gzdt/list.html?page=1",
                                "http://www.demo.gov.cn/xwzx/gzdt/list_2.html",
                                "http://www.demo.gov.cn/xwzx/gzdt/list_3.html"]
    loose = extract_page(page('<p><a href="/tzgg/index_1.html">下一页</a> <a href="/tzgg/x.html">第2期简报</a></p>'),
                         "http://www.demo.gov.cn/tzgg/")
    assert loose.pagination == ["http://www.demo.gov.cn/tzgg/index_1.html"]


def test_trs_pagination() -> None:
    model = extract_page(list_page(news_items("/x/", 3), extra='<script>createPageHTML(3, 0, "index", "shtml");</script>'),
                         LIST_URL)
    assert model.pagination == [LIST_URL + "index_1.shtml", LIST_URL + "index_2.shtml"]


def test_toolbar_links_next_to_a_date_are_not_items() -> None:
    html = page('<div class="tools"><a href="javascript:print()">打印</a> <a href="/share">分享</a> 发布时间：2021-03-15</div>'
                '<div class="today">今天是2021年3月15日 <a href="/tq/">天气</a></div>' + BODY)
    assert extract_page(html, ARTICLE_URL).dated_items == []


def test_page_wrapper_is_not_a_pager() -> None:
    links = "".join(f'<a href="/d/{i}.html">{i}</a>' for i in range(1, 45))
    html = page(f'<div class="page-wrapper"><div class="calendar">{links}</div></div>')
    assert extract_page(html, LIST_URL).pagination == []


def test_homepage_news_blocks_including_hidden_tabs() -> None:
    tab1 = "".join(f'<li><a href="/xw/202103/t202103{d:02d}_{d}.html">示范市第{d}期要闻标题内容</a><span>03-{d:02d}</span></li>'
                   for d in (20, 19))
    tab2 = "".join(f'<li><a href="/tzgg/{d}.html">关于第{d}号事项的公告</a><span>2021-03-{d:02d}</span></li>'
                   for d in (18, 17))
    html = page(NAV + f'<div class="tab"><ul>{tab1}</ul><ul style="display:none">{tab2}</ul></div>' + FOOTER)
    model = extract_page(html, SITE, site_url=SITE)
    assert model.page_kind == "home"
    # 03-20 has no year on the page: the URL hint (t20210320) dates it, marked as such
    assert [(i.date, i.raw_date.startswith("url:")) for i in model.dated_items] == [
        (date(2021, 3, 20), True), (date(2021, 3, 19), True), (date(2021, 3, 18), False), (date(2021, 3, 17), False)]
    assert model.undated_items == 0
