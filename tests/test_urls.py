"""URL canonicalisation: the crawler's dedupe and every link check depend on it."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from govinspect.urls import canonical_url, in_scope, is_gov_cn

BASE = "http://www.x.gov.cn/xwzx/index.html"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/a/b?y=1&x=2#frag", "http://www.x.gov.cn/a/b?x=2&y=1"),
        ("t1.html", "http://www.x.gov.cn/xwzx/t1.html"),
        ("../tzgg/", "http://www.x.gov.cn/tzgg/"),
        ("/a/../b.html", "http://www.x.gov.cn/b.html"),
        ("//cdn.example.com/a.js", "http://cdn.example.com/a.js"),
        ("HTTP://WWW.X.GOV.CN:80/A", "http://www.x.gov.cn/A"),
        ("https://www.x.gov.cn:443/", "https://www.x.gov.cn/"),
        ("http://www.x.gov.cn:8080/", "http://www.x.gov.cn:8080/"),
        ("/中文.html", "http://www.x.gov.cn/%E4%B8%AD%E6%96%87.html"),
        ("\\xwzx\\t2.html", "http://www.x.gov.cn/xwzx/t2.html"),
    ],
)
def test_canonical_forms(raw: str, expected: str) -> None:
    assert canonical_url(raw, BASE) == expected


@pytest.mark.parametrize("raw", ["javascript:void(0)", "mailto:a@x.gov.cn", "tel:12345", "#top", "", "  ",
                                 "ftp://x.gov.cn/a", "data:text/html,hi", "http://[bad/"])
def test_not_http_links_are_dropped(raw: str) -> None:
    assert canonical_url(raw, BASE) is None


def test_the_root_relative_fast_path_agrees_with_urljoin() -> None:
    for raw in ["/a", "/a/b.html?q=1", "/a/./b", "/a%20b", "/?x=1"]:
        assert canonical_url(raw, BASE) == canonical_url(urljoin(BASE, raw))


def test_scope_and_gov_domains() -> None:
    assert in_scope("http://x.gov.cn/a", "http://www.x.gov.cn/")
    assert not in_scope("http://jyj.x.gov.cn/", "http://www.x.gov.cn/")
    assert is_gov_cn("http://www.x.gov.cn/") and is_gov_cn("www.gov.cn")
    assert not is_gov_cn("http://www.x-gov.cn.example.com/")


def test_the_cache_keyed_by_origin_agrees_with_joining_each_link_on_its_page() -> None:
    """canonical_url remembers root-relative links per origin and absolute ones alone: every
    link must come out as joining it on its own page gives, on pages of several sites."""
    import random

    from govinspect.urls import _canonical

    rng = random.Random(7)
    bases = ["http://www.x.gov.cn/xwzx/index.html", "http://www.x.gov.cn/a/b/c.shtml?id=3",
             "https://www.x.gov.cn:8443/zwgk/", "http://www.y.gov.cn", "http://user@www.z.gov.cn/p/q/",
             "http://www.x.gov.cn/xwzx/"]
    parts = ["/", "//", "./", "../", "\\", "a", "中文", "?", "=", "&", "#", ".html", "x.gov.cn", "http:", "://",
             " ", "%20", ";jsessionid=1", "javascript:", "mailto:", "www.cdn.cn", "/\\", "\\\\"]
    for _ in range(3000):
        raw = "".join(rng.choice(parts) for _ in range(rng.randint(0, 6)))
        for base in rng.sample(bases, 3):
            assert canonical_url(raw, base) == _canonical(raw, base), (raw, base)
        assert canonical_url(raw) == _canonical(raw, None), raw
