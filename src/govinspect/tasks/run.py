"""The steps taken once per run, around the per-target tasks (:mod:`govinspect.tasks.target`).

- ``begin_analysis``: earlier findings and verdicts of the run are cleared, so that "analysed"
  means analysed by this pass (``store.runs.run_progress`` counts verdicts);
- ``similarity_pass``: 抄袭 (W-D16) compares every site's pages with every other site's, so it
  runs once every target is crawled and before any target is analysed;
- ``finish_run``: the run is marked analysed, and its new firm vetoes are alerted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update

from govinspect.alerts import AlertReport, AlertSettings, alert_run
from govinspect.config import Config
from govinspect.media.registry import account_from_json
from govinspect.model import Site, SiteStatus
from govinspect.rules.base import Finding
from govinspect.rules.engine import RuleError
from govinspect.rules.scoring import Judgement
from govinspect.similarity.index import index_enabled, index_run
from govinspect.similarity.types import SimilarDocument
from govinspect.store import Store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow
from govinspect.store.runs import get_run, run_sites, site_from_json
from govinspect.tasks.target import TargetResult
from govinspect.timeutil import CHINA_TZ, utcnow
from govinspect.workflow.reviews import reviewed_findings


@dataclass
class RunResult:
    run_id: str
    as_of: datetime
    started: datetime
    finished: datetime | None
    targets: list[TargetResult] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    alerts: AlertReport | None = None  # the alerts this analysis sent (or, dry run, would send)
    options: dict[str, Any] = field(default_factory=dict)  # the run's options: its plan (检查方案), media

    @property
    def findings(self) -> list[Finding]:
        return [f for t in self.targets for f in t.findings]


def mark_crawled(store: Store, run_id: str) -> None:
    _set_run(store, run_id, state="crawled")


def begin_analysis(store: Store, run_id: str) -> None:
    """Clear the run's findings and verdicts: each target's analysis writes them again."""
    with store.session() as session, session.begin():
        session.execute(delete(FindingRow).where(FindingRow.run_id == run_id))
        session.execute(update(RunTargetRow).where(RunTargetRow.run_id == run_id).values(verdict=None))


def similarity_pass(store: Store, config: Config, run_id: str,
                    only_rules: list[str] | None = None) -> dict[str, list[SimilarDocument]]:
    """The cross-site pass (W-D16): each open site's near-duplicates on other sites, by site code."""
    if not index_enabled(config, only_rules):
        return {}
    sites = [s for s in run_sites(store, run_id) if s.status is not SiteStatus.CLOSED]
    return index_run(store, config, run_id, sites).by_site


def finish_run(store: Store, config: Config, run_id: str, targets: list[tuple[Site, list[Finding]]],
               only_rules: list[str] | None = None) -> tuple[datetime, AlertReport | None]:
    """Mark the run analysed; alert its new firm vetoes (not after a partial ``--rules``
    analysis, which would clear the vetoes of the rules it left out). When it finished, and the alerts."""
    finished = utcnow()
    _set_run(store, run_id, state="analysed", finished=finished)
    return finished, (_alerts(store, config, run_id, targets) if only_rules is None else None)


def stored_result(store: Store, run_id: str, coverage: dict[str, tuple[int, str]]) -> RunResult:
    """The run as the store holds its analysis (what a distributed run's workers stored): targets
    in registry order, findings an inspector rejected left out. ``coverage``: pages and 全站/抽查
    label per target code, as its analysis task reported them."""
    run = get_run(store, run_id)
    with store.session() as session:
        rows = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run_id)
                               .order_by(RunTargetRow.id)).all()
    findings: dict[str, list[Finding]] = defaultdict(list)
    for reviewed in reviewed_findings(store, run_id):
        if reviewed.state != "rejected":
            findings[reviewed.finding.target].append(reviewed.finding)
    result = RunResult(run_id=run_id, as_of=run.as_of.astimezone(CHINA_TZ), started=run.started,
                       finished=run.finished, options=run.options or {})
    accounts: list[TargetResult] = []
    for row in rows:
        account = account_from_json(row.snapshot) if (row.snapshot or {}).get("kind") == "account" else None
        judgement = Judgement(verdict=row.verdict or "", score=row.score, veto=list(row.veto or []),
                              pending_review=list(row.pending_review or []))
        pages, label = coverage.get(row.site_code, (row.pages, row.coverage or ""))
        errors = [RuleError(rule=e["rule"], target=row.site_code, error=e["error"]) for e in row.rule_errors or []]
        target = TargetResult(site_from_json(row.snapshot), judgement, findings[row.site_code], pages=pages,
                              coverage=label, account=account, errors=errors)
        (accounts if account is not None else result.targets).append(target)
    result.targets += accounts  # sites first, then accounts, as the embedded run lists them
    result.errors = [e for t in result.targets for e in t.errors]
    return result


def _set_run(store: Store, run_id: str, **values: object) -> None:
    with store.session() as session, session.begin():
        row = session.get(RunRow, run_id)
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)


def _alerts(store: Store, config: Config, run_id: str,
            targets: list[tuple[Site, list[Finding]]]) -> AlertReport | None:
    """Alerts for the run's new firm vetoes, after its findings are stored: never raises."""
    try:
        if not AlertSettings.from_config(config).enabled:
            return None
        return alert_run(store, config, run_id, targets)
    except Exception as exc:  # the findings stand whatever happens to the alerts
        return AlertReport(note=f"告警失败 / alerts failed: {type(exc).__name__}: {str(exc)[:200]}")


# -- the similarity pass's result as JSON (a Celery task's argument) ----------------------------

_DATES = {"pub_date", "source_pub_date"}


def similar_to_json(documents: list[SimilarDocument]) -> list[dict[str, Any]]:
    out = []
    for doc in documents:
        item = asdict(doc)
        for key, value in item.items():
            if isinstance(value, date | datetime):
                item[key] = value.isoformat()
        out.append(item)
    return out


def similar_from_json(items: list[dict[str, Any]]) -> list[SimilarDocument]:
    names = {f.name for f in fields(SimilarDocument)}
    out = []
    for item in items:
        values = {k: v for k, v in item.items() if k in names}
        for key in _DATES:
            if values.get(key):
                values[key] = date.fromisoformat(values[key])
        if values.get("source_first_seen"):
            values["source_first_seen"] = datetime.fromisoformat(values["source_first_seen"])
        out.append(SimilarDocument(**values))
    return out
