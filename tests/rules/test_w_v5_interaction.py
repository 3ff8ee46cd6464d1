"""W-V5a (consultation channel) and W-V5b (messages unanswered > 3 months): must-find, boundaries, look-alikes."""

from __future__ import annotations

from datetime import date

from govinspect.model import ColumnCategory, Link, Message, MessageStatus, PageModel
from tests.rules.builders import HOME, column, fetch, page, run, snapshot

ZXTS = f"{HOME}hdjl/zxts/"


def _home(*links: Link) -> PageModel:
    nav = [Link(f"{HOME}xwzx/", "新闻中心", "nav"), Link(f"{HOME}bsfw/", "办事服务", "nav"), *links]
    return page(HOME, kind="home", links=nav)


def _msg(n: int, asked: date | None, answered: date | None = None, *, status: MessageStatus | None = None,
         explicit: bool = True, column: str = "咨询投诉", base: str = ZXTS) -> Message:
    if status is None:
        status = MessageStatus.ANSWERED if answered else MessageStatus.UNANSWERED
    return Message(title=f"关于第{n}个问题的咨询", url=f"{base}t{n}.html", asked=asked, answered=answered,
                   status=status, explicit_status=explicit, has_reply=answered is not None, column=column)


def _detail(message: Message) -> PageModel:
    p = page(message.url or "", kind="article")
    p.messages = [message]
    return p


# --- W-V5a ------------------------------------------------------------------------------------

def test_channel_with_published_messages_is_fine() -> None:
    home = _home(Link(ZXTS, "咨询投诉", "nav"))
    listing = page(ZXTS, kind="list")
    listing.messages = [_msg(1, date(2021, 3, 1), date(2021, 3, 3))]
    assert run("W-V5a", snapshot(homepage=home, pages=[listing])) == []


def test_mailbox_with_a_form_is_fine() -> None:
    home = _home(Link(f"{HOME}ldxx/", "书记信箱", "body"))
    form = page(f"{HOME}ldxx/")
    form.has_message_form = True
    assert run("W-V5a", snapshot(homepage=home, pages=[form])) == []


def test_external_platform_that_answers_is_fine() -> None:
    url = "http://12345.shifan.gov.cn/"
    home = _home(Link(url, "12345政务服务热线", "body"))
    assert run("W-V5a", snapshot(homepage=home, fetches=[fetch(url, 200, kind="link")])) == []


def test_only_petition_and_discipline_channels_veto() -> None:
    home = _home(Link(f"{HOME}xf/", "网上信访", "nav"), Link(f"{HOME}jjjb/", "纪检监察举报信箱", "body"))
    xf = page(f"{HOME}xf/")
    xf.has_message_form = True
    jb = page(f"{HOME}jjjb/")
    jb.has_message_form = True
    [finding] = run("W-V5a", snapshot(homepage=home, pages=[xf, jb]))
    assert finding.severity == "veto" and "专门渠道" in finding.message
    assert {c["text"] for c in finding.details["candidates"]} == {"网上信访", "纪检监察举报信箱"}
    assert not finding.review


def test_empty_or_broken_channel_and_interviews_do_not_count() -> None:
    home = _home(Link(f"{HOME}hdjl/", "互动交流", "nav"), Link(f"{HOME}ldxx/", "领导信箱", "body"),
                 Link(f"{HOME}zxft/", "在线访谈", "body"))
    landing = page(f"{HOME}hdjl/", kind="list")  # a channel page with nothing of its own
    broken = page(f"{HOME}ldxx/", status=404)
    interviews = page(f"{HOME}zxft/", kind="list", items=[])
    [finding] = run("W-V5a", snapshot(homepage=home, pages=[landing, broken, interviews]))
    reasons = {c["text"]: c["reason"] for c in finding.details["candidates"]}
    assert "no form" in reasons["互动交流"] and "unreachable" in reasons["领导信箱"]
    assert "在线访谈" not in reasons or "专门渠道" in reasons["在线访谈"]


def test_unfetched_candidate_needs_review() -> None:
    home = _home(Link(f"{HOME}hdjl/zxts/", "我要咨询", "body"))
    [finding] = run("W-V5a", snapshot(homepage=home))
    assert finding.review


def test_unreachable_site_is_left_to_w_v2() -> None:
    assert run("W-V5a", snapshot(homepage=None)) == []
    assert run("W-V5a", snapshot(homepage=page(HOME, kind="home", status=503))) == []


