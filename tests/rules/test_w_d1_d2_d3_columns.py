"""W-D1 (政策文件一级栏目), W-D2 (动态要闻栏目 below the veto count), W-D3 (概况信息)."""

from datetime import date, datetime

from govinspect.model import Column, ColumnCategory, Link
from govinspect.rules.base import Severity
from tests.rules.builders import AS_OF, HOME, TZ, ago, column, item, page, run, snapshot

NEWS, NOTICE, POLICY, PROFILE = ColumnCategory.NEWS, ColumnCategory.NOTICE, ColumnCategory.POLICY, ColumnCategory.PROFILE
SIX_MONTHS = (AS_OF.date() - date(2020, 9, 21)).days


# ---- W-D1 -------------------------------------------------------------------


def test_d1_stale_level1_policy_column_deducts_five_points() -> None:
    [finding] = run("W-D1", snapshot(columns=[column("政策文件", POLICY, 250), column("规范性文件", POLICY, 300)]))
    assert finding.severity is Severity.DEDUCTION and finding.points == 5.0
    assert finding.message.startswith("政策文件类一级栏目超过6个月未更新：政策文件（最新")
    assert [c["name"] for c in finding.details["columns"]] == ["政策文件", "规范性文件"]
    assert finding.details["columns"][0]["limit_months"] == 6


def test_d1_exactly_six_months_fresh_one_day_more_stale() -> None:
    assert run("W-D1", snapshot(columns=[column("政策文件", POLICY, SIX_MONTHS)])) == []
    assert len(run("W-D1", snapshot(columns=[column("政策文件", POLICY, SIX_MONTHS + 1)]))) == 1


def test_d1_look_alikes_not_flagged() -> None:
    cols = [
        column("规范性文件", POLICY, 400, level=2),  # level 2: W-V4b's business
        column("通知公告", NOTICE, 400),  # notice, not policy
        column("政策文件专题", POLICY, 400),  # 专题
        column("政策文件", POLICY, None),  # blank: W-V4c
        column("文件", POLICY, 400, reachable=False),  # unreachable: W-D7
        column("政府文件", POLICY, 10),
    ]
    assert run("W-D1", snapshot(columns=cols)) == []


def test_d1_future_item_is_not_an_update() -> None:
    col = column("政策文件", POLICY, 250)
    col.items.append(item(-5, "超前"))
    assert len(run("W-D1", snapshot(columns=[col]))) == 1


# ---- W-D2 -------------------------------------------------------------------


def test_d2_each_stale_news_column_below_veto_count_deducts() -> None:
    cols = [column("部门动态", NEWS, 29, level=2), column("乡镇动态", NEWS, 15, level=2),
            column("本地要闻", NEWS, 3), column("通知公告", NOTICE, 200)]
    found = run("W-D2", snapshot(columns=cols))
    assert [f.details["name"] for f in found] == ["部门动态", "乡镇动态"]
    assert all(f.points == 1.0 and f.severity is Severity.DEDUCTION for f in found)
    assert found[0].message == f"动态要闻类栏目“部门动态”超过14天未更新（最新{ago(29).isoformat()}）"
    assert found[0].details["days_since"] == 29 and found[0].details["stale_for_veto"] == 3


def test_d2_silent_when_w_v4a_vetoes() -> None:
    cols = [column(f"动态{i}", NEWS, 20, level=2) for i in range(4)] + [column("通知公告", NOTICE, 200)]
    assert len(run("W-V4a", snapshot(columns=cols))) == 1
    assert run("W-D2", snapshot(columns=cols)) == []


def test_d2_exactly_14_days_and_other_categories_not_flagged() -> None:
    cols = [column("部门动态", NEWS, 14), column("新闻专题", NEWS, 100), column("通知公告", NOTICE, 100),
            column("人事信息", ColumnCategory.PERSONNEL, 100), column("空白动态", NEWS, None)]
    assert run("W-D2", snapshot(columns=cols)) == []


# ---- W-D3 -------------------------------------------------------------------


def profile_column(days: int, titles: tuple[str, ...] = ("机构职能", "领导信息", "示范市概况")) -> Column:
    return Column(name="机构概况", url=f"{HOME}zjxx/jggk/", level=2, category=PROFILE,
                  items=[item(days + i, t, f"{HOME}zjxx/jggk/t{i}.html") for i, t in enumerate(titles)])


def test_d3_fresh_profile_column_with_all_elements_passes() -> None:
    assert run("W-D3", snapshot(homepage=page(HOME, kind="home"), columns=[profile_column(40)])) == []


def test_d3_every_element_stale_like_the_guangdong_seed() -> None:
    found = run("W-D3", snapshot(homepage=page(HOME, kind="home"), columns=[profile_column(400)]))
    assert [f.details["element"] for f in found] == ["概况信息", "机构职能", "负责人信息"]
    assert all(f.details["problem"] == "stale" and f.points == 1.0 for f in found)
    assert found[1].message == f"机构职能超过12个月未更新（最新{ago(400).isoformat()}）"
    assert found[1].url == f"{HOME}zjxx/jggk/t0.html"


def test_d3_missing_elements_and_news_look_alikes() -> None:
    home = page(HOME, kind="home", links=[Link(f"{HOME}ldhd/", "领导活动", "nav"),
                                          Link(f"{HOME}a.html", "市领导调研机构改革工作进展情况的报道", "body")])
    cols = [column("领导活动", NEWS, 2), Column("单位简介", f"{HOME}dwjj/", 2, PROFILE)]
    found = run("W-D3", snapshot(homepage=home, columns=cols))
    assert [(f.details["element"], f.details["problem"]) for f in found] == [("机构职能", "missing"),
                                                                               ("负责人信息", "missing")]
    assert found[0].message == "未开设机构职能（未找到相应栏目或页面）"


def test_d3_undated_single_page_is_present_and_not_judged_for_age() -> None:
    home = page(HOME, kind="home", links=[Link(f"{HOME}gk/", "走进嘉定", "nav")])
    single = page(f"{HOME}jgzn/", kind="other", meta={"ColumnName": "机构职能"}, title="机构职能_嘉定")
    leader = page(f"{HOME}ldxx/", kind="list", title="领导信息_嘉定",
                  pub_date=datetime(2021, 1, 5, 9, 0, tzinfo=TZ), pub_date_source="meta")
    assert run("W-D3", snapshot(homepage=home, pages=[single, leader])) == []


def test_d3_no_homepage_nothing() -> None:
    assert run("W-D3", snapshot()) == []


def test_d1_d2_channel_pages_are_not_stale_columns() -> None:
    channel = column("新闻中心", NEWS, None)
    channel.children = 3
    policy = column("政策文件", POLICY, None)
    policy.children = 2
    assert run("W-D2", snapshot(columns=[channel, column("部门动态", NEWS, 3, level=2)])) == []
    assert run("W-D1", snapshot(columns=[policy])) == []
