"""W-V4a columns-stale — 栏目不更新（动态要闻、通知公告、政策文件）

Indicator (国办秘函〔2019〕19号, 栏目不更新, 单项否决 item 1):

    监测时间点前2周内的动态、要闻类栏目，以及监测时间点前6个月内的通知公告、政策文件类一级栏目，
    累计超过（含）5个未更新。

Thresholds (``[rules."W-V4a"]``):

- ``news_max_days`` (verified): a 动态要闻 column (any level) is stale when its newest
  item is more than 14 days before the monitoring point (exactly 14 days is fresh).
- ``notice_policy_max_months`` (verified): a 通知公告 / 政策文件 **level-1** column is stale
  when its newest item is before the same day 6 calendar months earlier (exactly 6 months is fresh).
- ``min_stale_columns`` (verified): "超过（含）" — 5 stale columns veto, 4 do not.
- ``undated_is_stale`` = true (UNCONFIRMED, verified = false): a column listing items without any
  date counts as not updated (the 2015 rule 未注明信息发布时间的视为不更新).
- ``excluded_name_words`` = ["专题"] (verified = false): historical 专题 columns are not judged.

Columns come from ``snapshot.columns`` with their category from the editable 栏目分类 table.
Blank columns (W-V4c) and unreachable columns (broken links, W-D7) are not judged here. Items
dated after the monitoring point do not count as updates (W-V1e reports them).

Evidence: every stale column with its URL, category, last update and its limit.

Example finding::

    {"rule": "W-V4a", "severity": "veto",
     "message": "动态、要闻类栏目及通知公告、政策文件类一级栏目累计6个超期未更新",
     "url": "https://www.example.gov.cn/",
     "details": {"count": 6, "min_stale_columns": 5,
                 "columns": [{"name": "部门动态", "url": "…/bmdt/", "category": "动态要闻", "level": 2,
                              "last_update": "2021-02-01", "limit_days": 14},
                             {"name": "通知公告", "url": "…/tzgg/", "category": "通知公告", "level": 1,
                              "last_update": "2020-08-01", "limit_months": 6}]}}

Not flagged:

- a news column updated exactly 14 days ago; a notice column updated exactly 6 months ago;
- 4 stale columns (below the count);
- a level-2 通知公告 column older than 6 months (only level-1 notice/policy columns count here);
- an old 专题 column, 其他/互动/服务/未知 columns;
- blank columns (W-V4c) and columns whose page could not be fetched (W-D7).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.model import ColumnCategory
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._columns import Window, judgeable, stale_entry


@rule("W-V4a", "columns-stale", title="栏目不更新（动态要闻、通知公告、政策文件）", bulletin="栏目不更新", severity=Severity.VETO)
def columns_stale(ctx: RuleContext) -> Iterator[Finding]:
    cfg = ctx.config
    as_of = ctx.snapshot.as_of_date
    news = Window(days=int(cfg["news_max_days"]))
    notice = Window(months=int(cfg["notice_policy_max_months"]))
    minimum = int(cfg["min_stale_columns"])
    stale: list[dict[str, Any]] = []
    for column in ctx.snapshot.columns:
        if not judgeable(column, cfg):
            continue
        if column.category is ColumnCategory.NEWS:
            window = news
        elif column.category in (ColumnCategory.NOTICE, ColumnCategory.POLICY) and column.level == 1:
            window = notice
        else:
            continue
        entry = stale_entry(column, window, as_of, cfg)
        if entry is not None:
            stale.append(entry)
    if len(stale) < minimum:
        return
    yield ctx.finding(
        f"动态、要闻类栏目及通知公告、政策文件类一级栏目累计{len(stale)}个超期未更新",
        url=ctx.site.url,
        details={"count": len(stale), "min_stale_columns": minimum, "columns": stale},
    )
