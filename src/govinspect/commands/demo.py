"""``govinspect demo`` and ``govinspect farm serve`` — the bundled demo farm (演示网站群) of local
government sites: inspected end to end and checked against the defects and look-alikes it hides."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from govinspect.commands._common import console, home_config, output_format
from govinspect.commands.runs import run_inspection

if TYPE_CHECKING:
    from govinspect.config import Config
    from govinspect.pipeline import RunResult

farm_app = typer.Typer(help="演示网站群 — the bundled demo farm of local government sites.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(farm_app, name="farm")
    app.command()(demo)


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

    output_format(fmt)  # before the farm is built and served
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
        misses += _check_rules(exp.site_code, exp.must_find, exp.must_not_find, found, table)
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
    config = home_config(overrides={**DEMO_PROBE_SETTINGS, **(extra or {})})
    console.print("演示: 首页复测间隔3秒（正式检查为30秒） / demo: a failing homepage is re-probed 3 s apart "
                  "(30 s in a real run)")
    return config


def _check_rules(code: str, must_find: dict[str, str], must_not_find: dict[str, str],
                 found: set[tuple[str, str]], table: Table) -> int:
    """One target's planted defects (must be found) and look-alikes (must not be): a row each in
    ``table``; returns how many expectations were not met."""
    misses = 0
    for rule, why in must_find.items():
        ok = (code, rule) in found
        misses += not ok
        table.add_row(code, rule, f"find: {why}", "[green]found[/]" if ok else "[red]MISSED[/]")
    for rule, why in must_not_find.items():
        ok = (code, rule) not in found
        misses += not ok
        table.add_row(code, rule, f"not: {why}", "[green]not flagged[/]" if ok else "[red]FALSE ALARM[/]")
    return misses


def _check_demo_accounts(result: RunResult, farm: Any, table: Table) -> int:
    """The demo accounts' planted defects and look-alikes (示范市政务新媒体), rows added to ``table``."""
    if farm.media is None:
        return 0
    found = {(f.target, f.rule) for f in result.findings if str(f.severity) != "info"}
    judged = {t.site.code: t.judgement for t in result.targets}
    misses = 0
    for exp in farm.media.expectations:
        misses += _check_rules(exp.code, exp.must_find, exp.must_not_find, found, table)
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
