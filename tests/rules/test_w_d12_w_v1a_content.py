"""W-D12 (错别字) and W-V1a (严重表述错误) on page text: must find, look-alikes it must not flag."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from govinspect.model import PageModel
from govinspect.rules.base import Severity, SiteSnapshot
from tests.rules.builders import HOME, TZ, fetch, page, run
from tests.rules.builders import snapshot as make_snapshot

BODIES: dict[str, bytes] = {}


def article(n: int, text: str, title: str = "工作动态", pub: datetime | None = None) -> PageModel:
    """An article page as the pipeline sees it: stored HTML (W-D12 reads its body paragraphs) and
    the page model extracted from it (W-V1a reads its text)."""
    url = f"{HOME}art/{n}.html"
    html = (f'<html><head><title>{title}</title></head><body><div class="nav"><a href="/">首页</a></div>'
            f'<div class="main"><h1>{title}</h1><p>{text}</p></div>'
            f'<div class="footer"><p>主办单位：嘉定区人民政府办公室</p></div></body></html>')
    BODIES[url] = html.encode("utf-8")
    p = page(url, kind="article", title=title, pub_date=pub)
    p.text = text
    return p


def snapshot(**kwargs: Any) -> SiteSnapshot:
    """builders.snapshot with a fetch and a stored body for every article."""
    pages = kwargs.get("pages", [])
    snap = make_snapshot(**kwargs, fetches=[fetch(p.url) for p in pages])
    snap.body_loader = lambda f: BODIES.get(f.url)
    return snap


def test_typo_found_with_suggestion_and_points() -> None:
    snap = snapshot(homepage=page(HOME, kind="home"),
                    pages=[article(1, "我区大力培育发展大数局产业，推动经济高质量发展。")])
    [f] = run("W-D12", snap)
    assert f.severity is Severity.DEDUCTION and f.points == 0.1
    assert (f.details["text"], f.details["suggestion"]) == ("局", "据")
    assert f.url == f"{HOME}art/1.html" and "大数局" in f.evidence["excerpt"]


def test_typo_look_alikes() -> None:
    pages = [article(1, "我区大力培育发展大数据产业，推动经济高质量发展。"),
             article(2, "嘉定区人民政府办公室关于小微企业贷款贴息申报的公告。"),
             # a place name the site repeats on many lines is its own term
             *[article(10 + k, f"青禾村第{k}次召开村民代表大会，研究部署重点工作。") for k in range(4)]]
    assert run("W-D12", snapshot(homepage=page(HOME, kind="home"), pages=pages)) == []


def test_same_line_on_many_pages_reported_once() -> None:
    pages = [article(k, "我区大力培育发展大数局产业，推动经济高质量发展。") for k in range(3)]
    assert len(run("W-D12", snapshot(homepage=page(HOME, kind="home"), pages=pages))) == 1


def test_wording_errors_are_firm_vetoes_with_the_correct_form() -> None:
    text = "会议强调，要学习贯彻习进平总书记重要讲话精神，增强“四个意识”、坚定“三个自信”、做到“两个维护”。"
    found = run("W-V1a", snapshot(homepage=page(HOME, kind="home"), pages=[article(1, text)]))
    assert {(f.details["category"], f.details["text"], f.details["suggestion"]) for f in found} == {
        ("leader-name", "习进平", "习近平"), ("formulation", "三个自信", "四个自信")}
    for f in found:  # a current leader's name next to his title; a wrong count beside other formulations
        assert f.severity is Severity.VETO and not f.review and f.details["grade"] == "firm"
    # a typo that is a wording error is not also reported as W-D12
    assert run("W-D12", snapshot(homepage=page(HOME, kind="home"), pages=[article(1, text)])) == []


def test_wording_judged_at_the_page_publish_date() -> None:
    text = "国务院总理李克强主持召开国务院常务会议，部署有关工作。"
    old = article(1, text, pub=datetime(2020, 6, 1, tzinfo=TZ))
    assert run("W-V1a", snapshot(homepage=page(HOME, kind="home"), pages=[old])) == []
    text2 = "坚定道路自信、理论自信、制度自信，即三个自信，这是我们的底气。"
    before = article(2, text2, pub=datetime(2015, 6, 1, tzinfo=TZ))
    assert run("W-V1a", snapshot(homepage=page(HOME, kind="home"), pages=[before])) == []


def test_wording_look_alikes() -> None:
    text = ("增强“四个意识”、坚定“四个自信”、做到“两个维护”，统筹推进“五位一体”总体布局。"
            "学习《习近平谈治国理政》，深化与中国台湾地区的交流，台湾国际机场航班恢复。")
    assert run("W-V1a", snapshot(homepage=page(HOME, kind="home"), pages=[article(1, text)])) == []