# --- W-V5b ------------------------------------------------------------------------------------

def _v5b(*messages: Message) -> list:
    return run("W-V5b", snapshot(homepage=_home(), pages=[_detail(m) for m in messages],
                                 columns=[column("咨询投诉", ColumnCategory.INTERACTION, url=ZXTS)]))


def test_unanswered_four_months_is_a_veto() -> None:
    [finding] = _v5b(_msg(1, date(2020, 11, 15)))
    assert finding.severity == "veto" and finding.url == f"{ZXTS}t1.html"
    [entry] = finding.details["messages"]
    assert entry["reason"] == "unanswered" and entry["deadline"] == date(2021, 2, 15)
    assert not finding.review


def test_exactly_three_months_open_is_not_more_than_three() -> None:
    assert _v5b(_msg(1, date(2020, 12, 21))) == []
    assert len(_v5b(_msg(1, date(2020, 12, 20)))) == 1


def test_answered_late_vetoes_answered_in_two_months_does_not() -> None:
    [finding] = _v5b(_msg(1, date(2020, 6, 1), date(2020, 9, 2)))
    assert finding.details["messages"][0]["reason"] == "answered late"
    assert _v5b(_msg(2, date(2020, 6, 1), date(2020, 8, 1))) == []
    assert _v5b(_msg(3, date(2020, 6, 1), date(2020, 9, 1))) == []  # exactly 3 months


def test_one_year_window_edges() -> None:
    assert len(_v5b(_msg(1, date(2020, 3, 21)))) == 1  # the window's first day is inside
    assert _v5b(_msg(2, date(2020, 3, 20))) == []  # older than a year: out of the window


def test_processing_counts_as_unanswered_invalid_does_not() -> None:
    assert len(_v5b(_msg(1, date(2020, 10, 1), status=MessageStatus.PROCESSING))) == 1
    assert _v5b(_msg(2, date(2020, 10, 1), status=MessageStatus.INVALID)) == []


def test_excluded_columns_are_not_counted() -> None:
    assert _v5b(_msg(1, date(2020, 10, 1), column="在线访谈")) == []
    assert _v5b(_msg(2, date(2020, 10, 1), column="网上信访")) == []
    assert _v5b(_msg(3, date(2020, 10, 1), column="民意征集")) == []
    # the column known only from the URL: the message sits under the 在线访谈 column's path
    zxft = f"{HOME}hdjl/zxft/"
    msg = _msg(4, date(2020, 10, 1), column="", base=zxft)
    snap = snapshot(homepage=_home(), pages=[_detail(msg)],
                    columns=[column("在线访谈", ColumnCategory.INTERACTION, url=zxft)])
    assert run("W-V5b", snap) == []


def test_answered_without_date_and_undated_messages_are_left_to_w_d6() -> None:
    answered = Message(title="关于公租房的咨询", url=f"{ZXTS}t9.html", asked=date(2020, 10, 1),
                       status=MessageStatus.ANSWERED, explicit_status=True, has_reply=True)
    undated = Message(title="关于路灯的咨询", url=f"{ZXTS}t8.html", status=MessageStatus.UNANSWERED)
    assert _v5b(answered, undated) == []


def test_inferred_open_messages_need_review() -> None:
    [finding] = _v5b(_msg(1, date(2020, 10, 1), explicit=False))
    assert finding.review


def test_list_row_and_detail_page_merge_into_one_message() -> None:
    listing = page(ZXTS, kind="list")
    listing.messages = [Message(title="关于第1个问题的咨询", url=f"{ZXTS}t1.html", status=MessageStatus.ANSWERED,
                                explicit_status=True, listed=date(2020, 10, 5), source="list")]
    detail = _detail(_msg(1, date(2020, 10, 1), date(2020, 10, 5)))
    snap = snapshot(homepage=_home(), pages=[listing, detail])
    assert run("W-V5b", snap) == []
    # the list says 未回复 and the detail page shows nothing: one message, flagged once
    listing.messages = [Message(title="关于第2个问题的咨询", url=f"{ZXTS}t2.html", status=MessageStatus.UNANSWERED,
                                explicit_status=True, asked=date(2020, 10, 1), source="list")]
    snap = snapshot(homepage=_home(), pages=[listing, _detail(_msg(2, date(2020, 10, 1), explicit=False))])
    [finding] = run("W-V5b", snap)
    assert finding.details["count"] == 1 and not finding.review
