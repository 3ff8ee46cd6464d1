"""Analyses of independent targets in parallel across cores (``inspect --jobs N``).

A target's analysis reads only its own snapshot (the cross-site pass ran before), so targets
are judged in a pool of processes, each with its own connection to the store; the results come
back in the targets' order, so the run's output is the same as one target after the other; the
progress callback hears of each target as it is done, in whatever order they finish.
Processes are started fresh ("spawn"): a fork of a process with threads (the run lock's heartbeat,
a web server) could inherit a lock another thread held.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

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


TargetDone = Callable[[TargetResult], None]  # told of each target once its analysis is stored


def analyse_targets(store: Store, config: Config, plan: AnalysisPlan, targets: list[Target],
                    jobs: int = 1, on_done: TargetDone | None = None) -> list[TargetResult]:
    """Analyse ``targets`` with up to ``jobs`` processes (1: here, one after the other); the
    results in the targets' order, ``on_done`` told of each as it finishes."""
    def done(result: TargetResult) -> TargetResult:
        if on_done is not None:
            on_done(result)
        return result

    jobs = min(jobs, len(targets))
    if jobs <= 1:
        return [done(analyse_target(store, config, plan, target)) for target in targets]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_process, initargs=(store.url, store.settings, config, plan)) as pool:
        futures = [pool.submit(_analyse_in_process, target) for target in targets]
        for future in as_completed(futures):  # progress as they finish; a failure raises here
            done(future.result())
        return [future.result() for future in futures]


# -- in a pool process -------------------------------------------------------------------------

_process: tuple[Store, Config, AnalysisPlan] | None = None


def _start_process(url: str, settings: StoreSettings, config: Config, plan: AnalysisPlan) -> None:
    global _process
    _process = (open_store(url, create=False, settings=settings), config, plan)


def _analyse_in_process(target: Target) -> TargetResult:
    assert _process is not None, "pool process not started"
    store, config, plan = _process
    return analyse_target(store, config, plan, target)
