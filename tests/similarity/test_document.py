from govinspect.similarity.document import article_text, find_attribution, normalise

from .helpers import article_html, prose

OWN = ["示范市教育局", "示范市教育局办公室", "jyj.shifan.gov.cn"]


def test_body_leaves_out_navigation_and_footer() -> None:
    html = article_html("信息发布审核制度", [prose(1, 400)], site_name="示范市教育局")
    art = article_text(html.encode(), "http://jyj.shifan.gov.cn/zwgk/t20210301_1.html", own_names=OWN)
    assert art.is_article and not art.boilerplate
    assert art.title == "信息发布审核制度"
    assert "新闻中心" not in art.text and "网站标识码" not in art.text
    assert art.text == normalise(prose(1, 400))
    assert art.pub_date is not None and art.pub_date.isoformat() == "2021-03-01"
    assert art.attribution == ""  # 来源：own site; the footer's 转载请注明来源 is no label


def test_attribution_names_another_source() -> None:
    html = article_html("国务院办公厅关于加强网站建设的通知", ["（来源：中国政府网）", prose(2, 400)],
                        site_name="示范市教育局")
    art = article_text(html.encode(), "http://jyj.shifan.gov.cn/zcwj/t20210301_2.html", own_names=OWN)
    assert art.attribution == "中国政府网"
    assert find_attribution("本文转载自省教育厅网站。", "", OWN) == "省教育厅网站"
    assert find_attribution("原文链接：http://www.gov.cn/zhengce/content/1.htm", "", OWN).startswith("http://www.gov.cn")
    assert find_attribution("", "中国政府网", OWN) == "中国政府网"  # meta ContentSource


def test_own_source_and_prose_are_not_attribution() -> None:
    assert find_attribution("来源：示范市教育局办公室　发布时间：2021-03-01", "示范市教育局", OWN) == ""
    assert find_attribution("来源：本网", "", OWN) == ""
    assert find_attribution("资金来源于市级财政，参会代表来自全市各学校。", "", OWN) == ""


def test_boilerplate_and_list_pages_are_recognised() -> None:
    decl = article_html("网站声明", [prose(3, 400)])
    assert article_text(decl.encode(), "http://x.gov.cn/wzsm/index.html").boilerplate
    listing = '<html><head><title>通知公告</title></head><body><ul><li><a href="/a">通知</a></li></ul></body></html>'
    art = article_text(listing.encode(), "http://x.gov.cn/tzgg/index.html")
    assert not art.is_article and art.chars < 10


def test_br_written_articles_use_the_content_container() -> None:
    text = prose(5, 300)
    html = (f'<html><head><meta name="ArticleTitle" content="制度"></head><body><div class="nav">导航</div>'
            f'<div id="zoom">{text[:150]}<br>{text[150:]}</div></body></html>')
    art = article_text(html.encode(), "http://x.gov.cn/a/t20210301_9.html")
    assert art.text == normalise(text)


def test_gbk_and_broken_html_never_raise() -> None:
    html = article_html("制度", [prose(6, 300)]).replace('charset="utf-8"', 'charset="gbk"')
    art = article_text(html.encode("gbk"), "http://x.gov.cn/t20210301_3.html", content_type="text/html; charset=GBK")
    assert art.chars > 200
    assert article_text(b"\x00\xff<html><p>", "http://x.gov.cn/").chars == 0
