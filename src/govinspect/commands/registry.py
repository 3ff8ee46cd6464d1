"""``govinspect registry check | import | list`` — the registry of sites (网站名录)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, home_config, home_store, load_registry_file

registry_app = typer.Typer(help="网站名录 — import, check and list the registry of sites.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")


@registry_app.command("check")
def registry_check(file: Annotated[Path, typer.Argument(help="CSV or XLSX with the Chinese headers.")]) -> None:
    """Validate a registry file without importing it."""
    sites = load_registry_file(file)
    console.print(f"名录有效 / registry valid: {len(sites)} 个网站 sites")


@registry_app.command("import")
def registry_import(file: Annotated[Path, typer.Argument(help="CSV or XLSX: 网站名称,首页网址,网站标识码,"
                                                         "主办单位,主管单位,地区,网站类型,运行状态")]) -> None:
    """Import (add or update) sites into the store; a bad file imports nothing."""
    from govinspect.registry.store import save_sites

    sites = load_registry_file(file)
    store = home_store(home_config())
    added, updated = save_sites(store, sites)
    console.print(f"已导入 / imported: 新增 added {added}, 更新 updated {updated}")


@registry_app.command("list")
def registry_list() -> None:
    """List the registered sites."""
    from govinspect.registry.store import load_sites

    sites = load_sites(home_store(home_config()))
    table = Table(title=f"网站名录 / registry ({len(sites)})")
    for col in ("标识码", "网站名称", "首页网址", "类型", "状态", "地区"):
        table.add_column(col)
    for s in sites:
        table.add_row(s.code, s.name, s.url, str(s.site_type), str(s.status), s.region)
    console.print(table)
