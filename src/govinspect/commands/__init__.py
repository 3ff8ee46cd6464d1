"""Command modules: each module here defines ``register(app: typer.Typer) -> None`` and is found
automatically, so a capability adds its commands without editing cli.py. Commands only parse
options and print; the work is a call into the library."""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
