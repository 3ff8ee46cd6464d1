"""``govinspect rules`` — the rule catalogue, generated from the code (and the docs pages)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, fail, home_config, output_folder, output_format


def register(app: typer.Typer) -> None:
    app.command("rules")(rules_command)


def rules_command(
    docs: Annotated[Path | None, typer.Option("--docs", help="Write one Markdown page per rule here.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    code: Annotated[str | None, typer.Argument(help="Show one rule's full docs page.")] = None,
) -> None:
    """The rule catalogue, generated from the code (codes, severities, thresholds, verified flags)."""
    from govinspect.rules.base import get_rule
    from govinspect.rules.catalogue import catalogue, rule_doc_markdown, write_docs

    output_format(fmt)
    config = home_config()
    if code:
        try:
            console.print(rule_doc_markdown(get_rule(code), config), markup=False, highlight=False)
        except KeyError as exc:
            raise fail(str(exc.args[0])) from exc
        return
    if docs:
        paths = write_docs(output_folder(docs), config)
        console.print(f"已写入 {len(paths)} 页 / wrote {len(paths)} pages to {docs}")
        return
    entries = catalogue(config)
    if fmt == "json":
        sys.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title="规则目录 / rule catalogue")
    for col in ("code", "name", "名称", "severity", "confidence", "enabled", "thresholds (✗ = unverified)"):
        table.add_column(col)
    for e in entries:
        thresholds = ", ".join(f"{t['name']}={t['value']}{'' if t['verified'] else ' ✗'}" for t in e["thresholds"])
        table.add_row(e["code"], e["name"], e["title"], e["severity"], e["confidence"],
                      "yes" if e["enabled"] else "no", thresholds)
    console.print(table)
