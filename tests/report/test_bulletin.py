"""Bulletin content from stored runs: counts, problem groups, repeat offenders, reviews, notes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from govinspect.report.bulletin import build_bulletin
from govinspect.report.periods import parse_period
from govinspect.store import Store
from govinspect.store.models import FindingRow
from govinspect.workflow.reviews import decide

from .helpers import Q1_FINDINGS, F, add_run, home

Q1 = parse_period("2021Q1")


def _finding_id(store: Store, run_id: str, rule: str) -> int:
    from sqlalchemy import select

    with store.session() as session:
        return int(session.scalars(select(FindingRow.id).where(FindingRow.run_id == run_id,
                                                                FindingRow.rule == rule)).one())


def test_overall_counts_by_type_and_region(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    data = build_bulletin(store, config, Q1, issued=date(2021, 4, 8))
    assert data.title == "关于2021年第一季度全市政府网站检查情况的通报"
    assert (data.checked, data.passed, data.pass_rate) == (5, 3, "60.0%")
    assert [(r.name, r.checked, r.passed) for r in data.by_type] == [("政府门户网站", 3, 2), ("部门网站", 2, 1)]
    assert [(r.name, r.checked, r.passed) for r in data.by_region] == [("示范市", 2, 1), ("样板县", 2, 1),
                                                                       ("青禾区", 1, 1)]
    assert data.note == "注：监测时间点2021年3月21日，时间段为3月8日-3月21日"
    assert "合格3家，总体合格率为60.0%" in data.overall_paragraphs()[0]
    assert data.previous is None and not any("上季度" in p for p in data.overall_paragraphs())
    assert not data.accounts  # no new-media account inspected: that part is left out
    assert "政务新媒体" not in data.title


def test_problems_grouped_by_type_with_units_named(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    data = build_bulletin(store, config, Q1)
    groups = {g.title: g for g in data.groups}
    assert list(groups) == ["首页不更新", "栏目不更新", "空白栏目", "错链断链"]
    assert [g.number for g in data.groups] == ["（一）", "（二）", "（三）", "（四）"]
    assert groups["栏目不更新"].text == "检查发现，“样板县人民政府”存在栏目不更新问题。"
    assert [t.site.code for t in data.failing] == ["3399210002", "3399000003"]
    # a deduction alone does not fail a department site, but the problem is still reported
    assert "样板县卫生健康局" in groups["错链断链"].text
    assert "3399210005" not in [t.site.code for t in data.failing]
    yb = data.failing[0]
    assert yb.problem_text.startswith("首页超过2周未更新")


def test_review_findings_count_only_once_confirmed(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    data = build_bulletin(store, config, Q1)
    assert "发稿日期超前" not in {g.title for g in data.groups}  # pending review: not in the bulletin
    assert "3399020004" not in [t.site.code for t in data.failing]
    fid = _finding_id(store, "q1", "W-V1e")
    decide(store, fid, "confirmed")
    data = build_bulletin(store, config, Q1)
    assert "发稿日期超前" in {g.title for g in data.groups}
    assert "3399020004" in [t.site.code for t in data.failing]  # a confirmed veto fails the site
    decide(store, fid, "rejected", "列表日期为活动日期 / the date is the event's")
    data = build_bulletin(store, config, Q1)
    assert "发稿日期超前" not in {g.title for g in data.groups}
    assert "3399020004" not in [t.site.code for t in data.failing]


def test_repeat_offender_and_comparison_with_previous_period(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q4", "2020-12-20", [
        F("3399210002", "W-V4a", message="栏目不更新6个"),
        F("3399000003", "W-V3", message="首页不更新"),           # failing before, for ANOTHER problem
        F("3399210005", "W-V4c", message="空白栏目5个"),        # failing before, passing now
    ])
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    data = build_bulletin(store, config, Q1)
    by_code = {t.site.code: t for t in data.targets}
    assert by_code["3399210002"].repeat_types == ["栏目不更新"]
    assert "上期已被通报，仍存在相同问题" in by_code["3399210002"].problem_text
    groups = {g.title: g for g in data.groups}
    assert "“样板县人民政府”在上季度被通报后，未按要求及时整改，仍存在相同问题。" in groups["栏目不更新"].text
    # look-alikes: a different problem than last time, or fixed since, is not a repeat
    assert by_code["3399000003"].repeat_types == []
    assert "上季度被通报" not in groups["空白栏目"].text
    assert by_code["3399210005"].repeat_types == []
    assert data.previous is not None and (data.previous.checked, data.previous.passed) == (5, 2)
    assert "与上季度（2020年第四季度）相比，检查网站5家、合格2家、合格率40.0%，本期合格率上升20.0个百分点。" in \
        data.overall_paragraphs()


def test_monthly_bulletin_names_last_month(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "feb", "2021-02-21", [F("3399210002", "W-V3")])
    add_run(store, "mar", "2021-03-21", [F("3399210002", "W-V3")])
    data = build_bulletin(store, config, parse_period("2021-03"))
    assert data.title == "关于2021年3月全市政府网站检查情况的通报"
    assert "在上月被通报后" in data.groups[0].text


def test_config_names_issuer_scope_and_requirements(tmp_path: Path) -> None:
    config, store = home(tmp_path, {"bulletin": {"issuer": "示范市人民政府办公室", "scope": "全省",
                                                 "requirements": [{"heading": "抓紧整改。", "text": "限期完成。"}],
                                                 "problem_types": {"W-V3": "首页长期不更新"}}})
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    data = build_bulletin(store, config, Q1, deadline=date(2021, 4, 22))
    assert data.title == "关于2021年第一季度全省政府网站检查情况的通报"
    assert data.requirements == [("抓紧整改。", "限期完成。")]
    assert "首页长期不更新" in [g.title for g in data.groups] and "首页不更新" not in [g.title for g in data.groups]
    assert "于2021年4月22日前将整改情况报送示范市人民政府办公室" in data.rectification_text
