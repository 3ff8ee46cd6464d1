"""W-D10 (我为政府网站找错 entry) and W-I1 (政府网站工作年度报表 on the homepage)."""

from datetime import datetime

from govinspect.model import Footer, Link, PageModel
from govinspect.rules.base import Confidence, Severity
from tests.rules.builders import CODE, HOME, TZ, page, run, snapshot

# ---- W-D10 ------------------------------------------------------------------


def test_d10_right_sitecode_passes() -> None:
    home = page(HOME, kind="home", footer=Footer(has_jiucuo=True, jiucuo_sitecode=CODE))
    assert run("W-D10", snapshot(homepage=home)) == []


def test_d10_missing_entry() -> None:
    [f] = run("W-D10", snapshot(homepage=page(HOME, kind="home", footer=Footer(text="主办单位：某某"))))
    assert f.message == "首页未设置“我为政府网站找错”入口" and f.severity is Severity.DEDUCTION and f.points == 1.0
    assert f.confidence is Confidence.HIGH


def test_d10_missing_on_homepage_but_present_elsewhere_is_medium_confidence() -> None:
    other = page(f"{HOME}a.html", footer=Footer(has_jiucuo=True, jiucuo_sitecode=CODE))
    [f] = run("W-D10", snapshot(homepage=page(HOME, kind="home"), pages=[other]))
    assert f.confidence is Confidence.MEDIUM and f.details["other_pages_with_entry"] == 1


def test_d10_sitecode_differs_from_registry() -> None:
    home = page(HOME, kind="home", footer=Footer(has_jiucuo=True, jiucuo_sitecode="3101140039"))
    [f] = run("W-D10", snapshot(homepage=home))
    assert f.details == {"problem": "mismatch", "sitecode": "3101140039", "registry_code": CODE}


def test_d10_entry_without_sitecode() -> None:
    home = page(HOME, kind="home", footer=Footer(has_jiucuo=True, jiucuo_sitecode=""))
    [f] = run("W-D10", snapshot(homepage=home))
    assert f.details["problem"] == "no_sitecode"


def test_d10_no_homepage_nothing() -> None:
    assert run("W-D10", snapshot()) == []


# ---- W-I1 -------------------------------------------------------------------


def home_links(*texts: str) -> PageModel:
    return page(HOME, kind="home", links=[Link(f"{HOME}r{i}/", t) for i, t in enumerate(texts)])


def test_i1_last_years_report_linked_passes_in_any_wording() -> None:
    for text in ("2020年政府网站工作年度报表", "政府网站工作年度报表（2020年度）", "嘉定区政府网站年度工作报表(2020)"):
        assert run("W-I1", snapshot(homepage=home_links("首页", text))) == [], text


def test_i1_missing_after_january() -> None:
    [f] = run("W-I1", snapshot(homepage=home_links("政府信息公开年报", "2019年政府网站工作年度报表")))
    assert f.severity is Severity.INFO and f.message == "首页未发布2020年度政府网站工作年度报表"
    assert f.details["reports_linked"] == [{"text": "2019年政府网站工作年度报表", "url": f"{HOME}r1/"}]


def test_i1_not_judged_in_january_and_on_the_deadline() -> None:
    for day in (datetime(2021, 1, 15, tzinfo=TZ), datetime(2021, 1, 31, 23, 0, tzinfo=TZ)):
        assert run("W-I1", snapshot(homepage=home_links("首页"), as_of=day)) == []
    assert len(run("W-I1", snapshot(homepage=home_links("首页"), as_of=datetime(2021, 2, 1, tzinfo=TZ)))) == 1


def test_i1_report_named_only_by_the_linked_page_title_counts() -> None:
    home = page(HOME, kind="home", links=[Link(f"{HOME}ndbb/", "年度报表")])
    target = page(f"{HOME}ndbb/", title="嘉定区政府网站工作年度报表（2020年度）")
    assert run("W-I1", snapshot(homepage=home, pages=[target])) == []


def test_i1_year_inside_a_longer_number_does_not_count() -> None:
    [f] = run("W-I1", snapshot(homepage=home_links("政府网站工作年度报表 编号120201")))
    assert f.rule == "W-I1"
