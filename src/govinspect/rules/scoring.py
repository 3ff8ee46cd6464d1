"""Scoring (国办秘函〔2019〕19号 指标说明): veto first, then the 100-point deduction score for portals.

- Any veto finding (单项否决) ⇒ ``fail``.
- 政府门户网站: score = 100 − Σ over rules of min(cap, Σ points of that rule's findings), the cap
  from ``[rules."<code>"] cap`` (no cap configured: uncapped). Score < ``[scoring] pass_score``
  (60) ⇒ ``fail``; exactly 60 passes. For a portal with a veto the score is still computed, for
  information, but the verdict is ``fail``.
- Other site types are judged on vetoes alone: ``score`` is None (deductions are still summed,
  for information).
- New-media accounts (政务新媒体) likewise, unless ``[media_scoring]`` enables the optional
  provincial points-per-problem scale (``media.scoring``): then M-D* problems cost points, and
  a score under its pass mark fails the account.
- Findings with ``review = true`` (e.g. W-V1e 伪造发稿日期, W-V3 with nothing dated) need an
  inspector's confirmation: they neither veto nor deduct until confirmed. A confirmed finding
  is passed in with ``review`` set to False; a rejected one (``decision == "rejected"``) is ignored.
- Evidence strength decides review, not the rule code: a rule grades each finding's evidence, so
  a conclusive veto of a rule that often needs review (hidden spam links, a miswritten leader's
  name) is firm (``review`` False) and fails the target at once. The judgement's
  ``pending_review`` (待复核) lists the codes awaiting review that could still change the verdict:
  every pending veto, and a passing portal's pending deductions when, confirmed together, they
  would take its score under the pass mark. It is shown beside the verdict everywhere so that
  "not yet confirmed" is never mistaken for "clean"; a pending finding that cannot change the
  verdict (a 0-point IPv6 note, a deduction on a site judged on vetoes alone) does not qualify it.
- Only findings whose ``target`` is the site's code count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govinspect.config import Config
from govinspect.media.scoring import AccountScale, is_account, is_problem
from govinspect.model import Site
from govinspect.rules.base import Finding, Severity

FULL_SCORE = 100.0


@dataclass
class Judgement:
    verdict: str  # "pass" | "fail"
    score: float | None
    veto: list[str] = field(default_factory=list)  # codes of the veto rules that fired
    deductions: dict[str, float] = field(default_factory=dict)  # rule code → capped points
    pending_review: list[str] = field(default_factory=list)  # codes with findings awaiting review


def judge(site: Site, findings: list[Finding], config: Config) -> Judgement:
    mine = [f for f in findings if f.target == site.code and f.decision != "rejected"]
    counted = [f for f in mine if not f.review]
    awaiting = [f for f in mine if f.review]
    veto = sorted({f.rule for f in counted if f.severity is Severity.VETO})
    deductions = _capped(counted, config)
    pass_score = float(config.value("scoring", "pass_score"))
    score: float | None = None
    verdict = "fail" if veto else "pass"
    scale = AccountScale.from_config(config) if is_account(site.code) else None
    if site.is_portal:
        score = _score(deductions)
        if score < pass_score:
            verdict = "fail"
    elif scale is not None and scale.enabled:
        deductions = scale.deductions(counted)
        score = scale.score(deductions)
        if score < scale.pass_score:
            verdict = "fail"
    # 待复核: what awaits review AND could still change the verdict — every pending veto, and a
    # passing portal's pending deductions when, confirmed together, they would take it under the
    # pass mark. A 0-point or capped-away deduction, or one on a site judged on vetoes alone, is
    # listed by `explain` and `findings list --review`, but does not make the verdict provisional.
    pending = {f.rule for f in awaiting if f.severity is Severity.VETO}
    if site.is_portal and verdict == "pass":
        worst = _score(_capped(counted + [f for f in awaiting if f.severity is Severity.DEDUCTION], config))
        if worst < pass_score:
            pending |= {f.rule for f in awaiting if f.severity is Severity.DEDUCTION and f.points}
    if scale is not None and scale.enabled and verdict == "pass":
        worst_account = scale.score(scale.deductions(counted + awaiting))
        if worst_account < scale.pass_score:
            pending |= {f.rule for f in awaiting if is_problem(f)}
    return Judgement(verdict=verdict, score=score, veto=veto, deductions=deductions, pending_review=sorted(pending))


def _capped(findings: list[Finding], config: Config) -> dict[str, float]:
    """Deduction points per rule, each rule's sum capped by ``[rules."<code>"] cap``."""
    raw: dict[str, float] = {}
    for f in findings:
        if f.severity is Severity.DEDUCTION and f.points:
            raw[f.rule] = raw.get(f.rule, 0.0) + f.points
    deductions: dict[str, float] = {}
    for code, total in sorted(raw.items()):
        cap = config.rule(code).get("cap")
        deductions[code] = round(min(float(cap), total) if cap is not None else total, 2)
    return deductions


def _score(deductions: dict[str, float]) -> float:
    return max(0.0, round(FULL_SCORE - sum(deductions.values()), 2))
