"""Benchmark: how long the command line takes to start (goal: ``govinspect --help`` under 0.5 s).

    .venv/bin/python benchmarks/startup.py [--repeat 7]

Runs ``python -m govinspect`` in fresh interpreters (``--help``, ``inspect --help``, ``rules``,
``config``) and prints the median and fastest wall time of each; a command's help should cost
typer and rich, not the store, the crawler or the web stack (tests/test_cli_startup.py checks
what is imported; this measures what it costs on this machine).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
GOAL_SECONDS = 0.5  # --help


def timed(args: list[str], repeat: int) -> list[float]:
    """Wall seconds of ``python -m govinspect ARGS`` in ``repeat`` fresh interpreters."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "govinspect", *args], capture_output=True, check=True,
                       env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as home:
        cases = {"--help": ["--help"], "inspect --help": ["inspect", "--help"],
                 "rules": ["--home", home, "rules"], "config": ["--home", home, "config"]}
        print(f"{'command':<16}{'median s':>10}{'fastest s':>11}")
        for name, args in cases.items():
            times = timed(args, repeat)
            print(f"{name:<16}{statistics.median(times):>10.2f}{min(times):>11.2f}")
            if name == "--help":
                verdict = "meets" if statistics.median(times) < GOAL_SECONDS else "misses"
                print(f"  {verdict} the goal of {GOAL_SECONDS} s")


if __name__ == "__main__":
    main()
