from datetime import datetime

from govinspect.model import ColumnCategory, DatedItem
from govinspect.rules.base import Confidence, Severity
from tests.rules.builders import HOME, TZ, ago, column, fetch, item, page, run, snapshot

ART = f"{HOME}art/2021/t1.html"


def article(when: datetime, source: str) -> object:
    return page(ART, kind="article", pub_date=when, pub_date_source=source, title="关于…的通知")


def test_meta_pubdate_after_tolerance_is_a_confident_veto() -> None:
    snap = snapshot(pages=[article(datetime(2021, 3, 23, 9, tzinfo=TZ), "meta")], fetches=[fetch(ART)])
    [finding] = run("W-V1e", snap)
    assert finding.severity is Severity.VETO
    assert finding.review is False and finding.confidence is Confidence.HIGH
    assert finding.url == ART
    assert finding.details["claimed_date"].isoformat() == "2021-03-23"
    assert finding.details["sources"] == [{"kind": "meta PubDate", "page": ART}]
    assert finding.evidence["warc"] == "test.warc.gz"


def test_label_date_counts() -> None:
    assert len(run("W-V1e", snapshot(pages=[article(datetime(2021, 4, 1), "label")]))) == 1


def test_one_day_ahead_is_within_tolerance() -> None:
    assert run("W-V1e", snapshot(pages=[article(datetime(2021, 3, 22, 23, 59, tzinfo=TZ), "meta")])) == []


def test_timezone_is_that_of_as_of() -> None:
    # 2021-03-22T17:00Z is 2021-03-23 01:00 in Beijing: two days ahead
    from datetime import UTC
    assert len(run("W-V1e", snapshot(pages=[article(datetime(2021, 3, 22, 17, tzinfo=UTC), "meta")]))) == 1


def test_body_text_or_htmldate_future_date_is_not_a_publish_date() -> None:
    snap = snapshot(pages=[article(datetime(2021, 5, 1), "htmldate"),
                           page(f"{HOME}b.html", kind="article", title="报名截止2021年5月1日")])
    assert run("W-V1e", snap) == []


def test_future_list_item_reported_once_with_all_places() -> None:
    future = DatedItem("未来新闻", ART, ago(-10), "2021-03-31")
    col = column("要闻", ColumnCategory.NEWS, 1, url=f"{HOME}ywdt/")
    col.items.append(future)
    listing = page(f"{HOME}ywdt/", kind="list", items=[future, item(1)])
    home = page(HOME, kind="home", items=[future])
    [finding] = run("W-V1e", snapshot(homepage=home, pages=[listing], columns=[col]))
    places = {(s["kind"], s["page"]) for s in finding.details["sources"]}
    assert places == {("list item", HOME), ("list item", f"{HOME}ywdt/")}
    assert finding.details["claimed_date"] == ago(-10)


def test_items_dated_today_are_fine() -> None:
    assert run("W-V1e", snapshot(homepage=page(HOME, kind="home", items=[item(0), item(-1)]))) == []


def test_a_date_seen_only_in_a_list_needs_review() -> None:
    listing = page(f"{HOME}tzgg/", kind="list",
                   items=[DatedItem("会议预告", f"{HOME}tzgg/t2.html", datetime(2021, 4, 2).date(), "2021-04-02")])
    [finding] = run("W-V1e", snapshot(pages=[listing]))
    assert finding.review is True and finding.confidence is Confidence.MEDIUM


def test_a_date_guessed_from_the_url_never_counts() -> None:
    listing = page(f"{HOME}tzgg/", kind="list",
                   items=[DatedItem("通知", f"{HOME}tzgg/t20210402_1.html", datetime(2021, 4, 2).date(),
                                    "url:20210402")])
    assert run("W-V1e", snapshot(pages=[listing])) == []
