"""Benchmark: what a second inspection of unchanged sites costs (incremental re-crawl, issue 10 part 3).

    .venv/bin/python benchmarks/incremental.py [--pages 2000] [--plan full|spot] [--then full|spot]
                                               [--spot-pages 500] [--cpus 0]

Exports the demo farm's well-behaved sites (scaled to at least --pages pages) as static files
behind a real nginx on 127.0.0.1 (nginx answers with ETag and Last-Modified, and 304 to a current
conditional request), then runs ``govinspect inspect`` twice on one home (``--plan``, then
``--then``; the quarterly full check followed by a daily spot check is ``--plan full --then
spot``). The second run sends the first run's validators back, keeps a revisit record per 304
and takes unchanged pages' models from the store's page cache. Prints, for each run: pages
crawled, page bodies received (200), 304 answers, body bytes received, inspect seconds and CPU
seconds, and analyse-again seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from govinspect.demo.farm import DEMO_AS_OF, build_farm
from govinspect.registry.importer import write_registry
from run import run_measured  # benchmarks/ is the script folder
from static_farm import NGINX, export_static, serve_static

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def export(work: Path, pages: int) -> dict[str, object]:
    """The farm, doubled in scale until it has ``pages`` pages, as static files and a registry of
    its well-behaved sites (run in a child, so the parent's memory does not inflate RSS figures)."""
    scale = 1
    farm = build_farm(DEMO_AS_OF, scale=scale)
    while farm.page_count() < pages:
        scale *= 2
        farm = build_farm(DEMO_AS_OF, scale=scale)
    export_static(farm, work / "www")
    normal = [fs for fs in farm.sites if fs.behaviour == "normal"]
    write_registry([fs.site for fs in normal], work / "registry.csv")
    return {"pages": sum(len(fs.pages) for fs in normal), "sites": len(normal),
            "hosts": sorted({fs.host for fs in farm.sites} | set(farm.extra_hosts))}


def figures(db_path: Path, run_id: str) -> dict[str, int]:
    """Pages crawled, bodies received, 304s and body bytes received in one run."""
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
    parser.add_argument("--plan", default="full", choices=("full", "spot"), help="the first run's plan")
    parser.add_argument("--then", default="", choices=("", "full", "spot"), help="the second run's (default: --plan)")
    parser.add_argument("--spot-pages", type=int, default=500, help="[plan] spot page budget per site")
    parser.add_argument("--cpus", default="0", help="taskset CPU list for govinspect ('' = no pinning)")
    parser.add_argument("--work", type=Path, default=HERE / "_work_incremental")
    parser.add_argument("--export-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_only:
        print(json.dumps(export(args.work, args.pages)))
        return 0
    if not Path(NGINX).exists():
        print("nginx is missing: run scripts/setup.sh (apt-get install nginx-light)", file=sys.stderr)
        return 2
    cpus = args.cpus if args.cpus and shutil.which("taskset") else None
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    info = json.loads(subprocess.run([sys.executable, __file__, "--export-only", "--pages", str(args.pages),
                                      "--work", str(work)], check=True, capture_output=True, text=True).stdout)
    home = work / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        "[crawl]\nrender_js = \"never\"\nhomepage_probes = 0\n"
        f"[plan]\nspot = {{ max_pages_per_site = {args.spot_pages}, max_depth = 4 }}\n", encoding="utf-8")
    db_path = home / "govinspect.db"
    rows = []
    with serve_static(work / "www", list(info["hosts"]), work / "nginx") as proxy:  # type: ignore[arg-type]
        env = {**os.environ, "http_proxy": proxy, "HTTP_PROXY": proxy, "no_proxy": "", "NO_PROXY": ""}
        for label, plan in (("first", args.plan), ("second", args.then or args.plan)):
            inspected = run_measured(
                [str(BIN / "govinspect"), "--home", str(home), "inspect", "--registry", str(work / "registry.csv"),
                 "--as-of", DEMO_AS_OF.isoformat(), "--plan", plan, "--fresh", "--format", "json",
                 "--out", str(work / f"out-{label}")], env, cpus, work / f"inspect-{label}")
            with sqlite3.connect(db_path) as db:
                run_id = db.execute("select id from runs order by started desc limit 1").fetchone()[0]
            again = run_measured([str(BIN / "govinspect"), "--home", str(home), "analyse", run_id, "--format", "json",
                                  "--out", str(work / f"again-{label}")], env, cpus, work / f"analyse-{label}")
            rows.append({"run": f"{label} ({plan})", **figures(db_path, run_id), "inspect_s": inspected.seconds,
                         "cpu_s": inspected.cpu_seconds, "analyse_s": again.seconds, "rss": inspected.peak_mib,
                         "exit": max(inspected.exit_code, again.exit_code)})
            time.sleep(1.1)  # run ids are stamped to the second
    print(f"demo farm: {info['sites']} sites, {info['pages']} pages; [plan] spot = {args.spot_pages} pages per site")
    print("| run | pages | bodies (200) | 304 | bytes received | inspect s | inspect CPU s | analyse again s "
          "| peak RSS MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['run']} | {r['pages']} | {r['bodies']} | {r['not_modified']} | {r['bytes']:,} "
              f"| {r['inspect_s']:.1f} | {r['cpu_s']:.1f} | {r['analyse_s']:.1f} | {r['rss']:.0f} |")
    first, second = rows
    if first["bytes"] and first["inspect_s"]:
        print(f"second / first: bytes {second['bytes'] / first['bytes']:.1%}, "
              f"inspect time {second['inspect_s'] / first['inspect_s']:.1%}, "
              f"inspect CPU {second['cpu_s'] / max(first['cpu_s'], 0.001):.1%}")
    return 0 if all(r["exit"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
