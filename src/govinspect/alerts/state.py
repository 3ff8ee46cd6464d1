"""Which alerts are due: the firm vetoes seen now against the open alerts kept in the store
(``alert_states``), one per target and cause."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from govinspect.alerts.deliver import Alert, AlertReport, AlertSettings
from govinspect.alerts.outbox import attempt, due, start
from govinspect.config import Config
from govinspect.model import Site
from govinspect.monitor.status import monitor_status
from govinspect.rules.base import Finding, Severity
from govinspect.rules.engine import pages_of
from govinspect.store import Store
from govinspect.store.models import AlertStateRow, RunRow, RunTargetRow
from govinspect.store.runs import site_from_json
from govinspect.timeutil import utcnow
from govinspect.workflow.reviews import reviewed_findings

__all__ = ["Seen", "alert_key", "alert_monitor", "alert_run", "firm_vetoes", "plan_alerts", "stored_targets"]


@dataclass(frozen=True)
class Seen:
    """A firm veto as seen now, under its stable key: source|rule|cause:<cause> when the finding
    has a cause (the same spam block on whichever pages), else source|rule|<first URL>.
    ``legacy_keys``: the keys the same veto had before alerts were keyed by cause (one per page
    it covers), so an alert state stored then is taken over rather than announced again."""

    key: str
    rule: str
    message: str
    url: str | None
    legacy_keys: tuple[str, ...] = ()


KEY_LENGTH = 300  # alert_states.key


def alert_key(source: str, rule: str, url: str | None, cause: str | None = None) -> str:
    """The alert key of a veto: by cause when it has one (a long cause by its SHA-256, so two
    causes never share a key cut short), else by its first page as before."""
    if cause is None:
        return f"{source}|{rule}|{url or ''}"[:KEY_LENGTH]
    key = f"{source}|{rule}|cause:{cause}"
    if len(key) <= KEY_LENGTH:
        return key
    return f"{source}|{rule}|cause#{hashlib.sha256(cause.encode('utf-8')).hexdigest()}"


def firm_vetoes(findings: Iterable[Finding], source: str = "run") -> list[Seen]:
    """Vetoes that need no review (or were confirmed), each cause once."""
    out: dict[str, Seen] = {}
    for f in findings:
        if f.severity is Severity.VETO and not f.review and f.decision != "rejected":
            key = alert_key(source, f.rule, f.url, f.cause)
            legacy = tuple(alert_key(source, f.rule, url) for url in pages_of(f)[1]) if f.cause is not None else ()
            out.setdefault(key, Seen(key, f.rule, f.message, f.url, legacy))
    return list(out.values())


def plan_alerts(store: Store, settings: AlertSettings, source: str, seen: Sequence[tuple[Site, list[Seen] | None]],
                run_id: str | None = None) -> AlertReport:
    """Compare what is seen per site (None: no data, nothing clears) with the open alerts of
    ``source``; send (or, in a dry run, only list) the new and the resolved ones, and again those
    an earlier run or tick of ``source`` could not deliver (:mod:`govinspect.alerts.outbox`)."""
    report = AlertReport(dry_run=settings.dry_run)
    now = utcnow()
    with store.session() as session, session.begin():
        for site, vetoes in seen:
            rows = {r.key: r for r in session.scalars(select(AlertStateRow).where(
                AlertStateRow.target == site.code, AlertStateRow.key.startswith(f"{source}|")))}
            send = _Sender(site, settings, report, run_id, now)
            for veto in vetoes or []:
                row = rows.get(veto.key) or _take_over(rows, veto)
                if row is not None and row.resolved is None:
                    row.run_id = run_id
                    if row.outbox != "veto" or not due(row, settings.max_attempts):
                        continue  # announced already (or given up, which the state shows): no second alert
                elif row is None:
                    row = AlertStateRow(target=site.code, key=veto.key, rule=veto.rule, opened=now, delivered=False)
                    session.add(row)
                    start(row, "veto")
                else:  # back after it cleared: a new alert
                    row.opened, row.resolved, row.delivered = now, None, False
                    start(row, "veto")
                row.message, row.run_id = veto.message, run_id
                row.delivered = send(row, "veto", veto.url)
            if vetoes is not None:
                current = {v.key for v in vetoes}
                for key, row in rows.items():
                    if row.resolved is not None or key in current:
                        continue
                    row.resolved = now
                    if not row.delivered:  # nobody heard of a veto never delivered: no "resolved" either
                        row.outbox = None
                        continue
                    start(row, "resolved")
                    send(row, "resolved")
            for row in rows.values():  # what an earlier run or tick could not deliver
                if row.key in send.tried or not due(row, settings.max_attempts):
                    continue
                if row.outbox == "resolved" and row.resolved is not None:
                    send(row, "resolved")
                elif row.outbox == "veto" and row.resolved is None:  # no data now: the veto stands
                    row.delivered = send(row, "veto")
        if settings.dry_run:
            session.rollback()
    return report


class _Sender:
    """Sends (in a dry run: lists) one site's alerts, one attempt each, and notes which it tried."""

    def __init__(self, site: Site, settings: AlertSettings, report: AlertReport, run_id: str | None,
                 now: datetime) -> None:
        self.site, self.settings, self.report, self.run_id, self.now = site, settings, report, run_id, now
        self.recipients = tuple(settings.recipients(site))
        self.tried: set[str] = set()

    def __call__(self, row: AlertStateRow, kind: str, url: str | None = None) -> bool:
        alert = Alert(kind, self.site.code, self.site.name, row.rule, row.message, url, self.run_id,
                      self.recipients, row.key, (row.attempts or 0) + 1)
        self.report.alerts.append(alert)
        self.tried.add(row.key)
        if self.settings.dry_run:
            return False  # rolled back with the rest
        return attempt(row, alert, self.report, self.settings.max_attempts, self.now)


