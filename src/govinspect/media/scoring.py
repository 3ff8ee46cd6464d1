"""An optional provincial score for new-media accounts (政务新媒体评分, off by default).

19号 judges 政务新媒体 on its vetoes alone and no national point scale for accounts was found, so
an account's ``score`` is None unless ``[media_scoring] enabled`` is set. A province that scores
its accounts configures a points-per-problem scale (every number ``verified = false``):

- every firm M-D* problem (one finding; one cause's pages are already merged into one) costs
  ``points_per_problem``, and one rule costs at most ``max_points_per_rule``;
- score = 100 − the sum (never below 0); under ``pass_score`` the account fails (a firm veto
  fails it whatever its score);
- problems awaiting review (待复核) do not count until confirmed; when, confirmed together, they
  would take a passing account under the pass mark, their codes join ``pending_review``.

``rules.scoring.judge`` applies it to every account, and ``govinspect explain`` itemises the same
``AccountScale.charges`` (which problems, the points each, the cap, what was taken), so analysis,
the bulletin, re-judging after a review and ``explain`` agree. An account whose data could not be
read is not scored.
"""

from __future__ import annotations

from dataclasses import dataclass

from govinspect.config import Config
from govinspect.rules.base import Finding, Severity

PROBLEM_PREFIX = "M-D"  # the problems the scale counts; the M-V* vetoes fail an account outright
FULL_SCORE = 100.0


def is_account(code: str) -> bool:
    """A new-media account's code is ``平台:账号标识``; a 网站标识码 has no colon."""
    return ":" in code


@dataclass(frozen=True)
class RuleCharge:
    """One M-D* rule's cost to an account (扣分明细): ``raw`` = problems × ``points_each``, ``applied``
    = min(``cap``, ``raw``)."""

    rule: str
    problems: tuple[Finding, ...]
    points_each: float
    raw: float
    cap: float
    applied: float

    @property
    def capped(self) -> bool:
        return self.raw > self.cap


@dataclass(frozen=True)
class AccountScale:
    """``[media_scoring]`` of the configuration."""

    enabled: bool
    points_per_problem: float
    max_points_per_rule: float
    pass_score: float

    @classmethod
    def from_config(cls, config: Config) -> AccountScale:
        def number(name: str) -> float:
            return float(config.value("media_scoring", name))

        return cls(enabled=bool(config.value("media_scoring", "enabled")),
                   points_per_problem=number("points_per_problem"),
                   max_points_per_rule=number("max_points_per_rule"), pass_score=number("pass_score"))

    def charges(self, findings: list[Finding]) -> list[RuleCharge]:
        """What each M-D* rule costs, by rule code: its problems, ``points_per_problem`` each, at
        most ``max_points_per_rule``. The caller passes the findings that count (not awaiting review)."""
        by_rule: dict[str, list[Finding]] = {}
        for f in findings:
            if is_problem(f):
                by_rule.setdefault(f.rule, []).append(f)
        out = []
        for code, problems in sorted(by_rule.items()):
            raw = round(len(problems) * self.points_per_problem, 2)
            out.append(RuleCharge(code, tuple(problems), self.points_per_problem, raw, self.max_points_per_rule,
                                  round(min(self.max_points_per_rule, raw), 2)))
        return out

    def deductions(self, findings: list[Finding]) -> dict[str, float]:
        """Points per M-D* rule: ``points_per_problem`` a finding, at most ``max_points_per_rule``."""
        return {charge.rule: charge.applied for charge in self.charges(findings)}

    def score(self, deductions: dict[str, float]) -> float:
        return max(0.0, round(FULL_SCORE - sum(deductions.values()), 2))


def is_problem(finding: Finding) -> bool:
    """An M-D* problem the scale counts (not an info note such as "not assessable")."""
    return finding.severity is Severity.DEDUCTION and finding.rule.startswith(PROBLEM_PREFIX)
