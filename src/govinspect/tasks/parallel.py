"""Analyses of independent targets in parallel across cores (``inspect --jobs N``).

A target's analysis reads only its own snapshot (the cross-site pass ran before), so targets
are judged in a pool of processes, each with its own connection to the store; the results come
back in the targets' order, so the run's output is the same as one target after the other.
Processes are started fresh ("spawn"): a fork of a process with threads (the run lock's heartbeat,
a web server) could inherit a lock another thread held.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from govinspect.config import Config
from govinspect.store import Store, open_store
from govinspect.store.settings import StoreSettings
from govinspect.tasks.target import AnalysisPlan, Target, TargetResult, analyse_target


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyse_targets(store: Store, config: Config, plan: AnalysisPlan, targets: list[Target],
                    jobs: int = 1) -> list[TargetResult]:
    """Analyse ``targets`` with up to ``jobs`` processes (1: here, one after the other)."""
    jobs = min(jobs, len(targets))
    if jobs <= 1:
        return [analyse_target(store, config, plan, target) for target in targets]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_process, initargs=(store.url, store.settings, config, plan)) as pool:
        return list(pool.map(_analyse_in_process, targets))


# -- in a pool process -------------------------------------------------------------------------

_process: tuple[Store, Config, AnalysisPlan] | None = None


def _start_process(url: str, settings: StoreSettings, config: Config, plan: AnalysisPlan) -> None:
    global _process
    _process = (open_store(url, create=False, settings=settings), config, plan)


def _analyse_in_process(target: Target) -> TargetResult:
    assert _process is not None, "pool process not started"
    store, config, plan = _process
    return analyse_target(store, config, plan, target)
