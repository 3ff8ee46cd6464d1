"""Column staleness shared by W-V4a and W-V4b (not a rule: no ``@rule`` here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from govinspect.config import RuleConfig
from govinspect.model import Column, ColumnCategory
from govinspect.rules.website._common import last_real_update, stale_by_days, stale_by_months


@dataclass(frozen=True)
class Window:
    """How long a column may go without an update: days or calendar months."""

    days: int | None = None
    months: int | None = None

    def stale(self, last: date | None, as_of: date) -> bool:
        if self.days is not None:
            return stale_by_days(last, as_of, self.days)
        assert self.months is not None
        return stale_by_months(last, as_of, self.months)

    def limit(self) -> dict[str, int]:
        return {"limit_days": self.days} if self.days is not None else {"limit_months": self.months or 0}


def judgeable(column: Column, config: RuleConfig) -> bool:
    """A column whose staleness can be judged: reachable, not blank (W-V4c counts those), not a
    historical 专题 column (names containing one of ``excluded_name_words``), and holding a list of
    its own — a channel page (频道页) is judged through its sub-columns, and a single-page column
    (单页栏目, e.g. 公开指南) has no list to be stale."""
    if not column.reachable or column.is_blank:
        return False
    if not column.items and column.undated_items == 0:
        return False
    words = config["excluded_name_words"]
    return not any(word and word in column.name for word in words)


def stale_entry(column: Column, window: Window, as_of: date, config: RuleConfig) -> dict[str, Any] | None:
    """The details entry of a stale column, or None when it is fresh (or cannot be judged)."""
    last = last_real_update(column, as_of)
    if last is None and not column.items and not config["undated_is_stale"]:
        return None
    if not window.stale(last, as_of):
        return None
    entry: dict[str, Any] = {
        "name": column.name,
        "url": column.url,
        "category": str(column.category),
        "level": column.level,
        "last_update": last,
    }
    entry.update(window.limit())
    if last is None:
        entry["note"] = "未注明发布日期 / no dated items"
    return entry


UNCOUNTED = frozenset({ColumnCategory.OTHER, ColumnCategory.INTERACTION, ColumnCategory.SERVICE,
                       ColumnCategory.UNKNOWN})
