"""The analysis benchmark's synthetic site: written like a crawl records it, judged like one."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.analyse_site import RUN_ID, _site_pages, build_home

from govinspect import pipeline
from govinspect.config import load_config
from govinspect.store import open_store

pytestmark = pytest.mark.timeout(120)


def test_site_shape() -> None:
    pages = dict(_site_pages(200))
    assert len(pages) == 200
    assert "/" in pages and "/xwdt/" in pages and "/xwdt/index_1.html" in pages
    articles = [html for path, html in pages.items() if "/t2021" in path]
    assert len(articles) > 150
    # long prose: about 30 paragraphs, generated, so two articles do not share their text
    assert articles[0].count("<p>") >= 30
    assert articles[0].split('id="zoom"')[1][:400] != articles[1].split('id="zoom"')[1][:400]


def test_built_home_is_analysed_like_a_crawl(tmp_path: Path) -> None:
    assert build_home(tmp_path, 120) == 120
    config = load_config(tmp_path)
    store = open_store(config.db_url)
    try:
        result = pipeline.analyse(store, config, RUN_ID)
    finally:
        store.close()
    (target,) = result.targets
    assert target.pages == 120
    assert not result.errors
    # the homepage's column blocks and the paged lists make the columns the rules judge
    assert target.judgement.verdict in ("pass", "fail")
