"""The rule engine: pick the enabled rules and run each one in isolation on a snapshot.

A rule that raises does not stop the others: its error is recorded as a :class:`RuleError`
(and the findings it had yielded before failing are dropped, so a half-run rule never reports
a partial, misleading count).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from govinspect.config import Config
from govinspect.rules.base import Finding, Rule, RuleContext, all_rules, get_rule
from govinspect.snapshot.site import SiteSnapshot

log = logging.getLogger(__name__)


@dataclass
class RuleError:
    """A rule that failed on one target (规则执行出错)."""

    rule: str
    target: str
    error: str


@dataclass
class RuleOutcome:
    findings: list[Finding] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)


def rule_enabled(rule: Rule, config: Config) -> bool:
    """``[rules."<code>"] enabled`` when set, else the rule's own default (W-V6b is off by default)."""
    raw = config.rule(rule.code).raw
    return bool(raw["enabled"]) if "enabled" in raw else rule.enabled_by_default


def enabled_rules(config: Config, only: Iterable[str] | None = None, target_kind: str = "site") -> list[Rule]:
    """The rules to run, in catalogue order. ``only`` names codes explicitly: those run even when
    disabled in config (like ``bandit -t``); an unknown code raises ``KeyError`` (未知规则)."""
    if only is not None:
        wanted = [get_rule(code) for code in dict.fromkeys(only)]
        codes = {r.code for r in wanted}
        return [r for r in all_rules() if r.code in codes and r.target_kind == target_kind]
    return [r for r in all_rules() if r.target_kind == target_kind and rule_enabled(r, config)]


def run_rules(snapshot: SiteSnapshot, config: Config, only: Iterable[str] | None = None) -> RuleOutcome:
    """Run every enabled site rule on ``snapshot``; never raises because of a rule."""
    outcome = RuleOutcome()
    target = snapshot.site.code
    for rule in enabled_rules(config, only):
        ctx = RuleContext(snapshot=snapshot, config=config.rule(rule.code), rule=rule)
        try:
            found = list(rule.func(ctx))
        except Exception as exc:  # isolation is the point: one broken rule must not hide the rest
            log.warning("rule %s failed on %s: %s", rule.code, target, exc, exc_info=True)
            outcome.errors.append(RuleError(rule=rule.code, target=target, error=f"{type(exc).__name__}: {exc}"))
            continue
        outcome.findings.extend(group_by_cause(found))
    return outcome


PAGES_LISTED = 20  # pages named in a merged finding's details; the count covers them all


def group_by_cause(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per cause (同一原因只报一条): findings with the same target, rule and ``cause``
    become the first of them, with ``details["pages"] = {"count": n, "first": [url, ...]}``.

    The first finding keeps its message, URL and evidence; a merged finding is firm only when
    every page's evidence was (``review`` if any needed review), and its points are the largest
    single page's, since one cause is one deduction."""
    out: list[Finding] = []
    by_cause: dict[tuple[str, str, str], tuple[Finding, list[str]]] = {}
    for finding in findings:
        if finding.cause is None:
            out.append(finding)
            continue
        key = (finding.target, finding.rule, finding.cause)
        if key not in by_cause:
            by_cause[key] = (finding, [])
            out.append(finding)
        first, pages = by_cause[key]
        if finding.url and finding.url not in pages:
            pages.append(finding.url)
        if finding is not first:
            first.review = first.review or finding.review
            first.points = max(first.points, finding.points)
    for first, pages in by_cause.values():
        if len(pages) > 1:
            first.details = {**first.details, "pages": {"count": len(pages), "first": pages[:PAGES_LISTED]}}
    return out


def pages_of(finding: Finding) -> tuple[int, list[str]]:
    """How many pages a finding covers and the first of them: ``details["pages"]`` of a merged
    finding (read back from the store or findings.json), else its own URL."""
    pages = finding.details.get("pages") if isinstance(finding.details, dict) else None
    if isinstance(pages, dict) and pages.get("count"):
        return int(pages["count"]), [str(u) for u in pages.get("first", [])]
    return 1, [finding.url] if finding.url else []
