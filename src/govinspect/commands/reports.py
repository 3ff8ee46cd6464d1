"""`govinspect annual-report YEAR` — the figures of the 政府网站监管年度报表."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, fail, home_config, home_store, output_format


def annual_report(
    year: Annotated[int, typer.Argument(help="年度, e.g. 2021")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """Figures for the annual supervision report: inspections, security checks, sites opened/closed,
    我为政府网站找错 messages handled, rectification."""
    from govinspect.report.annual import AnnualError, annual_figures

    output_format(fmt)
    store = home_store(home_config())
    try:
        figures = annual_figures(store, year)
    except AnnualError as exc:
        raise fail(str(exc)) from exc
    if fmt == "json":
        sys.stdout.write(json.dumps(figures.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{year}年度政府网站监管年度报表数据 / annual supervision figures")
    table.add_column("项目 item")
    table.add_column("数量 count", justify="right")
    for label, value in figures.rows():
        table.add_row(label, str(value))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("annual-report")(annual_report)
