"""Scoring (国办秘函〔2019〕19号 指标说明): veto first, then the 100-point deduction score for portals.

- Any veto finding (单项否决) ⇒ ``fail``.
- 政府门户网站: score = 100 − Σ over rules of min(cap, Σ points of that rule's findings), the cap
  from ``[rules."<code>"] cap`` (no cap configured: uncapped). Score < ``[scoring] pass_score``
  (60) ⇒ ``fail``; exactly 60 passes. For a portal with a veto the score is still computed, for
  information, but the verdict is ``fail``.
- Other site types are judged on vetoes alone: ``score`` is None (deductions are still summed,
  for information).
- Findings with ``review = true`` (e.g. W-V1e 伪造发稿日期, W-V3 with nothing dated) need an
  inspector's confirmation: they neither veto nor deduct until confirmed. A confirmed finding
  is passed in with ``review`` set to False; a rejected one (``decision == "rejected"``) is ignored.
- Evidence strength decides review, not the rule code: a rule grades each finding's evidence, so
  a conclusive veto of a rule that often needs review (hidden spam links, a miswritten leader's
  name) is firm (``review`` False) and fails the target at once. The codes of findings still
  awaiting review are the judgement's ``pending_review`` (待复核), shown beside the verdict
  everywhere so that "not yet confirmed" is never mistaken for "clean".
- Only findings whose ``target`` is the site's code count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govinspect.config import Config
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
    pending = sorted({f.rule for f in mine if f.review})
    veto = sorted({f.rule for f in counted if f.severity is Severity.VETO})
    raw: dict[str, float] = {}
    for f in counted:
        if f.severity is Severity.DEDUCTION and f.points:
            raw[f.rule] = raw.get(f.rule, 0.0) + f.points
    deductions: dict[str, float] = {}
    for code, total in sorted(raw.items()):
        cap = config.rule(code).get("cap")
        deductions[code] = round(min(float(cap), total) if cap is not None else total, 2)
    score: float | None = None
    verdict = "fail" if veto else "pass"
    if site.is_portal:
        score = max(0.0, round(FULL_SCORE - sum(deductions.values()), 2))
        if score < float(config.value("scoring", "pass_score")):
            verdict = "fail"
    return Judgement(verdict=verdict, score=score, veto=veto, deductions=deductions, pending_review=pending)
