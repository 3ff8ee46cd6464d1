"""栏目: the columns of a site, from its homepage navigation and the pages of those columns.

Level 1 (一级栏目): homepage navigation links (region "nav") that stay on the site and lead to
list pages — not articles, not downloads, not other sites, not 首页 itself. Level 2: the
navigation and side-menu (左侧导航) links of level-1 column pages. A column's items are the dated
entries of its page plus its pagination pages, as far as they were fetched.

Articles must never pass for columns: a link whose URL has an article shape, or whose fetched
page is an article, is skipped.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from govinspect.extract.categories import CategoryTable
from govinspect.extract.page import is_home_url, looks_like_article_url, looks_like_file_url
from govinspect.model import BLANK_CONTENT_CHARS, Column, ColumnCategory, DatedItem, Link, PageModel
from govinspect.urls import in_scope

# Navigation entries that are never columns (site furniture).
_NOT_COLUMNS = re.compile(
    r"^(?:首页|网站首页|返回首页|主页|home|index|无障碍|无障碍浏览|长者模式|关怀版|适老化|繁體|繁体|简体|"
    r"english|en|登录|注册|个人中心|退出|网站地图|设为首页|加入收藏|收藏本站|搜索|高级搜索|rss|手机版|"
    r"移动版|微信|微博|邮箱|打印|关闭|返回|返回顶部|更多)$", re.I)
MAX_COLUMNS = 300  # a "navigation" with more links than this is a site map, not the columns


def _is_candidate(link: Link, site_url: str, pages: dict[str, PageModel]) -> bool:
    if link.tag not in ("a", "area") or not in_scope(link.url, site_url):
        return False
    if is_home_url(link.url, site_url) or looks_like_file_url(link.url) or looks_like_article_url(link.url):
        return False
    if link.text and _NOT_COLUMNS.match(link.text.strip()):
        return False
    page = pages.get(link.url)
    return not (page is not None and page.page_kind in ("article", "home"))


def _reachable(page: PageModel | None) -> bool:
    return (page is not None and page.status is not None and 200 <= page.status < 300
            and not page.is_soft404)


def _name(link: Link, page: PageModel | None) -> str:
    name = link.text.strip()
    if not name and page is not None:
        name = page.meta.get("ColumnName", "").strip()
    return name


def _category(name: str, page: PageModel | None, table: CategoryTable) -> ColumnCategory:
    category = table.classify(name)
    if category is ColumnCategory.UNKNOWN and page is not None:
        column_type = page.meta.get("ColumnType", "")
        if column_type:
            category = table.classify(column_type)
    return category


def _items(url: str, pages: dict[str, PageModel]) -> tuple[list[DatedItem], int]:
    """Dated entries of the column page and its fetched pagination pages, deduplicated."""
    page = pages.get(url)
    if page is None:
        return [], 0
    items: list[DatedItem] = []
    seen: set[tuple[str | None, str]] = set()
    undated = 0
    for source_url in [url, *page.pagination]:
        source = pages.get(source_url)
        if source is None or (source_url != url and not _reachable(source)):
            continue
        for item in source.dated_items:
            key = (item.url, item.title)
            if key not in seen:
                seen.add(key)
                items.append(item)
        undated += source.undated_items
    return items, undated


DIRECTORY_MIN_SUB_PAGES = 2  # a directory page points to several sub-pages, not to one "see also"


def _is_sub_page_with_content(page: PageModel | None) -> bool:
    # Articles are what a sidebar of 最新动态 links to on any column page; a directory's sub-pages
    # are single pages or lists of their own.
    return (_reachable(page) and page is not None and page.page_kind != "article" and bool(
        page.dated_items or page.undated_items or page.content_chars >= BLANK_CONTENT_CHARS))


def _sub_pages_with_content(url: str, page: PageModel | None, pages: dict[str, PageModel],
                            site_wide: set[str], site_url: str) -> int:
    """Pages the column's own body points to that carry content: a directory page such as 机构概况
    shows tiles or links to 机构职能, 领导信息… and publishes nothing itself. Links the homepage
    also has are the site's furniture, not the column's sub-pages."""
    if page is None or not _reachable(page) or page.is_placeholder:
        return 0
    targets = {link.url for link in page.links
               if link.region == "body" and link.tag in ("a", "area") and link.url != url
               and link.url not in site_wide and in_scope(link.url, site_url)}
    found = sum(1 for target in targets if _is_sub_page_with_content(pages.get(target)))
    return found if found >= DIRECTORY_MIN_SUB_PAGES else 0


def _column(link: Link, level: int, parent: str | None, pages: dict[str, PageModel],
            table: CategoryTable, site_wide: set[str], site_url: str) -> Column | None:
    page = pages.get(link.url)
    name = _name(link, page)
    if not name:
        return None
    items, undated = _items(link.url, pages)
    reachable = _reachable(page)
    return Column(name=name, url=link.url, level=level, category=_category(name, page, table),
                  items=items, undated_items=undated if reachable else 0, reachable=reachable,
                  is_placeholder=bool(page is not None and page.is_placeholder), parent=parent,
                  content_chars=page.content_chars if page is not None else 0,
                  sub_pages=_sub_pages_with_content(link.url, page, pages, site_wide, site_url))


def _path_affinity(child: str, parent: str) -> int:
    """How much of the parent's folder the child's URL shares (sub-columns live below)."""
    folder = urlsplit(parent).path.rsplit("/", 1)[0]
    return len(folder) if folder and urlsplit(child).path.startswith(folder + "/") else 0


def build_columns(homepage: PageModel, pages: dict[str, PageModel], table: CategoryTable,
                  *, site_url: str) -> list[Column]:
    """Level-1 and level-2 columns of a site. ``pages`` maps canonical URL → page model of what
    was fetched (column pages and their pagination pages); a column whose page is missing or
    failed is returned with ``reachable=False``."""
    level1: list[Link] = []
    seen: dict[str, int] = {}
    for link in homepage.nav_links:
        if not _is_candidate(link, site_url, pages):
            continue
        if link.url in seen:
            # The same column linked twice (icon and text): keep the first that has a name.
            index = seen[link.url]
            if not level1[index].text.strip() and link.text.strip():
                level1[index] = link
            continue
        seen[link.url] = len(level1)
        level1.append(link)
        if len(level1) >= MAX_COLUMNS:
            break
    site_wide = {link.url for link in homepage.links}
    columns = [column for link in level1
               if (column := _column(link, 1, None, pages, table, site_wide, site_url)) is not None]
    level1_urls = set(seen)

    # Level 2: a child URL goes to the level-1 page whose folder it sits under, else the first.
    children: dict[str, tuple[Link, str, int]] = {}
    for parent in columns:
        page = pages.get(parent.url)
        if page is None or not _reachable(page):
            continue
        item_urls = {item.url for item in page.dated_items}
        for link in page.nav_links:
            if (link.url in level1_urls or link.url == parent.url or link.url in item_urls
                    or not _is_candidate(link, site_url, pages)):
                continue
            affinity = _path_affinity(link.url, parent.url)
            current = children.get(link.url)
            if current is None or affinity > current[2]:
                children[link.url] = (link, parent.url, affinity)
            elif current is not None and not current[0].text.strip() and link.text.strip():
                children[link.url] = (link, current[1], current[2])
    by_url = {column.url: column for column in columns}
    for link, parent_url, _ in children.values():
        if len(columns) >= MAX_COLUMNS * 2:
            break
        column = _column(link, 2, parent_url, pages, table, site_wide, site_url)
        if column is not None:
            columns.append(column)
            by_url[parent_url].children += 1
    return columns
