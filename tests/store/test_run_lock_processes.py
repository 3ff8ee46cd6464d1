"""The run lock with real processes (issue 12 part 1): two ``govinspect inspect`` on one home.

A local site whose article pages wait behind a gate the test opens keeps the first inspection
crawling for exactly as long as the test needs, however loaded the machine: a second inspection
starts together with it, 0.3 s later, with ``--wait``, and after the first was ``kill -9``ed.
Each quarter's registry points at its own copy of the site (/q1/, /q2/), so the queued inspection
of the next quarter is held too while read-only commands run beside it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, cast

import pytest

from govinspect.model import Site
from govinspect.registry.importer import write_registry

PAGES = 80
PAGE_DELAY = 0.05  # seconds per page once the gate is open
HOLD_LIMIT = 200  # seconds a gated page waits at most (a failed test must not hang the server)
GOVINSPECT = Path(sys.executable).parent / "govinspect"
SRC = Path(__file__).resolve().parents[2] / "src"
QUARTERS = ("q1", "q2")
# timeout_seconds is far above any hold, so a held page is a slow page, never a failed one;
# max_delay_seconds keeps the adaptive throttle from slowing the crawl after a long hold.
CONFIG = """
[crawl]
render_js = "never"
site_checks = "none"
check_links = false
fetch_attachments = false
timeout_seconds = 240
max_delay_seconds = 0.2
retries = 0
[store]
lock_wait_poll_seconds = 0.2
"""


class _GatedServer(ThreadingHTTPServer):
    gates: dict[str, threading.Event]


class _GatedSite(BaseHTTPRequestHandler):
    """/q1/ and /q2/: a homepage linking PAGES articles; an article waits until its quarter's gate is open."""

    def do_GET(self) -> None:
        quarter, _, rest = self.path.strip("/").partition("/")
        gate = cast(_GatedServer, self.server).gates.get(quarter)
        if gate is None or (rest and not rest.startswith("news/")):
            self.send_error(404)
            return
        if rest:
            gate.wait(HOLD_LIMIT)
            body = "<h1>工作动态</h1><p>发布时间：2021-03-01</p><p>县政府召开常务会议。</p>"
        else:
            links = "".join(f'<li><a href="news/{i}.html">第{i}条工作动态</a></li>' for i in range(PAGES))
            body = f"<h1>慢速县人民政府</h1><ul>{links}</ul>"
        time.sleep(PAGE_DELAY)
        data = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>慢速县</title></head><body>{body}</body></html>"
        raw = data.encode("utf-8")
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the inspection that asked was killed while the page was held

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Farm:
    home: Path
    gates: dict[str, threading.Event]

    def registry(self, quarter: str = "q1") -> Path:
        return self.home / f"sites-{quarter}.csv"


@pytest.fixture()
def farm(tmp_path: Path) -> Iterator[Farm]:
    server = _GatedServer(("127.0.0.1", 0), _GatedSite)
    server.daemon_threads = True
    server.gates = {quarter: threading.Event() for quarter in QUARTERS}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(CONFIG, encoding="utf-8")
    found = Farm(home, server.gates)
    for quarter in QUARTERS:
        url = f"http://127.0.0.1:{server.server_address[1]}/{quarter}/"
        write_registry([Site("3399990001", "慢速县人民政府", url, "慢速县人民政府办公室")], found.registry(quarter))
    try:
        yield found
    finally:
        for gate in server.gates.values():
            gate.set()
        server.shutdown()
        server.server_close()


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "govinspect_db_url", "govinspect_home")}
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    return env


def _start(farm: Farm, *extra: str, quarter: str = "q1", as_of: str = "2021-03-21",
           output: IO[str] | None = None) -> subprocess.Popen[str]:
    """``inspect`` in a new process; its output is piped, or written to ``output`` to be read while it runs."""
    return subprocess.Popen([str(GOVINSPECT), "--home", str(farm.home), "inspect", "--registry",
                             str(farm.registry(quarter)), "--as-of", as_of, *extra],
                            stdout=output or subprocess.PIPE, stderr=subprocess.STDOUT if output else subprocess.PIPE,
                            text=True, env=_env())


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=240)
    return proc.returncode, (out or "") + (err or "")


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


