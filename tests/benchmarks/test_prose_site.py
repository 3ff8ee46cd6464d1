"""The prose site of the crawl benchmark: long pages, 20 in-site links each, every page
reachable, pages distinct enough that near-duplicate trap detection has no reason to stop."""

from __future__ import annotations

import re
import urllib.request
from collections import deque
from datetime import date
from pathlib import Path

import pytest
from benchmarks.prose_site import HOST, PARAGRAPHS, SITE, ProseSite, paragraphs, sentence
from benchmarks.static_farm import NGINX, serve_static

from govinspect.content.check import html_text_passages

AS_OF = date(2021, 3, 21)
_HREF = re.compile(r'href="([^"]+)"')
_SENTENCE = re.compile(r"[^。]+。")

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def site() -> ProseSite:
    return ProseSite(600, AS_OF)


@pytest.fixture(scope="module")
def pages(site: ProseSite) -> dict[str, str]:
    return site.pages()


def _body_text(html: str) -> str:
    zoom = html.split('<div id="zoom">', 1)[1].split("</div>", 1)[0]
    return re.sub(r"<[^>]+>", "", zoom)


def test_page_count_is_exact(site: ProseSite, pages: dict[str, str]) -> None:
    assert site.page_count == len(pages) == 600
    assert len(ProseSite(10_000, AS_OF).articles) + 8 == 10_000


def test_every_article_is_long_prose_with_twenty_links_in_site(site: ProseSite, pages: dict[str, str]) -> None:
    for article in site.articles[::37]:
        html = pages[article.path]
        links = _HREF.findall(html)
        assert len(links) == 20
        assert all(link.startswith("/") and (link == "/" or link in pages) for link in links)
        body = _body_text(html)
        assert html.count("<p>") >= PARAGRAPHS
        assert 2_000 <= len(body) <= 5_000
        assert re.fullmatch(r"[\u4e00-\u9fff，。、“”（）]+", body), "only Chinese prose in the body"
        assert f"网站标识码：{SITE.code}" in html and article.published.isoformat() in html


def test_every_page_is_reachable_from_the_homepage(site: ProseSite, pages: dict[str, str]) -> None:
    depth = {"/index.html": 0}
    queue = deque(["/index.html"])
    while queue:
        path = queue.popleft()
        for link in _HREF.findall(pages[path]):
            target = "/index.html" if link == "/" else link
            if target not in depth:
                depth[target] = depth[path] + 1
                queue.append(target)
    assert set(depth) == set(pages)
    # the related-article tree keeps the site shallow: about log10(articles) + 2 clicks
    assert max(depth.values()) <= 5


def test_articles_do_not_repeat_each_other(site: ProseSite, pages: dict[str, str]) -> None:
    """Crawl trap detection stops a URL group of near-duplicate pages: these must not look like one."""
    sentences = [set(_SENTENCE.findall(_body_text(pages[a.path]))) for a in site.articles[:40]]
    for i, first in enumerate(sentences):
        for second in sentences[i + 1:]:
            assert len(first & second) / len(first | second) < 0.2
    titles = {a.title for a in site.articles}
    assert len(titles) > 0.9 * len(site.articles)


def test_the_same_seed_builds_the_same_bytes() -> None:
    one, two = ProseSite(50, AS_OF).pages(), ProseSite(50, AS_OF).pages()
    assert one == two
    assert ProseSite(50, AS_OF, seed=7).pages() != one


def test_generated_prose_reads_as_text_passages() -> None:
    """The text engines see what a crawled page gives them: whole sentences, no markup."""
    import random

    rng = random.Random(1)
    assert sentence(rng).endswith("。")
    text = "".join(f"<p>{p}</p>" for p in paragraphs(rng, 4))
    passages = html_text_passages(f"<html><body>{text}</body></html>")
    assert len(passages) == 4 and all(len(p.text) > 40 for p in passages)


def test_too_small_a_site_is_refused_in_both_languages() -> None:
    with pytest.raises(ValueError, match=r"至少为.*must be >="):
        ProseSite(5, AS_OF)


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx 未安装 / /usr/sbin/nginx missing")
def test_real_nginx_serves_the_site_with_the_linkchecker_header(tmp_path: Path) -> None:
    site = ProseSite(30, AS_OF)
    root, work = tmp_path / "www", tmp_path / "work"
    assert site.export(root) == 30
    with serve_static(root, [HOST], work) as server:
        proxy = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server}))
        with proxy.open(SITE.url, timeout=5) as resp:
            assert resp.headers["LinkChecker"] == "benchmark"
            assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
            home = resp.read().decode()
        article = site.articles[0]  # the newest, listed on the homepage
        assert f'href="{article.path}"' in home
        with proxy.open(f"http://{HOST}{article.path}", timeout=5) as resp:
            assert article.title in resp.read().decode()
        with proxy.open(f"http://{HOST}/robots.txt", timeout=5) as resp:
            assert b"Disallow:" in resp.read()
