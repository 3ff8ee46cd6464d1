"""`govinspect tickets` (整改单) and `govinspect recheck TICKET` (复查)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, fail, home_config, home_store

STATE_TEXT = {"open": "待整改 open", "fixed": "已整改待复查 fixed", "closed": "已销号 closed",
              "reopened": "复查未通过 reopened"}


tickets_app = typer.Typer(help="整改单 — rectification tickets: list (--overdue), mark fixed.",
                          invoke_without_command=True)


@tickets_app.callback()
def tickets_list(
    ctx: typer.Context,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期未整改的 / only overdue tickets.")] = False,
    today: Annotated[str | None, typer.Option("--today", help="按此日期判断逾期 YYYY-MM-DD (default today).")] = None,
    state: Annotated[str | None, typer.Option("--state", help="open | fixed | closed | reopened")] = None,
) -> None:
    """List rectification tickets (deadlines in Chinese working days)."""
    if ctx.invoked_subcommand is not None:
        return
    from govinspect.workflow.tickets import is_overdue, list_tickets

    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        raise fail(f"日期格式错误：{today!r}，应为YYYY-MM-DD / bad --today {today!r}") from None
    if state and state not in STATE_TEXT:
        raise fail(f"状态无效：{state}，应为 {' | '.join(STATE_TEXT)} / bad --state {state!r}")
    store = home_store(home_config())
    rows = list_tickets(store, overdue_on=day if overdue else None, state=state)
    table = Table(title=("逾期整改单 / overdue tickets" if overdue else "整改单 / tickets") + f" ({len(rows)})")
    for col in ("ID", "期间", "标识码", "网站名称", "主办单位", "问题", "期限 deadline", "状态 state"):
        table.add_column(col)
    for r in rows:
        late = " [red]逾期 overdue[/]" if is_overdue(r, day) else ""
        table.add_row(str(r.id), r.period, r.target, r.name, r.unit, "、".join(p["title"] for p in r.problems),
                      r.deadline.isoformat(), STATE_TEXT.get(r.state, r.state) + late)
    console.print(table)


@tickets_app.command("fix")
def tickets_fix(ticket: Annotated[int, typer.Argument(help="Ticket id.")],
                note: Annotated[str, typer.Option("--note", help="整改说明 / what was done.")] = "") -> None:
    """Mark a ticket fixed (已整改); `govinspect recheck ID` then verifies it."""
    from govinspect.workflow.tickets import TicketError, mark_fixed

    try:
        row = mark_fixed(home_store(home_config()), ticket, note)
    except TicketError as exc:
        raise fail(str(exc)) from exc
    console.print(f"整改单 {row.id}（{row.name}）已标记为已整改，待复查 / marked fixed; run `govinspect recheck {row.id}`")


def recheck(ticket: Annotated[int, typer.Argument(help="Ticket id (`govinspect tickets`).")]) -> None:
    """Inspect the ticket's site again now (复查): passes ⇒ closed, still failing ⇒ reopened."""
    from govinspect.ui.progress import RichCrawlProgress
    from govinspect.workflow.recheck import recheck as do_recheck
    from govinspect.workflow.tickets import TicketError

    config = home_config()
    store = home_store(config)
    try:
        with RichCrawlProgress(console, 1) as progress:
            result = do_recheck(store, config, ticket, progress=progress)
    except TicketError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    if result.verdict == "pass":
        console.print(f"[green]复查合格，整改单 {ticket} 已销号 / re-check passed, ticket closed[/] (run {result.run_id})")
    else:
        console.print(f"[red]复查仍不合格，整改单 {ticket} 重新打开 / still failing, ticket reopened[/]: "
                      f"{'、'.join(result.remaining)} (run {result.run_id})")


def register(app: typer.Typer) -> None:
    app.add_typer(tickets_app, name="tickets")
    app.command("recheck")(recheck)
