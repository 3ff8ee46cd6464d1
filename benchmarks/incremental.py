"""Benchmark: what a second inspection of unchanged sites costs (incremental re-crawl, issue 10 part 3).

    .venv/bin/python benchmarks/incremental.py [--pages 2000] [--plan full|spot] [--cpus 0]

Exports the demo farm (scaled to at least --pages pages) as static files behind a real nginx on
127.0.0.1 (nginx answers with ETag and Last-Modified, and 304 to a current conditional request),
then runs ``govinspect inspect`` twice on one home with the same plan: the second run sends the
first run's validators back, reuses its WARC records for 304s, and takes unchanged pages' models
from the store's page cache. Prints, for each run: pages crawled, page bodies received (200),
304 answers, body bytes received, inspect seconds and analyse-again seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from govinspect.demo.farm import DEMO_AS_OF
from run import free_port, run_measured  # benchmarks/ is the script folder
from static_farm import nginx_config

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _figures(db_path: Path, run_id: str) -> dict[str, int]:
    with sqlite3.connect(db_path) as db:
        pages, bodies, not_modified, received = db.execute(
            "select count(*), sum(case when not not_modified and status = 200 then 1 else 0 end), "
            "sum(case when not_modified then 1 else 0 end), "
            "sum(case when not_modified then 0 else length end) from fetches where run_id = ? and kind = 'page'",
            (run_id,)).fetchone()
    return {"pages": pages or 0, "bodies": bodies or 0, "not_modified": not_modified or 0, "bytes": received or 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000, help="minimum pages in the farm")
    parser.add_argument("--plan", default="full", choices=("full", "spot"))
    parser.add_argument("--cpus", default="0", help="taskset CPU list for govinspect ('' = no pinning)")
    parser.add_argument("--work", type=Path, default=HERE / "_work_incremental")
    args = parser.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is missing: run scripts/setup.sh (apt-get install nginx-light)", file=sys.stderr)
        return 2
    cpus = args.cpus if args.cpus and shutil.which("taskset") else None
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    (work / "nginx").mkdir(parents=True)
    info = json.loads(subprocess.run(
        [sys.executable, str(HERE / "run.py"), "--export-only", "--scale", "0", "--pages", str(args.pages),
         "--work", str(work)], check=True, capture_output=True, text=True).stdout)
    port = free_port()
    conf = work / "nginx" / "nginx.conf"
    conf.write_text(nginx_config(work / "www", port, info["hosts"], work / "nginx"), encoding="utf-8")
    server = subprocess.Popen([nginx, "-c", str(conf), "-p", str(work / "nginx")], stderr=subprocess.DEVNULL)
    rows = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        proxy = f"http://127.0.0.1:{port}"
        env = {**os.environ, "http_proxy": proxy, "HTTP_PROXY": proxy, "no_proxy": "", "NO_PROXY": ""}
        home = work / "home"
        home.mkdir()
        (home / "config.toml").write_text("[crawl]\nrender_js = \"never\"\nhomepage_probes = 0\n", encoding="utf-8")
        db_path = home / "govinspect.db"
        for label in ("first", "second"):
            secs, rss, code = run_measured(
                [str(BIN / "govinspect"), "--home", str(home), "inspect", "--registry", str(work / "registry.csv"),
                 "--as-of", DEMO_AS_OF.isoformat(), "--plan", args.plan, "--fresh", "--format", "json",
                 "--out", str(work / f"out-{label}")], env, cpus)
            with sqlite3.connect(db_path) as db:
                run_id = db.execute("select id from runs order by started desc limit 1").fetchone()[0]
            a_secs, _, a_code = run_measured(
                [str(BIN / "govinspect"), "--home", str(home), "analyse", run_id, "--format", "json",
                 "--out", str(work / f"again-{label}")], env, cpus)
            rows.append({"run": label, **_figures(db_path, run_id), "inspect_s": round(secs, 1),
                         "analyse_s": round(a_secs, 1), "rss_mib": round(rss), "exit": max(code, a_code)})
            time.sleep(1.1)  # run ids are stamped to the second
    finally:
        server.terminate()
        server.wait()
    print("| run | pages | bodies (200) | 304 | bytes received | inspect s | analyse again s | peak RSS MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['run']} | {r['pages']} | {r['bodies']} | {r['not_modified']} | {r['bytes']:,} | {r['inspect_s']} "
              f"| {r['analyse_s']} | {r['rss_mib']} |")
    first, second = rows
    if first["bytes"] and first["inspect_s"]:
        print(f"second / first: bytes {second['bytes'] / first['bytes']:.1%}, "
              f"inspect time {second['inspect_s'] / first['inspect_s']:.1%}")
    return 0 if all(r["exit"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
