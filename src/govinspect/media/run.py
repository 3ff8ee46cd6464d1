"""Accounts in a run: what the pipeline calls to collect and judge them (sites are its own job).

An account is judged on the M-V* vetoes alone (no national point scale for 政务新媒体 was found):
a firm veto fails it, a veto awaiting review is listed as 待复核, M-D* problems are reported (and
scored, under an optional provincial scale: ``media.scoring``). An
account whose data could not be read gets the verdict ``not_assessable`` and a per-account error
saying why, never a silent pass; the other accounts are still judged. A closed (关停) account is
judged only on whether it still posts (M-D2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from govinspect.config import Config
from govinspect.media.model import Account, AccountStatus, account_site_view
from govinspect.media.snapshot import build_account_snapshot
from govinspect.rules.base import Finding
from govinspect.rules.engine import RuleError
from govinspect.rules.media._common import run_account_rules
from govinspect.rules.scoring import Judgement, judge
from govinspect.store import Store
from govinspect.workflow.reviews import apply_decisions

CLOSED_ACCOUNT_RULES = ("M-D2",)
NOT_ASSESSABLE = "not_assessable"
COLLECT_ERROR_RULE = "collect"  # the "rule" of a per-account collection error in findings.json


@dataclass
class AccountResult:
    account: Account
    judgement: Judgement
    findings: list[Finding]  # rejected ones (an inspector's false alarms) left out
    stored: list[Finding]  # every finding with its decision, for the store
    errors: list[RuleError] = field(default_factory=list)
    posts: int = 0


def judge_account(store: Store, config: Config, run_id: str, account: Account, as_of: datetime,
                  registry: list[Account], decisions: dict[str, str],
                  only_rules: list[str] | None = None) -> AccountResult:
    snapshot = build_account_snapshot(store, run_id, account, as_of, config.warc_dir, registry)
    closed = account.status is AccountStatus.CLOSED
    rules = [c for c in CLOSED_ACCOUNT_RULES if only_rules is None or c in only_rules] if closed else only_rules
    outcome = run_account_rules(snapshot, config, rules)
    found = apply_decisions(outcome.findings, decisions)
    judgement = judge(account_site_view(account), found, config)  # scored only under [media_scoring]
    errors = list(outcome.errors)
    if snapshot.error is not None and not (closed and not account.data_url):
        errors.append(RuleError(rule=COLLECT_ERROR_RULE, target=account.code, error=snapshot.error))
        judgement.score = None  # a score from what could not be read would look like a result
        if not judgement.veto:  # a firm veto from the registry alone still fails it; otherwise unknown
            judgement.verdict = NOT_ASSESSABLE
    counted = [f for f in found if f.decision != "rejected"]
    posts = len(snapshot.data.posts) if snapshot.data is not None else 0
    return AccountResult(account, judgement, counted, found, errors, posts)


def media_base_dir(options: dict[str, object] | None) -> Path | None:
    """The account registry's folder, against which relative 数据地址 paths are read."""
    value = (options or {}).get("media_dir")
    return Path(str(value)) if value else None
