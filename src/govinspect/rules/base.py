"""The rule registry: a rule is a code, a name, the indicator text, a severity and a function.

Bandit-style: each rule lives in one module of ``govinspect.rules.website`` whose docstring is the
rule's documentation page (indicator text, threshold, an example of what it reports). The
``@rule`` decorator registers the function under its stable code::

    @rule("W-V3", "homepage-stale", title="首页不更新", severity=Severity.VETO)
    def homepage_stale(ctx: RuleContext) -> Iterator[Finding]:
        ...
        yield ctx.finding("首页超过2周未更新", url=ctx.site.url, details={...})

Rules read the snapshot only (``ctx.snapshot``); they never touch the network.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from govinspect.config import RuleConfig
from govinspect.model import Site
from govinspect.snapshot.site import SiteSnapshot


class Severity(StrEnum):
    VETO = "veto"  # 单项否决
    DEDUCTION = "deduction"  # 扣分
    WARNING = "warning"  # 提示
    INFO = "info"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass
class Finding:
    """One problem on one target, with the evidence that shows it (findings.json contract)."""

    target: str
    rule: str
    severity: Severity
    message: str
    url: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)  # {"warc": file, "record": id, "excerpt": text}
    details: dict[str, Any] = field(default_factory=dict)
    confidence: Confidence = Confidence.HIGH
    review: bool = False  # needs an inspector's confirmation before a bulletin lists it
    points: float = 0.0  # deduction points (portal scoring), before the indicator's cap
    # A defect repeated on many pages (one spam block in every footer, one missing code) has one
    # cause: findings of one target and rule with the same ``cause`` are merged into one finding
    # by the engine (``group_by_cause``), the pages listed in its details. None: a finding of its own.
    cause: str | None = None
    # An inspector's decision on a finding that needed review (workflow.reviews): "confirmed" (it
    # counts; ``review`` is then False) or "rejected" (a false alarm: never counted). None: undecided.
    decision: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable identity across runs (rule, target, url, message): used by baselines/ignore lists."""
        key = json.dumps([self.rule, self.target, self.url or "", self.message], ensure_ascii=False)
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "target": self.target,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "url": self.url,
            "evidence": self.evidence,
            "details": _jsonable(self.details),
            "confidence": str(self.confidence),
        }
        if self.review:
            out["review"] = True
        if self.points:
            out["points"] = round(self.points, 2)
        if self.decision:
            out["decision"] = self.decision
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    return value


@dataclass
class RuleContext:
    """What a rule function receives: the snapshot, its thresholds, and a finding factory."""

    snapshot: SiteSnapshot
    config: RuleConfig
    rule: Rule

    @property
    def site(self) -> Site:
        return self.snapshot.site

    @property
    def as_of(self) -> datetime:
        return self.snapshot.as_of

    def finding(
        self,
        message: str,
        *,
        url: str | None = None,
        details: dict[str, Any] | None = None,
        excerpt: str = "",
        evidence_url: str | None = None,
        points: float = 0.0,
        confidence: Confidence | None = None,
        review: bool | None = None,
        severity: Severity | None = None,
        cause: str | None = None,
    ) -> Finding:
        return Finding(
            target=self.site.code,
            rule=self.rule.code,
            severity=severity or self.rule.severity,
            message=message,
            url=url,
            evidence=self.snapshot.evidence(evidence_url or url, excerpt),
            details=details or {},
            confidence=confidence or self.rule.confidence,
            review=self.rule.review if review is None else review,
            points=points,
            cause=cause,
        )


# Site rules take a RuleContext, account rules (rules/media) an AccountRuleContext.
RuleFunc = Callable[[Any], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str  # stable code, e.g. "W-V4a"
    name: str  # slug, e.g. "columns-stale"
    title: str  # Chinese name, e.g. "栏目不更新"
    severity: Severity
    func: RuleFunc
    doc: str  # the module docstring: the rule's documentation page
    confidence: Confidence = Confidence.HIGH
    review: bool = False
    enabled_by_default: bool = True
    target_kind: str = "site"  # "site" | "account"
    bulletin: str = ""  # 问题类型: the short name a bulletin (通报) gives the problem, e.g. "栏目不更新"

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.title


_REGISTRY: dict[str, Rule] = {}
_RULE_PACKAGES = ("govinspect.rules.website", "govinspect.rules.media")


def rule(
    code: str,
    name: str,
    *,
    title: str,
    severity: Severity,
    bulletin: str = "",
    confidence: Confidence = Confidence.HIGH,
    review: bool = False,
    enabled_by_default: bool = True,
    target_kind: str = "site",
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``code``. Its module docstring becomes its docs page;
    ``bulletin`` is the problem type (问题类型) bulletins name it by, shared by rules that
    bulletins report as one problem (W-V4a and W-V4b: 栏目不更新); every rule needs one."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in _REGISTRY and _REGISTRY[code].func is not func:
            raise ValueError(f"duplicate rule code {code}")
        module = inspect.getmodule(func)
        doc = (module.__doc__ if module else None) or func.__doc__ or ""
        _REGISTRY[code] = Rule(code, name, title, severity, func, doc, confidence, review,
                               enabled_by_default, target_kind, bulletin)
        return func

    return register


def load_rules() -> None:
    """Import every rule module so that its decorator runs."""
    for package_name in _RULE_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package_name}.{info.name}")


def _sort_key(code: str) -> tuple[str, int, str]:
    # W-V4a < W-V10; W-D2 < W-D10
    prefix, _, rest = code.partition("-")
    letter = rest[:1]
    digits = "".join(ch for ch in rest[1:] if ch.isdigit())
    return (prefix + letter, int(digits or 0), rest)


def all_rules() -> list[Rule]:
    load_rules()
    return sorted(_REGISTRY.values(), key=lambda r: _sort_key(r.code))


def get_rule(code: str) -> Rule:
    load_rules()
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"未知规则 / unknown rule: {code}") from None
