"""What the snapshot keeps per page: long texts on disk and read back, shared links and strings."""

from __future__ import annotations

import gc
import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from govinspect.extract.categories import load_category_table
from govinspect.extract.page import extract_page
from govinspect.model import DatedItem, Footer, Link, PageModel
from govinspect.snapshot import builder
from govinspect.snapshot.builder import build_snapshot
from govinspect.snapshot.pagestore import PageShelf, PageTexts, StoredTextPage
from govinspect.store.models import FetchRow
from govinspect.timeutil import CHINA_TZ
from tests.similarity.helpers import World, make_site, prose


def _page(url: str, text: str) -> PageModel:
    return PageModel(url=url, final_url=url, status=200, title="标题", text=text,
                     meta={"SiteName": "示例网站", "ArticleTitle": url},
                     links=[Link("http://www.example.gov.cn/xwzx/", "新闻中心", "nav"),
                            Link(url + "#top", "返回顶部", "body")],
                     dated_items=[DatedItem("通知公告一", "http://www.example.gov.cn/a.html", date(2021, 3, 1))],
                     footer=Footer(text="主办单位：示例市人民政府办公室", site_id_code="3399000001"))


def test_long_text_is_read_back_short_text_stays() -> None:
    shelf = PageShelf(min_chars=100)
    long_text = "第一段" + "很长的正文，" * 200 + "最后一句。"
    long_page = shelf.keep(_page("http://www.example.gov.cn/a.html", long_text))
    short_page = shelf.keep(_page("http://www.example.gov.cn/b.html", "短的正文"))
    assert isinstance(long_page, StoredTextPage) and isinstance(long_page, PageModel)
    assert "text" not in vars(long_page)  # not held in memory
    assert long_page.text == long_text
    assert type(short_page) is PageModel and short_page.text == "短的正文"
    assert shelf.texts.bytes_written < len(long_text.encode("utf-8"))  # compressed
    # other fields are untouched, a new text is kept like any page model's
    assert long_page.title == "标题" and long_page.meta["ArticleTitle"] == "http://www.example.gov.cn/a.html"
    long_page.text = "改写后的正文"
    assert long_page.text == "改写后的正文"


def test_many_texts_read_back_in_any_order() -> None:
    texts = PageTexts()
    refs = [(texts.put(f"页面{i}：" + prose(i, 1500)), f"页面{i}：" + prose(i, 1500)) for i in range(60)]
    for ref, text in reversed(refs):  # more than the recent ones, from the file
        assert texts.get(ref) == text
    texts.close()


def test_shared_links_entries_and_strings() -> None:
    shelf = PageShelf()
    a = shelf.keep(_page("http://www.example.gov.cn/a.html", "正文一"))
    b = shelf.keep(_page("http://www.example.gov.cn/b.html", "正文二"))
    assert a.links[0] is b.links[0]  # the same navigation link: one object for the site
    assert a.links[1] is not b.links[1] and a.links[1] != b.links[1]
    assert a.dated_items[0] is b.dated_items[0]
    assert a.footer.text is b.footer.text and a.footer is not b.footer
    assert a.meta["SiteName"] is b.meta["SiteName"]
    assert a.meta["ArticleTitle"] != b.meta["ArticleTitle"]


def test_snapshot_pages_equal_extraction(tmp_path: Path) -> None:
    """A site analysed from WARC sees every page's text as extraction gave it, long or short."""
    world = World(tmp_path)
    site = make_site("3399000001", "示例网站", "www.example.gov.cn")
    paths = {f"/xwzx/t20210301_{i}.html": prose(i, 3000 if i % 2 else 200) for i in range(6)}
    pages = {path: f"<html><head><title>文章{i}</title></head><body><div id='zoom'><p>{text}</p></div></body></html>"
             for i, (path, text) in enumerate(paths.items())}
    pages["/"] = "<html><body><a href='/xwzx/t20210301_0.html'>文章</a></body></html>"
    run_id = world.record_run({site: pages})
    snap = build_snapshot(world.store, run_id, site, datetime(2021, 3, 21, tzinfo=CHINA_TZ),
                          world.config.warc_dir, load_category_table(tmp_path))
    stored = [p for p in snap.pages.values() if isinstance(p, StoredTextPage)]
    assert len(stored) == 3  # the three long ones
    for path, html in pages.items():
        url = site.url.rstrip("/") + path
        expected = extract_page(html.encode("utf-8"), url, content_type="text/html; charset=utf-8",
                                site_url=site.url)
        assert snap.pages[url].text == expected.text
        assert snap.pages[url].links == expected.links
    del snap, stored
    gc.collect()  # the text file goes with the snapshot
    world.close()


def test_cached_models_read_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second analysis reads unchanged pages from the model cache, a few pages at a time, and
    sees the same pages (texts kept on disk as after extraction)."""
    world = World(tmp_path)
    site = make_site("3399000001", "示例网站", "www.example.gov.cn")
    pages = {f"/xwzx/t20210301_{i}.html": f"<html><body><div id='zoom'><p>{prose(i, 1500)}</p></div></body></html>"
             for i in range(7)}
    run_id = world.record_run({site: pages})
    with world.store.session() as session, session.begin():
        for row in session.scalars(select(FetchRow).where(FetchRow.run_id == run_id)):
            html = pages[row.url.removeprefix("http://www.example.gov.cn")]
            row.content_hash = hashlib.sha256(html.encode("utf-8")).hexdigest()
    monkeypatch.setattr(builder, "CACHE_CHUNK", 3)
    as_of = datetime(2021, 3, 21, tzinfo=CHINA_TZ)
    table = load_category_table(tmp_path)
    first = build_snapshot(world.store, run_id, site, as_of, world.config.warc_dir, table)
    parsed: list[str] = []
    monkeypatch.setattr(builder, "extract_page", lambda *a, **k: parsed.append(a[1]))  # type: ignore[arg-type]
    second = build_snapshot(world.store, run_id, site, as_of, world.config.warc_dir, table)
    assert parsed == []  # every page came from the cache
    assert set(second.pages) == set(first.pages) and len(first.pages) == 7
    for url, page in first.pages.items():
        assert isinstance(second.pages[url], StoredTextPage)
        assert second.pages[url].text == page.text and second.pages[url].links == page.links
    world.close()
