"""W-D1 policy-column-stale — 政策文件类一级栏目不更新

Indicator (国办秘函〔2019〕19号 扣分指标 发布解读, as quoted by a central department's
self-check; CORROBORATED in indicators-research.md):

    监测时间点前6个月内，政策文件类一级栏目未更新 (−5)

Thresholds (``[rules."W-D1"]``):

- ``max_months`` (verified): a 政策文件 **level-1** column is stale when its newest item is
  before the same day 6 calendar months earlier ("超过6个月": exactly 6 months is fresh).
- ``points`` (verified: the −5 quoted by the self-check); ``cap`` (verified = false: the
  indicator's weight was not retrieved). One finding per site lists every stale column.
- ``undated_is_stale`` = true (verified = false): a policy column listing items without any date
  counts as not updated (2015: 未注明信息发布时间的视为不更新).
- ``excluded_name_words`` = ["专题"] (verified = false).

Judged whether or not W-V4a vetoes: the veto counts columns across groups; this deduction is the
policy column's own item in the 100-point score (portals; other sites: for information).

Example finding::

    {"rule": "W-D1", "severity": "deduction", "points": 5.0,
     "message": "政策文件类一级栏目超过6个月未更新：政策文件（最新2020-07-14）",
     "details": {"max_months": 6, "columns": [{"name": "政策文件", "url": "…/zcwj/", "level": 1,
                                               "last_update": "2020-07-14", "limit_months": 6}]}}

Not flagged:

- a policy column updated exactly 6 months before the monitoring point;
- a level-2 政策文件 column (e.g. 规范性文件 under 政府信息公开) however old — W-V4b judges those;
- a channel page (政策文件 listing its sub-columns, no list of its own);
- a stale 通知公告 column (W-V4a / W-V4b), a 专题 column, a blank column (W-V4c), an unreachable
  column (W-D7);
- items dated after the monitoring point do not count as an update (W-V1e reports them).
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.model import ColumnCategory
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._columns import Window, judgeable, stale_entry


@rule("W-D1", "policy-column-stale", title="政策文件类一级栏目不更新",
      bulletin="政策文件类一级栏目不更新", severity=Severity.DEDUCTION)
def policy_column_stale(ctx: RuleContext) -> Iterator[Finding]:
    cfg = ctx.config
    months = int(cfg["max_months"])
    window = Window(months=months)
    stale = []
    for column in ctx.snapshot.columns:
        if column.category is not ColumnCategory.POLICY or column.level != 1 or not judgeable(column, cfg):
            continue
        if column.children and not column.items:
            continue  # a channel page (政策文件 listing sub-columns): no list of its own to be stale
        entry = stale_entry(column, window, ctx.snapshot.as_of_date, cfg)
        if entry is not None:
            stale.append(entry)
    if not stale:
        return
    names = "、".join(
        f"{e['name']}（最新{e['last_update'].isoformat() if e['last_update'] else '无日期'}）" for e in stale)
    yield ctx.finding(
        f"政策文件类一级栏目超过{months}个月未更新：{names}",
        url=stale[0]["url"],
        points=float(cfg["points"]),
        details={"max_months": months, "columns": stale},
    )
