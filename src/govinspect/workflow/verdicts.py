"""One verdict everywhere (一个结论): a review decision updates the stored judgement and findings.json.

An inspector's ``findings confirm ID`` / ``findings reject ID`` changes what counts, so the
target's stored verdict, score, veto codes and ``pending_review`` (待复核) are judged again at once
from the run's effective findings, and the run's findings.json is written again from the store.
``govinspect explain``, the console summary, findings.json and the bulletin then all read the
same judgement:

- confirm a pending veto → the target fails, its code moves from ``pending_review`` to ``veto``;
- reject it → the finding is a false alarm: the target passes (if nothing else fails it) and
  ``pending_review`` empties.

findings.json from the store (``govinspect findings export RUN``) has the same shape as the one
``inspect``/``analyse`` write; rejected findings are left out, confirmed ones carry
``"decision": "confirmed"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from govinspect.config import Config
from govinspect.findings_file import target_json, write_document
from govinspect.media.run import COLLECT_ERROR_RULE, NOT_ASSESSABLE
from govinspect.model import Site
from govinspect.rules.base import Finding, Severity
from govinspect.rules.scoring import Judgement, judge
from govinspect.store import Store
from govinspect.store.models import RunTargetRow
from govinspect.store.runs import get_run, site_from_json, store_judgement
from govinspect.timeutil import iso
from govinspect.workflow.reviews import Decision, decide, reviewed_findings


def rejudge_target(store: Store, config: Config, run_id: str, code: str) -> Judgement:
    """Judge ``code`` in ``run_id`` again from its effective findings and store the judgement."""
    findings = [r.finding for r in reviewed_findings(store, run_id) if r.finding.target == code]
    with store.session() as session, session.begin():
        row = session.scalars(select(RunTargetRow).where(
            RunTargetRow.run_id == run_id, RunTargetRow.site_code == code)).one()
        judgement = judge_as_stored(site_from_json(row.snapshot), findings, config, row)
        store_judgement(row, judgement)
    return judgement


def judge_as_stored(site: Site, findings: list[Finding], config: Config, stored: RunTargetRow) -> Judgement:
    """``judge`` of a run's target as its stored judgement reads, the one adjustment for rejudging
    after a review decision, ``govinspect explain``'s check of a stored verdict and the bulletin: a
    closed (关停) target is never scored, and an account whose data could not be read stays
    ``not_assessable`` (无法评估), unscored, unless a firm veto fails it."""
    judgement = judge(site, findings, config)
    if str(site.status) == "关停":
        judgement.score = None  # a closed site is never scored (as in pipeline.analyse)
    if collection_failed(stored):
        judgement.score = None
        if not judgement.veto:
            judgement.verdict = NOT_ASSESSABLE
    return judgement


def collection_failed(stored: RunTargetRow) -> bool:
    """Could the target's data not be read (an account's ``collect`` error, as ``media.run`` records
    it)? Read from the error kept with the target, not from its verdict: a confirmed veto turns that
    to ``fail``, and rejecting the veto again must bring back ``not_assessable``, not a pass. A row
    stored before rule errors were kept (migration 0110) has only its verdict to say so."""
    if stored.rule_errors is None:
        return stored.verdict == NOT_ASSESSABLE
    return any(e.get("rule") == COLLECT_ERROR_RULE for e in stored.rule_errors)


def stored_document(store: Store, run_id: str) -> dict[str, Any]:
    """The run's findings.json (DESIGN.md contract) as the store holds it now, decisions applied."""
    run = get_run(store, run_id)
    with store.session() as session:
        rows = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run_id)
                               .order_by(RunTargetRow.id)).all()
    findings = [r.finding for r in reviewed_findings(store, run_id) if r.state != "rejected"]
    return {
        "run": {"id": run.id, "as_of": iso(run.as_of), "started": iso(run.started), "finished": iso(run.finished)},
        "targets": [_target(row, [f for f in findings if f.target == row.site_code], run.options) for row in rows],
        "findings": [f.to_json() for f in findings],
        "errors": [{"rule": e["rule"], "target": row.site_code, "error": e["error"]}
                   for row in rows for e in (row.rule_errors or [])],
    }


def stored_target(store: Store, run_id: str, code: str) -> dict[str, Any]:
    """One target's findings.json entry as stored (verdict, score, veto, pending_review)."""
    with store.session() as session:
        row = session.scalars(select(RunTargetRow).where(
            RunTargetRow.run_id == run_id, RunTargetRow.site_code == code)).one()
    return _target(row, [r.finding for r in reviewed_findings(store, run_id)
                         if r.finding.target == code and r.state != "rejected"], get_run(store, run_id).options)


def _target(row: RunTargetRow, findings: list[Finding], run_options: dict[str, Any] | None) -> dict[str, Any]:
    veto, pending = row.veto, row.pending_review
    if veto is None or pending is None:
        # a run analysed before migration 0110 stored only verdict and score: read the codes from
        # its findings (firm vetoes; vetoes still awaiting review)
        veto = sorted({f.rule for f in findings if f.severity is Severity.VETO and not f.review})
        pending = sorted({f.rule for f in findings if f.severity is Severity.VETO and f.review})
    return target_json(site_from_json(row.snapshot), row.verdict, row.score, veto, pending, row.coverage, run_options)


def findings_file(store: Store, config: Config, run_id: str) -> Path:
    """Where the run's findings.json was written (its ``--out``), else ``<home>/runs/<run>``."""
    run = get_run(store, run_id)
    folder = Path(run.out_dir) if run.out_dir else config.home / "runs" / run_id
    return folder / "findings.json"


def export_findings(store: Store, run_id: str, path: Path) -> Path:
    """Write the run's findings.json from the store to ``path``."""
    return write_document(stored_document(store, run_id), path)


def record_decision(store: Store, config: Config, finding_id: int, state: str, note: str = "",
                    by: str = "") -> Decision:
    """Confirm or reject a finding, judge its target again and rewrite the run's findings.json
    (when the run wrote one: a run analysed without writing output gets none)."""
    decision = decide(store, finding_id, state, note, by)
    rejudge_target(store, config, decision.run_id, decision.target)
    path = findings_file(store, config, decision.run_id)
    if path.exists():
        export_findings(store, decision.run_id, path)
    return decision
