"""The run lock (运行锁) in one process: taking, refusing, stale holders, heartbeat, waiting.

The same checks run on PostgreSQL in test_postgres.py; the real two-process races are in
test_run_lock_processes.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from govinspect.store import Store, open_store
from govinspect.store.models import RunLockRow
from govinspect.store.runlock import LockHolder, RunLock, RunLockBusy, current_holder, process_alive
from govinspect.store.settings import StoreSettings


def fast_settings() -> StoreSettings:
    return replace(StoreSettings.defaults(), lock_heartbeat_seconds=0.1, lock_stale_seconds=1.0,
                   lock_wait_poll_seconds=0.05)


@pytest.fixture()
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    store = open_store(store_url, settings=fast_settings())
    yield store
    store.close()


def dead_pid() -> int:
    """The pid of a process that has finished and been reaped."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(proc.stdout)


def plant(store: Store, *, pid: int, host: str, started: datetime, heartbeat: datetime | None = None) -> None:
    """A lock row as another (maybe killed) process would have left it."""
    with store.session() as session, session.begin():
        session.add(RunLockRow(name="inspect", token="planted", run_id="20210321-old", pid=pid, host=host,
                               started=started, heartbeat=heartbeat or started))


def check_exclusion(first: Store, second: Store) -> None:
    """Shared with the PostgreSQL test: one holder at a time, released on exit."""
    lock = RunLock(first).acquire()
    lock.set_run("20210321-a")
    with pytest.raises(RunLockBusy) as info:
        RunLock(second).acquire()
    holder = info.value.holder
    assert (holder.run_id, holder.pid) == ("20210321-a", os.getpid())
    message = str(info.value)
    assert "20210321-a" in message and f"pid {os.getpid()}" in message and holder.host in message
    assert "正在运行" in message and "--wait" in message
    assert current_holder(second) == holder
    lock.release()
    assert current_holder(second) is None
    with RunLock(second).acquire() as again:
        assert again.taken_over is None


def check_stale_takeover(store: Store) -> None:
    """Shared with the PostgreSQL test: a holder from another host whose heartbeat stopped."""
    long_ago = datetime.now(UTC) - timedelta(minutes=10)
    plant(store, pid=1, host="other-host", started=long_ago)
    with RunLock(store).acquire() as lock:
        assert lock.taken_over is not None and lock.taken_over.host == "other-host"
        assert current_holder(store) is not None and current_holder(store).pid == os.getpid()  # type: ignore[union-attr]


def test_one_holder_at_a_time(store: Store, store_url: str) -> None:
    other = open_store(store_url, settings=fast_settings())
    try:
        check_exclusion(store, other)
    finally:
        other.close()


def test_killed_process_on_this_host_is_stale(store: Store) -> None:
    lock = RunLock(store)
    plant(store, pid=dead_pid(), host=lock.host, started=datetime.now(UTC))
    lock.acquire()
    try:
        assert lock.taken_over is not None and lock.taken_over.run_id == "20210321-old"
    finally:
        lock.release()


