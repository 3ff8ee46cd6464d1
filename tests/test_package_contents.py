"""The shipped package holds what users run, and pyproject's package-data names only real files."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "govinspect"
# In the source tree but not shipped: the template `alembic revision` writes new migrations from.
DEVELOPER_ONLY = {"store/migrations/script.py.mako"}


def _patterns() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(data["tool"]["setuptools"]["package-data"]["govinspect"])


def test_every_package_data_pattern_names_existing_files() -> None:
    for pattern in _patterns():
        assert [p for p in PACKAGE.glob(pattern) if p.is_file()], f"package-data {pattern!r} matches no file"


def test_every_data_file_of_the_package_is_shipped() -> None:
    shipped = {p for pattern in _patterns() for p in PACKAGE.glob(pattern) if p.is_file()}
    data_files = {p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
                  and "__pycache__" not in p.parts}
    missing = sorted(str(p.relative_to(PACKAGE)) for p in data_files - shipped)
    assert set(missing) == DEVELOPER_ONLY, f"not in pyproject package-data: {missing}"


def test_benchmark_only_code_is_not_in_the_package() -> None:
    # The nginx export of the farm serves the benchmark alone; it lives beside it.
    assert not (PACKAGE / "demo" / "static.py").exists()
    assert (ROOT / "benchmarks" / "static_farm.py").is_file()
