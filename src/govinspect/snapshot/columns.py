"""Each site's columns (栏目) in a stored run, with category, last update and item count
(``govinspect columns RUN [--unknown]``).

The columns are rebuilt from the WARC evidence exactly as the rules saw them, with the category
table of the home folder (``<home>/column_categories.toml`` merged over the package's). Columns
whose category is 未知 are never guessed by the rules: listing them lets a user add their names
to the table and analyse again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from govinspect.config import Config
from govinspect.extract.categories import TABLE_FILE, load_category_table
from govinspect.model import ColumnCategory, SiteStatus
from govinspect.snapshot.builder import build_snapshot
from govinspect.store import Store
from govinspect.store.runs import get_run, run_sites
from govinspect.timeutil import CHINA_TZ


@dataclass(frozen=True)
class ColumnRow:
    site_code: str
    site_name: str
    name: str
    url: str
    level: int
    category: str
    last_update: date | None
    items: int  # dated items over all its list pages
    undated_items: int
    blank: bool
    reachable: bool


def list_columns(store: Store, config: Config, run_id: str, *, unknown_only: bool = False,
                 sites: list[str] | None = None) -> list[ColumnRow]:
    """Columns of every (running) site of the run, in registry order, optionally only 未知 ones."""
    run = get_run(store, run_id)
    as_of = run.as_of.astimezone(CHINA_TZ)
    table = load_category_table(config.home)
    out: list[ColumnRow] = []
    for site in run_sites(store, run_id):
        if site.status is SiteStatus.CLOSED or (sites and site.code not in sites):
            continue
        snapshot = build_snapshot(store, run_id, site, as_of, config.warc_dir, table)
        for column in snapshot.columns:
            if unknown_only and column.category is not ColumnCategory.UNKNOWN:
                continue
            out.append(ColumnRow(site.code, site.name, column.name, column.url, column.level, str(column.category),
                                 column.last_update, len(column.items), column.undated_items, column.is_blank,
                                 column.reachable))
    return out


def category_snippet(rows: list[ColumnRow]) -> str:
    """A ``column_categories.toml`` fragment listing the unknown names, to be moved to their category."""
    names = sorted({row.name for row in rows if row.category == str(ColumnCategory.UNKNOWN)})
    if not names:
        return ""
    quoted = ", ".join(f'"{n}"' for n in names)
    return (f"# {TABLE_FILE}: move each name into the category it belongs to (动态要闻, 通知公告, 政策文件, 人事,\n"
            "# 规划计划, 概况, 互动, 服务, 其他), then `govinspect analyse RUN` again.\n"
            f'[categories."其他"]\nterms = [{quoted}]\n')