def test_live_process_on_this_host_is_not_stale_however_old_its_heartbeat(store: Store) -> None:
    """A same-host holder is judged by its process: a long pause in heartbeats does not free it."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        time.sleep(0.2)
        plant(store, pid=sleeper.pid, host=RunLock(store).host, started=datetime.now(UTC),
              heartbeat=datetime.now(UTC) - timedelta(hours=1))
        with pytest.raises(RunLockBusy):
            RunLock(store).acquire()
        sleeper.kill()
        sleeper.wait()
        with RunLock(store).acquire() as lock:
            assert lock.taken_over is not None and lock.taken_over.pid == sleeper.pid
    finally:
        sleeper.kill()
        sleeper.wait()


def test_reused_pid_is_stale(store: Store) -> None:
    """The pid is alive but belongs to a process younger than the lock: the holder is gone."""
    assert process_alive(os.getpid(), datetime.now(UTC))
    assert not process_alive(os.getpid(), datetime(2000, 1, 1, tzinfo=UTC))
    assert not process_alive(dead_pid(), datetime.now(UTC))


def test_other_host_with_fresh_heartbeat_is_busy_and_old_heartbeat_is_stale(store: Store) -> None:
    plant(store, pid=1, host="other-host", started=datetime.now(UTC) - timedelta(hours=1),
          heartbeat=datetime.now(UTC))
    with pytest.raises(RunLockBusy) as info:
        RunLock(store).acquire()
    assert info.value.holder.host == "other-host"
    with store.session() as session, session.begin():
        row = session.get(RunLockRow, "inspect")
        assert row is not None
        row.heartbeat = datetime.now(UTC) - timedelta(seconds=5)  # > lock_stale_seconds (1 s)
    with RunLock(store).acquire() as lock:
        assert lock.taken_over is not None and lock.taken_over.host == "other-host"


def test_stale_takeover(store: Store) -> None:
    check_stale_takeover(store)


def test_heartbeat_keeps_a_long_run_fresh(store: Store) -> None:
    with RunLock(store).acquire():
        first = _heartbeat(store)
        # beats every 0.1 s; the bound is liveness only (a loaded disk can stall a commit for a while)
        deadline = time.monotonic() + 30
        while _heartbeat(store) <= first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _heartbeat(store) > first
    assert current_holder(store) is None


def test_lost_lock_is_noticed(store: Store) -> None:
    lock = RunLock(store).acquire()
    try:
        with store.session() as session, session.begin():
            row = session.get(RunLockRow, "inspect")
            assert row is not None
            row.token = "someone-else"  # what a take-over by another process looks like
        deadline = time.monotonic() + 30  # liveness only
        while not lock.lost and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lock.lost
    finally:
        lock.release()
    assert current_holder(store) is not None, "release never deletes another holder's row"


def test_wait_queues_until_released(store: Store, store_url: str) -> None:
    other = open_store(store_url, settings=fast_settings())
    holder = RunLock(store).acquire()
    seen: list[LockHolder] = []
    threading.Timer(0.5, holder.release).start()
    started = time.monotonic()
    try:
        with RunLock(other).acquire(wait=True, on_wait=seen.append) as lock:
            assert lock.taken_over is None
        assert time.monotonic() - started >= 0.4
        assert len(seen) == 1 and seen[0].pid == os.getpid(), "one waiting line per holder"
    finally:
        other.close()


def _heartbeat(store: Store) -> datetime:
    with store.session() as session:
        row = session.get(RunLockRow, "inspect")
        assert row is not None
        return row.heartbeat


def test_analyse_refuses_the_run_being_inspected(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govinspect.cli import app

    home = tmp_path / "home"
    store = open_store(f"sqlite:///{home / 'govinspect.db'}")
    try:
        with RunLock(store).acquire() as lock:
            lock.set_run("20210321-live")
            result = CliRunner().invoke(app, ["--home", str(home), "analyse", "20210321-live"])
            assert result.exit_code == 3 and "being inspected" in result.output and "20210321-live" in result.output
            other = CliRunner().invoke(app, ["--home", str(home), "analyse", "20210321-other"])
            assert other.exit_code == 2 and "no run" in other.output  # another run is not held back by the lock
    finally:
        store.close()


def test_a_new_store_opened_by_several_processes_at_once(tmp_path: Path) -> None:
    """Two inspections started together both create the store first: one migrates, the other waits."""
    code = f"from govinspect.store import open_store; open_store('sqlite:///{tmp_path / 'new.db'}').close()"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(4)]
    errors = [proc.communicate(timeout=120)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 4, errors


def test_read_only_commands_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    """An inspection writes all the time; `runs` opening the (up to date) store takes no write lock."""
    import sqlite3

    from typer.testing import CliRunner

    from govinspect.cli import app

    home = tmp_path / "home"
    open_store(f"sqlite:///{home / 'govinspect.db'}").close()
    writer = sqlite3.connect(home / "govinspect.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # what the crawler holds while it flushes a batch
    try:
        started = time.monotonic()
        result = CliRunner().invoke(app, ["--home", str(home), "runs"])
        assert result.exit_code == 0, result.output
        assert time.monotonic() - started < 10, "waited for the writer's lock"
    finally:
        writer.execute("ROLLBACK")
        writer.close()
