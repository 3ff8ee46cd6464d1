from datetime import date

from govinspect.model import Column, ColumnCategory
from govinspect.rules.base import Severity
from tests.rules.builders import ago, column, item, run, snapshot

NEWS = ColumnCategory.NEWS
NOTICE = ColumnCategory.NOTICE
POLICY = ColumnCategory.POLICY


def news(n: int, days: int, **kw: object) -> list[Column]:
    return [column(f"动态{i}", NEWS, days, **kw) for i in range(n)]  # type: ignore[arg-type]


# ---- W-V4a ------------------------------------------------------------------


def test_v4a_five_stale_columns_veto_with_details() -> None:
    cols = [*news(4, 15, level=2), column("通知公告", NOTICE, 200)]
    [finding] = run("W-V4a", snapshot(columns=cols))
    assert finding.severity is Severity.VETO
    assert finding.message == "动态、要闻类栏目及通知公告、政策文件类一级栏目累计5个超期未更新"
    entries = finding.details["columns"]
    assert len(entries) == 5
    assert entries[0]["limit_days"] == 14 and entries[0]["last_update"] == ago(15)
    assert entries[-1]["limit_months"] == 6 and entries[-1]["category"] == "通知公告"


def test_v4a_four_stale_columns_do_not_veto() -> None:
    assert run("W-V4a", snapshot(columns=news(4, 15) + news(3, 2))) == []


def test_v4a_exactly_14_days_is_not_stale() -> None:
    assert run("W-V4a", snapshot(columns=news(6, 14))) == []


def test_v4a_exactly_six_months_is_not_stale_one_day_more_is() -> None:
    # as_of 2021-03-21: six calendar months earlier is 2020-09-21
    six = (ago(0) - date(2020, 9, 21)).days
    fresh = [column(f"政策{i}", POLICY, six) for i in range(5)]
    assert run("W-V4a", snapshot(columns=fresh)) == []
    stale = [column(f"政策{i}", POLICY, six + 1) for i in range(5)]
    assert len(run("W-V4a", snapshot(columns=stale))) == 1


def test_v4a_level2_notice_zhuanti_unknown_blank_unreachable_not_counted() -> None:
    cols = [
        column("通知公告", NOTICE, 400, level=2),
        column("抗疫专题", NEWS, 400),
        column("走进嘉定", ColumnCategory.UNKNOWN, 400),
        column("其他", ColumnCategory.OTHER, 400),
        column("空白动态", NEWS, None),
        column("坏链动态", NEWS, None, reachable=False),
        *news(4, 30),
    ]
    assert run("W-V4a", snapshot(columns=cols)) == []


def test_v4a_undated_only_column_counts_as_stale_unless_configured() -> None:
    cols = [*news(4, 30), column("无日期动态", NEWS, None, undated=8)]
    [finding] = run("W-V4a", snapshot(columns=cols))
    assert finding.details["columns"][-1]["last_update"] is None
    assert run("W-V4a", snapshot(columns=cols), {"undated_is_stale": {"value": False}}) == []


def test_v4a_future_dated_item_is_no_update() -> None:
    col = column("动态X", NEWS, 30)
    col.items.append(item(-3, "未来"))
    [finding] = run("W-V4a", snapshot(columns=[*news(4, 30), col]))
    assert finding.details["count"] == 5


# ---- W-V4b ------------------------------------------------------------------


def test_v4b_ten_columns_across_categories_veto() -> None:
    cols = [*news(3, 15, level=2), column("通知", NOTICE, 200, level=2), column("政策", POLICY, 200),
            *[column(f"人事{i}", ColumnCategory.PERSONNEL, 400) for i in range(3)],
            column("规划", ColumnCategory.PLANNING, 400), column("概况", ColumnCategory.PROFILE, 400)]
    [finding] = run("W-V4b", snapshot(columns=cols))
    assert finding.details["count"] == 10
    assert finding.message == "应更新但长期未更新的栏目共10个"


def test_v4b_nine_do_not_veto_and_unknown_never_counts() -> None:
    cols = [*news(9, 15), *[column(f"未知{i}", ColumnCategory.UNKNOWN, 500) for i in range(5)],
            column("互动", ColumnCategory.INTERACTION, 500), column("服务", ColumnCategory.SERVICE, 500)]
    assert run("W-V4b", snapshot(columns=cols)) == []


def test_v4b_unknown_listed_as_unclassified() -> None:
    cols = [*news(10, 15), column("走进园区", ColumnCategory.UNKNOWN, 500),
            column("新栏目", ColumnCategory.UNKNOWN, 3)]
    [finding] = run("W-V4b", snapshot(columns=cols))
    assert finding.details["count"] == 10
    assert [u["name"] for u in finding.details["unclassified"]] == ["走进园区"]


def test_v4b_personnel_exactly_twelve_months_is_fresh() -> None:
    year = (ago(0) - date(2020, 3, 21)).days
    cols = [*news(9, 15), column("人事", ColumnCategory.PERSONNEL, year)]
    assert run("W-V4b", snapshot(columns=cols)) == []
    cols = [*news(9, 15), column("人事", ColumnCategory.PERSONNEL, year + 1)]
    assert len(run("W-V4b", snapshot(columns=cols))) == 1


# ---- W-V4c ------------------------------------------------------------------


def blank(n: int, **kw: object) -> list[Column]:
    return [column(f"空白{i}", NEWS, None, **kw) for i in range(n)]  # type: ignore[arg-type]


def test_v4c_five_blank_columns_veto() -> None:
    cols = [*blank(4), column("建设中", NOTICE, None, placeholder=True, undated=1)]
    [finding] = run("W-V4c", snapshot(columns=cols))
    assert finding.details["count"] == 5
    assert finding.details["columns"][-1]["reason"] == "placeholder"


def test_v4c_four_blank_do_not_veto() -> None:
    assert run("W-V4c", snapshot(columns=blank(4))) == []


def test_v4c_unreachable_and_undated_columns_are_not_blank() -> None:
    cols = [*blank(4), *blank(3, reachable=False), column("无日期", NEWS, None, undated=5),
            column("旧栏目", NEWS, 900)]
    assert run("W-V4c", snapshot(columns=cols)) == []


def test_channel_pages_and_single_page_columns_are_not_stale_columns() -> None:
    from dataclasses import replace

    from govinspect.model import ColumnCategory as C

    channel = replace(column("新闻中心", C.NEWS, None), children=3)
    single = replace(column("信息公开指南", C.POLICY, None), content_chars=400)
    stale = [column(f"动态{i}", C.NEWS, 30) for i in range(4)]
    # four stale news columns plus a channel page and a single page: still four, below the veto
    assert run("W-V4a", snapshot(columns=[*stale, channel, single])) == []
    # an undated list (entries without dates) still counts, by the configured 2015 rule
    undated_list = column("工作动态", C.NEWS, None, undated=6)
    [finding] = run("W-V4a", snapshot(columns=[*stale, undated_list]))
    assert finding.details["count"] == 5