def _crawling(home: Path, pid: int) -> bool:
    """``pid`` holds the lock and its run is crawling."""
    row = _lock_row(home)
    if row is None or row[1] != pid or row[0] is None:
        return False
    try:
        return any(run_id == row[0] and state == "crawling" for run_id, state, _, _ in _runs(home))
    except sqlite3.OperationalError:  # not created yet
        return False


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 180) -> None:
    """Poll ``condition``: the bound is only for liveness, a loaded machine just takes longer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


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
def test_two_inspections_started_together(farm: Farm) -> None:
    first, second = _start(farm), _start(farm)
    # the winner cannot finish while its articles are held: whichever ends first was refused
    _wait_for(lambda: first.poll() is not None or second.poll() is not None, "one inspection to be refused")
    farm.gates["q1"].set()
    _one_refused(farm.home, first, second)


@pytest.mark.slow
def test_0_3_s_later_one_is_refused_one_waits_and_read_only_commands_work(farm: Farm, tmp_path: Path) -> None:
    first = _start(farm)
    started = time.monotonic()
    # "later" means the first already holds the lock: on a loaded machine it may still be importing
    # 0.3 s in, and then the race is the one test_two_inspections_started_together covers.
    _wait_for(lambda: _crawling(farm.home, first.pid), "the first inspection to hold the lock and crawl")
    time.sleep(max(0.0, 0.3 - (time.monotonic() - started)))
    log = tmp_path / "waiting.log"
    with log.open("w", encoding="utf-8") as waiting_output:
        refused = _start(farm)
        waiting = _start(farm, "--wait", quarter="q2", as_of="2021-06-21", output=waiting_output)  # the next quarter
        listed = subprocess.run([str(GOVINSPECT), "--home", str(farm.home), "runs"], capture_output=True, text=True,
                                env=_env(), timeout=120)
        assert first.poll() is None, "the first inspection's articles are held: it is still going"
        assert listed.returncode == 0 and "crawling" in listed.stdout, listed.stdout + listed.stderr
        code, output = _finish(refused)
        assert code == 3 and f"pid {first.pid}" in output and "another inspection is running" in output, output
        _wait_for(lambda: "waiting for" in log.read_text(encoding="utf-8"), "the --wait inspection to queue")
        farm.gates["q1"].set()
        first_code, first_out = _finish(first)
        # the queued one now runs (2021Q2, held at its articles): the first's finished period is
        # explained and its bulletin written beside it
        _wait_for(lambda: _crawling(farm.home, waiting.pid), "the queued inspection to take the lock and crawl")
        readers = [subprocess.Popen([str(GOVINSPECT), "--home", str(farm.home), *args], stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, env=_env())
                   for args in (["explain", "3399990001"],
                                ["bulletin", "--period", "2021Q1", "--out", str(farm.home / "out")])]
        for reader in readers:
            out, _ = reader.communicate(timeout=240)
            assert reader.returncode == 0 and "Traceback" not in out, out
        assert waiting.poll() is None, "the queued inspection's articles are held: it is still going"
        assert list((farm.home / "out").glob("*.docx")), "the bulletin was written"
        farm.gates["q2"].set()
        waited_code = waiting.wait(timeout=240)
    waited_out = log.read_text(encoding="utf-8")
    assert first_code == 0 and waited_code == 0, first_out + waited_out
    assert "waiting for" in waited_out and f"pid {first.pid}" in waited_out and "等待" in waited_out
    (_, s1, _, finished1), (_, s2, started2, _) = _runs(farm.home)
    assert s1 == s2 == "analysed"
    assert finished1 is not None and started2 is not None and started2 >= finished1, "the waiting one ran after"


@pytest.mark.slow
def test_stale_lock_of_a_killed_inspection_is_taken_over_and_the_run_resumes(farm: Farm) -> None:
    first = _start(farm)
    _wait_for(lambda: _crawling(farm.home, first.pid), "the first inspection to hold the lock and crawl")
    first.send_signal(signal.SIGKILL)  # while its articles are held: the run is certainly unfinished
    first.communicate(timeout=30)
    (run_id, _), = [(r, p) for r, p in [_lock_row(farm.home) or (None, 0)]]
    assert run_id is not None, "kill -9 left the lock row behind"
    farm.gates["q1"].set()
    code, output = _finish(_start(farm))
    assert code == 0, output
    assert "接管" in output and "took over a stale run lock" in output and f"pid {first.pid}" in output
    assert f"resuming unfinished run {run_id}" in output
    assert [(rid, state) for rid, state, _, _ in _runs(farm.home)] == [(run_id, "analysed")]
