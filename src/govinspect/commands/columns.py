"""`govinspect columns RUN [--unknown]` — each site's columns with category, last update, items."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, fail, home_config, home_store


def columns(
    run: Annotated[str, typer.Argument(help="运行 / run id (see `govinspect runs`).")],
    unknown: Annotated[bool, typer.Option("--unknown", help="只列分类为“未知”的栏目，并给出可加入 "
                                          "column_categories.toml 的片段 / only columns whose category is 未知.")] = False,
    site: Annotated[list[str] | None, typer.Option("--site", help="只看此网站标识码 / only this site code "
                                                   "(repeatable).")] = None,
) -> None:
    """List each site's columns (栏目): category, last update, item count, as the rules judged them."""
    from govinspect.snapshot.columns import category_snippet, list_columns
    from govinspect.store.runs import RunError

    config = home_config()
    store = home_store(config)
    try:
        rows = list_columns(store, config, run, unknown_only=unknown, sites=site)
    except RunError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    title = "未知分类的栏目 / columns of unknown category" if unknown else "栏目 / columns"
    table = Table(title=f"{title} — run {run}")
    for col in ("标识码 code", "网站 site", "栏目 column", "级 level", "分类 category", "最近更新 last update",
                "条目 items", "URL"):
        table.add_column(col)
    for row in rows:
        items = f"{row.items}" + (f" (+{row.undated_items} 无日期)" if row.undated_items else "")
        if row.blank:
            items += " 空白 blank"
        if not row.reachable:
            items = "无法访问 unreachable"
        table.add_row(row.site_code, row.site_name, row.name, str(row.level), row.category,
                      row.last_update.isoformat() if row.last_update else "—", items, row.url)
    console.print(table)
    console.print(f"共 {len(rows)} 个栏目 / {len(rows)} columns")
    if unknown and rows:
        console.print(f"把它们加入 {config.home / 'column_categories.toml'} / add them to your table:")
        console.print(category_snippet(rows), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("columns")(columns)
