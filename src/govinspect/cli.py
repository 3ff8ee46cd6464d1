"""govinspect command line: assembles the app from the command modules in ``govinspect.commands``.

    govinspect demo                                   # the bundled demo farm, end to end
    govinspect inspect --registry sites.xlsx --as-of 2021-03-21 --out runs/2021Q1
    govinspect analyse RUN                            # judge a stored run again, offline
    govinspect rules                                  # the rule catalogue, from the code

Every command lives in ``govinspect.commands`` (one module per command group, found automatically);
what they share is ``govinspect.commands._common``. This module holds only the global options.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect import __version__, commands
from govinspect.commands._common import console, state

app = typer.Typer(
    name="govinspect",
    help="政府网站检查工具 — inspect government websites against 国办秘函〔2019〕19号, keep the "
    "evidence (WARC), write findings.\n\nStart with `govinspect demo`, then "
    "`govinspect inspect --registry sites.xlsx --as-of 2021-03-21`.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        console.print(f"govinspect {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    home: Annotated[Path | None, typer.Option("--home", envvar="GOVINSPECT_HOME",
                    help="数据目录: store, WARC files, config.toml (default ./govinspect-data).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                       help="Print the version.")] = False,
) -> None:
    state.home = home


# The core commands first, in the order a newcomer meets them; then the rest alphabetically.
commands.register_all(app, first=("home", "registry", "runs", "rules", "demo"))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
