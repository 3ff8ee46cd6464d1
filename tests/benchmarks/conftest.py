"""The benchmark scripts import each other as scripts (benchmarks/ is their folder on sys.path);
appended, not prepended, so their module names never shadow an installed one."""

from __future__ import annotations

import sys
from pathlib import Path

_BENCHMARKS = str(Path(__file__).resolve().parents[2] / "benchmarks")
if _BENCHMARKS not in sys.path:
    sys.path.append(_BENCHMARKS)
