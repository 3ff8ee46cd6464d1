"""The layering of issue 8 (parts 3, 4) stays as it is: read from the source, not from a list of names."""

from __future__ import annotations

import ast
from pathlib import Path

import govinspect

SRC = Path(govinspect.__file__).parent


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports at run time (TYPE_CHECKING blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and ast.unparse(block.test) == "TYPE_CHECKING" for n in ast.walk(block)}
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            out += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return out


def _modules(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


def test_the_library_never_imports_the_command_line() -> None:
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if p.name not in ("cli.py", "__main__.py") and "commands" not in p.relative_to(SRC).parts
                 and any(m in ("govinspect.cli", "govinspect.commands") or m.startswith("govinspect.commands.")
                         for m in _imports(p))]
    assert offenders == []


def test_commands_run_no_sql_and_cli_only_assembles() -> None:
    with_sql = [p.name for p in _modules("commands") if any(m.startswith("sqlalchemy") for m in _imports(p))]
    assert with_sql == []
    cli = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    # the app's global options (callback) and main: every command is a commands/ module's
    functions = sorted(n.name for n in cli.body if isinstance(n, ast.FunctionDef))
    assert functions == ["_version", "main", "main_options"]


def test_snapshot_and_store_never_import_rules_or_pipeline() -> None:
    upward = ("govinspect.rules", "govinspect.pipeline")
    offenders = [str(p.relative_to(SRC)) for package in ("snapshot", "store") for p in _modules(package)
                 if any(m.startswith(upward) for m in _imports(p))]
    assert offenders == []


def test_a_run_is_looked_up_in_the_store_not_the_pipeline() -> None:
    # only what starts runs imports the pipeline: the command line, the web jobs and a 复查 re-inspection
    allowed = {"cli.py", "commands/runs.py", "commands/demo.py", "web/jobs.py", "workflow/recheck.py"}
    importers = {str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if any(m == "govinspect.pipeline" or m.startswith("govinspect.pipeline.") for m in _imports(p))}
    assert importers <= allowed, importers - allowed
