"""M-V3 互动功能, M-D4 回应不及时, M-D1 菜单链接: must find, must not flag, not assessable."""

from __future__ import annotations

from govinspect.media.model import MenuItem
from govinspect.model import FetchResult
from tests.media.builders import comment, data, judged, not_assessable, post, run, snapshot

SERVICE_MENUS = [MenuItem("政务公开", children=[MenuItem("政策文件", "http://127.0.0.1/zc/")]),
                 MenuItem("便民服务", children=[MenuItem("社保查询", "http://127.0.0.1/sb/")])]


def test_m_v3_nothing_enabled_and_no_consultation_menu_fails() -> None:
    [f] = run(snapshot(data([post(1)], menus=SERVICE_MENUS, interaction={"留言": False, "评论": False})), "M-V3")
    assert str(f.severity) == "veto" and not f.review and "政策文件" in f.details["menus"]


def test_m_v3_menus_not_captured_needs_review() -> None:
    [f] = run(snapshot(data([post(1)], interaction={"留言": False})), "M-V3")
    assert f.review


def test_m_v3_any_entry_is_enough() -> None:
    assert run(snapshot(data([post(1)], menus=SERVICE_MENUS, interaction={"留言": False, "私信": True})), "M-V3") == []
    consult = [*SERVICE_MENUS, MenuItem("互动交流", children=[MenuItem("在线咨询", "http://127.0.0.1/zx/")])]
    assert run(snapshot(data([post(1)], menus=consult, interaction={"留言": False})), "M-V3") == []
    open_comments = [post(1, comments=[comment(1)])]
    assert run(snapshot(data(open_comments, menus=SERVICE_MENUS, interaction={})), "M-V3") == []


def test_m_v3_a_feed_is_not_assessable() -> None:
    assert not_assessable(run(snapshot(data([post(1)], fmt="rss")), "M-V3"))


def test_m_d4_low_reply_rate() -> None:
    comments = [comment(d) for d in (2, 5, 9, 20, 33)] + [comment(40, reply_after_days=1)]
    [f] = run(snapshot(data([post(1, comments=comments)])), "M-D4")
    assert f.details["comments"] == 6 and f.details["replied"] == 1 and "17%" in f.message


def test_m_d4_slow_replies() -> None:
    comments = [comment(d, reply_after_days=12) for d in (20, 30, 40, 50, 60)]
    [f] = run(snapshot(data([post(1, comments=comments)])), "M-D4")
    assert f.details["median_reply_days"] == 12.0 and f.details["reply_rate"] == 1.0


def test_m_d4_quick_replies_few_comments_and_old_comments_pass() -> None:
    quick = [comment(d, reply_after_days=0.5) for d in (2, 5, 9, 20, 33)] + [comment(3)]
    assert run(snapshot(data([post(1, comments=quick)])), "M-D4") == []
    few = [comment(d) for d in (2, 5, 9)]  # three unanswered: too few to judge
    assert run(snapshot(data([post(1, comments=few)])), "M-D4") == []
    old = [comment(d) for d in (120, 130, 140, 150, 160)]  # outside the 90-day window
    assert run(snapshot(data([post(1, comments=old)])), "M-D4") == []


def test_m_d4_without_comments_in_the_format_is_not_assessable() -> None:
    assert not_assessable(run(snapshot(data([post(1)], fmt="atom")), "M-D4"))
    assert judged(run(snapshot(data([post(1, comments=[])])), "M-D4")) == []  # captured: none


def _check(url: str, status: int | None, error: str | None = None) -> FetchResult:
    return FetchResult(url=url, final_url=url, status=status, error=error, kind="menu-link",
                       warc_file="run/x.warc.gz", warc_record_id=f"<urn:{url}>", warc_offset=9)


def test_m_d1_broken_menu_links_in_one_finding() -> None:
    checks = {"http://127.0.0.1/zc/": _check("http://127.0.0.1/zc/", 404),
              "http://127.0.0.1/sb/": _check("http://127.0.0.1/sb/", None, "timeout")}
    [f] = run(snapshot(data([post(1)], menus=SERVICE_MENUS), link_checks=checks), "M-D1")
    assert [b["menu"] for b in f.details["broken"]] == ["政策文件", "社保查询"]
    assert f.evidence["record"] == "<urn:http://127.0.0.1/zc/>"


def test_m_d1_working_and_unchecked_links_pass() -> None:
    checks = {"http://127.0.0.1/zc/": _check("http://127.0.0.1/zc/", 200),
              "http://127.0.0.1/sb/": _check("http://127.0.0.1/sb/", 302)}
    assert run(snapshot(data([post(1)], menus=SERVICE_MENUS), link_checks=checks), "M-D1") == []
    text_reply = [MenuItem("联系我们")]  # no link to check
    assert run(snapshot(data([post(1)], menus=text_reply)), "M-D1") == []


def test_m_d1_menus_not_captured_is_not_assessable() -> None:
    assert not_assessable(run(snapshot(data([post(1)], fmt="jsonfeed")), "M-D1"))
