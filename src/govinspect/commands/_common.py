"""What every command shares: the consoles, the ``--home`` option's value, and the way a command
opens the home folder's configuration and store or stops with a clear error (错误 / error, exit 2).

Commands call these instead of repeating them; cli.py only sets ``state.home`` and assembles the app.
Like the command modules, this one imports the library inside the functions that use it: ``govinspect
--help`` imports every command module, and should not load the store, the crawler or the web stack.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from govinspect.config import Config
    from govinspect.registry.importer import RegistryError
    from govinspect.store import Store
    from govinspect.store.settings import StoreSettings

JOBS_OPTION = typer.Option("--jobs", "-j", min=1, help="分析并行进程数 / sites analysed at once, one process "
                           "each (default: this machine's cores). The findings are the same for any N.")

# Piped output (CI logs, `| less`) gets a wide fixed width so tables keep the site names whole.
console = Console(width=None if sys.stdout.isatty() else 140)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 140)


class State:
    """Global options of the command line (set by the app callback in cli.py)."""

    home: Path | None = None


state = State()


# A verdict as every command prints it, Chinese and English (media.run.NOT_ASSESSABLE: data not read)
VERDICT_WORDS = {"pass": ("合格 pass", "green"), "fail": ("不合格 fail", "red"),
                 "not_assessable": ("无法评估 not assessable", "yellow")}


def verdict_words(verdict: str | None, *, styled: bool = False) -> str:
    """``verdict`` in words (合格 pass, 不合格 fail, 无法评估 not assessable), in its colour when
    ``styled`` (Rich markup); "—" when there is none, an unknown one as it is."""
    if verdict not in VERDICT_WORDS:
        return verdict or "—"
    words, colour = VERDICT_WORDS[verdict]
    return f"[{colour}]{words}[/]" if styled else words


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise (``raise fail(...)``)."""
    err_console.print(f"[bold red]错误 / error:[/] {message}")
    return typer.Exit(code)


def output_format(fmt: str) -> str:
    """``--format`` as given when it is ``table`` or ``json``, else exit 2 (not a table by default)."""
    if fmt not in ("table", "json"):
        raise fail(f"--format 只能是 table 或 json / --format must be table or json: {fmt}")
    return fmt


def output_folder(path: Path) -> Path:
    """``path`` created if need be (an ``--out`` folder), or exit 2 saying why it cannot be: a file of
    that name in the way, no permission. Checked before the work, not after a long run."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(f"无法创建输出目录 / cannot create the output folder {path}: {exc.strerror or exc}") from exc
    return path


def home_config(overrides: dict[str, Any] | None = None) -> Config:
    """The effective configuration of ``--home`` (defaults merged with its config.toml)."""
    from govinspect.config import ConfigError, load_config

    try:
        return load_config(state.home, overrides=overrides)
    except ConfigError as exc:
        raise fail(str(exc)) from exc


def _store_settings(config: Config) -> StoreSettings:
    from govinspect.store.settings import StoreSettings

    try:
        return StoreSettings.from_section(config.data.get("store", {}))
    except ValueError as exc:
        raise fail(str(exc)) from exc


def home_store(config: Config) -> Store:
    """The store of ``config``'s home folder (created on first use)."""
    from govinspect.store import StoreError, open_store

    config.home.mkdir(parents=True, exist_ok=True)
    try:
        return open_store(config.db_url, settings=_store_settings(config))
    except StoreError as exc:  # a DB URL that does not answer is the user's to fix: say which (masked)
        raise fail(str(exc)) from None


def print_registry_problems(exc: RegistryError) -> None:
    table = Table(title="名录有误，未导入 / registry rejected, nothing imported")
    for col in ("行 row", "列 column", "原因 reason"):
        table.add_column(col)
    for p in exc.problems:
        table.add_row(str(p.row), p.column, p.reason)
    if exc.problems:
        err_console.print(table)
    else:
        err_console.print(str(exc))


def _load_or_exit(load: Callable[[Path], list[Any]], path: Path) -> list[Any]:
    from govinspect.registry.importer import RegistryError

    try:
        return load(path)
    except RegistryError as exc:
        print_registry_problems(exc)
        raise typer.Exit(2) from exc


def load_accounts_file(path: Path) -> list[Any]:
    """The new-media account registry (政务新媒体名录) at ``path``, or exit 2 listing its problems."""
    from govinspect.media.registry import load_accounts

    return _load_or_exit(load_accounts, path)


def load_registry_file(path: Path) -> list[Any]:
    """The site registry (网站名录) at ``path``, or exit 2 listing its problems."""
    from govinspect.registry.importer import load_registry

    return _load_or_exit(load_registry, path)
