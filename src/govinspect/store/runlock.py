"""运行锁 / run lock: one ``inspect`` per store at a time, on SQLite and PostgreSQL.

Two runs on the same store would share the registry, the frontier and the findings tables and
spoil each other (a second run "resuming" the first one's live run, duplicate site rows). The
lock is one row of ``run_locks``: who holds it (run id, pid, host, since when) and a heartbeat.

- Taking it is an INSERT: the primary key lets exactly one of two simultaneous takers win, on
  every database, without database-specific locking.
- A killed holder (``kill -9``) leaves its row behind. The row is *stale*, and is taken over,
  when its process is gone on this host (or the pid now belongs to a newer process), or, for a
  holder on another host, when its heartbeat is older than ``[store] lock_stale_seconds``.
  Taking over is a compare-and-swap on the row's token, so two takers cannot both win.
- The holder refreshes its heartbeat from a background thread every ``lock_heartbeat_seconds``.

Heartbeats from other hosts are judged with this host's clock: keep the hosts' clocks in sync
(NTP), well within ``lock_stale_seconds``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from govinspect.store.db import Store
from govinspect.store.models import RunLockRow
from govinspect.timeutil import CHINA_TZ, utcnow

log = logging.getLogger(__name__)

INSPECT_LOCK = "inspect"


@dataclass(frozen=True)
class LockHolder:
    """Who holds a run lock, as read from the store."""

    name: str
    token: str
    run_id: str | None
    pid: int
    host: str
    started: datetime
    heartbeat: datetime

    @classmethod
    def from_row(cls, row: RunLockRow) -> LockHolder:
        return cls(row.name, row.token, row.run_id, row.pid, row.host, row.started, row.heartbeat)

    def describe(self) -> str:
        run = self.run_id or "准备中 starting"
        since = self.started.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S%z")
        return f"运行 run {run} (pid {self.pid}, 主机 host {self.host}, 开始 started {since})"


class RunLockBusy(Exception):
    """另一个检查正在运行 / another inspection holds the store's run lock."""

    def __init__(self, holder: LockHolder) -> None:
        self.holder = holder
        super().__init__(f"本数据库已有检查正在运行：{holder.describe()}。等它结束或加 --wait 排队 / "
                         f"another inspection is running on this store: {holder.describe()}; "
                         "wait for it to finish, or pass --wait to queue behind it")


def _boot_time() -> float | None:
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except OSError:
        return None
    return None


def _proc_stat(pid: int) -> tuple[str, float] | None:
    """(state letter, start time as a UNIX timestamp) of a process, from Linux's /proc; None elsewhere."""
    boot = _boot_time()
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) "; comm may hold spaces
    if boot is None or len(fields) < 20:
        return None
    return fields[0], boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def process_alive(pid: int, since: datetime) -> bool:
    """Whether the process ``pid`` on this host still runs and is the one that took the lock at ``since``."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    stat = _proc_stat(pid)
    if stat is None:
        return True
    state, started = stat
    if state in ("Z", "X"):  # killed, not yet reaped by its parent
        return False
    # a pid is reused: a process younger than the lock is not the one that took it (2 s of slack)
    return started <= since.timestamp() + 2


class RunLock:
    """The store's run lock; use as ``with RunLock(store).acquire(): ...`` or acquire/release."""

    def __init__(self, store: Store, name: str = INSPECT_LOCK, *, host: str | None = None) -> None:
        self.store = store
        self.name = name
        self.host = host or socket.gethostname()
        self.pid = os.getpid()
        self.token = uuid.uuid4().hex
        self.taken_over: LockHolder | None = None  # the stale holder this lock replaced, if any
        self.lost = False  # set when another process took the lock from us (our heartbeat stopped too long)
        self._held = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- taking ------------------------------------------------------------------------------

    def acquire(self, *, wait: bool = False, on_wait: Callable[[LockHolder], None] | None = None) -> RunLock:
        """Take the lock, or raise :class:`RunLockBusy`; with ``wait``, poll until it is free,
        calling ``on_wait`` once per holder waited for."""
        waited_for: str | None = None
        while True:
            holder = self._try_take()
            if holder is None:
                self._held = True
                self._start_heartbeat()
                return self
            if not wait:
                raise RunLockBusy(holder)
            if on_wait is not None and holder.token != waited_for:
                on_wait(holder)
            waited_for = holder.token
            if self._stop.wait(self.store.settings.lock_wait_poll_seconds):
                raise RunLockBusy(holder)

    def _try_take(self) -> LockHolder | None:
        """None when taken; otherwise the live holder."""
        for _ in range(10):  # a holder that leaves between our INSERT and our read: try again
            now = utcnow()
            try:
                with self.store.session() as session, session.begin():
                    session.add(RunLockRow(name=self.name, token=self.token, run_id=None, pid=self.pid,
                                           host=self.host, started=now, heartbeat=now))
                return None
            except IntegrityError:
                pass
            with self.store.session() as session:
                row = session.get(RunLockRow, self.name)
                holder = LockHolder.from_row(row) if row is not None else None
            if holder is None:
                continue
            if not self.is_stale(holder, now):
                return holder
            if self._swap(holder, now):
                self.taken_over = holder
                log.warning("took over a stale run lock: %s", holder.describe())
                return None
        raise RuntimeError("运行锁反复变化 / the run lock kept changing hands")

    def _swap(self, stale: LockHolder, now: datetime) -> bool:
        with self.store.session() as session, session.begin():
            result = session.execute(
                update(RunLockRow).where(RunLockRow.name == self.name, RunLockRow.token == stale.token)
                .values(token=self.token, run_id=None, pid=self.pid, host=self.host, started=now, heartbeat=now))
            return bool(getattr(result, "rowcount", 0) == 1)

    def is_stale(self, holder: LockHolder, now: datetime) -> bool:
        if holder.host == self.host:
            return not process_alive(holder.pid, holder.started)
        return now - holder.heartbeat > timedelta(seconds=self.store.settings.lock_stale_seconds)

    # -- holding -----------------------------------------------------------------------------

    def set_run(self, run_id: str) -> None:
        """Name the run being made under the lock (shown to whoever finds the lock held)."""
        self._update(run_id=run_id)

    def _update(self, **values: object) -> bool:
        with self.store.session() as session, session.begin():
            result = session.execute(update(RunLockRow).where(
                RunLockRow.name == self.name, RunLockRow.token == self.token).values(**values))
            held = bool(getattr(result, "rowcount", 0) == 1)
        if not held and not self.lost:
            self.lost = True
            log.error("运行锁已被其他进程接管 / the run lock was taken over by another process")
        return held

    def _start_heartbeat(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name=f"run-lock-{self.name}", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(self.store.settings.lock_heartbeat_seconds):
            try:
                if not self._update(heartbeat=utcnow()):
                    return
            except Exception as exc:  # a busy or briefly unreachable store: try again next beat
                log.warning("run lock heartbeat failed: %s", type(exc).__name__)

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.store.settings.connect_timeout_seconds + 5)
            self._thread = None
        if self._held:
            self._held = False
            with self.store.session() as session, session.begin():
                session.execute(delete(RunLockRow).where(RunLockRow.name == self.name,
                                                         RunLockRow.token == self.token))

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def current_holder(store: Store, name: str = INSPECT_LOCK) -> LockHolder | None:
    """The live holder of the lock, if any (a stale row counts as free)."""
    with store.session() as session:
        row = session.get(RunLockRow, name)
        holder = LockHolder.from_row(row) if row is not None else None
    if holder is None or RunLock(store, name).is_stale(holder, utcnow()):
        return None
    return holder
