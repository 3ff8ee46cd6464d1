"""The run lock with real processes (issue 12 part 1): two ``govinspect inspect`` on one home.

A slow local site (every page takes a while to answer) keeps the first inspection busy while a
second one starts: together, 0.3 s later, with ``--wait``, and after the first was ``kill -9``ed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from govinspect.model import Site
from govinspect.registry.importer import write_registry

PAGES = 80
PAGE_DELAY = 0.25  # seconds per page: with 4 requests at a time the crawl takes ~5 s, long enough for a command to start beside it on a loaded machine
GOVINSPECT = Path(sys.executable).parent / "govinspect"
SRC = Path(__file__).resolve().parents[2] / "src"
CONFIG = """
[crawl]
render_js = "never"
site_checks = "none"
check_links = false
fetch_attachments = false
timeout_seconds = 5
retries = 0
[store]
lock_wait_poll_seconds = 0.2
"""


class _SlowSite(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(PAGE_DELAY)
        if self.path == "/":
            links = "".join(f'<li><a href="/news/{i}.html">第{i}条工作动态</a></li>' for i in range(PAGES))
            body = f"<h1>慢速县人民政府</h1><ul>{links}</ul>"
        elif self.path.startswith("/news/"):
            body = "<h1>工作动态</h1><p>发布时间：2021-03-01</p><p>县政府召开常务会议。</p>"
        else:
            self.send_error(404)
            return
        data = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>慢速县</title></head><body>{body}</body></html>"
        raw = data.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def slow_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowSite)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def home(tmp_path: Path, slow_site: str) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(CONFIG, encoding="utf-8")
    write_registry([Site("3399990001", "慢速县人民政府", slow_site, "慢速县人民政府办公室")], home / "sites.csv")
    return home


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "govinspect_db_url", "govinspect_home")}
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    return env


def _start(home: Path, *extra: str, as_of: str = "2021-03-21") -> subprocess.Popen[str]:
    return subprocess.Popen([str(GOVINSPECT), "--home", str(home), "inspect", "--registry", str(home / "sites.csv"),
                             "--as-of", as_of, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=240)
    return proc.returncode, out + err


def _runs(home: Path) -> list[tuple[str, str, str | None, str | None]]:
    with sqlite3.connect(home / "govinspect.db") as db:
        return list(db.execute("select id, state, started, finished from runs order by started"))


def _lock_row(home: Path) -> tuple[str | None, int] | None:
    try:
        with sqlite3.connect(home / "govinspect.db") as db:
            row = db.execute("select run_id, pid from run_locks").fetchone()
    except sqlite3.OperationalError:  # not created yet
        return None
    return (row[0], row[1]) if row else None


def _crawling(home: Path) -> bool:
    try:
        return any(state == "crawling" for _, state, _, _ in _runs(home))
    except sqlite3.OperationalError:  # not created yet
        return False


def _wait_for(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    pytest.fail("timed out waiting for the first inspection to hold the lock")


def _one_refused(home: Path, first: subprocess.Popen[str], second: subprocess.Popen[str]) -> None:
    results = {first.pid: _finish(first), second.pid: _finish(second)}
    winners = [pid for pid, (code, _) in results.items() if code == 0]
    assert len(winners) == 1, results
    (loser,) = set(results) - set(winners)
    code, output = results[loser]
    assert code == 3, output
    assert f"pid {winners[0]}" in output and "正在运行" in output and "another inspection is running" in output
    assert "--wait" in output
    assert "Traceback" not in output and "flush failed" not in output
    assert [state for _, state, _, _ in _runs(home)] == ["analysed"]
    assert _lock_row(home) is None, "the winner released the lock"


@pytest.mark.slow
def test_two_inspections_started_together(home: Path) -> None:
    first, second = _start(home), _start(home)
    _one_refused(home, first, second)


@pytest.mark.slow
def test_0_3_s_later_one_is_refused_one_waits_and_read_only_commands_work(home: Path) -> None:
    first = _start(home)
    started = time.monotonic()
    # "later" means the first already holds the lock: on a loaded machine it may still be importing
    # 0.3 s in, and then the race is the one test_two_inspections_started_together covers.
    _wait_for(lambda: (row := _lock_row(home)) is not None and row[1] == first.pid and _crawling(home))
    time.sleep(max(0.0, 0.3 - (time.monotonic() - started)))
    refused, waiting = _start(home), _start(home, "--wait", as_of="2021-06-21")  # the next quarter
    listed = subprocess.run([str(GOVINSPECT), "--home", str(home), "runs"], capture_output=True, text=True,
                            env=_env(), timeout=60)
    assert first.poll() is None, "the site is slow enough that the first run is still going"
    assert listed.returncode == 0 and "crawling" in listed.stdout, listed.stdout + listed.stderr
    code, output = _finish(refused)
    assert code == 3 and f"pid {first.pid}" in output and "another inspection is running" in output, output
    first_code, first_out = _finish(first)
    # the queued one now runs (2021Q2): the first's finished period is explained and its bulletin written
    assert waiting.poll() is None
    readers = [subprocess.Popen([str(GOVINSPECT), "--home", str(home), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=_env())
               for args in (["explain", "3399990001"], ["bulletin", "--period", "2021Q1", "--out", str(home / "out")])]
    for reader in readers:
        out, _ = reader.communicate(timeout=120)
        assert reader.returncode == 0 and "Traceback" not in out, out
    assert list((home / "out").glob("*.docx")), "the bulletin was written"
    waited_code, waited_out = _finish(waiting)
    assert first_code == 0 and waited_code == 0, first_out + waited_out
    assert "waiting for" in waited_out and f"pid {first.pid}" in waited_out and "等待" in waited_out
    (_, s1, _, finished1), (_, s2, started2, _) = _runs(home)
    assert s1 == s2 == "analysed"
    assert finished1 is not None and started2 is not None and started2 >= finished1, "the waiting one ran after"


@pytest.mark.slow
def test_stale_lock_of_a_killed_inspection_is_taken_over_and_the_run_resumes(home: Path) -> None:
    first = _start(home)
    _wait_for(lambda: (row := _lock_row(home)) is not None and row[0] is not None)
    time.sleep(0.5)  # into the crawl
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    (run_id, _), = [(r, p) for r, p in [_lock_row(home) or (None, 0)]]
    assert run_id is not None, "kill -9 left the lock row behind"
    code, output = _finish(_start(home))
    assert code == 0, output
    assert "接管" in output and "took over a stale run lock" in output and f"pid {first.pid}" in output
    assert f"resuming unfinished run {run_id}" in output
    assert [(rid, state) for rid, state, _, _ in _runs(home)] == [(run_id, "analysed")]
