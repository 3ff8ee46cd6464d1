"""Shared fixtures. ``shared_dir`` is the ``../shared`` folder beside the checkout (third-party
test data, never copied into the project)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path | None:
    env = os.environ.get("GOVINSPECT_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared", REPO / "shared"]
    for path in candidates:
        if (path / "data").is_dir():
            return path
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = _find_shared()
    if path is None:
        pytest.fail("../shared not found beside the checkout (set GOVINSPECT_SHARED)")
    return path
