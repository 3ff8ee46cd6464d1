"""What the account rules share: their context, the runner, and "not assessable" findings.

A rule whose input the account's format does not carry (menus from an RSS feed, comments from a
plain export) says so with an info finding (``details.assessable = false``) instead of passing
silently: an inspector sees which accounts were not judged on which indicator, and why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from govinspect.config import Config, RuleConfig
from govinspect.media.model import Account, AccountData, Post
from govinspect.media.snapshot import AccountSnapshot
from govinspect.rules.base import Confidence, Finding, Rule, Severity
from govinspect.rules.engine import RuleError, RuleOutcome, enabled_rules, group_by_cause

log = logging.getLogger(__name__)


@dataclass
class AccountRuleContext:
    """What an account rule receives: the account snapshot, its thresholds, a finding factory."""

    snapshot: AccountSnapshot
    config: RuleConfig
    rule: Rule

    @property
    def account(self) -> Account:
        return self.snapshot.account

    @property
    def data(self) -> AccountData | None:
        return self.snapshot.data

    @property
    def as_of(self) -> datetime:
        return self.snapshot.as_of

    def finding(self, message: str, *, url: str | None = None, details: dict[str, Any] | None = None,
                excerpt: str = "", evidence_url: str | None = None, points: float = 0.0,
                confidence: Confidence | None = None, review: bool | None = None,
                severity: Severity | None = None, cause: str | None = None) -> Finding:
        return Finding(target=self.account.code, rule=self.rule.code, severity=severity or self.rule.severity,
                       message=message, url=url or self.account.data_url or None,
                       evidence=self.snapshot.evidence(excerpt, evidence_url),
                       details=details or {}, confidence=confidence or self.rule.confidence,
                       review=self.rule.review if review is None else review, points=points, cause=cause)

    def not_assessable(self, reason: str) -> Finding:
        """An info finding: this indicator could not be judged for this account, and why."""
        return self.finding(f"无法评估{self.rule.title}：{reason}", severity=Severity.INFO, review=False,
                            details={"assessable": False, "reason": reason})


def post_day(post: Post) -> date | None:
    return post.published.date() if post.published is not None else None


def judged_posts(ctx: AccountRuleContext, tolerance_days: int = 1) -> tuple[list[Post], list[Post]]:
    """(posts dated on or before the monitoring point (+ tolerance), posts dated after it).

    A future date (发稿日期超前) must not make an account look fresh, so it is set apart."""
    data = ctx.data
    if data is None:
        return [], []
    limit = ctx.as_of + timedelta(days=tolerance_days)
    past = [p for p in data.dated_posts if p.published is not None and p.published <= limit]
    future = [p for p in data.dated_posts if p.published is not None and p.published > limit]
    return past, future


def post_passages(data: AccountData, max_posts: int) -> Iterator[tuple[Post, str]]:
    """(post, text) for the title and body of the newest ``max_posts`` posts."""
    posts = sorted(data.posts, key=lambda p: p.published.timestamp() if p.published else 0.0, reverse=True)
    for post in posts[:max_posts]:
        for text in (post.title, post.text):
            if text.strip():
                yield post, text


def run_account_rules(snapshot: AccountSnapshot, config: Config, only: Iterable[str] | None = None) -> RuleOutcome:
    """Run every enabled account rule on ``snapshot``; never raises because of a rule."""
    outcome = RuleOutcome()
    target = snapshot.account.code
    for rule in enabled_rules(config, only, target_kind="account"):
        ctx = AccountRuleContext(snapshot=snapshot, config=config.rule(rule.code), rule=rule)
        try:
            found = list(rule.func(ctx))
        except Exception as exc:  # isolation: one broken rule must not hide the rest
            log.warning("rule %s failed on %s: %s", rule.code, target, exc, exc_info=True)
            outcome.errors.append(RuleError(rule=rule.code, target=target, error=f"{type(exc).__name__}: {exc}"))
            continue
        outcome.findings.extend(group_by_cause(found))
    return outcome
