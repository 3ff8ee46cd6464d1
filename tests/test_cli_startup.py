"""The command line starts without the heavy parts: ``govinspect --help`` (and a command's help)
imports every command module, so those modules import the library inside the commands that use it.
A fresh interpreter shows what was imported; how long that takes is for benchmarks, not a test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# Libraries and parts of govinspect that a command loads when it runs, never to show help.
HEAVY = ("sqlalchemy", "alembic", "aiohttp", "fastapi", "starlette", "uvicorn", "playwright", "celery", "kombu",
         "jieba", "numpy", "openpyxl", "docx", "docxtpl", "PIL", "pypinyin", "opencc", "lxml", "psycopg",
         "govinspect.store", "govinspect.pipeline", "govinspect.crawl", "govinspect.rules", "govinspect.content",
         "govinspect.media", "govinspect.report", "govinspect.tasks", "govinspect.web", "govinspect.distributed",
         "govinspect.registry", "govinspect.workflow", "govinspect.snapshot", "govinspect.monitor",
         "govinspect.demo", "govinspect.alerts")

PROBE = """
import json, sys
from govinspect.cli import app
for args in json.loads(sys.argv[1]):
    try:
        app(args, prog_name="govinspect")
    except SystemExit:
        pass
print("MODULES " + json.dumps(sorted(sys.modules)))
"""


def _modules_after(*invocations: list[str]) -> list[str]:
    """The modules a fresh interpreter holds after ``import govinspect.cli`` and these invocations."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(invocations))], capture_output=True,
                          text=True, env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=120, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("MODULES "))
    return list(json.loads(line.removeprefix("MODULES ")))


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_importing_the_cli_loads_no_heavy_module() -> None:
    modules = _modules_after()
    assert "govinspect.cli" in modules and "govinspect.commands.runs" in modules
    assert _heavy(modules) == []


def test_help_of_the_app_and_of_commands_loads_no_heavy_module() -> None:
    modules = _modules_after(["--help"], ["inspect", "--help"], ["findings", "confirm", "--help"],
                             ["serve", "--help"], ["worker", "--help"], ["check", "--help"])
    assert "typer.rich_utils" in modules  # the help was rendered
    assert _heavy(modules) == []


def test_a_command_still_loads_what_it_needs(tmp_path: Path) -> None:
    """The probe sees imports at all: running ``rules`` loads the rule catalogue."""
    modules = _modules_after(["--home", str(tmp_path), "rules", "--format", "json"])
    assert "govinspect.rules.catalogue" in modules
