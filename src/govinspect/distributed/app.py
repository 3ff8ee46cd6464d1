"""The Celery application: the per-target tasks of :mod:`govinspect.tasks`, run by workers.

Tasks are acknowledged late and rejected back to the queue when the process running them dies
(``acks_late``, ``reject_on_worker_lost``), a worker takes one task at a time (prefetch 1), and a
task failing on the store or the network is retried with exponential backoff. A task done twice
is harmless (the tasks are idempotent); two workers never work on one target at once: a task
first takes the target's lease (租约), a row of ``run_locks`` with the worker's host, pid and
heartbeat. A task that finds the lease held by a live worker waits (it is retried later); a
lease whose worker died is taken over, and the target's work resumes from the store.

Every worker process opens the store and reads the configuration of the home folder once
(``GOVINSPECT_HOME``, ``GOVINSPECT_DB_URL``), the same ones ``inspect --distributed`` uses.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from celery import Celery, Task
from sqlalchemy.exc import SQLAlchemyError

from govinspect.config import Config, load_config
from govinspect.distributed.settings import DistributedSettings
from govinspect.store import Store, open_store
from govinspect.store.runlock import LockHolder, RunLock, RunLockBusy, current_holder
from govinspect.store.runs import get_run
from govinspect.store.settings import StoreSettings
from govinspect.tasks.run import similar_from_json, similar_to_json, similarity_pass
from govinspect.tasks.target import analyse_target, crawl_target, plan_analysis, run_targets

CRAWL = "govinspect.crawl_target"
SIMILARITY = "govinspect.similarity_pass"
ANALYSE = "govinspect.analyse_target"
QUEUE = "govinspect"
SIMILARITY_LEASE = "*similarity*"  # the run's one cross-site pass holds this "target"
_RETRY_ON = (SQLAlchemyError, OSError, ConnectionError)  # a store or network hiccup, not a bug


def make_app(settings: DistributedSettings) -> Celery:
    """The application with its tasks; the same for workers and for ``inspect --distributed``."""
    app = Celery("govinspect", broker=settings.broker_url, backend=settings.result_backend, set_as_current=False)
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_track_started=True,  # STARTED tells a task being worked on from one waiting in the queue
        task_default_queue=QUEUE, task_serializer="json", result_serializer="json", accept_content=["json"],
        result_extended=True, result_expires=7 * 24 * 3600,
        broker_transport_options={"visibility_timeout": settings.visibility_timeout_seconds},
        broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
    )
    retry = {"autoretry_for": _RETRY_ON, "retry_backoff": True, "retry_jitter": True,
             "retry_backoff_max": settings.retry_backoff_max_seconds, "max_retries": settings.task_retries,
             "bind": True, "shared": False}  # each app its own tasks (a test may make several)
    wait = settings.poll_seconds * 5  # a lease held by a live worker: look again this much later

    @app.task(name=CRAWL, **retry)
    def crawl(task: Task, run_id: str, code: str) -> dict[str, Any]:
        """Crawl one target (or collect one account's data address)."""
        def work(store: Store, config: Config) -> dict[str, Any]:
            crawl_target(store, config, run_id, code)
            return {"code": code}
        return _under_lease(task, run_id, code, wait, work)

    @app.task(name=SIMILARITY, **retry)
    def similarity(task: Task, run_id: str, only_rules: list[str] | None) -> dict[str, Any]:
        """The run's cross-site plagiarism pass (W-D16): near-duplicates by site code."""
        return _under_lease(task, run_id, SIMILARITY_LEASE, wait, lambda store, config: {
            code: similar_to_json(docs) for code, docs in similarity_pass(store, config, run_id, only_rules).items()})

    @app.task(name=ANALYSE, **retry)
    def analyse(task: Task, run_id: str, code: str, only_rules: list[str] | None,
                similar: list[dict[str, Any]]) -> dict[str, Any]:
        """Judge one target and store its judgement and findings (replacing earlier ones)."""
        def work(store: Store, config: Config) -> dict[str, Any]:
            if get_run(store, run_id).state == "analysed":
                # a copy handed out again long after (Redis visibility timeout): the run is finished
                return {"code": code, "stale": True}
            plan = plan_analysis(store, config, run_id, only_rules, {code: similar_from_json(similar)})
            (target,) = run_targets(store, run_id, {code})
            result = analyse_target(store, config, plan, target)
            return {"code": code, "pages": result.pages, "coverage": result.coverage}
        return _under_lease(task, run_id, code, wait, work)

    return app


# -- the per-target lease ----------------------------------------------------------------------

def lease_name(run_id: str, code: str) -> str:
    """The ``run_locks`` row of one target's work in one run (the name column holds 40 characters)."""
    return "target:" + hashlib.sha1(f"{run_id}\n{code}".encode()).hexdigest()[:32]


def lease_holder(store: Store, run_id: str, code: str) -> LockHolder | None:
    """The live worker working on the target now, if any (a dead one's lease counts as free)."""
    return current_holder(store, lease_name(run_id, code))


@contextmanager
def target_lease(store: Store, run_id: str, code: str) -> Iterator[bool]:
    """Hold the target's lease for the block (True), or False when a live worker holds it."""
    lease = RunLock(store, lease_name(run_id, code))
    try:
        lease.acquire()
    except RunLockBusy:
        yield False
        return
    try:
        lease.set_run(run_id)
        yield True
    finally:
        lease.release()


def _under_lease(task: Task, run_id: str, code: str, wait: float,
                 work: Callable[[Store, Config], dict[str, Any]]) -> dict[str, Any]:
    store, config = worker_context()
    with target_lease(store, run_id, code) as held:
        if held:
            return work(store, config)
    # another live worker has it (this is a copy of its task, handed out again): come back later,
    # to find the target done, or its worker dead and the lease free
    raise task.retry(countdown=wait, max_retries=None)


# -- a worker process's store and configuration -------------------------------------------------

_context: tuple[int, Store, Config] | None = None


def worker_context() -> tuple[Store, Config]:
    """This process's store and configuration, opened on first use (a forked pool process opens its own)."""
    global _context
    if _context is None or _context[0] != os.getpid():
        config = load_config()
        settings = StoreSettings.from_section(config.data.get("store", {}))
        _context = (os.getpid(), open_store(config.db_url, create=False, settings=settings), config)
    return _context[1], _context[2]


def start_worker(settings: DistributedSettings, home: Path, *, concurrency: int, loglevel: str = "info",
                 hostname: str | None = None) -> None:
    """Run a Celery worker in this process until it is stopped (Ctrl-C, SIGTERM: warm shutdown)."""
    os.environ["GOVINSPECT_HOME"] = str(home)  # its pool processes read the same home folder
    argv = ["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}", f"--queues={QUEUE}",
            "--without-gossip", "--without-mingle"]
    if hostname:
        argv.append(f"--hostname={hostname}")
    make_app(settings).worker_main(argv)
