"""Rectification tickets (整改): one per failing target named in a bulletin.

The deadline is counted in Chinese working days from the bulletin's date
(``[workflow] rectify_working_days``). The unit marks its ticket fixed (``govinspect tickets fix
ID``); a targeted re-check (``govinspect recheck ID``) inspects that one site again now and closes
the ticket when the site passes, or reopens it when it still fails. ``--overdue`` lists tickets
past their deadline that are not fixed or closed.

States: open → fixed → closed | reopened → fixed → …
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from govinspect.config import Config
from govinspect.store import Store
from govinspect.timeutil import utcnow
from govinspect.workflow.models import TicketRow
from govinspect.workflow.workdays import WorkCalendar

OPEN_STATES = ("open", "reopened")


class TicketError(ValueError):
    """整改单错误 / ticket error."""


def rectify_days(config: Config) -> int:
    return int(config.value("workflow", "rectify_working_days"))


def rectify_deadline(config: Config, issued: date) -> date:
    return WorkCalendar.from_config(config.data.get("workdays")).add_workdays(issued, rectify_days(config))


@dataclass
class TicketSpec:
    target: str
    name: str
    unit: str
    problems: list[dict[str, str]]


def open_tickets(store: Store, run_id: str, period: str, specs: list[TicketSpec], issued: date,
                 deadline: date) -> list[TicketRow]:
    """A ticket per failing target; one already issued for this run and target is kept as it is."""
    out = []
    with store.session() as session, session.begin():
        for spec in specs:
            row = session.scalars(select(TicketRow).where(TicketRow.run_id == run_id,
                                                          TicketRow.target == spec.target)).first()
            if row is None:
                row = TicketRow(run_id=run_id, period=period, target=spec.target, name=spec.name, unit=spec.unit,
                                problems=spec.problems, issued=issued, deadline=deadline, state="open",
                                history=[_event("open", f"{period}通报 / named in the {period} bulletin")])
                session.add(row)
            out.append(row)
        session.flush()
    return out


def _event(state: str, note: str, run: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"at": utcnow().isoformat(timespec="seconds"), "state": state, "note": note}
    if run:
        event["run"] = run
    return event


def get_ticket(store: Store, ticket_id: int) -> TicketRow:
    with store.session() as session:
        row = session.get(TicketRow, ticket_id)
    if row is None:
        raise TicketError(f"没有整改单 {ticket_id} / no ticket {ticket_id} (see `govinspect tickets list`)")
    return row


def _transition(store: Store, ticket_id: int, allowed: tuple[str, ...], state: str, note: str,
                run: str | None = None) -> TicketRow:
    with store.session() as session, session.begin():
        row = session.get(TicketRow, ticket_id)
        if row is None:
            raise TicketError(f"没有整改单 {ticket_id} / no ticket {ticket_id} (see `govinspect tickets list`)")
        if row.state not in allowed:
            raise TicketError(f"整改单 {ticket_id} 状态为{row.state}，不能改为{state} / ticket {ticket_id} is "
                              f"{row.state}; it cannot become {state}")
        row.state = state
        row.history = [*row.history, _event(state, note, run)]
        if run:
            row.recheck_run_id = run
        return row


def mark_fixed(store: Store, ticket_id: int, note: str = "") -> TicketRow:
    """The unit says the problems are fixed (已整改); a re-check decides."""
    return _transition(store, ticket_id, ("open", "reopened"), "fixed", note or "单位报告已整改 / unit reports fixed")


def record_recheck(store: Store, ticket_id: int, run_id: str, verdict: str, remaining: list[str]) -> TicketRow:
    """Close the ticket when the re-check passes, reopen it when the site still fails."""
    if verdict == "pass":
        return _transition(store, ticket_id, ("open", "reopened", "fixed"), "closed",
                           "复查合格 / re-check passed", run_id)
    note = "复查仍不合格 / re-check still fails: " + "、".join(remaining)
    return _transition(store, ticket_id, ("open", "reopened", "fixed"), "reopened", note, run_id)


def list_tickets(store: Store, *, overdue_on: date | None = None, state: str | None = None) -> list[TicketRow]:
    with store.session() as session:
        rows = list(session.scalars(select(TicketRow).order_by(TicketRow.deadline, TicketRow.id)).all())
    if state:
        rows = [r for r in rows if r.state == state]
    if overdue_on is not None:
        rows = [r for r in rows if is_overdue(r, overdue_on)]
    return rows


def is_overdue(row: TicketRow, today: date) -> bool:
    return row.state in OPEN_STATES and today > row.deadline
