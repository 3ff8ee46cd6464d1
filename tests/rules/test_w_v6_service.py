"""W-V6a (no online service), W-V6b (guide elements; off by default) and W-D4 (service statistics)."""

from __future__ import annotations

from datetime import datetime

from govinspect.model import GUIDE_ELEMENTS, ColumnCategory, Link, PageModel, ServiceGuide
from govinspect.rules.base import get_rule
from govinspect.rules.engine import rule_enabled
from tests.rules.builders import HOME, column, config, fetch, item, page, run, snapshot


def _home(*links: Link) -> PageModel:
    base = [Link(f"{HOME}xwzx/", "新闻中心", "nav"), Link(f"{HOME}zwgk/", "政府信息公开", "nav")]
    base += [Link(f"{HOME}xwzx/{i}.html", f"新闻标题{i}", "body") for i in range(12)]
    return page(HOME, kind="home", links=[*base, *links])


# --- W-V6a ------------------------------------------------------------------------------------

def test_service_entry_in_navigation_is_fine() -> None:
    assert run("W-V6a", snapshot(homepage=_home(Link(f"{HOME}bsfw/", "办事服务", "nav")))) == []


def test_link_to_the_government_service_portal_is_fine() -> None:
    home = _home(Link("https://www.zjzwfw.gov.cn/", "浙江政务服务网", "body"))
    assert run("W-V6a", snapshot(homepage=home)) == []
    by_host = _home(Link("https://zwfw.shifan.gov.cn/", "", "body", "a"))
    assert run("W-V6a", snapshot(homepage=by_host)) == []


def test_service_column_is_fine() -> None:
    col = column("便民服务", ColumnCategory.SERVICE)
    assert run("W-V6a", snapshot(homepage=_home(), columns=[col])) == []


def test_no_service_entry_is_a_veto() -> None:
    home = _home(Link(f"{HOME}fwrx/", "服务热线：12345", "footer"),
                 Link(f"{HOME}jdbsc/", "城关街道办事处", "body"))
    [finding] = run("W-V6a", snapshot(homepage=home))
    assert finding.severity == "veto" and not finding.review
    assert finding.details["homepage_links"] >= 10


def test_broken_entry_does_not_count_and_sparse_homepage_needs_review() -> None:
    url = f"{HOME}bsfw/"
    home = _home(Link(url, "网上办事", "nav"))
    [finding] = run("W-V6a", snapshot(homepage=home, fetches=[fetch(url, 404)]))
    assert finding.details["broken_entries"][0]["url"] == url
    [sparse] = run("W-V6a", snapshot(homepage=page(HOME, kind="home")))
    assert sparse.review


def test_unreachable_site_is_left_to_w_v2() -> None:
    assert run("W-V6a", snapshot(homepage=None)) == []


# --- W-V6b ------------------------------------------------------------------------------------

def _guide(n: int, missing: tuple[str, ...] = ()) -> PageModel:
    p = page(f"{HOME}bsfw/bszn/t{n}.html", kind="article")
    p.guide = ServiceGuide(f"第{n}项办事指南", {name: name for name in GUIDE_ELEMENTS if name not in missing})
    return p


def test_guide_rule_is_off_by_default() -> None:
    assert not rule_enabled(get_rule("W-V6b"), config())
    assert rule_enabled(get_rule("W-V6b"), config({"rules": {"W-V6b": {"enabled": True}}}))


def test_half_of_guides_incomplete_is_a_veto_for_review() -> None:
    snap = snapshot(homepage=_home(), pages=[_guide(1, ("设定依据",)), _guide(2)])
    [finding] = run("W-V6b", snap)
    assert finding.severity == "veto" and finding.review
    assert finding.details["items"][0]["missing"] == ["设定依据"]


def test_below_share_is_a_warning_and_complete_guides_pass() -> None:
    snap = snapshot(homepage=_home(), pages=[_guide(1, ("办理流程",)), _guide(2), _guide(3)])
    [finding] = run("W-V6b", snap)
    assert finding.severity == "warning"
    assert run("W-V6b", snapshot(homepage=_home(), pages=[_guide(1), _guide(2)])) == []
    # a guide missing 1 category is fine when 2 are required
    assert run("W-V6b", snap, {"min_missing_categories": 2}) == []


# --- W-D4 -------------------------------------------------------------------------------------

def test_stats_column_updated_within_three_months_is_fine() -> None:
    col = column("办件统计", ColumnCategory.SERVICE, last_days=30)
    assert run("W-D4", snapshot(homepage=_home(), columns=[col])) == []


def test_stale_stats_column_deducts_two() -> None:
    col = column("办件统计", ColumnCategory.SERVICE, last_days=120)
    [finding] = run("W-D4", snapshot(homepage=_home(), columns=[col]))
    assert finding.points == 2.0 and finding.details["max_months"] == 3


def test_stats_page_with_a_stated_date() -> None:
    url = f"{HOME}bsfw/bjsj/"
    home = _home(Link(url, "办事数据", "body"))
    stats = page(url)
    stats.text = "办件数据 统计时间：2020年11月30日 受理 1024 件"
    [finding] = run("W-D4", snapshot(homepage=home, pages=[stats]))
    assert finding.details["last_update"].isoformat() == "2020-11-30"
    stats.text = "办件数据 统计时间：2020年12月21日 受理 1024 件"  # exactly 3 months
    assert run("W-D4", snapshot(homepage=home, pages=[stats])) == []
    stats.text = "办件数据"
    stats.pub_date = datetime(2021, 3, 1, 9, 0)
    assert run("W-D4", snapshot(homepage=home, pages=[stats])) == []


def test_no_stats_page_and_guides_are_not_flagged() -> None:
    guides = column("办事指南", ColumnCategory.SERVICE, last_days=400)
    assert run("W-D4", snapshot(homepage=_home(), columns=[guides])) == []
    assert item(1).date  # builders in use
