"""M-D3 duplicate-accounts — 同一单位在同一平台开设多个账号

Indicator (国办发〔2018〕123号 集约整合, as the bulletins apply it; the Heyuan seed: 一个单位原则上
在同一平台只开设一个政务新媒体账号). Judged from the account registry of the run: every running
account whose 开设主体 (NFKC-folded, spaces ignored) has another running account on the same 平台
is reported, with the other accounts in the details; the accounts of one unit share one cause.
Platform 其他 is not judged (two different apps are both 其他). Closed (关停) accounts do not count.

Example finding::

    {"target": "微信:gh_a1", "rule": "M-D3", "severity": "deduction",
     "message": "开设主体“青禾区卫生健康局”在微信平台开设了2个账号：健康青禾、青禾卫健",
     "details": {"sponsor": "青禾区卫生健康局", "platform": "微信",
                 "accounts": [{"code": "微信:gh_a1", "name": "健康青禾"}, {"code": "微信:gh_a2", "name": "青禾卫健"}]}}

Not flagged: one unit with one account on each of several platforms; two units with similar
names (青禾区卫生健康局 and 青禾区卫生监督所).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from govinspect.media.model import AccountStatus, Platform
from govinspect.rules.base import Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext


def _unit(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace())


@rule("M-D3", "duplicate-accounts", title="同一平台重复开设账号", bulletin="同一平台重复开设账号", severity=Severity.DEDUCTION,
      target_kind="account")
def duplicate_accounts(ctx: AccountRuleContext) -> Iterator[Finding]:
    account = ctx.account
    if account.status is AccountStatus.CLOSED or account.platform is Platform.OTHER or not account.sponsor:
        return
    same = [a for a in ctx.snapshot.registry
            if a.platform is account.platform and a.status is AccountStatus.RUNNING
            and _unit(a.sponsor) == _unit(account.sponsor)]
    if len(same) < 2:
        return
    names = "、".join(a.name for a in same)
    yield ctx.finding(f"开设主体“{account.sponsor}”在{account.platform}平台开设了{len(same)}个账号：{names} / one unit "
                      f"has {len(same)} accounts on one platform",
                      details={"sponsor": account.sponsor, "platform": str(account.platform),
                               "accounts": [{"code": a.code, "name": a.name} for a in same]},
                      cause=f"{account.platform}:{_unit(account.sponsor)}")
