"""W-D2 news-column-stale — 动态要闻类栏目更新不及时

Indicator (扣分, reported by local bulletins that apply 国办秘函〔2019〕19号, e.g. 嘉定 2021Q4
"动态要闻类栏目超过两周未更新"; the deduction text itself was not retrieved):

    动态、要闻类栏目超过2周未更新（未达到单项否决的栏目数）

Thresholds (``[rules."W-D2"]``):

- ``max_days`` (verified: 2周 is 14 days): a 动态要闻 column (any level) whose newest item
  is more than 14 days before the monitoring point (exactly 14 days is fresh).
- ``points`` per stale column, ``cap`` (both verified = false: unconfirmed).
- ``veto_min_stale_columns`` and ``notice_policy_max_months`` (verified): W-V4a's count,
  recomputed here — keep them equal to ``[rules."W-V4a"]``. When W-V4a's veto count is reached,
  W-D2 reports nothing: the same columns are already in the veto finding.
- ``undated_is_stale``, ``excluded_name_words`` as in W-V4a (verified = false).

One finding per stale news column (each one is a deduction).

Example finding::

    {"rule": "W-D2", "severity": "deduction", "points": 1.0,
     "message": "动态要闻类栏目“部门动态”超过14天未更新（最新2021-02-20）",
     "url": "https://www.example.gov.cn/xwzx/bmdt/",
     "details": {"name": "部门动态", "category": "动态要闻", "level": 2, "last_update": "2021-02-20",
                 "limit_days": 14, "days_since": 29, "stale_for_veto": 3, "veto_min_stale_columns": 5}}

Not flagged:

- a news column updated exactly 14 days ago;
- anything at all when W-V4a vetoes (5 or more stale columns: reported there);
- 通知公告 / 政策文件 columns (W-V4a, W-D1), 专题 columns, blank columns (W-V4c), unreachable
  columns (W-D7);
- a channel page (新闻中心 listing sub-columns, no list of its own): its sub-columns are judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.model import ColumnCategory
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._columns import Window, judgeable, stale_entry


@rule("W-D2", "news-column-stale", title="动态要闻类栏目更新不及时", bulletin="动态要闻类栏目更新不及时", severity=Severity.DEDUCTION)
def news_column_stale(ctx: RuleContext) -> Iterator[Finding]:
    cfg = ctx.config
    as_of = ctx.snapshot.as_of_date
    max_days = int(cfg["max_days"])
    news_window = Window(days=max_days)
    notice_window = Window(months=int(cfg["notice_policy_max_months"]))
    news: list[dict[str, Any]] = []
    counted = 0  # W-V4a's count, channel pages included, to stay silent exactly when it vetoes
    for column in ctx.snapshot.columns:
        if not judgeable(column, cfg):
            continue
        if column.category is ColumnCategory.NEWS:
            entry = stale_entry(column, news_window, as_of, cfg)
            counted += entry is not None
            # a channel page (新闻中心 with its sub-columns) has no list of its own: its sub-columns are judged
            if entry is not None and not (column.children and not column.items):
                news.append(entry)
        elif column.category in (ColumnCategory.NOTICE, ColumnCategory.POLICY) and column.level == 1:
            counted += stale_entry(column, notice_window, as_of, cfg) is not None
    minimum = int(cfg["veto_min_stale_columns"])
    if counted >= minimum:
        return  # W-V4a vetoes with these very columns
    points = float(cfg["points"])
    for entry in news:
        last = entry["last_update"]
        since = (as_of - last).days if last else None
        when = f"最新{last.isoformat()}" if last else "无日期"
        yield ctx.finding(
            f"动态要闻类栏目“{entry['name']}”超过{max_days}天未更新（{when}）",
            url=entry["url"],
            points=points,
            details={**entry, "days_since": since, "stale_for_veto": counted, "veto_min_stale_columns": minimum},
        )
