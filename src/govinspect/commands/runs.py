"""``govinspect inspect``, ``analyse`` and ``runs`` — a run from registry to findings, judged again
offline, and the runs in the store. The work is :mod:`govinspect.pipeline`; this module parses
options, takes the run lock (运行锁) and prints the summary."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from govinspect.commands._common import (
    JOBS_OPTION,
    console,
    err_console,
    fail,
    home_config,
    home_store,
    load_accounts_file,
    load_registry_file,
    output_folder,
    output_format,
    verdict_words,
)
from govinspect.timeutil import AsOfError, iso, parse_as_of

if TYPE_CHECKING:
    from govinspect.config import Config
    from govinspect.crawl.plan import Plan
    from govinspect.pipeline import RunResult
    from govinspect.store import Store
    from govinspect.store.runlock import LockHolder, RunLock


def register(app: typer.Typer) -> None:
    app.command()(inspect)
    app.command()(analyse)
    app.command()(runs)


def _media_options(media_file: Path) -> dict[str, Any]:
    from govinspect.media.registry import run_options

    return run_options(media_file, lambda text: err_console.print(f"[yellow]{text}[/]", highlight=False))


def _summary_table(result: RunResult) -> Table:
    table = Table(title=f"检查结果 / results — run {result.run_id}, 监测时间点 {iso(result.as_of)}")
    for col in ("标识码", "名称 name", "结论 verdict", "得分 score", "单项否决 veto", "待复核 pending review",
                "问题 findings", "抓取 crawl"):
        table.add_column(col)
    for t in result.targets:
        verdict = verdict_words(t.judgement.verdict, styled=True)
        if t.judgement.verdict == "pass" and t.judgement.pending_review:
            verdict = "[yellow]合格 pass（待复核）[/]"
        score = "" if t.judgement.score is None else f"{t.judgement.score:.1f}"
        table.add_row(t.site.code, t.site.name, verdict, score, " ".join(t.judgement.veto),
                      " ".join(t.judgement.pending_review), str(len(t.findings)), t.coverage)
    return table


def _report(result: RunResult, out: Path, fmt: str, store: Store | None = None) -> None:
    from govinspect import pipeline

    path = pipeline.write_findings(result, out, store)
    for line in result.alerts.lines() if result.alerts is not None else []:
        err_console.print(line, highlight=False, markup=False)  # stderr: --format json keeps stdout clean
    if fmt == "json":
        sys.stdout.write(json.dumps(pipeline.findings_document(result), ensure_ascii=False, indent=2) + "\n")
        return
    console.print(_summary_table(result))
    passed = sum(1 for t in result.targets if t.judgement.verdict == "pass")
    pending = sum(1 for t in result.targets if t.judgement.pending_review)
    total = len(result.targets)
    rate = f"{passed / total:.1%}" if total else "-"
    console.print(f"合格 {passed}/{total} ({rate}); 待复核 pending review: {pending}; 问题 findings: {len(result.findings)}; "
                  f"规则错误 rule errors: {len(result.errors)}")
    console.print(f"findings.json → {path}")


def _take_run_lock(store: Store, wait: bool) -> RunLock:
    """The store's run lock (one inspection at a time), or exit 3 naming the running one."""
    from govinspect.store.runlock import RunLock, RunLockBusy

    def waiting(holder: LockHolder) -> None:
        err_console.print(f"[yellow]等待 / waiting for[/] {holder.describe()} to finish … (Ctrl-C 取消 / to cancel)",
                          highlight=False)

    try:
        lock = RunLock(store).acquire(wait=wait, on_wait=waiting)
    except RunLockBusy as exc:
        raise fail(str(exc), code=3) from None
    if lock.taken_over is not None:
        err_console.print(f"[yellow]接管失效的运行锁 / took over a stale run lock[/] of {lock.taken_over.describe()}: "
                          "its process is gone (进程已不存在)", highlight=False)
    return lock


def run_inspection(config: Config, sites: list[Any], as_of_text: str | None, out: Path | None, run: str | None,
                   fresh: bool, fmt: str, rules: str | None, wait: bool = False, accounts: list[Any] | None = None,
                   media_file: Path | None = None, plan: str | None = None, jobs: int | None = None,
                   distributed: bool = False) -> RunResult:
    from govinspect.config import ConfigError
    from govinspect.crawl.plan import plan_from_config
    from govinspect.distributed.settings import DistributedError, require_postgresql

    output_format(fmt)
    if out is not None:
        output_folder(out)
    try:
        as_of = parse_as_of(as_of_text)
        chosen = plan_from_config(config, plan)
        if distributed:
            require_postgresql(config.db_url)
    except (AsOfError, ConfigError, DistributedError) as exc:
        raise fail(str(exc)) from exc
    store = home_store(config)
    with _take_run_lock(store, wait) as lock:
        result = _inspect_locked(store, lock, config, sites, as_of, out, run, fresh, fmt, rules, accounts or [],
                                 media_file, chosen, jobs, distributed)
    store.close()
    return result


