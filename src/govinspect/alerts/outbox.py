"""重发: an alert no recipient took (an SMTP server down, a webhook answering 503) waits in its
state's ``outbox`` and is tried again on the next run or monitor tick, ``[alerts] max_attempts``
times in all; each failure is logged and kept with the state (``attempts``, ``last_error``,
``last_attempt``) until it is delivered, superseded (the veto cleared or came back) or given up.

A delivery counts when one recipient took it (the inspector's mail reached, the team's webhook
did not): recipients are not tracked one by one."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from govinspect.alerts.deliver import Alert, AlertReport, deliver
from govinspect.store import Store
from govinspect.store.models import AlertStateRow

__all__ = ["Pending", "attempt", "due", "start", "undelivered"]

log = logging.getLogger(__name__)

ERROR_LENGTH = 1000  # alert_states.last_error: the failed recipients and why, cut short


def start(row: AlertStateRow, kind: str) -> None:
    """A new message for this state (a veto, or its resolution): tried from the first attempt."""
    row.outbox, row.attempts, row.last_error = kind, 0, None


def due(row: AlertStateRow, max_attempts: int) -> bool:
    """A message awaits delivery and has attempts left."""
    return row.outbox is not None and (row.attempts or 0) < max_attempts


def attempt(row: AlertStateRow, alert: Alert, report: AlertReport, max_attempts: int, now: datetime) -> bool:
    """Send ``alert`` once more; True when a recipient took it (or there is none to take it). A
    failure stays in the state (and the log), and the last allowed attempt gives up, loudly."""
    deliveries = deliver(alert)
    report.deliveries.extend(deliveries)
    row.attempts, row.last_attempt = (row.attempts or 0) + 1, now
    if not deliveries or any(d.ok for d in deliveries):
        row.outbox, row.last_error = None, None
        return True
    row.last_error = "; ".join(f"{d.recipient}: {d.error}" for d in deliveries)[:ERROR_LENGTH]
    if row.attempts >= max_attempts:
        log.error("alert %s given up after %d attempts: %s", alert.title, row.attempts, row.last_error)
        report.given_up.append(alert)
    else:
        log.warning("alert %s not delivered (attempt %d of %d), retried on the next run: %s",
                    alert.title, row.attempts, max_attempts, row.last_error)
    return False


@dataclass(frozen=True)
class Pending:
    """An alert still waiting for a recipient, as ``govinspect alerts --undelivered`` lists it."""

    target: str
    key: str
    kind: str
    rule: str
    message: str
    attempts: int
    last_attempt: datetime | None
    last_error: str
    given_up: bool

    def line(self, max_attempts: int) -> str:
        state = "已放弃 / given up" if self.given_up else "待重发 / will retry"
        kind = "单项否决 veto" if self.kind == "veto" else "已恢复 resolved"
        when = self.last_attempt.isoformat(timespec="seconds") if self.last_attempt else "-"
        return (f"{state}: {self.target} {self.rule} {kind} — {self.message} "
                f"({self.attempts}/{max_attempts}, {when}): {self.last_error}")


def undelivered(store: Store, max_attempts: int) -> list[Pending]:
    """Every alert awaiting delivery or given up, oldest attempt first."""
    with store.session() as session:
        rows = session.scalars(select(AlertStateRow).where(AlertStateRow.outbox.is_not(None))
                               .order_by(AlertStateRow.last_attempt, AlertStateRow.target, AlertStateRow.key)).all()
        return [Pending(r.target, r.key, str(r.outbox), r.rule, r.message, r.attempts or 0, r.last_attempt,
                        r.last_error or "", (r.attempts or 0) >= max_attempts) for r in rows]
