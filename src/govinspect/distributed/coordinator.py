"""``inspect --distributed``: the run told as tasks for the workers, watched until done.

The story is the embedded run's (``govinspect.pipeline``): crawl every target, then the cross-site
plagiarism pass once, then analyse every target, then finish. Each step sends one task per target
and waits for all of them, reporting its progress (the web page reads the same from the store,
``store.runs.run_progress``). A task whose worker died is sent
again: Celery says it started, yet its target's lease has no live holder (its pid is gone on this
host; on another host, no heartbeat for ``[store] lock_stale_seconds``) for ``lost_task_seconds``.
A task handed to a worker that died before starting it is sent again too: not started
``lost_task_seconds`` after it was sent, its message taken and not acknowledged, held by no live
worker and its lease free, for ``lost_task_seconds`` more (:mod:`govinspect.distributed.broker`;
without this Redis hands it out again only after its visibility timeout, an hour). The new copy
resumes the target from the store (a target whose worker died ``task_retries`` + 1 times stops
the run: it may be what kills them). A task that fails for good (its retries spent)
stops the run with the worker's error; running the command again resumes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from celery import Celery
from celery.result import AsyncResult
from kombu.exceptions import OperationalError

from govinspect.config import Config
from govinspect.distributed.app import ANALYSE, CRAWL, SIMILARITY, SIMILARITY_LEASE, lease_holder, make_app
from govinspect.distributed.broker import drop_delivery, held_by_workers, unacknowledged
from govinspect.distributed.settings import DistributedError, DistributedSettings, require_postgresql
from govinspect.store import Store
from govinspect.store.runs import get_run
from govinspect.tasks.run import RunResult, begin_analysis, finish_run, mark_crawled, stored_result
from govinspect.tasks.target import run_targets

# what the command line hears: the step ("crawl", "similarity", "analyse"), its tasks done and sent
OnProgress = Callable[[str, int, int], None]
WAITING = frozenset({"PENDING", "RECEIVED", "RETRY"})  # sent (or retried) and not started: queued, or lost


@dataclass
class _Sent:
    task: str
    args: list[Any]
    result: AsyncResult
    sent_at: float = field(default_factory=time.monotonic)
    lost_since: float | None = None
    resent: int = 0


class Coordinator:
    def __init__(self, store: Store, config: Config, on_progress: OnProgress | None = None,
                 app: Celery | None = None) -> None:
        require_postgresql(store.url)
        self.store = store
        self.config = config
        self.settings = DistributedSettings.from_config(config)
        self.app = app or make_app(self.settings)
        self.on_progress = on_progress
        self.resent = 0  # tasks sent again because their worker died
        self.resent_unstarted = 0  # of these, tasks their worker took and died before starting

    def workers(self) -> list[str]:
        """The workers that answer now (none: the tasks wait in the queue until one starts);
        :class:`DistributedError` when the broker cannot be reached."""
        try:
            with self.app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=5)
        except (OperationalError, OSError) as exc:
            raise DistributedError(f"无法连接消息队列 {self.settings.display_broker} / cannot reach the broker "
                                   f"{self.settings.display_broker}: {exc} ([distributed] broker_url, "
                                   "GOVINSPECT_BROKER_URL)") from None
        return sorted(name for reply in self.app.control.ping(timeout=2) for name in reply)

    def run(self, run_id: str, only_rules: list[str] | None = None) -> RunResult:
        """Crawl, compare, analyse and finish ``run_id`` on the workers."""
        get_run(self.store, run_id)
        targets = run_targets(self.store, run_id)
        self._step(run_id, "crawl", {t.code: [run_id, t.code] for t in targets}, CRAWL)
        mark_crawled(self.store, run_id)
        return self.analyse(run_id, only_rules)

    def analyse(self, run_id: str, only_rules: list[str] | None = None) -> RunResult:
        """Compare, analyse and finish ``run_id`` on the workers, from what the store holds
        (``analyse RUN --distributed``: no network, as ``analyse RUN``)."""
        if get_run(self.store, run_id).state == "analysed":
            mark_crawled(self.store, run_id)  # analysed again: else its analysis tasks take it for finished
        targets = run_targets(self.store, run_id)
        begin_analysis(self.store, run_id)
        similar: dict[str, Any] = self._step(run_id, "similarity", {SIMILARITY_LEASE: [run_id, only_rules]},
                                             SIMILARITY)[SIMILARITY_LEASE]
        done = self._step(run_id, "analyse", {t.code: [run_id, t.code, only_rules, similar.get(t.code, [])]
                                              for t in targets}, ANALYSE)
        result = stored_result(self.store, run_id, {code: (r["pages"], r["coverage"]) for code, r in done.items()})
        result.finished, result.alerts = finish_run(self.store, self.config, run_id,
                                                    [(t.site, t.findings) for t in result.targets], only_rules)
        return result

    def _step(self, run_id: str, step: str, work: dict[str, list[Any]], task: str) -> dict[str, Any]:
        """Send one ``task`` per entry of ``work`` (lease key → arguments); wait for all; their results."""
        sent = {key: self._send(task, args) for key, args in work.items()}
        results: dict[str, Any] = {}
        while True:
            waiting = {key: entry for key, entry in sent.items()
                       if key not in results and self._look(run_id, step, key, entry, results) in WAITING}
            self._look_for_unstarted(run_id, step, waiting)
            if self.on_progress is not None:
                self.on_progress(step, len(results), len(sent))
            if len(results) == len(sent):
                return results
            time.sleep(self.settings.poll_seconds)

    def _look(self, run_id: str, step: str, key: str, entry: _Sent, results: dict[str, Any]) -> str:
        """Take the task's result if it is done, send it again if its worker died while running it; its state."""
        state: str = entry.result.state
        if state == "SUCCESS":
            results[key] = entry.result.result
        elif state == "FAILURE":
            raise DistributedError(f"任务失败 / task failed: {step} {key} ({run_id}): {entry.result.result!r}; "
                                   "再次运行同一命令可继续 / run the same command again to resume")
        elif state == "STARTED" and lease_holder(self.store, run_id, key) is None:
            self._lost(run_id, step, key, entry)
        elif state not in WAITING:  # (a waiting task is looked at by _look_for_unstarted)
            entry.lost_since = None
        return state

    def _look_for_unstarted(self, run_id: str, step: str, waiting: dict[str, _Sent]) -> None:
        """Send again the waiting tasks a worker took and died before starting (see the module's docs).
        The broker is asked only about tasks waiting ``lost_task_seconds`` since sent; the workers
        only about those among them whose message was taken."""
        now = time.monotonic()
        due = {key: entry for key, entry in waiting.items() if now - entry.sent_at >= self.settings.lost_task_seconds}
        taken = unacknowledged(self.app) if due else {}
        suspects = {key: entry for key, entry in due.items() if entry.result.id in taken}
        held = held_by_workers(self.app, [entry.result.id for entry in suspects.values()])
        for key, entry in waiting.items():
            if key in suspects and entry.result.id not in held and lease_holder(self.store, run_id, key) is None:
                self._lost(run_id, step, key, entry, taken[entry.result.id])
            else:
                entry.lost_since = None  # in the queue, or held by a live worker

    def _lost(self, run_id: str, step: str, key: str, entry: _Sent, delivery: str | None = None) -> None:
        """The task's worker is gone (``delivery``: the unacknowledged message it took and never
        started): once that has held for ``lost_task_seconds``, send a copy that resumes the target."""
        now = time.monotonic()
        if entry.lost_since is None:
            entry.lost_since = now
            return
        if now - entry.lost_since < self.settings.lost_task_seconds:
            return
        if entry.resent >= self.settings.task_retries:  # a target that kills every worker it meets
            raise DistributedError(f"{step} {key} ({run_id}): 执行它的worker已{entry.resent + 1}次中途退出 / "
                                   f"the worker running it died {entry.resent + 1} times; see the workers' logs")
        if delivery is not None:
            drop_delivery(self.app, delivery)  # else Redis hands it out again after the visibility timeout
            self.resent_unstarted += 1
        fresh = self._send(entry.task, entry.args)
        entry.result, entry.sent_at, entry.lost_since, entry.resent = fresh.result, fresh.sent_at, None, entry.resent + 1
        self.resent += 1

    def _send(self, task: str, args: list[Any]) -> _Sent:
        return _Sent(task, args, self.app.send_task(task, args=args))