def _inspect_locked(store: Store, lock: RunLock, config: Config, sites: list[Any], as_of: datetime,
                    out: Path | None, run: str | None, fresh: bool, fmt: str, rules: str | None,
                    accounts: list[Any], media_file: Path | None, plan: Plan, jobs: int | None = None,
                    distributed: bool = False) -> RunResult:
    from govinspect import pipeline
    from govinspect.registry.store import save_sites
    from govinspect.ui.progress import RichCrawlProgress

    save_sites(store, sites)
    codes = {s.code for s in sites} | {a.code for a in accounts}
    try:
        if run is None and not fresh:
            run = pipeline.find_resumable_run(store, as_of, codes)
            if run is not None:
                err_console.print(f"继续未完成的运行 / resuming unfinished run {run}")
        if run is None or fresh:
            options = {**(_media_options(media_file) if media_file is not None else {}), "plan": plan.to_json()}
            run = pipeline.start_run(store, sites, as_of, run_id=None if fresh else run, accounts=accounts,
                                     options=options)
        else:
            pipeline.get_run(store, run)
            _warn_if_other_plan(store, run, plan)
    except pipeline.RunError as exc:
        raise fail(str(exc)) from exc
    lock.set_run(run)
    quiet_console = err_console if fmt == "json" else console
    only = [r.strip() for r in rules.split(",")] if rules else None
    if distributed:
        result = _run_on_workers(store, config, run, only, quiet_console)
    else:
        with RichCrawlProgress(quiet_console, len(sites)) as progress:
            pipeline.crawl(store, config, run, progress)
        result = pipeline.analyse(store, config, run, only_rules=only, jobs=jobs or pipeline.default_jobs())
    _report(result, out or config.home / "runs" / run, fmt, store)
    return result


def _run_on_workers(store: Store, config: Config, run: str, only: list[str] | None,
                    shown_on: Console, analyse_only: bool = False) -> RunResult:
    """The run as one task per target on the Celery workers (``--distributed``), with progress;
    ``analyse_only``: judge the stored run again (``analyse RUN --distributed``), no crawl."""
    from govinspect.distributed.settings import DistributedError
    from govinspect.ui.progress import RichStepProgress

    try:
        from govinspect.distributed.coordinator import Coordinator  # Celery: only when distributed
    except ImportError as exc:
        raise fail(f"未安装Celery / Celery is not installed ({exc}): pip install 'govinspect[distributed]'") from None
    try:
        coordinator = Coordinator(store, config)
        workers = coordinator.workers()
        if workers:
            err_console.print(f"分布式运行 / distributed run {run}: {len(workers)} worker(s): {', '.join(workers)}",
                              highlight=False)
        else:
            err_console.print("[yellow]暂无worker应答，任务在队列中等待 / no worker answers yet: the tasks wait in the "
                              "queue until one starts (govinspect worker)[/]", highlight=False)
        with RichStepProgress(shown_on) as progress:
            coordinator.on_progress = progress
            result = (coordinator.analyse if analyse_only else coordinator.run)(run, only)
    except DistributedError as exc:
        raise fail(str(exc)) from None
    if coordinator.resent:
        err_console.print(f"重新派发 / sent again: {coordinator.resent} task(s) whose worker died "
                          f"(其中未开始 / {coordinator.resent_unstarted} never started)", highlight=False)
    return result


def _warn_if_other_plan(store: Store, run: str, plan: Plan) -> None:
    """A resumed run keeps the plan it started with: say so when another one was asked for."""
    from govinspect.crawl.plan import stored_plan

    started = stored_plan(store, run)
    if started is not None and started != plan:
        err_console.print(f"[yellow]运行 {run} 按其开始时的检查方案继续 / run {run} resumes with the plan it started with:[/] "
                          f"{started.chinese} ({started.name}, ≤{started.max_pages_per_site}页); "
                          "--fresh 可按新方案重新开始 / --fresh starts over with the new one", highlight=False)


