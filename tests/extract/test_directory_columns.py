"""A column page that only points to its sub-pages (机构概况 → 机构职能, 领导信息, 内设机构) is a
directory, not a blank column (空白栏目) — unless the pages it points to are empty themselves."""

from __future__ import annotations

from govinspect.extract.categories import load_category_table
from govinspect.extract.columns import build_columns
from govinspect.extract.page import extract_page
from govinspect.model import Column, PageModel

SITE = "http://www.hexi.gov.cn/"

HOME_NAV = """
<header><nav class="mainmenu">
  <a href="/">网站首页</a><a href="/zjhx/">走进河西</a><a href="/xxgk/jgsz/">机构设置</a><a href="/bsfw/">办事服务</a>
</nav></header>
"""

# Tiles of icon + caption, not a list: no <li>, no dates, no menu region.
TILES = """
<div class="content-box"><div class="jg-tiles">
  <a class="tile" href="/xxgk/jgsz/jgzn.shtml"><i class="icon-a"></i><em>机构职能</em></a>
  <a class="tile" href="/xxgk/jgsz/ldxx.shtml"><i class="icon-b"></i><em>领导信息</em></a>
  <a class="tile" href="/xxgk/jgsz/nsjg.shtml"><i class="icon-c"></i><em>内设机构</em></a>
</div></div>
"""

PROSE = ("<div class='article'><p>" + "区发展和改革局负责拟订并组织实施全区国民经济和社会发展规划，"
         "统筹协调经济社会发展，研究分析经济形势，提出宏观调控的目标和政策建议。" * 2 + "</p></div>")


def _doc(body: str, title: str) -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"


def _columns(sub_page_body: str) -> dict[str, Column]:
    def fetch(path: str, html: str) -> tuple[str, PageModel]:
        url = "http://www.hexi.gov.cn" + path
        return url, extract_page(html, url, status=200, site_url=SITE)

    pages = dict([
        fetch("/xxgk/jgsz/", _doc(HOME_NAV + TILES, "机构设置")),
        fetch("/xxgk/jgsz/jgzn.shtml", _doc(HOME_NAV + sub_page_body, "机构职能")),
        fetch("/xxgk/jgsz/ldxx.shtml", _doc(HOME_NAV + sub_page_body, "领导信息")),
        fetch("/xxgk/jgsz/nsjg.shtml", _doc(HOME_NAV + sub_page_body, "内设机构")),
        fetch("/zjhx/", _doc(HOME_NAV + "<div class='empty'>暂无信息</div>", "走进河西")),
    ])
    home = extract_page(_doc(HOME_NAV + "<p>欢迎</p>", "河西区人民政府"), SITE, site_url=SITE)
    return {c.name: c for c in build_columns(home, pages, load_category_table(), site_url=SITE)}


def test_directory_page_whose_sub_pages_carry_text_is_not_blank() -> None:
    columns = _columns(PROSE)
    assert not columns["机构设置"].is_blank
    assert columns["走进河西"].is_blank  # the placeholder column beside it still is


def test_directory_page_whose_sub_pages_are_empty_stays_blank() -> None:
    columns = _columns("<div class='article'><p>暂无</p></div>")
    assert columns["机构设置"].is_blank


def test_placeholder_column_with_a_sidebar_of_articles_stays_blank() -> None:
    sidebar = ("<div class='side-news'><h3>最新动态</h3>"
               + "".join(f"<p><a href='/xwzx/2021/03/art_{i}.html'>河西区召开第{i}次专题会议</a></p>" for i in range(3))
               + "</div>")

    def fetch(path: str, html: str) -> tuple[str, PageModel]:
        url = "http://www.hexi.gov.cn" + path
        return url, extract_page(html, url, status=200, site_url=SITE)

    article = ("<h1>河西区召开专题会议</h1><div class='info'>发布时间：2021-03-02</div>" + PROSE)
    pages = dict([
        fetch("/xxgk/jgsz/", _doc(HOME_NAV + "<div class='list'>暂无信息</div>" + sidebar, "机构设置")),
        *(fetch(f"/xwzx/2021/03/art_{i}.html", _doc(HOME_NAV + article, "河西区召开专题会议")) for i in range(3)),
    ])
    home = extract_page(_doc(HOME_NAV + "<p>欢迎</p>", "河西区人民政府"), SITE, site_url=SITE)
    columns = {c.name: c for c in build_columns(home, pages, load_category_table(), site_url=SITE)}
    assert columns["机构设置"].is_blank


def test_one_linked_page_does_not_make_a_directory() -> None:
    one_tile = TILES.split('<a class="tile" href="/xxgk/jgsz/ldxx.shtml">')[0] + "</div></div>"

    def fetch(path: str, html: str) -> tuple[str, PageModel]:
        url = "http://www.hexi.gov.cn" + path
        return url, extract_page(html, url, status=200, site_url=SITE)

    pages = dict([fetch("/xxgk/jgsz/", _doc(HOME_NAV + one_tile, "机构设置")),
                  fetch("/xxgk/jgsz/jgzn.shtml", _doc(HOME_NAV + PROSE, "机构职能"))])
    home = extract_page(_doc(HOME_NAV + "<p>欢迎</p>", "河西区人民政府"), SITE, site_url=SITE)
    columns = {c.name: c for c in build_columns(home, pages, load_category_table(), site_url=SITE)}
    assert columns["机构设置"].is_blank
