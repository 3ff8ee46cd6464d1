"""W-D5 (replies unpublished, statistics) and W-D6 (message dates missing)."""

from __future__ import annotations

from datetime import date

from govinspect.model import Link, Message, MessageStatus, PageModel
from tests.rules.builders import HOME, item, page, run, snapshot

ZXTS = f"{HOME}hdjl/zxts/"
STATS = f"{HOME}hdjl/lytj/"


def _site(*messages: Message, stats: bool = True, items: list | None = None) -> list:
    links = [Link(ZXTS, "咨询投诉", "nav")]
    if stats:
        links.append(Link(STATS, "留言办理情况统计", "body"))
    home = page(HOME, kind="home", links=links)
    listing = page(ZXTS, kind="list", items=items or [])
    listing.messages = list(messages)
    return [home, listing]


def _d5(*messages: Message, stats: bool = True, items: list | None = None) -> list:
    home, listing = _site(*messages, stats=stats, items=items)
    return run("W-D5", snapshot(homepage=home, pages=[listing]))


def _answered(n: int, asked: date, answered: date | None, source: str = "table", column: str = "") -> Message:
    return Message(title=f"关于第{n}个问题的咨询", url=f"{ZXTS}t{n}.html", asked=asked, answered=answered,
                   status=MessageStatus.ANSWERED, explicit_status=True, has_reply=True, source=source,
                   column=column)


def test_reply_within_two_months_is_fine() -> None:
    assert _d5(_answered(1, date(2021, 1, 2), date(2021, 1, 21))) == []  # exactly 2 months before as_of


def test_no_reply_for_more_than_two_months_deducts_three() -> None:
    [finding] = _d5(_answered(1, date(2021, 1, 2), date(2021, 1, 20)))
    assert finding.points == 3.0 and finding.details["last_reply"] == date(2021, 1, 20)


def test_only_interview_replies_are_recent() -> None:
    recent_interview = _answered(2, date(2021, 3, 1), date(2021, 3, 2), column="在线访谈")
    [finding] = _d5(_answered(1, date(2020, 10, 2), date(2020, 10, 20)), recent_interview)
    assert finding.details["last_reply"] == date(2020, 10, 20)


def test_channel_list_dates_stand_in_for_reply_dates() -> None:
    undated = Message(title="关于第1个问题的咨询", url=f"{ZXTS}t1.html", status=MessageStatus.ANSWERED,
                      explicit_status=True, listed=date(2021, 3, 10), source="list")
    assert _d5(undated) == []
    assert _d5(items=[item(10)]) == []  # a consultation list with a recent entry, no parsed messages
    [finding] = _d5(items=[item(90)])
    assert finding.details["source"] == "channel list"


def test_missing_statistics_is_its_own_finding() -> None:
    findings = _d5(_answered(1, date(2021, 3, 1), date(2021, 3, 5)), stats=False)
    [finding] = findings
    assert "统计" in finding.message and finding.points == 1.0


def test_statistics_stated_on_the_consultation_page_count() -> None:
    home, listing = _site(_answered(1, date(2021, 3, 1), date(2021, 3, 5)), stats=False)
    listing.text = "本月共收到网民留言 36 件，已办结 35 件。"
    assert run("W-D5", snapshot(homepage=home, pages=[listing])) == []


def test_no_channel_is_left_to_w_v5a() -> None:
    assert run("W-D5", snapshot(homepage=page(HOME, kind="home"))) == []


# --- W-D6 -------------------------------------------------------------------------------------

def _d6(*messages: Message) -> list:
    pages: list[PageModel] = []
    for m in messages:
        p = page(m.url or "", kind="article")
        p.messages = [m]
        pages.append(p)
    return run("W-D6", snapshot(homepage=page(HOME, kind="home"), pages=pages))


def test_messages_with_both_dates_are_fine() -> None:
    assert _d6(_answered(1, date(2021, 1, 2), date(2021, 1, 5), source="detail")) == []


def test_missing_reply_or_message_date_is_reported() -> None:
    no_reply_date = _answered(1, date(2021, 1, 2), None, source="detail")
    no_asked = _answered(2, None, date(2021, 1, 5), source="table")  # type: ignore[arg-type]
    [finding] = _d6(no_reply_date, no_asked)
    assert finding.details["missing_answered"] == 1 and finding.details["missing_asked"] == 1
    assert finding.points == 1.0


def test_open_messages_and_list_rows_are_not_reported() -> None:
    open_message = Message(title="关于路灯的咨询", url=f"{ZXTS}t3.html", asked=date(2021, 3, 1),
                           status=MessageStatus.UNANSWERED, explicit_status=True, source="detail")
    list_row = Message(title="关于公交的咨询", url=f"{ZXTS}t4.html", status=MessageStatus.ANSWERED,
                       explicit_status=True, listed=date(2021, 3, 1), source="list")
    assert _d6(open_message, list_row) == []
