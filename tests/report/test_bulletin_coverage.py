"""The bulletin says how each site was read: the plan in the overall paragraph (全站抓取 or
抽查至多N页) and each listed site's coverage (全站N页 / 抽查N页) in 附件2, from the stored run."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import update

from govinspect.report.bulletin import build_bulletin
from govinspect.report.periods import parse_period
from govinspect.report.word import attachment2_rows
from govinspect.report.xlsx import write_attachments
from govinspect.store.models import RunTargetRow

from .helpers import Q1_FINDINGS, add_run, home

Q1 = parse_period("2021Q1")


def test_spot_check_and_each_sites_coverage(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS,
            options={"plan": {"name": "spot", "max_pages_per_site": 500, "max_depth": 4}})
    with store.session() as session, session.begin():
        session.execute(update(RunTargetRow).values(coverage="抽查500页"))
        session.execute(update(RunTargetRow).where(RunTargetRow.site_code == "3399000003").values(coverage="全站37页"))
    data = build_bulletin(store, config, Q1)
    assert "进行了全覆盖检查（每个网站抽查至多500页），合格3家" in data.overall_paragraphs()[0]
    rows = {r["code"]: r["coverage"] for r in attachment2_rows(data)}
    assert rows == {"3399210002": "抽查500页", "3399000003": "全站37页"}
    sheet = load_workbook(next(p for p in write_attachments(data, tmp_path / "out") if "附件2" in p.name)).active
    assert sheet is not None
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["序号", "网站名称", "主管/主办单位", "存在问题", "检查范围", "网站标识码"] in values
    assert any("全站37页" in row for row in values)


def test_full_plan_and_a_run_from_before_plans(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS,
            options={"plan": {"name": "full", "max_pages_per_site": 50000, "max_depth": 100}})
    assert "进行了全覆盖检查（全站抓取），合格3家" in build_bulletin(store, config, Q1).overall_paragraphs()[0]
    config, store = home(tmp_path / "old")
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)  # no plan stored: nothing is claimed
    old = build_bulletin(store, config, Q1)
    assert "进行了全覆盖检查，合格3家" in old.overall_paragraphs()[0]
    assert {r["coverage"] for r in attachment2_rows(old)} == {""}
