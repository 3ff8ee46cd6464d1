"""Rectification tickets from a bulletin, the unit's fix, re-check outcomes, overdue lists; the
workflow commands (bulletin, findings, tickets, messages, annual-report) and their errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.report.annual import annual_figures
from govinspect.report.periods import parse_period
from govinspect.report.publish import publish_bulletin
from govinspect.store.models import FindingRow
from govinspect.workflow.tickets import TicketError, get_ticket, list_tickets, mark_fixed, record_recheck
from govinspect.workflow.workdays import WorkdayError

from ..report.helpers import Q1_FINDINGS, F, add_run, home

runner = CliRunner()


def test_bulletin_opens_one_ticket_per_failing_site_with_a_working_day_deadline(tmp_path: Path) -> None:
    config, store = home(tmp_path, {"workflow": {"rectify_working_days": {"value": 5, "verified": False}}})
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    # issued 2021-09-30: 5 working days skip National Day and count 10-09 (Saturday, 调休)
    out = publish_bulletin(store, config, parse_period("2021Q1"), tmp_path / "out", issued=date(2021, 9, 30),
                           html=False)
    assert [(t.target, t.state) for t in out.tickets] == [("3399210002", "open"), ("3399000003", "open")]
    assert {t.deadline for t in out.tickets} == {date(2021, 10, 13)}
    assert "于2021年10月13日前将整改情况报送" in out.data.rectification_text
    assert [p["title"] for p in out.tickets[0].problems] == ["首页不更新", "栏目不更新"]
    again = publish_bulletin(store, config, parse_period("2021Q1"), tmp_path / "out", issued=date(2021, 10, 8),
                             html=False)
    assert [t.id for t in again.tickets] == [t.id for t in out.tickets]  # issuing again opens no duplicates
    assert len(list_tickets(store)) == 2


def test_ticket_lifecycle_and_overdue(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    out = publish_bulletin(store, config, parse_period("2021Q1"), tmp_path / "out", issued=date(2021, 4, 8),
                           html=False)
    first, second = out.tickets
    assert first.deadline == date(2021, 4, 22)  # 10 working days after Thursday 04-08
    assert [t.id for t in list_tickets(store, overdue_on=date(2021, 4, 22))] == []  # due today: not late
    assert [t.id for t in list_tickets(store, overdue_on=date(2021, 4, 26))] == [first.id, second.id]
    mark_fixed(store, first.id, "已更新栏目")
    assert [t.id for t in list_tickets(store, overdue_on=date(2021, 4, 26))] == [second.id]  # fixed: not overdue
    reopened = record_recheck(store, first.id, "recheck-run", "fail", ["W-V3"])
    assert reopened.state == "reopened" and "W-V3" in reopened.history[-1]["note"]
    assert [t.id for t in list_tickets(store, overdue_on=date(2021, 4, 26))] == [first.id, second.id]
    mark_fixed(store, first.id)
    closed = record_recheck(store, first.id, "recheck-run-2", "pass", [])
    assert closed.state == "closed" and closed.recheck_run_id == "recheck-run-2"
    assert [h["state"] for h in get_ticket(store, first.id).history] == ["open", "fixed", "reopened", "fixed", "closed"]
    with pytest.raises(TicketError, match="cannot become fixed"):
        mark_fixed(store, first.id)
    with pytest.raises(TicketError, match="no ticket 999"):
        mark_fixed(store, 999)


def test_deadline_beyond_the_calendar_is_an_error_not_a_guess(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    with pytest.raises(WorkdayError, match="does not know 2040"):
        publish_bulletin(store, config, parse_period("2021Q1"), tmp_path / "out", issued=date(2040, 1, 2))
    config, store = home(tmp_path / "b", {"workdays": {"known_years": [2040], "holidays": ["2040-01-03"]}})
    add_run(store, "q1", "2021-03-21", Q1_FINDINGS)
    out = publish_bulletin(store, config, parse_period("2021Q1"), tmp_path / "out", issued=date(2040, 1, 2),
                           html=False)
    assert out.tickets[0].deadline == date(2040, 1, 17)  # 10 working days, 01-03 off


def test_annual_figures(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    from govinspect.model import SiteStatus
    from tests.report.helpers import SITES

    add_run(store, "2020", "2020-12-20", [], sites=SITES[:4])
    closed = [SITES[0], SITES[1], SITES[2].__class__(**{**SITES[2].__dict__, "status": SiteStatus.CLOSED}), SITES[4]]
    add_run(store, "q1", "2021-03-21", [F("3399210002", "W-V3")])
    add_run(store, "q4", "2021-12-20", [], sites=closed)  # 3 closed, 4 gone (merged/removed), 5 new since 2020
    add_run(store, "re", "2021-04-01", [], sites=SITES[1:2], options={"purpose": "recheck"})
    publish_bulletin(store, config, parse_period("2021Q1"), tmp_path / "out", issued=date(2021, 4, 8), html=False)
    figures = annual_figures(store, 2021)
    assert (figures.inspection_runs, figures.sites_inspected, figures.site_inspections) == (2, 5, 9)
    assert figures.site_inspections_passed == 8
    assert (figures.security_checks, figures.rechecks) == (3, 1)
    assert (figures.sites_opened, figures.sites_closed, figures.sites_merged_or_removed) == (1, 1, 1)
    assert figures.tickets_issued == 1
    result = runner.invoke(app, ["--home", str(config.home), "annual-report", "2021"])
    assert result.exit_code == 0, result.output
    assert "新开设网站" in result.output and "找错留言受理" in result.output


def test_commands_end_to_end(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    h = ["--home", str(config.home)]
    result = runner.invoke(app, [*h, "bulletin", "--period", "2021Q1", "--out", str(tmp_path / "b")])
    assert result.exit_code == 2 and "no inspection run with its monitoring point in 2021Q1" in result.output
    result = runner.invoke(app, [*h, "bulletin", "--period", "2021-13", "--out", str(tmp_path / "b")])
    assert result.exit_code == 2 and "bad period" in result.output
    add_run(store, "busy", "2021-03-21", [], state="crawling")
    result = runner.invoke(app, [*h, "bulletin", "--period", "2021Q1", "--out", str(tmp_path / "b")])
    assert result.exit_code == 2 and "still in progress" in result.output

    add_run(store, "q1", "2021-03-22", Q1_FINDINGS)
    result = runner.invoke(app, [*h, "bulletin", "--period", "2021Q1", "--out", str(tmp_path / "b"),
                                 "--issued", "2021-04-08"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "关于2021年第一季度全市政府网站检查情况的通报.docx").exists()
    assert (tmp_path / "b" / "html" / "index.html").exists()
    result = runner.invoke(app, [*h, "bulletin", "--period", "2021Q1", "--out", str(tmp_path / "c"),
                                 "--template", str(tmp_path / "none.docx")])
    assert result.exit_code == 2 and "no such template" in result.output

    with store.session() as session:
        fid = session.scalars(select(FindingRow.id).where(FindingRow.run_id == "q1", FindingRow.rule == "W-V1e")).one()
    result = runner.invoke(app, [*h, "findings", "list", "--run", "q1", "--review"])
    assert result.exit_code == 0 and "pending" in result.output
    result = runner.invoke(app, [*h, "findings", "confirm", str(fid)])
    assert result.exit_code == 0 and "confirmed" in result.output
    result = runner.invoke(app, [*h, "findings", "reject", "99999"])
    assert result.exit_code == 2 and "no finding with id 99999" in result.output

    result = runner.invoke(app, [*h, "tickets", "--overdue", "--today", "2021-05-01"])
    assert result.exit_code == 0 and "3399210002" in result.output
    result = runner.invoke(app, [*h, "tickets", "fix", "1", "--note", "done"])
    assert result.exit_code == 0 and "marked fixed" in result.output
    result = runner.invoke(app, [*h, "tickets", "--today", "2021-13-01"])
    assert result.exit_code == 2 and "bad --today" in result.output
    result = runner.invoke(app, [*h, "recheck", "77"])
    assert result.exit_code == 2 and "no ticket 77" in result.output

    csv_file = tmp_path / "m.csv"
    csv_file.write_text("留言编号,网站标识码,问题类型,问题描述,留言时间\nJ1,3399999999,错别字,x,2021-03-01\n",
                        encoding="utf-8")
    result = runner.invoke(app, [*h, "messages", "import", str(csv_file)])
    assert result.exit_code == 2 and "unknown site code 3399999999" in result.output
    csv_file.write_text("留言编号,网站标识码,问题类型,问题描述,留言时间\nJ1,3399210002,错别字,x,2021-03-01\n",
                        encoding="utf-8")
    result = runner.invoke(app, [*h, "messages", "import", str(csv_file)])
    assert result.exit_code == 0 and "imported 1" in result.output
    result = runner.invoke(app, [*h, "messages", "answer", "J1", "--true", "--date", "2021-03-02"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [*h, "messages", "list"])
    assert result.exit_code == 0 and "属实" in result.output
