"""``govinspect alerts`` — send (or, with --dry-run, print) the alerts that are due now.

    govinspect alerts                      # the newest run's firm vetoes not yet announced
    govinspect alerts --run 20210321-…     # a given run (only when it is the newest)
    govinspect alerts --monitor            # the availability monitor's W-V2 verdicts (cron it)
    govinspect alerts --dry-run            # what would be sent; nothing sent, no state changed
    govinspect alerts --undelivered        # alerts no recipient took yet (retried) or given up
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from govinspect.commands._common import console, fail, home_config, home_store


def register(app: typer.Typer) -> None:
    app.command("alerts")(alerts)


def alerts(
    run: Annotated[str | None, typer.Option("--run", help="Run id (default: the newest analysed run).")] = None,
    monitor: Annotated[bool, typer.Option("--monitor", help="Alert on the availability monitor's W-V2 verdicts "
                                          "instead of a run's findings.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")] = False,
    pending: Annotated[bool, typer.Option("--undelivered", help="List the alerts no recipient took yet (tried "
                                          "again on the next run or tick) and those given up; send nothing.")] = False,
) -> None:
    """告警: send a firm veto (单项否决) new since the last check to the unit's web team and the
    inspector (\\[alerts] in config.toml), once per cause until it clears; then a resolved alert."""
    from govinspect.alerts import AlertSettings, alert_monitor, alert_run, stored_targets
    from govinspect.alerts.outbox import undelivered
    from govinspect.config import ConfigError
    from govinspect.store.runs import latest_analysed_run

    config = home_config()
    try:
        max_attempts = AlertSettings.from_config(config).max_attempts
    except ConfigError as exc:
        raise fail(str(exc)) from exc
    store = home_store(config)
    if pending:
        waiting = undelivered(store, max_attempts)
        for item in waiting:
            console.print(item.line(max_attempts), highlight=False, markup=False)
        if not waiting:
            console.print("所有告警均已送达 / every alert was delivered", highlight=False, markup=False)
        return
    # --dry-run works with alerts disabled in config: it is how a configuration is tried out
    forced = True if dry_run else None
    if monitor:
        report = alert_monitor(store, config, datetime.now(UTC), dry_run=forced)
    else:
        run_id = run or latest_analysed_run(store)
        if run_id is None:
            raise fail("没有已分析的检查 / no analysed run in this store")
        report = alert_run(store, config, run_id, stored_targets(store, run_id), dry_run=forced)
    for line in report.lines() or ["没有需要发送的告警 / no alerts due"]:
        console.print(line, highlight=False, markup=False)
    if report.failures:
        raise typer.Exit(1)
