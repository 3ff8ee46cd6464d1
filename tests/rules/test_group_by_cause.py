"""One finding per cause: the engine merges findings that share target, rule and cause."""

from __future__ import annotations

from collections.abc import Callable

from govinspect.rules.base import Finding, Severity
from govinspect.rules.engine import PAGES_LISTED, group_by_cause


def _f(url: str | None, cause: str | None, *, review: bool = False, points: float = 0.0, target: str = "T1",
       rule: str = "W-V1c") -> Finding:
    return Finding(target=target, rule=rule, severity=Severity.VETO, message=f"msg {url}", url=url,
                   evidence={"warc": "a.warc.gz", "record": url}, review=review, points=points, cause=cause)


def test_same_cause_on_many_pages_is_one_finding_listing_the_pages() -> None:
    pages = [f"http://www.a.gov.cn/p{i}.html" for i in range(PAGES_LISTED + 5)]
    merged = group_by_cause(_f(u, "footer-spam:ab12") for u in pages)
    assert len(merged) == 1
    only = merged[0]
    assert only.url == pages[0] and only.evidence["record"] == pages[0] and only.message == f"msg {pages[0]}"
    assert only.details["pages"] == {"count": len(pages), "first": pages[:PAGES_LISTED]}


def test_different_causes_targets_and_rules_stay_apart() -> None:
    found = [
        _f("http://a/1", "x"), _f("http://a/2", "y"),           # two causes
        _f("http://a/3", "x", target="T2"),                     # same cause, other target
        _f("http://a/4", "x", rule="W-D14"),                    # same cause, other rule
        _f("http://a/5", None), _f("http://a/6", None),         # no cause: each its own
    ]
    merged = group_by_cause(found)
    assert [f.url for f in merged] == ["http://a/1", "http://a/2", "http://a/3", "http://a/4", "http://a/5",
                                       "http://a/6"]
    assert all("pages" not in f.details for f in merged)


def test_merged_finding_needs_review_if_any_page_did_and_counts_one_deduction() -> None:
    merged = group_by_cause([_f("http://a/1", "c", points=0.5), _f("http://a/2", "c", review=True, points=2.0),
                             _f("http://a/1", "c", points=1.0)])
    assert len(merged) == 1
    assert merged[0].review is True and merged[0].points == 2.0
    assert merged[0].details["pages"]["count"] == 2  # the repeated URL counts once


def _rank(*urls: str) -> Callable[[str | None], int]:
    """A page order like SiteSnapshot.page_rank's: the listed URLs in order, any other after."""
    rank = {url: i for i, url in enumerate(urls)}
    return lambda url: rank.get(url, len(rank)) if url is not None else len(rank)


def test_with_a_page_order_the_merged_finding_is_the_first_page_whatever_order_the_rule_met_them() -> None:
    order = _rank("http://a/", "http://a/col/", "http://a/art/2.html", "http://a/art/1.html")
    urls = ["http://a/art/1.html", "http://a/col/", "http://other/x.html", "http://a/art/2.html", "http://a/"]
    results = []
    for met in (urls, list(reversed(urls)), urls[2:] + urls[:2]):
        # each page's finding has its own message and evidence (rotating keywords, one cause)
        [merged] = group_by_cause([_f(u, "links:casino.example", points=1.0) for u in met], order)
        results.append((merged.url, merged.message, merged.evidence["record"], merged.details["pages"]))
    assert results[0] == ("http://a/", "msg http://a/", "http://a/",
                          {"count": 5, "first": ["http://a/", "http://a/col/", "http://a/art/2.html",
                                                 "http://a/art/1.html", "http://other/x.html"]})
    assert results[1] == results[0] and results[2] == results[0]


def test_with_a_page_order_findings_keep_their_places_and_merge_their_review_and_points() -> None:
    order = _rank("http://a/", "http://a/2")
    found = [_f("http://a/x", None), _f("http://a/2", "c", review=True, points=2.0), _f("http://a/y", None),
             _f("http://a/", "c", points=0.5), _f(None, "c")]
    merged = group_by_cause(found, order)
    # the merged finding stands where its cause first appeared; a finding without a URL sorts last
    assert [f.url for f in merged] == ["http://a/x", "http://a/", "http://a/y"]
    assert merged[1].review is True and merged[1].points == 2.0
    assert merged[1].details["pages"] == {"count": 2, "first": ["http://a/", "http://a/2"]}
