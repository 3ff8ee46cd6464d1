"""``govinspect sample`` — 抽查: draw a reproducible sample of new-media accounts.

    govinspect sample accounts.csv --share 0.1 --seed 7 --out sample.csv
    govinspect inspect --media sample.csv --as-of 2021-03-21      # inspect the sample

The sample is stratified by 地区 and 平台 (at least ``--share`` overall, at least one per
stratum); the written registry carries the draw in its file name and the run records it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, fail, load_accounts_file, output_folder


def sample(
    accounts: Annotated[Path, typer.Argument(help="政务新媒体名录 CSV/XLSX.")],
    share: Annotated[float, typer.Option("--share", help="抽查比例 (0–1], e.g. 0.1 for 10 %.")] = 0.1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed draws the same sample.")] = 1,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the sample as an account registry (CSV).")]
    = None,
) -> None:
    """Draw a stratified, reproducible sample of accounts (抽查, ≥ share and ≥ 1 per 地区×平台)."""
    from govinspect.media.registry import write_accounts
    from govinspect.media.sample import SampleError, draw_sample

    registry = load_accounts_file(accounts)
    if out is not None:
        output_folder(out.parent)
    try:
        drawn = draw_sample(registry, share, seed)
    except SampleError as exc:
        raise fail(str(exc)) from exc
    table = Table(title=f"抽查 / sample: {len(drawn.accounts)} of {drawn.population} (share {share:.0%}, seed {seed})")
    for col in ("地区 region", "平台 platform", "账号数 accounts", "抽取 drawn"):
        table.add_column(col)
    for s in drawn.strata:
        table.add_row(s.region, s.platform, str(s.size), "、".join(a.name for a in s.drawn))
    console.print(table)
    if out is not None:
        write_accounts(drawn.accounts, out)
        out.with_suffix(".sample.json").write_text(json.dumps(drawn.summary(), ensure_ascii=False), encoding="utf-8")
        console.print(f"抽查名录 / sample registry → {out}")


def register(app: typer.Typer) -> None:
    app.command("sample")(sample)
