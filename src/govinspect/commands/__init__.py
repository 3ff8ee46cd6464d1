"""Command modules: each module here defines ``register(app: typer.Typer) -> None`` and is found
automatically, so a capability adds its commands without editing cli.py. Commands only parse
options and print; the work is a call into the library. What they share (consoles, the home
folder's configuration and store, errors) is in ``_common``, which registers nothing."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence

import typer


def register_all(app: typer.Typer, first: Sequence[str] = ()) -> None:
    """Register every command module's commands on ``app``: the modules named in ``first`` in that
    order (their commands lead ``--help``), then the others alphabetically."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__))
    for name in [*first, *(n for n in names if n not in first)]:
        module = importlib.import_module(f"{__name__}.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
