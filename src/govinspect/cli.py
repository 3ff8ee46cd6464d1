"""govinspect command line. Commands only: every step is a call into the library.

    govinspect demo                                   # the bundled demo farm, end to end
    govinspect inspect --registry sites.xlsx --as-of 2021-03-21 --out runs/2021Q1
    govinspect analyse RUN                            # judge a stored run again, offline
    govinspect rules                                  # the rule catalogue, from the code
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from govinspect import __version__, commands, pipeline
from govinspect.config import Config, ConfigError, load_config
from govinspect.registry.importer import RegistryError, load_registry
from govinspect.registry.store import load_sites, save_sites
from govinspect.store import Store, StoreError, open_store
from govinspect.store.runlock import LockHolder, RunLock, RunLockBusy, current_holder
from govinspect.store.settings import StoreSettings, mask_url
from govinspect.timeutil import AsOfError, iso, parse_as_of
from govinspect.ui.progress import RichCrawlProgress

app = typer.Typer(
    name="govinspect",
    help="政府网站检查工具 — inspect government websites against 国办秘函〔2019〕19号, keep the "
    "evidence (WARC), write findings.\n\nStart with `govinspect demo`, then "
    "`govinspect inspect --registry sites.xlsx --as-of 2021-03-21`.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
registry_app = typer.Typer(help="网站名录 — import, check and list the registry of sites.", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
farm_app = typer.Typer(help="演示网站群 — the bundled demo farm of local government sites.", no_args_is_help=True)
app.add_typer(farm_app, name="farm")

# Piped output (CI logs, `| less`) gets a wide fixed width so tables keep the site names whole.
console = Console(width=None if sys.stdout.isatty() else 140)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 140)


class State:
    home: Path | None = None


state = State()


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[bold red]错误 / error:[/] {message}")
    return typer.Exit(code)


def _config() -> Config:
    try:
        return load_config(state.home)
    except ConfigError as exc:
        raise _fail(str(exc)) from exc


def _store_settings(config: Config) -> StoreSettings:
    try:
        return StoreSettings.from_section(config.data.get("store", {}))
    except ValueError as exc:
        raise _fail(str(exc)) from exc


def _store(config: Config) -> Store:
    config.home.mkdir(parents=True, exist_ok=True)
    try:
        return open_store(config.db_url, settings=_store_settings(config))
    except StoreError as exc:  # a DB URL that does not answer is the user's to fix: say which (masked)
        raise _fail(str(exc)) from None


def _version(value: bool) -> None:
    if value:
        console.print(f"govinspect {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    home: Annotated[Path | None, typer.Option("--home", envvar="GOVINSPECT_HOME",
                    help="数据目录: store, WARC files, config.toml (default ./govinspect-data).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                       help="Print the version.")] = False,
) -> None:
    state.home = home


@app.command()
def init() -> None:
    """Create the home folder with its store and a config.toml to edit (初始化)."""
    config = _config()
    _store(config).close()
    cfg = config.home / "config.toml"
    if not cfg.exists():
        cfg.write_text("# govinspect settings: copy sections from the defaults (`govinspect config`) and edit.\n"
                       "# [crawl]\n# max_pages_per_site = 500\n", encoding="utf-8")
    console.print(f"已初始化 / initialised {config.home.resolve()}")


@app.command("config")
def show_config() -> None:
    """Print the effective configuration (defaults merged with <home>/config.toml); the store URL
    (GOVINSPECT_DB_URL or the SQLite file) is shown first, its password masked."""
    import tomli_w

    config = _config()
    console.print(f"# 数据库 / store: {mask_url(config.db_url)}", markup=False, highlight=False)
    console.print(tomli_w.dumps(config.data), markup=False, highlight=False)


def _print_registry_problems(exc: RegistryError) -> None:
    table = Table(title="名录有误，未导入 / registry rejected, nothing imported")
    for col in ("行 row", "列 column", "原因 reason"):
        table.add_column(col)
    for p in exc.problems:
        table.add_row(str(p.row), p.column, p.reason)
    if exc.problems:
        err_console.print(table)
    else:
        err_console.print(str(exc))


def _media_options(media_file: Path) -> dict[str, Any]:
    from govinspect.media.registry import run_options

    return run_options(media_file, lambda text: err_console.print(f"[yellow]{text}[/]", highlight=False))


def _load_accounts_file(path: Path) -> list[Any]:
    from govinspect.media.registry import load_accounts

    try:
        return load_accounts(path)
    except RegistryError as exc:
        _print_registry_problems(exc)
        raise typer.Exit(2) from exc


def _load_registry_file(path: Path) -> list[Any]:
    try:
        return load_registry(path)
    except RegistryError as exc:
        _print_registry_problems(exc)
        raise typer.Exit(2) from exc


@registry_app.command("check")
def registry_check(file: Annotated[Path, typer.Argument(help="CSV or XLSX with the Chinese headers.")]) -> None:
    """Validate a registry file without importing it."""
    sites = _load_registry_file(file)
    console.print(f"名录有效 / registry valid: {len(sites)} 个网站 sites")


@registry_app.command("import")
def registry_import(file: Annotated[Path, typer.Argument(help="CSV or XLSX: 网站名称,首页网址,网站标识码,"
                                                         "主办单位,主管单位,地区,网站类型,运行状态")]) -> None:
    """Import (add or update) sites into the store; a bad file imports nothing."""
    sites = _load_registry_file(file)
    store = _store(_config())
    added, updated = save_sites(store, sites)
    console.print(f"已导入 / imported: 新增 added {added}, 更新 updated {updated}")


@registry_app.command("list")
def registry_list() -> None:
    """List the registered sites."""
    sites = load_sites(_store(_config()))
    table = Table(title=f"网站名录 / registry ({len(sites)})")
    for col in ("标识码", "网站名称", "首页网址", "类型", "状态", "地区"):
        table.add_column(col)
    for s in sites:
        table.add_row(s.code, s.name, s.url, str(s.site_type), str(s.status), s.region)
    console.print(table)


def _summary_table(result: pipeline.RunResult) -> Table:
    table = Table(title=f"检查结果 / results — run {result.run_id}, 监测时间点 {iso(result.as_of)}")
    for col in ("标识码", "名称 name", "结论 verdict", "得分 score", "单项否决 veto", "待复核 pending review",
                "问题 findings", "抓取 crawl"):
        table.add_column(col)
    for t in result.targets:
        verdict = "[green]合格 pass[/]" if t.judgement.verdict == "pass" else "[red]不合格 fail[/]"
        if t.judgement.verdict == "pass" and t.judgement.pending_review:
            verdict = "[yellow]合格 pass（待复核）[/]"
        elif t.judgement.verdict == "not_assessable":
            verdict = "[yellow]无法评估 not assessable[/]"  # an account whose data could not be read
        score = "" if t.judgement.score is None else f"{t.judgement.score:.1f}"
        table.add_row(t.site.code, t.site.name, verdict, score, " ".join(t.judgement.veto),
                      " ".join(t.judgement.pending_review), str(len(t.findings)), t.coverage)
    return table


def _report(result: pipeline.RunResult, out: Path, fmt: str, store: Store | None = None) -> None:
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
    def waiting(holder: LockHolder) -> None:
        err_console.print(f"[yellow]等待 / waiting for[/] {holder.describe()} to finish … (Ctrl-C 取消 / to cancel)",
                          highlight=False)

    try:
        lock = RunLock(store).acquire(wait=wait, on_wait=waiting)
    except RunLockBusy as exc:
        raise _fail(str(exc), code=3) from None
    if lock.taken_over is not None:
        err_console.print(f"[yellow]接管失效的运行锁 / took over a stale run lock[/] of {lock.taken_over.describe()}: "
                          "its process is gone (进程已不存在)", highlight=False)
    return lock


def run_inspection(config: Config, sites: list[Any], as_of_text: str | None, out: Path | None, run: str | None,
                   fresh: bool, fmt: str, rules: str | None, wait: bool = False, accounts: list[Any] | None = None,
                   media_file: Path | None = None) -> pipeline.RunResult:
    try:
        as_of = parse_as_of(as_of_text)
    except AsOfError as exc:
        raise _fail(str(exc)) from exc
    store = _store(config)
    with _take_run_lock(store, wait) as lock:
        result = _inspect_locked(store, lock, config, sites, as_of, out, run, fresh, fmt, rules, accounts or [],
                                 media_file)
    store.close()
    return result


def _inspect_locked(store: Store, lock: RunLock, config: Config, sites: list[Any], as_of: datetime,
                    out: Path | None, run: str | None, fresh: bool, fmt: str, rules: str | None,
                    accounts: list[Any], media_file: Path | None) -> pipeline.RunResult:
    save_sites(store, sites)
    codes = {s.code for s in sites} | {a.code for a in accounts}
    try:
        if run is None and not fresh:
            run = pipeline.find_resumable_run(store, as_of, codes)
            if run is not None:
                err_console.print(f"继续未完成的运行 / resuming unfinished run {run}")
        if run is None or fresh:
            options = _media_options(media_file) if media_file is not None else None
            run = pipeline.start_run(store, sites, as_of, run_id=None if fresh else run, accounts=accounts,
                                     options=options)
        else:
            pipeline.get_run(store, run)
    except pipeline.RunError as exc:
        raise _fail(str(exc)) from exc
    lock.set_run(run)
    quiet_console = err_console if fmt == "json" else console
    with RichCrawlProgress(quiet_console, len(sites)) as progress:
        pipeline.crawl(store, config, run, progress)
    only = [r.strip() for r in rules.split(",")] if rules else None
    result = pipeline.analyse(store, config, run, only_rules=only)
    _report(result, out or config.home / "runs" / run, fmt, store)
    return result


@app.command()
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
) -> None:
    """Crawl the registry's sites and collect the new-media accounts' feeds (--media), keep WARC
    evidence, judge every rule, write findings.json.

    A killed run resumes: run the same command again (or pass --run ID); its lock is taken over.

    One inspection per store at a time (运行锁): another one exits with code 3, or waits with --wait."""
    config = _config()
    if registry is None and media is None:
        raise _fail("请指定 --registry（网站名录）和/或 --media（政务新媒体名录） / give --registry (sites) "
                    "and/or --media (new-media accounts)")
    sites = _load_registry_file(registry) if registry is not None else []
    if site:
        wanted = set(site)
        sites = [s for s in sites if s.code in wanted]
        if not sites:
            raise _fail(f"名录中没有这些标识码 / no such site codes in the registry: {', '.join(wanted)}")
    accounts = _load_accounts_file(media) if media is not None else []
    run_inspection(config, sites, as_of, out, run, fresh, fmt, rules, wait, accounts, media)


@app.command()
def analyse(
    run: Annotated[str, typer.Argument(help="Run id (see `govinspect runs`).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for findings.json.")] = None,
    rules: Annotated[str | None, typer.Option("--rules", help="Only these rule codes, comma-separated.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """Judge a stored run again from its WARC evidence, without the network (重新分析)."""
    config = _config()
    store = _store(config)
    holder = current_holder(store)
    if holder is not None and holder.run_id == run:
        raise _fail(f"该运行正在检查中，结束后再分析 / this run is being inspected right now: {holder.describe()}",
                    code=3)
    only = [r.strip() for r in rules.split(",")] if rules else None
    try:
        result = pipeline.analyse(store, config, run, only_rules=only)
    except pipeline.RunError as exc:
        raise _fail(str(exc)) from exc
    _report(result, out or config.home / "runs" / run, fmt, store)


@app.command()
def runs() -> None:
    """List the runs in the store."""
    from sqlalchemy import select

    from govinspect.store.models import RunRow, RunTargetRow

    store = _store(_config())
    table = Table(title="运行 / runs")
    for col in ("run", "监测时间点 as_of", "状态 state", "网站 sites", "开始 started", "结束 finished"):
        table.add_column(col)
    with store.session() as session:
        for r in session.scalars(select(RunRow).order_by(RunRow.started)):
            n = len(session.scalars(select(RunTargetRow.id).where(RunTargetRow.run_id == r.id)).all())
            table.add_row(r.id, iso(r.as_of) or "", r.state, str(n), iso(r.started) or "", iso(r.finished) or "")
    console.print(table)


@app.command("rules")
def rules_command(
    docs: Annotated[Path | None, typer.Option("--docs", help="Write one Markdown page per rule here.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    code: Annotated[str | None, typer.Argument(help="Show one rule's full docs page.")] = None,
) -> None:
    """The rule catalogue, generated from the code (codes, severities, thresholds, verified flags)."""
    from govinspect.rules.base import get_rule
    from govinspect.rules.catalogue import catalogue, rule_doc_markdown, write_docs

    config = _config()
    if code:
        try:
            console.print(rule_doc_markdown(get_rule(code), config), markup=False, highlight=False)
        except KeyError as exc:
            raise _fail(str(exc.args[0])) from exc
        return
    if docs:
        paths = write_docs(docs, config)
        console.print(f"已写入 {len(paths)} 页 / wrote {len(paths)} pages to {docs}")
        return
    entries = catalogue(config)
    if fmt == "json":
        sys.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title="规则目录 / rule catalogue")
    for col in ("code", "name", "名称", "severity", "confidence", "enabled", "thresholds (✗ = unverified)"):
        table.add_column(col)
    for e in entries:
        thresholds = ", ".join(f"{t['name']}={t['value']}{'' if t['verified'] else ' ✗'}" for t in e["thresholds"])
        table.add_row(e["code"], e["name"], e["title"], e["severity"], e["confidence"],
                      "yes" if e["enabled"] else "no", thresholds)
    console.print(table)


@app.command()
def demo(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for findings.json.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """Start the bundled demo farm of local government sites, inspect it, compare with what it hides."""
    from govinspect.demo.alerting import DEFACED_CODE, DEFACED_RULE, alert_arrived, alert_settings
    from govinspect.demo.expected import EXPECTATIONS
    from govinspect.demo.farm import DEMO_AS_OF, build_farm
    from govinspect.demo.server import serve_farm_in_thread
    from govinspect.demo.webhook import webhook_receiver
    from govinspect.media.registry import write_accounts
    from govinspect.registry.importer import write_registry

    hook = webhook_receiver()  # the defaced site's web team, listening on 127.0.0.1
    hook_url, received = hook.__enter__()
    config = _demo_config(alert_settings(hook_url))
    farm = build_farm(DEMO_AS_OF)
    sites = farm.registry()
    config.home.mkdir(parents=True, exist_ok=True)
    registry_file = config.home / "demo-registry.csv"
    write_registry(sites, registry_file)
    console.print(f"演示网站群 / demo farm: {len(sites)} sites, {farm.page_count()} pages; registry → {registry_file}")
    accounts = farm.media.accounts if farm.media is not None else []
    accounts_file = config.home / "demo-accounts.csv"
    write_accounts(accounts, accounts_file)
    console.print(f"政务新媒体 / demo accounts: {len(accounts)}; registry → {accounts_file}")
    with serve_farm_in_thread(farm) as proxy:
        # The farm answers as an HTTP forward proxy for its www.*.gov.cn names, exactly as an
        # intranet proxy would: the crawler (and chromium) reach it through http_proxy.
        saved = {k: os.environ.get(k) for k in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY")}
        os.environ["http_proxy"] = os.environ["HTTP_PROXY"] = proxy
        os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1"  # the alert webhook is not behind it
        try:
            result = run_inspection(config, sites, DEMO_AS_OF.isoformat(), out, None, True, fmt, None,
                                    accounts=accounts, media_file=accounts_file)
        finally:
            hook.__exit__(None, None, None)
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    if fmt == "json":
        return
    found = {(f.target, f.rule) for f in result.findings}
    table = Table(title="演示核对 / demo check: planted defects and look-alikes")
    for col in ("标识码", "rule", "expected", "result"):
        table.add_column(col)
    misses = 0
    for exp in EXPECTATIONS:
        for rule, why in exp.must_find.items():
            ok = (exp.site_code, rule) in found
            misses += not ok
            table.add_row(exp.site_code, rule, f"find: {why}", "[green]found[/]" if ok else "[red]MISSED[/]")
        for rule, why in exp.must_not_find.items():
            ok = (exp.site_code, rule) not in found
            misses += not ok
            table.add_row(exp.site_code, rule, f"not: {why}", "[green]not flagged[/]" if ok else "[red]FALSE ALARM[/]")
    misses += _check_demo_accounts(result, farm, table)
    arrived = alert_arrived(received)
    misses += not arrived
    table.add_row(DEFACED_CODE, DEFACED_RULE, "alert: 否决告警送达本地webhook / the veto alert reached the local webhook",
                  "[green]delivered[/]" if arrived else "[red]NOT DELIVERED[/]")
    console.print(table)
    console.print("演示全部符合预期 / every planted defect found, no look-alike flagged" if not misses
                  else f"[red]{misses} 项与预期不符 / {misses} expectations not met[/]")


# A failing homepage is probed again 30 s apart in a real run; the demo's dead site needs no
# such patience, so the demo spaces its probes 3 s apart and asks the firm veto for 6 s of them.
DEMO_PROBE_SETTINGS: dict[str, Any] = {
    "crawl": {"homepage_probe_interval_seconds": 3},
    "rules": {"W-V2": {"crawl_min_span_seconds": 6}},
}


def _demo_config(extra: dict[str, Any] | None = None) -> Config:
    try:
        config = load_config(state.home, overrides={**DEMO_PROBE_SETTINGS, **(extra or {})})
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    console.print("演示: 首页复测间隔3秒（正式检查为30秒） / demo: a failing homepage is re-probed 3 s apart "
                  "(30 s in a real run)")
    return config


def _check_demo_accounts(result: pipeline.RunResult, farm: Any, table: Table) -> int:
    """The demo accounts' planted defects and look-alikes (示范市政务新媒体), rows added to ``table``."""
    if farm.media is None:
        return 0
    found = {(f.target, f.rule) for f in result.findings if str(f.severity) != "info"}
    judged = {t.site.code: t.judgement for t in result.targets}
    misses = 0
    for exp in farm.media.expectations:
        for rule, why in exp.must_find.items():
            ok = (exp.code, rule) in found
            misses += not ok
            table.add_row(exp.code, rule, f"find: {why}", "[green]found[/]" if ok else "[red]MISSED[/]")
        for rule, why in exp.must_not_find.items():
            ok = (exp.code, rule) not in found
            misses += not ok
            table.add_row(exp.code, rule, f"not: {why}", "[green]not flagged[/]" if ok else "[red]FALSE ALARM[/]")
        judgement = judged.get(exp.code)
        ok = judgement is not None and judgement.verdict == exp.verdict and all(
            code in judgement.pending_review for code in exp.pending_review)
        misses += not ok
        table.add_row(exp.code, "verdict", exp.verdict + (f", 待复核 {' '.join(exp.pending_review)}"
                                                          if exp.pending_review else ""),
                      "[green]ok[/]" if ok else f"[red]{judgement.verdict if judgement else 'missing'}[/]")
    return misses


@farm_app.command("serve")
def farm_serve(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8899,
) -> None:
    """Serve the demo farm for a look around: set http_proxy to the printed URL."""
    import time

    from govinspect.demo.farm import DEMO_AS_OF, build_farm
    from govinspect.demo.server import serve_farm_in_thread

    farm = build_farm(DEMO_AS_OF)
    with serve_farm_in_thread(farm, port) as proxy:
        console.print(f"export http_proxy={proxy}   # then e.g. curl http://{farm.sites[0].host}/")
        for fs in farm.sites:
            console.print(f"  http://{fs.host}/  {fs.site.name}  ({fs.behaviour})")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


commands.register_all(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