def _take_over(rows: dict[str, AlertStateRow], veto: Seen) -> AlertStateRow | None:
    """The open state this veto had under its older key (its first page), now keyed by cause:
    state stored before alerts were keyed by cause is read, not lost (no second alert)."""
    for old in veto.legacy_keys:
        row = rows.get(old)
        if row is not None and row.resolved is None and old != veto.key:
            row.key = veto.key  # the primary key changes in place (a dry run rolls it back)
            rows[veto.key] = rows.pop(old)
            return row
    return None


def alert_run(store: Store, config: Config, run_id: str, targets: Iterable[tuple[Site, list[Finding]]],
              *, dry_run: bool | None = None) -> AlertReport:
    """Alerts after a run's analysis: its firm vetoes per target. An older run analysed again
    sends nothing (it would announce stale vetoes and clear current ones)."""
    settings = AlertSettings.from_config(config)
    if dry_run is not None:
        settings = settings.forced(dry_run)
    if not settings.enabled:
        return AlertReport(note="告警未启用 / alerts disabled ([alerts] enabled = false)")
    with store.session() as session:
        run = session.get(RunRow, run_id)
        newest = session.scalar(select(func.max(RunRow.as_of)))
    if run is None or (newest is not None and run.as_of < newest):
        return AlertReport(dry_run=settings.dry_run,
                           note=f"不是最新一次检查，不发送告警 / run {run_id} is not the latest: no alerts")
    seen = [(site, firm_vetoes(findings)) for site, findings in targets]
    return plan_alerts(store, settings, "run", seen, run_id)


def stored_targets(store: Store, run_id: str) -> list[tuple[Site, list[Finding]]]:
    """A stored run's targets with their findings as they count now (inspectors' decisions applied)."""

    with store.session() as session:
        rows = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run_id)
                               .order_by(RunTargetRow.id)).all()
    findings = [r.finding for r in reviewed_findings(store, run_id) if r.state != "rejected"]
    return [(site_from_json(row.snapshot), [f for f in findings if f.target == row.site_code]) for row in rows]


def alert_monitor(store: Store, config: Config, as_of: datetime, *, dry_run: bool | None = None) -> AlertReport:
    """Alerts from the availability monitor: W-V2 over its window ending at ``as_of`` for every
    running site; a site without monitor data keeps its open alert."""
    settings = AlertSettings.from_config(config)
    if dry_run is not None:
        settings = settings.forced(dry_run)
    if not settings.enabled:
        return AlertReport(note="告警未启用 / alerts disabled ([alerts] enabled = false)")
    seen: list[tuple[Site, list[Seen] | None]] = []
    for status in monitor_status(store, config, as_of):
        if status.verdict == "no data":
            seen.append((status.site, None))
            continue
        vetoes = [Seen("monitor|W-V2|homepage", "W-V2", f"站点无法访问 / homepage unreachable "
                       f"（{status.summary.failures}/{status.summary.probes} probes failed）", status.site.url)
                  ] if status.verdict == "veto" else []
        seen.append((status.site, vetoes))
    return plan_alerts(store, settings, "monitor", seen)
