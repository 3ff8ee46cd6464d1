"""M-D2 registry-mismatch — 政务新媒体与名录（备案）不一致

Indicator (国办秘函〔2019〕19号, 政务新媒体 监管方面; the Liaoning seed: 账号注销后未及时下线;
the Guangdong seed: 注册注销不备案、账号认证主体不明). Reported:

- **closed but posting**: the registry says 关停, yet the account published within
  ``closed_window_days`` before the monitoring point;
- **renamed**: the account's name as captured differs from the registry's 账号名称 (the
  registry was not updated after a rename);
- **entity differs**: the captured 认证主体 names neither the registry's 开设主体 nor is named by it
  (review: a unit's short name is not a different unit).

Not assessable from our data: an *unregistered* account (one found on a platform but absent from
the registry) needs a platform-wide search that no feed gives; register it and M-D2 judges it.
Names are compared after NFKC folding, with spaces and the ``·`` separator ignored.

Not flagged: a closed account whose last post is older than the window; the same name written
with other spaces, full-width characters or ``·``; a 认证主体 that the registered 开设主体 names or
that names it (澄溪县人民政府 for 澄溪县人民政府办公室); an account whose profile was not captured.

Thresholds (``[rules."M-D2"]``): ``closed_window_days``.

Example finding::

    {"rule": "M-D2", "severity": "deduction",
     "message": "账号名称与名录不一致：名录“青禾发布”，实际“青禾区发布” / renamed without registry update",
     "details": {"kind": "renamed", "registry": "青禾发布", "actual": "青禾区发布"}}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import timedelta

from govinspect.media.model import AccountStatus
from govinspect.rules.base import Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext, judged_posts


def _fold(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace() and ch not in "·•")


@rule("M-D2", "registry-mismatch", title="与名录不一致",
      bulletin="账号信息与备案不一致", severity=Severity.DEDUCTION, target_kind="account")
def registry_mismatch(ctx: AccountRuleContext) -> Iterator[Finding]:
    account, data = ctx.account, ctx.data
    if data is None:
        return
    if account.status is AccountStatus.CLOSED:
        window = int(ctx.config["closed_window_days"])
        past, _ = judged_posts(ctx)
        recent = [p for p in past if p.published is not None and p.published >= ctx.as_of - timedelta(days=window)]
        if recent:
            newest = max(recent, key=lambda p: p.published or ctx.as_of)
            yield ctx.finding(f"名录中已关停的账号仍在发布（近{window}天{len(recent)}条，最近：{newest.raw_date or newest.published}）"
                              " / closed in the registry but still posting", url=newest.url or None,
                              excerpt=newest.title,
                              details={"kind": "closed-but-posting", "recent_posts": len(recent),
                                       "last_post": newest.published, "last_title": newest.title})
    profile = data.profile
    if profile is None:
        return
    if profile.name and _fold(profile.name) != _fold(account.name):
        yield ctx.finding(f"账号名称与名录不一致：名录“{account.name}”，实际“{profile.name}” / the account's name "
                          "differs from the registry", excerpt=profile.name,
                          details={"kind": "renamed", "registry": account.name, "actual": profile.name})
    entity, sponsor = _fold(profile.entity), _fold(account.sponsor)
    if entity and sponsor and entity not in sponsor and sponsor not in entity:
        yield ctx.finding(f"认证主体与名录开设主体不一致：名录“{account.sponsor}”，认证“{profile.entity}” / the "
                          "verified entity differs from the registered sponsor", review=True, excerpt=profile.entity,
                          details={"kind": "entity-differs", "registry": account.sponsor, "actual": profile.entity})
