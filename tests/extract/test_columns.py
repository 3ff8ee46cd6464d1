"""栏目: navigation → columns with categories, unknowns, reachability, pagination merging."""

from datetime import date

from govinspect.extract.categories import load_category_table
from govinspect.extract.columns import build_columns
from govinspect.extract.page import extract_page
from govinspect.model import Column, ColumnCategory, PageModel

from .builders import FOOTER, NAV, SITE, list_page, news_items, page

HOME_NAV = NAV.replace('<li><a href="/zxzx/">专项治理</a></li>',
                       '<li><a href="/zxzx/">专项治理</a></li>'
                       '<li><a href="/rsxx/"><img src="/img/rs.png"></a></li>'
                       '<li><a href="/tzgg/">通知公告</a></li>')


def _site() -> dict[str, PageModel]:
    def fetch(path: str, html: str, status: int = 200) -> tuple[str, PageModel]:
        url = "http://www.demo.gov.cn" + path
        return url, extract_page(html, url, status=status, site_url=SITE)

    trs = '<script>createPageHTML(3, 0, "index", "html");</script>'
    first = news_items("/xwzx/gzdt/202103/", 5, start_day=28)
    second = news_items("/xwzx/gzdt/202102/", 5, month=2, start_day=20) + first[-1:]  # one repeated entry
    bmdt = news_items("/xwzx/bmdt/202101/", 2, month=1, start_day=10)
    pages = dict([
        fetch("/xwzx/gzdt/", list_page(first, extra=trs)),
        fetch("/xwzx/gzdt/index_1.html", list_page(second, extra=trs)),
        # index_2.html was not fetched: its items are simply not there
        fetch("/xwzx/bmdt/", list_page(bmdt, column="部门动态")),
        fetch("/tzgg/", list_page([], column="通知公告", extra='<div class="empty">暂无信息</div>')),
        fetch("/zcwj/", page("<h1>404 Not Found</h1>", title="404 Not Found"), status=404),
        fetch("/hdjl/", page("<h1>对不起，您访问的页面不存在</h1>", title="页面不存在")),
        fetch("/zxzx/", list_page(news_items("/zxzx/", 1, year=2019), column="专项治理")),
        fetch("/rsxx/", page(NAV + "<ul><li><a href='/rsxx/a1.html'>关于某某同志任职的通知</a></li></ul>",
                             head='<meta name="ColumnName" content="人事信息">')),
        fetch("/xwzx/gzdt/t20210301_1001.html",
              page("<h1>一篇被放进导航的文章标题</h1>发布时间：2021-03-01" + "<p>正文</p>" * 5)),
    ])
    return pages


def _columns() -> dict[str, Column]:
    home_url = "http://www.demo.gov.cn/"
    home = extract_page(page(HOME_NAV + "<div class='news'>要闻</div>" + FOOTER), home_url, site_url=SITE)
    columns = build_columns(home, _site(), load_category_table(), site_url=SITE)
    return {column.name: column for column in columns}


def test_level_one_columns_come_from_the_homepage_navigation() -> None:
    columns = _columns()
    level1 = {name for name, column in columns.items() if column.level == 1}
    assert level1 == {"工作动态", "通知公告", "政策文件", "互动交流", "专项治理", "人事信息"}
    # not columns: 首页, the article in the nav, the external site, the PDF
    assert "首页" not in columns and "外部网站" not in columns and "办事指南下载" not in columns
    assert "一篇被放进导航的文章标题" not in columns


def test_categories_and_unknowns() -> None:
    columns = _columns()
    category = {name: column.category for name, column in columns.items()}
    assert category["工作动态"] is ColumnCategory.NEWS
    assert category["通知公告"] is ColumnCategory.NOTICE
    assert category["政策文件"] is ColumnCategory.POLICY
    assert category["互动交流"] is ColumnCategory.INTERACTION
    assert category["人事信息"] is ColumnCategory.PERSONNEL  # name from the ColumnName meta (image link)
    assert category["专项治理"] is ColumnCategory.UNKNOWN  # never guessed


def test_trs_pagination_merges_items() -> None:
    news = _columns()["工作动态"]
    assert len(news.items) == 10  # 5 + 5, the repeated entry once
    assert news.last_update == date(2021, 3, 28)
    assert min(item.date for item in news.items) == date(2021, 2, 16)
    assert news.reachable and not news.is_blank


def test_reachability_placeholder_and_blank() -> None:
    columns = _columns()
    notice = columns["通知公告"]
    assert notice.reachable and notice.is_placeholder and notice.is_blank
    assert columns["政策文件"].reachable is False  # 404
    assert columns["互动交流"].reachable is False  # soft 404
    personnel = columns["人事信息"]
    assert personnel.items == [] and personnel.undated_items == 1
    assert not personnel.is_blank


def test_level_two_columns_from_side_menus() -> None:
    columns = _columns()
    dept = columns["部门动态"]
    assert dept.level == 2 and dept.parent == "http://www.demo.gov.cn/xwzx/gzdt/"
    assert dept.category is ColumnCategory.NEWS and len(dept.items) == 2
    town = columns["乡镇动态"]
    assert town.level == 2 and town.reachable is False  # linked but not fetched
    # the level-1 column repeated in the side menu stays level 1
    assert columns["工作动态"].level == 1


def test_column_type_meta_classifies_an_unknown_name() -> None:
    home = extract_page(page('<div class="nav"><a href="/lm1/">栏目一</a></div>'), SITE, site_url=SITE)
    col = extract_page(list_page([], column="栏目一").replace(
        "</head>", '<meta name="ColumnType" content="通知公告"></head>'), "http://www.demo.gov.cn/lm1/")
    columns = build_columns(home, {"http://www.demo.gov.cn/lm1/": col}, load_category_table(), site_url=SITE)
    assert [(c.name, c.category) for c in columns if c.level == 1] == [("栏目一", ColumnCategory.NOTICE)]


def test_articles_fetched_from_the_nav_are_not_columns() -> None:
    home = extract_page(page('<div class="nav"><a href="/news/show.php?aid=12">一条新闻</a>'
                             '<a href="/about/">走进示范市</a></div>'), SITE, site_url=SITE)
    about_url = "http://www.demo.gov.cn/about/"
    article = extract_page(page("<h1>标题</h1>发布时间：2021-03-01<p>" + "正文" * 200 + "</p>"), about_url)
    assert article.page_kind == "article"
    assert build_columns(home, {about_url: article}, load_category_table(), site_url=SITE) == []
