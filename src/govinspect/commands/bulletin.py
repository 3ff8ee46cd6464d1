"""`govinspect bulletin` (通报) and `govinspect findings` (review: confirm / reject)."""

from __future__ import annotations

import getpass
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, fail, home_config, home_store, output_folder, verdict_words


def _date(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{what}日期格式错误：{text!r}，应为YYYY-MM-DD / bad {what} date {text!r}, "
                   "expected YYYY-MM-DD") from None


def bulletin(
    period: Annotated[str, typer.Option("--period", "-p", help="季度 2021Q1 或月份 2021-03 / quarter or month.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录 / folder for the .docx, .xlsx and html/.")],
    template: Annotated[Path | None, typer.Option("--template", help="自定义通报模板 .docx (docxtpl) / "
                                                  "your own template; see `govinspect.report.word`.")] = None,
    screenshots: Annotated[bool, typer.Option("--screenshots", help="附问题页面截图（从WARC重放）/ embed "
                                              "evidence screenshots re-served from WARC.")] = False,
    issued: Annotated[str | None, typer.Option("--issued", help="成文日期 YYYY-MM-DD (default today); "
                                               "整改期限 counts working days from it.")] = None,
    no_tickets: Annotated[bool, typer.Option("--no-tickets", help="不生成整改单 / open no tickets.")] = False,
) -> None:
    """Write the period's bulletin (通报): Word (GB/T 9704), XLSX attachments, HTML report; open tickets.

    The period's run is the latest analysed run whose 监测时间点 falls in the period."""
    from govinspect.report.periods import PeriodError, parse_period
    from govinspect.report.publish import publish_bulletin
    from govinspect.report.screenshots import ScreenshotError
    from govinspect.report.word import TemplateError
    from govinspect.workflow.workdays import WorkdayError

    config = home_config()
    output_folder(out)
    store = home_store(config)
    try:
        result = publish_bulletin(store, config, parse_period(period), out, template=template,
                                  screenshots=screenshots, issued=_date(issued, "成文 issue"),
                                  tickets=not no_tickets)
    except (PeriodError, TemplateError, WorkdayError, ScreenshotError) as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    data = result.data
    console.print(f"[bold]{data.title}[/]")
    console.print(f"运行 run {data.run_id}; 检查 {data.checked} 家, 合格 {data.passed} 家, 合格率 {data.pass_rate}; "
                  f"问题类型 {len(data.groups)}; 不合格 {len(data.failing)}")
    if data.pending:
        console.print(f"[yellow]待复核 pending review: {len(data.pending)} 家 — "
                      f"{'、'.join(t.site.name for t in data.pending)}；印发前请确认或驳回 / decide before "
                      "publishing (govinspect findings list --review)[/]")
    console.print(f"通报 / bulletin → {result.docx}")
    for path in result.xlsx:
        console.print(f"附件 / attachment → {path}")
    if result.html:
        console.print(f"HTML → {result.html}")
    if screenshots:
        console.print(f"截图 / screenshots: {len(result.shots)}")
    if result.tickets:
        console.print(f"整改单 / tickets: {len(result.tickets)}, 期限 deadline {result.tickets[0].deadline}")


findings_app = typer.Typer(help="检查问题审核 — list findings, confirm or reject those that need review.",
                           no_args_is_help=True)


@findings_app.command("list")
def findings_list(
    run: Annotated[str, typer.Option("--run", help="Run id (see `govinspect runs`).")],
    review: Annotated[bool, typer.Option("--review", help="只列需审核的 / only findings that need review.")] = False,
) -> None:
    """List a run's findings with their ids and review state."""
    from govinspect.store.runs import RunError, get_run
    from govinspect.workflow.reviews import reviewed_findings

    store = home_store(home_config())
    try:
        get_run(store, run)  # an unknown run is an error, not an empty list
        rows = [r for r in reviewed_findings(store, run) if not review or r.state]
    except RunError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    table = Table(title=f"问题 / findings — run {run}")
    for col in ("ID", "标识码", "rule", "severity", "审核 review", "message"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r.id), r.finding.target, r.finding.rule, str(r.finding.severity), r.state or "-",
                      r.finding.message)
    console.print(table)


def _operator_name() -> str:
    """Who decides on the command line: the login name, recorded with the decision (audit)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry (containers)
        return "cli"


def _decide(finding_id: int, state: str, note: str) -> None:
    from govinspect.workflow.reviews import ReviewError
    from govinspect.workflow.verdicts import record_decision, stored_target

    config = home_config()
    store = home_store(config)
    try:
        d = record_decision(store, config, finding_id, state, note, by=_operator_name())
        target = stored_target(store, d.run_id, d.target)
    except ReviewError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    word = "已确认 / confirmed" if state == "confirmed" else "已驳回 / rejected"
    extra = "" if d.needed_review else "（该问题无需审核 / this finding did not need review）"
    console.print(f"问题 {d.finding_id} ({d.rule} {d.target}, run {d.run_id}) {word}{extra}")
    verdict = verdict_words(target["verdict"])
    pending = "、".join(target["pending_review"]) or "无 none"
    console.print(f"{target['name']} 结论 verdict: {verdict}；单项否决 veto: {'、'.join(target['veto']) or '无 none'}；"
                  f"待复核 pending review: {pending}", markup=False)


@findings_app.command("confirm")
def findings_confirm(finding_id: Annotated[int, typer.Argument(help="Finding id (`govinspect findings list`).")],
                     note: Annotated[str, typer.Option("--note", help="审核意见 / note.")] = "") -> None:
    """Confirm a finding (确认): it then counts in verdicts and bulletins."""
    _decide(finding_id, "confirmed", note)


@findings_app.command("reject")
def findings_reject(finding_id: Annotated[int, typer.Argument(help="Finding id (`govinspect findings list`).")],
                    note: Annotated[str, typer.Option("--note", help="驳回理由 / why it is a false alarm.")] = "") -> None:
    """Reject a finding (驳回, a false alarm): it never appears in a bulletin."""
    _decide(finding_id, "rejected", note)


@findings_app.command("export")
def findings_export(
    run: Annotated[str, typer.Argument(help="Run id (see `govinspect runs`).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件 / file to write (default: stdout).")] = None,
) -> None:
    """Write a run's findings.json from the store, review decisions applied (导出检查结果)."""
    from govinspect.store.runs import RunError
    from govinspect.workflow.verdicts import export_findings, stored_document

    store = home_store(home_config())
    try:
        if out is None:
            sys.stdout.write(json.dumps(stored_document(store, run), ensure_ascii=False, indent=2) + "\n")
            return
        output_folder(out.parent)
        path = export_findings(store, run, out)
    except RunError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    console.print(f"findings.json → {path}")


def register(app: typer.Typer) -> None:
    app.command("bulletin")(bulletin)
    app.add_typer(findings_app, name="findings")
