"""``govinspect monitor`` — the availability monitor behind W-V2 (站点无法访问).

    govinspect monitor                       # run the service: probe every running site ≥ 20×/day
    govinspect monitor run --for 3600        # run for an hour, then stop cleanly
    govinspect monitor import probes.csv     # feed another system's probe log
    govinspect monitor status --as-of 2021-03-21
"""

from __future__ import annotations

import contextlib
import signal
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, err_console, fail, home_config, home_store
from govinspect.timeutil import AsOfError, iso, parse_as_of

if TYPE_CHECKING:
    from govinspect.monitor import MonitorSettings
    from govinspect.store import Store

monitor_app = typer.Typer(
    help="可用性监测 — probe every running site's homepage ≥ 20 times a day (W-V2 站点无法访问). "
    "Without a subcommand: run the service until Ctrl-C.",
    invoke_without_command=True,
)


def _settings_and_store() -> tuple[MonitorSettings, Store]:
    """The [monitor] settings (a clear error when they are wrong) and the home's store."""
    from govinspect.monitor import MonitorError, MonitorSettings

    config = home_config()
    try:
        settings = MonitorSettings.from_config(config.data.get("monitor"))
    except MonitorError as exc:
        raise fail(str(exc)) from exc
    return settings, home_store(config)


def _run_service(seconds: float | None) -> None:
    import asyncio

    from govinspect.monitor.service import Monitor

    settings, store = _settings_and_store()
    monitor = Monitor(store, settings)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, monitor.stop)
        until = None if seconds is None else monitor.clock.now() + timedelta(seconds=seconds)
        stats = await monitor.run(until=until)
        console.print(f"监测结束 / monitor stopped: 会话 session {stats.session_id}, 网站 sites {stats.sites}, "
                      f"探测 probes {stats.probes}, 失败 failed {stats.failures}")

    console.print(f"可用性监测运行中 / monitor running: 每天 {settings.probes_per_day} 次, 超时 "
                  f"{settings.timeout_seconds:g} s — Ctrl-C 停止 / to stop")
    try:
        asyncio.run(main())
    finally:
        store.close()


@monitor_app.callback()
def monitor_main(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        _run_service(None)


@monitor_app.command("run")
def monitor_run(
    duration: Annotated[float | None, typer.Option("--for", min=0.0,
                        help="运行秒数后停止 / stop after this many seconds (default: until Ctrl-C).")] = None,
) -> None:
    """Run the monitor service (the same as `govinspect monitor`)."""
    _run_service(duration)


@monitor_app.command("import")
def monitor_import(
    file: Annotated[Path, typer.Argument(help="CSV: 网站标识码,时间,结果/状态码,耗时毫秒 (UTF-8 or GB18030).")],
) -> None:
    """Import a probe log from another monitoring system; a bad file imports nothing."""
    from govinspect.monitor.importer import ProbeLogError, import_probe_log

    settings, store = _settings_and_store()
    try:
        result = import_probe_log(store, file, settings)
    except ProbeLogError as exc:
        if exc.problems:
            table = Table(title=exc.message)
            for col in ("行 row", "列 column", "原因 reason"):
                table.add_column(col)
            for p in exc.problems:
                table.add_row(str(p.row), p.column, p.reason)
            err_console.print(table)
            raise typer.Exit(2) from exc
        raise fail(exc.message) from exc
    finally:
        store.close()
    console.print(f"已导入 / imported: 探测 probes {result.imported}, 网站 sites {result.sites}, "
                  f"已存在跳过 already stored {result.skipped}")


@monitor_app.command("status")
def monitor_status_command(
    as_of: Annotated[str | None, typer.Option("--as-of", help="监测时间点 YYYY-MM-DD[THH:MM] (default: now).")] = None,
    site: Annotated[list[str] | None, typer.Option("--site", help="只看这些网站标识码 / only these site codes.")] = None,
) -> None:
    """Per site: probes in the 7-day window, failures, share, coverage, verdict (as W-V2 judges)."""
    from govinspect.monitor.status import monitor_status

    try:
        point = parse_as_of(as_of)
    except AsOfError as exc:
        raise fail(str(exc)) from exc
    config = home_config()
    store = home_store(config)
    try:
        rows = monitor_status(store, config, point, site or None)
    finally:
        store.close()
    labels = {"veto": "[red]否决 veto[/]", "pass": "[green]正常 pass[/]", "no data": "[yellow]无数据 no data[/]"}
    table = Table(title=f"可用性监测 / availability — 监测时间点 {iso(point)}")
    for col in ("标识码", "网站名称", "探测 probes", "失败 failed", "占比 share", "覆盖 coverage",
                "未监测 not monitored", "不足20次的天 days < min", "结论 verdict"):
        table.add_column(col)
    for r in rows:
        s = r.summary
        table.add_row(r.site.code, r.site.name, str(s.probes), str(s.failures), f"{s.share:.2%}", f"{s.coverage:.1%}",
                      f"{s.not_monitored_hours:.1f} h", str(len(s.days_below)), labels[r.verdict])
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(monitor_app, name="monitor")
