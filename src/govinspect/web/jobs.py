"""Runs launched from the web application (发起检查) and queued re-checks (复查), in a worker thread.

A run from the browser is the same as ``govinspect inspect`` on the registry in the store: it
takes the store's run lock first (one inspection per store), so a launch while another run
holds the lock is refused with who holds it, and nothing is started. Its targets are analysed in
the same process pool as ``inspect --jobs N`` (``serve --jobs``, default the cores this process may
use). Progress (sites crawled, targets analysed) is kept in memory for the page to poll. Re-checks
queue behind the run lock (``--wait``).

A run may include the new-media accounts (政务新媒体) of an account registry file, as
``inspect --media FILE`` does; the files offered are the valid account registries in the home
folder (:func:`account_registries`), so a browser never names a path on the server.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from govinspect import pipeline
from govinspect.config import Config
from govinspect.media.registry import load_accounts, run_options
from govinspect.model import SiteStatus
from govinspect.registry.importer import RegistryError
from govinspect.registry.store import load_sites
from govinspect.store import Store
from govinspect.store.runlock import RunLock, RunLockBusy, current_holder
from govinspect.tasks.parallel import default_jobs
from govinspect.tasks.target import TargetResult
from govinspect.timeutil import CHINA_TZ
from govinspect.workflow.recheck import recheck

log = logging.getLogger(__name__)


class LaunchError(RuntimeError):
    """无法发起检查 / the run cannot be started."""


@dataclass
class JobState:
    """What the progress page shows (检查进度)."""

    kind: str = ""  # inspect | recheck
    run_id: str = ""
    phase: str = "idle"  # idle | crawling | analysing | done | failed
    sites_total: int = 0
    sites_done: int = 0
    pages: int = 0
    targets_total: int = 0  # sites and accounts: what the analysis judges
    analysed: int = 0
    error: str = ""
    log: list[str] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.phase in ("starting", "crawling", "analysing")


class _Progress:
    """CrawlProgress that counts into the job state."""

    def __init__(self, state: JobState) -> None:
        self.state = state

    def site_started(self, code: str, name: str, total_hint: int) -> None:
        self.state.log.append(f"开始 {name}")

    def page_done(self, code: str, url: str, ok: bool) -> None:
        self.state.pages += 1

    def site_done(self, code: str, pages: int, errors: int) -> None:
        self.state.sites_done += 1


def _count_analysed(state: JobState, result: TargetResult) -> None:
    state.analysed += 1


def account_registries(home: Path) -> list[str]:
    """Names of the account registries (政务新媒体名录, CSV or XLSX) in the home folder that load
    without a problem: what a run launched from the browser may include."""
    if not home.is_dir():
        return []
    names = []
    for path in sorted(home.iterdir()):
        if path.is_file() and path.suffix.lower() in (".csv", ".xlsx"):
            try:
                load_accounts(path)
            except RegistryError:
                continue  # a site registry or a broken file: not offered
            names.append(path.name)
    return names


class Jobs:
    """One worker at a time per application; the run lock guards against other processes."""

    def __init__(self, store: Store, config: Config, jobs: int | None = None) -> None:
        self.store = store
        self.config = config
        self.jobs = jobs or default_jobs()  # processes analysing targets at once, as `inspect --jobs`
        self.state = JobState()
        self._mutex = threading.Lock()
        self._thread: threading.Thread | None = None
        self.rechecks: list[threading.Thread] = []

    def launch_inspection(self, as_of: datetime | None, started_by: str, media: str | None = None) -> str:
        """Take the run lock, start the run on the store's registry (and the accounts of the account
        registry named ``media``, one of :func:`account_registries`) and crawl it in the background;
        the run id. :class:`LaunchError` when a run is already going (here or in another process)
        or the account registry is not one offered."""
        accounts, options = self._accounts(media)
        with self._mutex:
            if self.state.running:
                raise LaunchError(f"已有检查在进行：{self.state.run_id} / a run is already going: {self.state.run_id}")
            holder = current_holder(self.store)
            if holder is not None:
                raise LaunchError(RunLockBusy(holder).args[0])
            sites = [s for s in load_sites(self.store) if s.status in (SiteStatus.RUNNING, SiteStatus.CLOSED)]
            if not sites and not accounts:
                raise LaunchError("名录为空，请先导入网站名录 / the registry is empty: import one first "
                                  "(govinspect registry import)")
            lock = RunLock(self.store)
            try:
                lock.acquire()
            except RunLockBusy as exc:
                raise LaunchError(str(exc)) from None
            moment = as_of or datetime.now(CHINA_TZ).replace(microsecond=0)
            try:
                run_id = pipeline.start_run(self.store, sites, moment, accounts=accounts,
                                            options={**options, "started_by": started_by, "via": "web"})
                lock.set_run(run_id)
            except Exception:
                lock.release()
                raise
            self.state = JobState(kind="inspect", run_id=run_id, phase="crawling", sites_total=len(sites),
                                  targets_total=len(sites) + len(accounts))
            self._thread = threading.Thread(target=self._inspect, args=(lock, run_id), name=f"web-run-{run_id}",
                                            daemon=True)
            self._thread.start()
            return run_id

    def _accounts(self, media: str | None) -> tuple[list[Any], dict[str, Any]]:
        """The accounts and run options of the account registry ``media`` (none: no accounts)."""
        if not media:
            return [], {}
        if media not in account_registries(self.config.home):
            raise LaunchError(f"没有这个政务新媒体名录：{media} / no such account registry in the home folder")
        path = self.config.home / media
        try:
            accounts = load_accounts(path)
        except RegistryError as exc:  # changed since it was offered
            raise LaunchError(str(exc)) from None
        return accounts, run_options(path, log.warning)

    def _inspect(self, lock: RunLock, run_id: str) -> None:
        state = self.state
        try:
            with lock:
                pipeline.crawl(self.store, self.config, run_id, _Progress(state))
                state.phase = "analysing"
                result = pipeline.analyse(self.store, self.config, run_id, jobs=self.jobs,
                                          on_done=lambda done: _count_analysed(state, done))
                pipeline.write_findings(result, self.config.home / "runs" / run_id, self.store)
            state.phase = "done"
        except Exception as exc:  # shown on the progress page; the run resumes with `inspect --run`
            log.exception("web run %s failed", run_id)
            state.error = f"{type(exc).__name__}: {exc}"
            state.phase = "failed"

    def queue_recheck(self, ticket_id: int) -> threading.Thread:
        """Re-check a ticket's site once the run lock is free (queued behind a running inspection)."""
        def work() -> None:
            try:
                with RunLock(self.store).acquire(wait=True):
                    recheck(self.store, self.config, ticket_id)
            except Exception:
                log.exception("re-check of ticket %s failed", ticket_id)

        thread = threading.Thread(target=work, name=f"web-recheck-{ticket_id}", daemon=True)
        thread.start()
        self.rechecks.append(thread)
        return thread

    def wait(self, timeout: float | None = None) -> None:
        for thread in [self._thread, *self.rechecks]:
            if thread is not None:
                thread.join(timeout)
