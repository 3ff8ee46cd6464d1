"""Distributed mode for real: a redis-server and a throwaway PostgreSQL on 127.0.0.1, two
``govinspect worker`` processes, ``govinspect inspect --distributed`` of the demo farm and one
new-media account (政务新媒体, its platform data on a local server), one worker killed (``kill -9``
of its whole process group) while it holds a target, one task taken from the queue by a process
killed before it starts it (a worker dying between receiving and starting a task), and the
findings equal to the embedded run's. Skipped only when the redis-server or PostgreSQL binaries
are absent.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from govinspect import pipeline
from govinspect.config import load_config
from govinspect.demo.farm import DEMO_AS_OF, build_farm
from govinspect.demo.server import serve_farm_in_thread
from govinspect.media.model import Account, AccountStatus, Platform
from govinspect.media.registry import write_accounts
from govinspect.registry.importer import write_registry
from govinspect.store import open_store
from govinspect.timeutil import parse_as_of

from ..e2e_support import FAST_CRAWL, proxy_env
from ..store.test_postgres import _create_db, _free_port, pg_server  # noqa: F401  (the session's cluster)

pytest.importorskip("celery", reason="Celery 未安装 / Celery not installed (pip install -e .[distributed])")

GOVINSPECT = [sys.executable, "-m", "govinspect"]
SRC = Path(__file__).resolve().parents[2] / "src"

# a process that takes one task off the queue as a worker does (late acknowledgement) and is killed
# before it starts it: the message waits unacknowledged in Redis for its visibility timeout (an hour)
TAKE_ONE_AND_DIE = """
import os, signal, sys
from kombu import Connection
with Connection(sys.argv[1]) as connection:
    queue = connection.SimpleQueue(sys.argv[2])
    queue.consumer.qos(prefetch_count=1)
    print("ready", flush=True)
    message = queue.get(block=True, timeout=600)
    print(message.headers["id"], flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""



def _account_snapshot(base: str) -> dict[str, Any]:
    """One 政务号's platform snapshot, dated against the demo's monitoring point (2021-03-21): its
    last post six weeks old, a menu entry leading to a missing page, a question left unanswered."""
    return {
        "schema": "govinspect-account-snapshot/1",
        "account": {"platform": "微信", "id": "gh_d1e5a0c38b74", "name": "青禾镇发布", "entity": "青禾镇人民政府"},
        "interaction": {"留言": True},
        "menus": [{"name": "便民服务", "children": [{"name": "办事指南", "url": f"{base}/menu/guide"},
                                                  {"name": "招聘信息", "url": f"{base}/menu/jobs-2019"}]}],
        "posts": [{"title": "青禾镇召开春季农田水利建设推进会", "text": "会议部署了沟渠清淤和泵站检修。",
                   "url": f"{base}/posts/31", "published": "2021-02-05 10:30",
                   "comments": [{"author": "村民", "text": "村里的泵站什么时候检修？", "at": "2021-02-06 08:00"}]},
                  {"title": "青禾镇2021年春节值班安排", "text": "节日期间镇政府安排专人值班。",
                   "url": f"{base}/posts/30", "published": "2021-01-28 16:00"}],
    }


def _config_toml(redis: str) -> str:
    """FAST_CRAWL (the embedded run's settings) as the workers read it: from the home's config.toml."""
    lines = []
    for section, values in FAST_CRAWL.items():
        plain = {k: v for k, v in values.items() if not isinstance(v, dict)}
        if plain:
            lines += [f"[{section}]", *(f"{k} = {v!r}" for k, v in plain.items())]
        for key, table in values.items():
            if isinstance(table, dict):
                lines += [f'[{section}."{key}"]', *(f"{k} = {v!r}" for k, v in table.items())]
    return "\n".join([*lines, "[distributed]", f'broker_url = "{redis}"', "lost_task_seconds = 1",
                      "poll_seconds = 0.2", ""])


class _PlatformServer:
    """The account's platform on 127.0.0.1: its snapshot and the pages its menu links to."""

    def __init__(self) -> None:
        pages: dict[str, tuple[str, str]] = {}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body, kind = pages.get(self.path, ("<html><body>404</body></html>", "text/html"))
                self.send_response(200 if self.path in pages else 404)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                encoded = body.encode("utf-8")
                self.send_header("Content-Length", str(len(encoded)))
                self.end_headers()
                self.wfile.write(encoded)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        pages["/qinghe.json"] = (json.dumps(_account_snapshot(self.base), ensure_ascii=False), "application/json")
        pages["/menu/guide"] = ("<html><body><h1>办事指南</h1></body></html>", "text/html")
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _embedded(home: Path, sites: list[Any], accounts: list[Account]) -> pipeline.RunResult:
    config = load_config(home, FAST_CRAWL)
    store = open_store(config.db_url)
    run_id = pipeline.start_run(store, sites, parse_as_of(DEMO_AS_OF.isoformat()), accounts=accounts)
    pipeline.crawl(store, config, run_id)
    result = pipeline.analyse(store, config, run_id)
    store.close()
    return result


def _env(home: Path, db_url: str) -> dict[str, str]:
    env = {**os.environ, "GOVINSPECT_HOME": str(home), "GOVINSPECT_DB_URL": db_url}
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _lease_pids(engine: Engine) -> set[int]:
    """Pids of the worker processes holding a target's lease now."""
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(text("select pid from run_locks where name like 'target:%'"))}


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _where(finding: dict[str, Any]) -> str:
    """A finding's URL; for one cause on many pages, the pages: which of them comes first (and
    names the finding) is the order they were crawled in, which differs between any two crawls."""
    pages = (finding.get("details") or {}).get("pages")
    if not isinstance(pages, dict) or "first" not in pages:
        return finding["url"] or ""
    listed = sorted(pages["first"])
    return f"{pages['count']} pages: {listed if len(listed) == pages['count'] else '…'}"


