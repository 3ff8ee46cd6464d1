"""The rule engine: pick the enabled rules and run each one in isolation on a snapshot.

A rule that raises does not stop the others: its error is recorded as a :class:`RuleError`
(and the findings it had yielded before failing are dropped, so a half-run rule never reports
a partial, misleading count).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
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
    order = snapshot.page_rank()
    for rule in enabled_rules(config, only):
        ctx = RuleContext(snapshot=snapshot, config=config.rule(rule.code), rule=rule)
        try:
            found = list(rule.func(ctx))
        except Exception as exc:  # isolation is the point: one broken rule must not hide the rest
            log.warning("rule %s failed on %s: %s", rule.code, target, exc, exc_info=True)
            outcome.errors.append(RuleError(rule=rule.code, target=target, error=f"{type(exc).__name__}: {exc}"))
            continue
        outcome.findings.extend(group_by_cause(found, order))
    return outcome


PAGES_LISTED = 20  # pages named in a merged finding's details; the count covers them all


def group_by_cause(findings: Iterable[Finding],
                   order: Callable[[str | None], int] | None = None) -> list[Finding]:
    """One finding per cause (同一原因只报一条): findings with the same target, rule and ``cause``
    become one, with ``details["pages"] = {"count": n, "first": [url, ...]}``.

    ``order`` is a sort key of URLs (``SiteSnapshot.page_rank``): the merged finding is the one
    on the page first in that order, and the pages are listed in it, so neither depends on the
    order the rule met the pages in; findings of equal rank keep the order they came in, as
    they all do without ``order``. The merged
    finding keeps its message, URL and evidence and takes the place of the cause's first
    finding; it is firm only when every page's evidence was (``review`` if any needed review),
    and its points are the largest single page's, since one cause is one deduction."""
    slots: list[Finding | tuple[str, str, str]] = []
    by_cause: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in findings:
        if finding.cause is None:
            slots.append(finding)
            continue
        key = (finding.target, finding.rule, finding.cause)
        if key not in by_cause:
            by_cause[key] = []
            slots.append(key)
        by_cause[key].append(finding)
    return [slot if isinstance(slot, Finding) else _merged(by_cause[slot], order) for slot in slots]


def _merged(found: list[Finding], order: Callable[[str | None], int] | None) -> Finding:
    if order is not None:
        found = sorted(found, key=lambda f: order(f.url))  # stable: one page's findings keep their order
    first = found[0]
    for other in found[1:]:
        first.review = first.review or other.review
        first.points = max(first.points, other.points)
    pages = list(dict.fromkeys(f.url for f in found if f.url))
    if len(pages) > 1:
        first.details = {**first.details, "pages": {"count": len(pages), "first": pages[:PAGES_LISTED]}}
    return first


def pages_of(finding: Finding) -> tuple[int, list[str]]:
    """How many pages a finding covers and the first of them: ``details["pages"]`` of a merged
    finding (read back from the store or findings.json), else its own URL."""
    pages = finding.details.get("pages") if isinstance(finding.details, dict) else None
    if isinstance(pages, dict) and pages.get("count"):
        return int(pages["count"]), [str(u) for u in pages.get("first", [])]
    return 1, [finding.url] if finding.url else []
