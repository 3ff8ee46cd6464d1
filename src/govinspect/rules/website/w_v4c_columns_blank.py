"""W-V4c columns-blank — 空白栏目

Indicator (国办秘函〔2019〕19号, 栏目不更新, 单项否决 item 3):

    空白栏目数量超过（含）5个。

空白栏目: a column that has carried nothing since it opened — its list pages hold no item at all,
or only a placeholder such as 暂无信息 / 建设中 / 正在建设 (``Column.is_blank``).

Threshold: ``[rules."W-V4c"] min_blank_columns`` (verified): 5 blank columns veto, 4 do not.

A column whose page could not be fetched is NOT blank: it is a broken link (W-D7). A column
whose list is built by JavaScript must have been rendered by the crawler first; otherwise it
appears as blank — the details say which list pages were flagged ``needs_render`` so an inspector
can check them.

Evidence: each blank column page (its WARC record when fetched).

Example finding::

    {"rule": "W-V4c", "severity": "veto",
     "message": "空白栏目共5个",
     "url": "https://www.example.gov.cn/",
     "details": {"count": 5, "min_blank_columns": 5,
                 "columns": [{"name": "人事任免", "url": "…/rsrm/", "category": "人事", "level": 2,
                              "reason": "placeholder"}]}}

Not flagged:

- 4 blank columns;
- unreachable column pages (broken links, W-D7);
- columns with undated items only (not blank: they hold content);
- a directory page (机构概况) that publishes nothing itself but links from its body to several
  sub-pages that carry content (机构职能, 领导信息, 内设机构); links the homepage also has, and
  articles (a sidebar of 最新动态), do not count, and a page saying 暂无信息 stays blank;
- old columns with items (W-V4a / W-V4b).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.rules.base import Finding, RuleContext, Severity, rule


@rule("W-V4c", "columns-blank", title="空白栏目", bulletin="空白栏目", severity=Severity.VETO)
def columns_blank(ctx: RuleContext) -> Iterator[Finding]:
    minimum = int(ctx.config["min_blank_columns"])
    pages = ctx.snapshot.pages
    blank: list[dict[str, Any]] = []
    for column in ctx.snapshot.columns:
        if not column.is_blank:
            continue
        page = pages.get(column.url)
        entry: dict[str, Any] = {
            "name": column.name,
            "url": column.url,
            "category": str(column.category),
            "level": column.level,
            "reason": "placeholder" if column.is_placeholder else "no items",
        }
        if page is not None and page.needs_render:
            entry["needs_render"] = True
        blank.append(entry)
    if len(blank) < minimum:
        return
    yield ctx.finding(
        f"空白栏目共{len(blank)}个",
        url=ctx.site.url,
        details={"count": len(blank), "min_blank_columns": minimum, "columns": blank},
    )
