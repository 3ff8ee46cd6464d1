from datetime import datetime, timedelta

from govinspect.model import ColumnCategory, Link
from govinspect.rules.base import Confidence, Severity
from tests.rules.builders import AS_OF, HOME, TZ, column, item, page, run, snapshot


def home(*days: int, links: tuple[Link, ...] = ()) -> object:
    return page(HOME, kind="home", items=[item(d, f"新闻{d}") for d in days], links=links)


def test_newest_item_exactly_14_days_is_fresh() -> None:
    assert run("W-V3", snapshot(homepage=home(14, 40))) == []


def test_newest_item_15_days_is_stale() -> None:
    [finding] = run("W-V3", snapshot(homepage=home(15, 40)))
    assert finding.severity is Severity.VETO
    assert finding.details["days_since"] == 15
    assert finding.details["newest"]["date"] == AS_OF.date() - timedelta(days=15)
    assert "14天" in finding.message
    assert not finding.review


def test_future_items_do_not_make_homepage_fresh() -> None:
    # one item dated after as_of (forged) and the rest old: still stale
    [finding] = run("W-V3", snapshot(homepage=home(-5, 30)))
    assert finding.details["days_since"] == 30


def test_navigation_homepage_with_one_fresh_second_level_page_passes() -> None:
    cols = [column("要闻", ColumnCategory.NEWS, 60), column("通知公告", ColumnCategory.NOTICE, 3)]
    assert run("W-V3", snapshot(homepage=home(), columns=cols)) == []


def test_navigation_homepage_with_fresh_linked_article_passes() -> None:
    art = f"{HOME}art/1.html"
    article = page(art, kind="article", pub_date=datetime(2021, 3, 19, 9, tzinfo=TZ), pub_date_source="meta")
    snap = snapshot(homepage=home(links=(Link(art, "文章"),)), pages=[article],
                    columns=[column("要闻", ColumnCategory.NEWS, 60)])
    assert run("W-V3", snap) == []


def test_navigation_homepage_all_second_level_stale_vetoes() -> None:
    cols = [column("要闻", ColumnCategory.NEWS, 20), column("通知公告", ColumnCategory.NOTICE, 90)]
    [finding] = run("W-V3", snapshot(homepage=home(), columns=cols))
    assert finding.details["basis"] == "second-level pages"
    assert finding.details["days_since"] == 20
    assert not finding.review


def test_sub_column_and_unlinked_page_are_not_second_level() -> None:
    cols = [column("要闻", ColumnCategory.NEWS, 20), column("子栏目", ColumnCategory.NEWS, 1, level=2)]
    unlinked = page(f"{HOME}deep/1.html", items=[item(1)])
    [finding] = run("W-V3", snapshot(homepage=home(), columns=cols, pages=[unlinked]))
    assert finding.details["days_since"] == 20


def test_nothing_dated_anywhere_is_low_confidence_review() -> None:
    [finding] = run("W-V3", snapshot(homepage=home()))
    assert finding.review is True
    assert finding.confidence is Confidence.LOW


def test_missing_homepage_is_left_to_w_v2() -> None:
    assert run("W-V3", snapshot(homepage=None)) == []


def test_threshold_from_config() -> None:
    assert run("W-V3", snapshot(homepage=home(15)), {"max_days": {"value": 30}}) == []
