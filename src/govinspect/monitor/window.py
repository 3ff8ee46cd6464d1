"""The monitor's view of one site over a window: probes, coverage, and the W-V2 arithmetic.

Both the W-V2 rule and ``govinspect monitor status`` call :func:`summarise`, so the command
shows exactly what the rule will judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from govinspect.model import FetchResult, MonitorWindow
from govinspect.monitor.models import MonitorProbeRow, MonitorSessionRow
from govinspect.rules.website._common import site_error
from govinspect.store import Store

# Coverage gaps shorter than this are rounding between heartbeats, not "not monitored".
COVERAGE_SLACK = timedelta(minutes=5)


def probe_failed(probe: FetchResult, timeout_ms: int) -> bool:
    """打不开: an error of the site (DNS, refused, TLS, timeout …), no answer, a status ≥ 400, or
    an answer that took the timeout or longer."""
    if site_error(probe.error) or probe.status is None or probe.status >= 400:
        return True
    return probe.elapsed_ms is not None and probe.elapsed_ms >= timeout_ms


def _merge(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _as_fetch(row: MonitorProbeRow) -> FetchResult:
    return FetchResult(url=row.url, final_url=row.final_url or row.url, status=row.status, error=row.error,
                       kind=row.source, fetched_at=row.at, elapsed_ms=row.elapsed_ms)


def load_window(store: Store, site_code: str, start: datetime, end: datetime) -> MonitorWindow:
    """The site's monitor probes in [start, end] and the merged spans the monitor covered."""
    with store.session() as session:
        rows = session.scalars(select(MonitorProbeRow).where(
            MonitorProbeRow.site_code == site_code, MonitorProbeRow.at >= start, MonitorProbeRow.at <= end,
        ).order_by(MonitorProbeRow.at, MonitorProbeRow.id)).all()
        sessions = session.scalars(select(MonitorSessionRow).where(
            or_(MonitorSessionRow.site_code.is_(None), MonitorSessionRow.site_code == site_code),
            MonitorSessionRow.started_at <= end,
            or_(MonitorSessionRow.last_alive >= start, MonitorSessionRow.ended_at >= start),
        )).all()
    spans = []
    for s in sessions:
        until = max(s.last_alive, s.ended_at) if s.ended_at is not None else s.last_alive
        lo, hi = max(s.started_at, start), min(until, end)
        if hi > lo:
            spans.append((lo, hi))
    return MonitorWindow(start=start, end=end, probes=[_as_fetch(r) for r in rows], covered=_merge(spans))


@dataclass
class WindowSummary:
    """W-V2 over one window: counts, share, per-day probes, coverage and the verdict."""

    start: datetime
    end: datetime
    probes: int
    failures: int
    share: float
    failure_share: float
    per_day: dict[str, int]
    days_below: list[str]
    min_probes_per_day: int
    not_monitored_hours: float
    coverage: float  # share of the window the monitor covered, 0..1
    failed: list[FetchResult] = field(default_factory=list)

    @property
    def veto(self) -> bool:
        # integer arithmetic: 7 of 140 is exactly 5 % and fires; float rounding must not decide it
        return self.probes > 0 and self.failures * 10_000 >= round(self.failure_share * 10_000) * self.probes

    @property
    def fully_covered(self) -> bool:
        return not self.days_below and self.not_monitored_hours * 3600 <= COVERAGE_SLACK.total_seconds()

    def details(self) -> dict[str, Any]:
        return {
            "basis": "monitor",
            "probes": self.probes,
            "failures": self.failures,
            "share": round(self.share, 4),
            "failure_share": self.failure_share,
            "window": {"start": self.start, "end": self.end},
            "per_day": self.per_day,
            "days_below_min": self.days_below,
            "min_probes_per_day": self.min_probes_per_day,
            "not_monitored_hours": round(self.not_monitored_hours, 2),
            "coverage": round(self.coverage, 4),
            "window_covered": self.fully_covered,
        }


def summarise(window: MonitorWindow, as_of: datetime, *, window_days: int = 7, min_probes_per_day: int = 20,
              timeout_ms: int = 15_000, failure_share: float = 0.05) -> WindowSummary:
    """Judge ``window``'s probes in [as_of − window_days, as_of]; days are counted back from as_of
    in its timezone (as_of at midnight gives calendar days)."""
    start = as_of - timedelta(days=window_days)
    probes = [p for p in window.probes if p.fetched_at is not None and start <= p.fetched_at <= as_of]
    failed = [p for p in probes if probe_failed(p, timeout_ms)]
    day_starts = [start + timedelta(days=i) for i in range(window_days)]
    per_day = {d.astimezone(as_of.tzinfo).date().isoformat(): 0 for d in day_starts}
    keys = list(per_day)
    for p in probes:
        assert p.fetched_at is not None
        index = min(int((p.fetched_at - start) / timedelta(days=1)), window_days - 1)
        per_day[keys[index]] += 1
    covered = window.covered_seconds(start, as_of)
    total = (as_of - start).total_seconds()
    return WindowSummary(
        start=start, end=as_of, probes=len(probes), failures=len(failed),
        share=len(failed) / len(probes) if probes else 0.0, failure_share=failure_share, per_day=per_day,
        days_below=[d for d, n in per_day.items() if n < min_probes_per_day], min_probes_per_day=min_probes_per_day,
        not_monitored_hours=max(0.0, total - covered) / 3600, coverage=covered / total if total else 0.0,
        failed=failed,
    )