def inspect(
    registry: Annotated[Path | None, typer.Option("--registry", "-r", help="网站名录 CSV/XLSX to inspect.")] = None,
    media: Annotated[Path | None, typer.Option("--media", "-m", help="政务新媒体名录 CSV/XLSX: 账号名称,平台,开设主体,"
                                               "主管单位,地区,账号标识,数据地址,运行状态.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="监测时间点 YYYY-MM-DD (default: now). "
                                              "Every rule judges relative to it.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for findings.json "
                                             "(default <home>/runs/<run>).")] = None,
    run: Annotated[str | None, typer.Option("--run", help="Resume this run id.")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Start a new run even if an unfinished one "
                                        "with the same sites and --as-of exists.")] = False,
    site: Annotated[list[str] | None, typer.Option("--site", help="Only this 网站标识码 (repeatable).")] = None,
    rules: Annotated[str | None, typer.Option("--rules", help="Only these rule codes, comma-separated.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json (findings on stdout).")] = "table",
    wait: Annotated[bool, typer.Option("--wait", help="If another inspection is running on this store, "
                                       "wait for it to finish instead of exiting (exit code 3).")] = False,
    plan: Annotated[str | None, typer.Option("--plan", help="检查方案: full = 全面检查, every page of each site "
                                             "(\\[crawl] budget, 50,000 pages); spot = 抽查, a sample (\\[plan] spot, "
                                             "500 pages). Default: \\[plan] default (full).")] = None,
    jobs: Annotated[int | None, JOBS_OPTION] = None,
    distributed: Annotated[bool, typer.Option("--distributed", help=(
        "分布式：每个检查对象一个任务，交给 `govinspect worker` 执行 / one task per target (crawl, then "
        "analyse) for the Celery workers; needs PostgreSQL (GOVINSPECT_DB_URL) and the Redis broker "
        "(\\[distributed] broker_url or GOVINSPECT_BROKER_URL); waits and shows progress."))] = False,
) -> None:
    """Crawl the registry's sites and collect the new-media accounts' feeds (--media), keep WARC
    evidence, judge every rule, write findings.json.

    A killed run resumes: run the same command again (or pass --run ID); its lock is taken over.

    One inspection per store at a time (运行锁): another one exits with code 3, or waits with --wait.

    By default everything runs here: sites crawled several at once, then analysed in --jobs
    processes. With --distributed the same work goes to the workers (`govinspect worker --help`),
    one task per target; a worker that dies mid-task loses nothing, another one resumes its target."""
    config = home_config()
    if registry is None and media is None:
        raise fail("请指定 --registry（网站名录）和/或 --media（政务新媒体名录） / give --registry (sites) "
                   "and/or --media (new-media accounts)")
    sites = load_registry_file(registry) if registry is not None else []
    if site:
        wanted = set(site)
        sites = [s for s in sites if s.code in wanted]
        if not sites:
            raise fail(f"名录中没有这些标识码 / no such site codes in the registry: {', '.join(wanted)}")
    accounts = load_accounts_file(media) if media is not None else []
    run_inspection(config, sites, as_of, out, run, fresh, fmt, rules, wait, accounts, media, plan, jobs, distributed)


def analyse(
    run: Annotated[str, typer.Argument(help="Run id (see `govinspect runs`).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for findings.json.")] = None,
    rules: Annotated[str | None, typer.Option("--rules", help="Only these rule codes, comma-separated.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    jobs: Annotated[int | None, JOBS_OPTION] = None,
    distributed: Annotated[bool, typer.Option("--distributed", help=(
        "分布式：每个检查对象一个分析任务，交给 `govinspect worker` 执行 / one analysis task per target for "
        "the Celery workers (as `inspect --distributed`); needs PostgreSQL and the Redis broker."))] = False,
) -> None:
    """Judge a stored run again from its WARC evidence, without the network (重新分析)."""
    from govinspect import pipeline
    from govinspect.distributed.settings import DistributedError, require_postgresql
    from govinspect.store.runlock import current_holder

    config = home_config()
    if distributed:
        try:
            require_postgresql(config.db_url)
        except DistributedError as exc:
            raise fail(str(exc)) from exc
    store = home_store(config)
    holder = current_holder(store)
    if holder is not None and holder.run_id == run:
        raise fail(f"该运行正在检查中，结束后再分析 / this run is being inspected right now: {holder.describe()}",
                   code=3)
    only = [r.strip() for r in rules.split(",")] if rules else None
    output_format(fmt)
    if out is not None:
        output_folder(out)
    try:
        if distributed:
            pipeline.get_run(store, run)  # an unknown run: said here, before any task is sent
            result = _run_on_workers(store, config, run, only, err_console if fmt == "json" else console,
                                     analyse_only=True)
        else:
            result = pipeline.analyse(store, config, run, only_rules=only, jobs=jobs or pipeline.default_jobs())
    except pipeline.RunError as exc:
        raise fail(str(exc)) from exc
    _report(result, out or config.home / "runs" / run, fmt, store)


def runs() -> None:
    """List the runs in the store."""
    from govinspect.store.runs import list_runs

    store = home_store(home_config())
    table = Table(title="运行 / runs")
    for col in ("run", "监测时间点 as_of", "状态 state", "网站 sites", "开始 started", "结束 finished"):
        table.add_column(col)
    for r in list_runs(store):
        table.add_row(r.id, iso(r.as_of) or "", r.state, str(r.targets), iso(r.started) or "", iso(r.finished) or "")
    console.print(table)
