"""Benchmark: govinspect crawl + inspect vs a bare Scrapy spider, same pages, same nginx.

    make bench            # or: .venv/bin/python benchmarks/run.py [--scale N] [--cpus 0]

Builds the demo farm scaled up to >= 10,000 pages, exports it as static files behind a real
nginx on 127.0.0.1, and in the same run:
  1. Scrapy (fetch only: follow in-site links, keep nothing),
  2. govinspect inspect (crawl with WARC evidence + store index + link checks, then every rule),
  3. govinspect analyse (the same run judged again from the stored WARC: analysis pages/s).
Both crawlers reach the farm through http_proxy=nginx, as in the demo. Each runs as its own
process, pinned to the same single core by default (--cpus), so pages/s compare like for like.
Prints one table: pages, seconds, pages/s, ratio to Scrapy, peak RSS.
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

from govinspect.demo.farm import DEMO_AS_OF, build_farm
from govinspect.registry.importer import write_registry
from static_farm import export_static, nginx_config  # benchmarks/ is the script folder

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_measured(cmd: list[str], env: dict[str, str], cpus: str | None) -> tuple[float, float, int]:
    """Run cmd; return (seconds, peak RSS in MiB, exit code)."""
    if cpus:
        cmd = ["taskset", "-c", cpus, *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def export_only(scale: int, min_pages: int, work: Path) -> None:
    """Build the farm (doubling the scale until it has ``min_pages``), export it, print a summary."""
    size = scale or 1
    farm = build_farm(DEMO_AS_OF, scale=size)
    while not scale and farm.page_count() < min_pages:
        size *= 2
        farm = build_farm(DEMO_AS_OF, scale=size)
    files = export_static(farm, work / "www")
    # Only the well-behaved sites: the hostile hosts (503, slow, traps) measure timeouts, not speed.
    sites = [fs.site for fs in farm.sites if fs.behaviour == "normal"]
    write_registry(sites, work / "registry.csv")
    hosts = sorted({fs.host for fs in farm.sites} | set(farm.extra_hosts))
    print(json.dumps({"files": files, "pages": farm.page_count(), "hosts": hosts, "sites": [s.url for s in sites]}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=0, help="farm scale (0: smallest reaching --pages)")
    parser.add_argument("--pages", type=int, default=10_000, help="minimum pages in the farm")
    parser.add_argument("--cpus", default="0", help="taskset CPU list for each crawler ('' = no pinning)")
    parser.add_argument("--work", type=Path, default=HERE / "_work")
    parser.add_argument("--export-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_only:
        export_only(args.scale, args.pages, args.work)
        return 0

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is missing: run scripts/setup.sh (apt-get install nginx-light)", file=sys.stderr)
        return 2
    cpus = args.cpus if args.cpus and shutil.which("taskset") else None

    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    (work / "nginx").mkdir(parents=True)
    # The farm is built in a child process: Linux children inherit the parent's peak RSS, so a
    # parent holding 18k pages would hide the crawlers' own memory figures.
    info = json.loads(subprocess.run(
        [sys.executable, __file__, "--export-only", "--scale", str(args.scale), "--pages", str(args.pages),
         "--work", str(work)], check=True, capture_output=True, text=True).stdout)
    files, page_count, hosts, sites = info["files"], info["pages"], info["hosts"], info["sites"]
    port = free_port()
    conf = work / "nginx" / "nginx.conf"
    conf.write_text(nginx_config(work / "www", port, hosts, work / "nginx"), encoding="utf-8")
    server = subprocess.Popen([nginx, "-c", str(conf), "-p", str(work / "nginx")], stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            print(f"nginx did not start (see {work / 'nginx' / 'error.log'})", file=sys.stderr)
            return 2
        proxy = f"http://127.0.0.1:{port}"
        env = {**os.environ, "http_proxy": proxy, "HTTP_PROXY": proxy, "no_proxy": "", "NO_PROXY": ""}
        registry = work / "registry.csv"
        urls = ",".join(sites)

        # 1. Scrapy, fetch only
        result_file = work / "scrapy-pages.txt"
        scrapy_env = {**env, "BENCH_RESULT": str(result_file)}
        s_secs, s_rss, s_rc = run_measured(
            [str(BIN / "scrapy"), "runspider", str(HERE / "scrapy_peer.py"), "-a", f"urls={urls}"], scrapy_env, cpus)
        s_pages = int(result_file.read_text()) if result_file.exists() else 0

        # 2. govinspect crawl + inspect
        home = work / "home"
        home.mkdir()
        (home / "config.toml").write_text(
            "[crawl]\nmax_pages_per_site = 1000000\nmax_depth = 100\nrender_js = \"never\"\n"
            "per_host_concurrency = 8\nglobal_concurrency = 64\n", encoding="utf-8")
        g_secs, g_rss, g_rc = run_measured(
            [str(BIN / "govinspect"), "--home", str(home), "inspect", "--registry", str(registry),
             "--as-of", DEMO_AS_OF.isoformat(), "--out", str(work / "out"), "--format", "json"], env, cpus)
        db = sqlite3.connect(home / "govinspect.db")
        g_pages = db.execute("select count(*) from fetches where kind='page'").fetchone()[0]
        g_fetches = db.execute("select count(*) from fetches").fetchone()[0]
        run_id = db.execute("select id from runs order by started desc limit 1").fetchone()[0]
        db.close()

        # 3. analysis alone, from the stored WARC
        a_secs, a_rss, a_rc = run_measured(
            [str(BIN / "govinspect"), "--home", str(home), "analyse", run_id, "--out", str(work / "out2"),
             "--format", "json"], env, cpus)
    finally:
        server.terminate()
        server.wait(10)

    rows = [
        ("scrapy (fetch only)", s_pages, s_secs, s_rss, s_rc),
        ("govinspect crawl+inspect", g_pages, g_secs, g_rss, g_rc),
        ("govinspect analyse (WARC)", g_pages, a_secs, a_rss, a_rc),
    ]
    base = s_pages / s_secs if s_secs and s_pages else 0.0
    print(f"\nfarm: {page_count} pages in {len(sites)} sites ({files} files), nginx on 127.0.0.1:{port}, "
          f"pinned to CPU {cpus or 'none'}; govinspect fetches incl. link checks/robots/probes: {g_fetches}")
    print(f"{'tool':28} {'pages':>7} {'seconds':>8} {'pages/s':>9} {'vs scrapy':>9} {'peak MiB':>9} {'exit':>4}")
    for name, pages, secs, rss, rc in rows:
        rate = pages / secs if secs else 0.0
        ratio = f"{rate / base:.2f}x" if base else "-"
        print(f"{name:28} {pages:7d} {secs:8.2f} {rate:9.1f} {ratio:>9} {rss:9.1f} {rc:4d}")
    return 0 if all(r[4] == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