def _comparable(doc: dict[str, Any]) -> tuple[set[tuple[str, str, str]], dict[str, str]]:
    findings = {(f["target"], f["rule"], _where(f)) for f in doc["findings"]}
    return findings, {t["code"]: t["verdict"] for t in doc["targets"]}


def _wait_for_workers(redis: str, count: int) -> None:
    """Until ``count`` workers answer (their start-up takes seconds on a loaded machine), so that
    the first one surely takes a target to be killed on."""
    from govinspect.distributed.app import make_app
    from govinspect.distributed.settings import DistributedSettings

    app = make_app(DistributedSettings(broker_url=redis, result_backend=redis, task_retries=0,
                                       retry_backoff_max_seconds=1, visibility_timeout_seconds=3600,
                                       lost_task_seconds=1, poll_seconds=0.2))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=1)) >= count:
            return
        time.sleep(0.5)
    pytest.fail(f"{count} workers did not answer within 180 s")


@pytest.mark.slow
@pytest.mark.timeout(900)  # about a minute alone; a CI machine shared by seven test runs may take several
def test_two_workers_one_killed_give_the_embedded_findings(pg_server: str, redis_url: str,  # noqa: F811
                                                           tmp_path: Path) -> None:
    from govinspect.distributed import app as dist  # after the skip: needs Celery

    started = time.monotonic()
    farm = build_farm(DEMO_AS_OF)
    sites = farm.registry()
    registry = tmp_path / "sites.csv"
    write_registry(sites, registry)
    platform = _PlatformServer()
    account = Account(name="青禾镇发布", platform=Platform.WECHAT, sponsor="青禾镇人民政府", account_id="gh_d1e5a0c38b74",
                      data_url=f"{platform.base}/qinghe.json", region="溪南县", status=AccountStatus.RUNNING)
    media = tmp_path / "accounts.csv"
    write_accounts([account], media)
    home = tmp_path / "home"  # the shared home folder: config.toml and the WARC files
    home.mkdir()
    (home / "config.toml").write_text(_config_toml(redis_url), encoding="utf-8")
    db_url = _create_db(pg_server, "distributed")
    open_store(db_url).close()  # migrated before the workers and the command race to do it
    with serve_farm_in_thread(farm) as proxy, proxy_env(proxy):
        os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1"  # the platform: not through the farm
        embedded = _embedded(tmp_path / "embedded", sites, [account])
        env = _env(home, db_url)
        logs = [tmp_path / f"worker{i}.log" for i in (1, 2)]
        workers = [subprocess.Popen([*GOVINSPECT, "worker", "--concurrency", "1", "--name", f"w{i}@%h",
                                     "--loglevel", "warning"], env=env, start_new_session=True,
                                    stdout=subprocess.DEVNULL, stderr=log.open("w"))
                   for i, log in enumerate(logs, 1)]
        thief = subprocess.Popen([sys.executable, "-c", TAKE_ONE_AND_DIE, redis_url, dist.QUEUE], env=env,
                                 stdout=subprocess.PIPE, text=True)
        try:
            _wait_for_workers(redis_url, 2)
            assert thief.stdout is not None and thief.stdout.readline().strip() == "ready"
            inspect = subprocess.Popen([*GOVINSPECT, "inspect", "--registry", str(registry), "--media", str(media),
                                        "--as-of", DEMO_AS_OF.isoformat(), "--distributed", "--format", "json"],
                                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            victim, engine = workers[0], create_engine(db_url)
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and inspect.poll() is None:
                if victim.pid in {_group_of(pid) for pid in _lease_pids(engine)}:
                    os.killpg(victim.pid, signal.SIGKILL)  # the worker and its pool process, mid-task
                    break
                time.sleep(0.1)
            else:
                pytest.fail("the first worker never held a target")
            engine.dispose()
            out, err = inspect.communicate(timeout=300)
            # the stored run judged again on the (remaining) worker, from the store and the WARC files
            again = subprocess.run([*GOVINSPECT, "analyse", json.loads(out)["run"]["id"], "--distributed", "--format",
                                    "json"], env=env, capture_output=True, text=True, timeout=300) \
                if inspect.returncode == 0 else None
        finally:
            if thief.poll() is None:  # it took nothing: the assertions below say so
                thief.kill()
            thief.wait(timeout=60)
            for worker in workers:
                if worker.poll() is None:
                    os.killpg(worker.pid, signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=60)
            platform.close()
    assert inspect.returncode == 0, err[-3000:] + logs[1].read_text()[-3000:]
    # the killed worker's target went to the other one; the task taken and never started was sent
    # again (within seconds, not Redis's hour), and no task merely waiting in the queue was
    assert thief.stdout is not None and thief.stdout.read().strip(), "the thief took no task"
    assert "sent again" in err and "1 never started" in err, err[-3000:]
    distributed = json.loads(out)
    expected = pipeline.findings_document(embedded)
    got_findings, got_verdicts = _comparable(distributed)
    want_findings, want_verdicts = _comparable(expected)
    assert account.code in got_verdicts and any(f[0] == account.code for f in want_findings)
    assert got_verdicts == want_verdicts
    assert got_findings == want_findings, (sorted(got_findings - want_findings), sorted(want_findings - got_findings))
    assert again is not None and again.returncode == 0, again.stderr[-3000:] if again else ""
    assert _comparable(json.loads(again.stdout)) == (got_findings, got_verdicts)  # `analyse RUN --distributed`
    # the killed worker's target was resumed, not fetched or judged twice
    engine = create_engine(db_url)
    with engine.connect() as conn:
        twice = conn.execute(text("select site_code, url from fetches where kind = 'page' "
                                  "group by site_code, url having count(*) > 1")).all()
        stored = conn.execute(text("select count(*) from findings")).scalar_one()
    engine.dispose()
    assert twice == []
    assert stored == len(distributed["findings"])
    print(f"distributed test: {time.monotonic() - started:.0f} s")
