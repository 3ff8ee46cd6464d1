"""W-V4b columns-neglected — 应更新但长期未更新的栏目

Indicator (国办秘函〔2019〕19号, 栏目不更新, 单项否决 item 2):

    应更新但长期未更新的栏目数量超过（含）10个。

Each column category has its own window (``[rules."W-V4b"]``):

| category | threshold | verified |
| --- | --- | --- |
| 动态要闻 (any level) | ``news_max_days`` | true |
| 通知公告, 政策文件 (any level) | ``notice_policy_max_months`` | true |
| 人事 | ``personnel_max_months`` | **false** (2015 普查 category, window unconfirmed) |
| 规划计划 | ``planning_max_months`` | **false** |
| 概况 | ``profile_max_months`` | **false** |

``min_stale_columns`` (verified): "超过（含）" — 10 columns veto, 9 do not.
``undated_is_stale`` and ``excluded_name_words`` (专题) work as in W-V4a (both verified = false).

其他, 互动, 服务 columns have no update duty here and are never counted. 未知 (UNKNOWN: the
栏目分类 table did not recognise the name) columns are never counted either; when they look stale
(older than ``unknown_review_months``, verified = false) they are listed in
``details.unclassified`` so an inspector can classify them. Blank and unreachable columns are
left to W-V4c and W-D7.

Example finding::

    {"rule": "W-V4b", "severity": "veto",
     "message": "应更新但长期未更新的栏目共11个",
     "url": "https://www.example.gov.cn/",
     "details": {"count": 11, "min_stale_columns": 10,
                 "columns": [{"name": "人事信息", "url": "…/rsxx/", "category": "人事", "level": 2,
                              "last_update": "2019-11-02", "limit_months": 12}],
                 "unclassified": [{"name": "走进园区", "url": "…/zjyq/", "last_update": "2018-05-04"}]}}

Not flagged:

- 9 stale columns, however many 未知 or 其他 columns are old;
- a 人事 column updated exactly 12 months ago;
- blank columns, unreachable columns, 专题 columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.model import ColumnCategory
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._columns import Window, judgeable, stale_entry
from govinspect.rules.website._common import last_real_update, stale_by_months


@rule("W-V4b", "columns-neglected", title="应更新但长期未更新的栏目", bulletin="栏目不更新", severity=Severity.VETO)
def columns_neglected(ctx: RuleContext) -> Iterator[Finding]:
    cfg = ctx.config
    as_of = ctx.snapshot.as_of_date
    notice = Window(months=int(cfg["notice_policy_max_months"]))
    windows: dict[ColumnCategory, Window] = {
        ColumnCategory.NEWS: Window(days=int(cfg["news_max_days"])),
        ColumnCategory.NOTICE: notice,
        ColumnCategory.POLICY: notice,
        ColumnCategory.PERSONNEL: Window(months=int(cfg["personnel_max_months"])),
        ColumnCategory.PLANNING: Window(months=int(cfg["planning_max_months"])),
        ColumnCategory.PROFILE: Window(months=int(cfg["profile_max_months"])),
    }
    minimum = int(cfg["min_stale_columns"])
    review_months = int(cfg["unknown_review_months"])
    stale: list[dict[str, Any]] = []
    unclassified: list[dict[str, Any]] = []
    for column in ctx.snapshot.columns:
        if not judgeable(column, cfg):
            continue
        window = windows.get(column.category)
        if window is None:
            if column.category is ColumnCategory.UNKNOWN:
                last = last_real_update(column, as_of)
                if stale_by_months(last, as_of, review_months):
                    unclassified.append({"name": column.name, "url": column.url, "last_update": last})
            continue
        entry = stale_entry(column, window, as_of, cfg)
        if entry is not None:
            stale.append(entry)
    if len(stale) < minimum:
        return
    yield ctx.finding(
        f"应更新但长期未更新的栏目共{len(stale)}个",
        url=ctx.site.url,
        details={"count": len(stale), "min_stale_columns": minimum, "columns": stale,
                 "unclassified": unclassified},
    )
