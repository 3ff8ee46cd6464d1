"""Inspector review of findings marked ``review = true`` (e.g. W-V1e 伪造发稿日期).

Such a finding counts (veto, deduction, bulletin) only once confirmed (确认); a rejected one
(驳回, a false alarm) never appears. Decisions are kept per run and finding fingerprint, so
they survive ``govinspect analyse`` rewriting the findings rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from govinspect.rules.base import Confidence, Finding, Severity
from govinspect.store import Store
from govinspect.store.models import FindingRow
from govinspect.timeutil import utcnow
from govinspect.workflow.models import FindingReviewRow


class ReviewError(ValueError):
    """审核错误 / review error."""


@dataclass
class Decision:
    finding_id: int
    run_id: str
    target: str
    rule: str
    state: str
    needed_review: bool


def decide(store: Store, finding_id: int, state: str, note: str = "", by: str = "") -> Decision:
    """Confirm (``confirmed``) or reject (``rejected``) the finding with row id ``finding_id``;
    ``by`` names who decided (kept with the decision and its time, for the audit)."""
    if state not in ("confirmed", "rejected"):
        raise ReviewError(f"审核结论只能是确认或驳回 / state must be confirmed or rejected, not {state!r}")
    with store.session() as session, session.begin():
        row = session.get(FindingRow, finding_id)
        if row is None:
            raise ReviewError(f"未找到问题 {finding_id} / no finding with id {finding_id} (see `govinspect findings list`)")
        review = session.scalars(select(FindingReviewRow).where(
            FindingReviewRow.run_id == row.run_id, FindingReviewRow.fingerprint == row.fingerprint)).first()
        if review is None:
            review = FindingReviewRow(run_id=row.run_id, fingerprint=row.fingerprint, target=row.target,
                                      rule=row.rule, state=state, note=note, decided_at=utcnow(), decided_by=by)
            session.add(review)
        else:
            review.state, review.note, review.decided_at, review.decided_by = state, note, utcnow(), by
        row.confirmed = state == "confirmed"
        return Decision(row.id, row.run_id, row.target, row.rule, state, row.review)


def _finding(row: FindingRow, review: bool, decision: str | None) -> Finding:
    return Finding(target=row.target, rule=row.rule, severity=Severity(row.severity), message=row.message,
                   url=row.url, evidence=dict(row.evidence or {}), details=dict(row.details or {}),
                   confidence=Confidence(row.confidence), review=review, points=row.points, decision=decision,
                   cause=row.cause)


@dataclass
class ReviewedFinding:
    id: int
    finding: Finding
    state: str  # "" (no review needed) | pending | confirmed | rejected


def run_decisions(store: Store, run_id: str) -> dict[str, str]:
    """The inspector's decisions of a run: finding fingerprint → ``confirmed`` | ``rejected``."""
    with store.session() as session:
        return {r.fingerprint: r.state for r in session.scalars(
            select(FindingReviewRow).where(FindingReviewRow.run_id == run_id))}


def apply_decisions(findings: list[Finding], decisions: dict[str, str]) -> list[Finding]:
    """Mark each finding with its decision (by fingerprint): a confirmed one no longer awaits review,
    a rejected one keeps ``decision = "rejected"`` (scoring ignores it). Changes the findings in place."""
    for finding in findings:
        state = decisions.get(finding.fingerprint)
        if state is None:
            continue
        finding.decision = state
        if state == "confirmed":
            finding.review = False
    return findings


def reviewed_findings(store: Store, run_id: str) -> list[ReviewedFinding]:
    """Every finding of the run with its review state; confirmed ones lose ``review``."""
    with store.session() as session:
        rows = session.scalars(select(FindingRow).where(FindingRow.run_id == run_id).order_by(FindingRow.id)).all()
    decisions = run_decisions(store, run_id)
    out = []
    for row in rows:
        state = decisions.get(row.fingerprint, "pending" if row.review else "")
        if row.confirmed and state == "pending":
            state = "confirmed"
        decision = state if state in ("confirmed", "rejected") else None
        out.append(ReviewedFinding(row.id, _finding(row, row.review and state != "confirmed", decision), state))
    return out


def effective_findings(store: Store, run_id: str) -> list[Finding]:
    """The findings that count: rejected ones dropped, confirmed ones no longer awaiting review.
    Findings still awaiting review are kept with ``review = True`` (scoring ignores them)."""
    return [r.finding for r in reviewed_findings(store, run_id) if r.state != "rejected"]
