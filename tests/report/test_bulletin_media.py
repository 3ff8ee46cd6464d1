"""The bulletin's new-media half (政务新媒体): 政务新媒体检查情况 with pass rates by platform, and
附件3 存在突出问题的政务新媒体名单 (序号, 平台, 账号名称, 开设主体, 问题), in the .docx and the XLSX."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from govinspect.media.model import Account, AccountStatus, Platform
from govinspect.media.registry import account_to_json
from govinspect.report.bulletin import build_bulletin, pass_rate_trends
from govinspect.report.periods import parse_period
from govinspect.report.word import attachment3_rows, render_docx
from govinspect.report.xlsx import write_attachments
from govinspect.store.models import RunTargetRow
from tests.report.helpers import Q1_FINDINGS, F, add_run, home

Q1 = parse_period("2021Q1")
ACCOUNTS = [
    Account("澄溪发布", Platform.WECHAT, "澄溪县人民政府办公室", "gh_cx01", "http://127.0.0.1/a.xml", region="澄溪县"),
    Account("澄溪应急", Platform.WEIBO, "澄溪县应急管理局", "5011", "http://127.0.0.1/b.xml", region="澄溪县"),
    Account("澄溪交通", Platform.WECHAT, "澄溪县交通运输局", "gh_cx02", "http://127.0.0.1/c.json", region="澄溪县"),
    Account("澄溪水务", Platform.DOUYIN, "澄溪县水务局", "dy_cx", "http://127.0.0.1/d.xml", region="澄溪县"),
    Account("澄溪旧号", Platform.WEIBO, "澄溪县文旅局", "5099", "", region="澄溪县", status=AccountStatus.CLOSED),
]
MEDIA_FINDINGS = [
    F("微博:5011", "M-V2", message="监测时间点前14天内无更新（最近一次发布：2021-02-25）"),
    F("微信:gh_cx02", "M-V3", message="缺少有效互动功能"),
    F("微信:gh_cx02", "M-D1", severity="deduction", message="自定义菜单有1个链接无法访问：公交线路"),
    F("微信:gh_cx01", "M-V1c", message="疑似发布赌博类有害信息", review=True),
]


def _add_accounts(store, run_id: str) -> None:  # type: ignore[no-untyped-def]
    with store.session() as session, session.begin():
        for a in ACCOUNTS:
            errors = [{"rule": "collect", "error": "数据地址返回HTTP 404"}] if a.account_id == "dy_cx" else []
            session.add(RunTargetRow(run_id=run_id, site_code=a.code, snapshot=account_to_json(a),
                                     crawl_state="done", rule_errors=errors))


def test_both_halves(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS + MEDIA_FINDINGS)
    _add_accounts(store, "q1")
    data = build_bulletin(store, config, Q1, issued=date(2021, 4, 8))
    assert data.title == "关于2021年第一季度全市政府网站与政务新媒体检查情况的通报"
    assert data.checked == 5  # the website half counts websites only
    assert [a.site.name for a in data.accounts] == ["澄溪发布", "澄溪应急", "澄溪交通", "澄溪水务"]  # closed left out
    assert [(r.name, r.checked, r.passed) for r in data.by_platform] == [("微信", 2, 1), ("微博", 1, 0)]
    first, *problems = data.accounts_paragraphs()
    assert "3个政务新媒体进行了检查，合格1个，总体合格率为33.3%" in first
    assert "“澄溪水务”等1个账号数据无法采集" in first
    assert "检查发现，“澄溪应急”微博账号存在未及时更新问题。" in problems
    rows = attachment3_rows(data)
    assert [(r["no"], r["platform"], r["name"], r["unit"]) for r in rows] == [
        (1, "微博", "澄溪应急", "澄溪县应急管理局"), (2, "微信", "澄溪交通", "澄溪县交通运输局")]
    assert "菜单" in rows[1]["problems"]  # a reported M-D problem is named with the veto
    assert "澄溪发布" not in {r["name"] for r in rows}  # spam awaiting review is not published
    doc = render_docx(data, tmp_path / "b.docx")
    import docx

    text = "\n".join(p.text for p in docx.Document(str(doc)).paragraphs)
    assert "3.存在突出问题的政务新媒体名单" in text and "微信2个、合格1个（合格率50.0%）" in text
    table = docx.Document(str(doc)).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["序号", "平台", "账号名称", "开设主体", "问题"]
    assert [c.text for c in table.rows[1].cells][:3] == ["1", "微博", "澄溪应急"]
    paths = write_attachments(data, tmp_path / "att")
    sheet = load_workbook(paths[-1]).active
    assert sheet is not None and sheet["A2"].value == "存在突出问题的政务新媒体名单"
    assert [c.value for c in sheet[5]][:3] == [1, "微博", "澄溪应急"]


def test_no_accounts_no_media_half(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    data = build_bulletin(store, config, Q1)
    assert not data.accounts and data.accounts_paragraphs() == []
    assert len(write_attachments(data, tmp_path / "att")) == 2


def test_a_sample_is_stated(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", MEDIA_FINDINGS,
            options={"sample": {"share": 0.1, "seed": 7, "population": 31, "drawn": 4, "strata": 3}})
    _add_accounts(store, "q1")
    first = build_bulletin(store, config, Q1).accounts_paragraphs()[0]
    assert first.startswith("市政府办公室对全市31个政务新媒体中的3个进行了抽查（按地区、平台分层抽取，抽查比例10%），合格1个")


def test_html_chart_attachment_and_tickets_cover_accounts(tmp_path: Path) -> None:
    from govinspect.report.publish import publish_bulletin

    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS + MEDIA_FINDINGS)
    _add_accounts(store, "q1")
    published = publish_bulletin(store, config, Q1, tmp_path / "out", issued=date(2021, 4, 8))
    assert published.html is not None
    page = published.html.read_text(encoding="utf-8")
    assert "政务新媒体各平台合格率" in page and "<svg" in page.split("政务新媒体各平台合格率", 1)[1][:400]
    assert "附件3　存在突出问题的政务新媒体名单" in page and "澄溪交通" in page
    assert {t.target for t in published.tickets} >= {"微博:5011", "微信:gh_cx02"}
    assert "微信:gh_cx01" not in {t.target for t in published.tickets}  # awaiting review: not named yet


def test_html_accounts_pass_rate_trend_across_periods(tmp_path: Path) -> None:
    from govinspect.report.html import render_html

    config, store = home(tmp_path)
    add_run(store, "q3", "2020-09-20", Q1_FINDINGS)  # websites only: no point on the accounts' line
    add_run(store, "q4", "2020-12-20", [F("微博:5011", "M-V2", message="监测时间点前14天内无更新")])
    _add_accounts(store, "q4")
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS + MEDIA_FINDINGS)
    _add_accounts(store, "q1")
    assert pass_rate_trends(store, config, Q1).accounts == [("2020Q4", pytest.approx(200 / 3)),
                                                            ("2021Q1", pytest.approx(100 / 3))]
    data = build_bulletin(store, config, Q1, issued=date(2021, 4, 8))
    page = render_html(store, config, data, tmp_path / "html").read_text(encoding="utf-8")
    chart = page.split("政务新媒体合格率趋势", 1)[1].split("</svg>", 1)[0]
    assert "<svg" in chart and "2020Q3" not in chart  # the unreadable 澄溪水务 counts in neither period
    assert re.findall(r">(\d+\.\d)</text>", chart) == ["66.7", "33.3"]
    sites = page.split("合格率趋势 / pass rate across periods", 1)[1].split("</svg>", 1)[0]
    assert "2020Q3" in sites and "2020Q4" in sites  # the websites' line is unchanged


def test_the_bulletin_judges_accounts_on_the_configured_scale(tmp_path: Path) -> None:
    scale = {"media_scoring": {"enabled": True, "points_per_problem": 45, "max_points_per_rule": 45}}
    for overrides, expected in (({}, ("pass", None)), (scale, ("fail", 55.0))):
        folder = tmp_path / ("on" if overrides else "off")
        config, store = home(folder, overrides)
        add_run(store, "q1", "2021-03-21", [F("微信:gh_cx01", "M-D1", severity="deduction", message="菜单链接无法访问")])
        _add_accounts(store, "q1")
        data = build_bulletin(store, config, Q1)
        [account] = [a for a in data.accounts if a.site.code == "微信:gh_cx01"]
        assert (account.verdict, account.score) == expected
        unreadable = next(a for a in data.accounts if a.site.code == "抖音:dy_cx")
        assert unreadable.score is None  # its data could not be read: never scored
