"""`govinspect monitor` through typer's CliRunner: import, status, a short real run."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.demo.server import serve_farm_in_thread
from govinspect.monitor.models import MonitorProbeRow, MonitorSessionRow
from govinspect.store import open_store
from tests.e2e_support import proxy_env
from tests.monitor.helpers import FARM, SHIFAN, YANGBAN, make_store
from tests.monitor.test_import import HEADER, week

runner = CliRunner()


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    make_store(home).close()  # govinspect.db in the home folder, with the two farm sites registered
    return home


def test_import_then_status(tmp_path: Path) -> None:
    home = _home(tmp_path)
    log = tmp_path / "probes.csv"
    log.write_text(HEADER + week(SHIFAN.site.code, failed_hours=set(range(10, 20))) + week(YANGBAN.site.code),
                   encoding="utf-8")
    result = runner.invoke(app, ["--home", str(home), "monitor", "import", str(log)])
    assert result.exit_code == 0, result.output
    assert "336" in result.output
    result = runner.invoke(app, ["--home", str(home), "monitor", "status", "--as-of", "2021-03-21"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[1]: line for line in result.output.splitlines() if line.split()[1:2]
             in ([SHIFAN.site.code], [YANGBAN.site.code])}
    assert "veto" in lines[SHIFAN.site.code] and "5.95%" in lines[SHIFAN.site.code]
    assert "pass" in lines[YANGBAN.site.code] and "100.0%" in lines[YANGBAN.site.code]
    # a week later nothing was probed: no data, never "pass"
    later = runner.invoke(app, ["--home", str(home), "monitor", "status", "--as-of", "2021-04-30"])
    assert "no data" in later.output and "veto" not in later.output


def test_bad_import_lists_rows_and_imports_nothing(tmp_path: Path) -> None:
    home = _home(tmp_path)
    log = tmp_path / "bad.csv"
    log.write_text(HEADER + f"{SHIFAN.site.code},2021-03-20 10:00,200,100\n3101140099,2021-03-20 10:00,200,1\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["--home", str(home), "monitor", "import", str(log)])
    assert result.exit_code == 2
    assert "3101140099" in result.output and "unknown site code" in result.output
    store = open_store(f"sqlite:///{home / 'govinspect.db'}")
    with store.session() as session:
        assert session.scalars(select(MonitorProbeRow)).all() == []
    store.close()
    missing = runner.invoke(app, ["--home", str(home), "monitor", "import", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_bad_as_of_and_bad_settings_are_clear(tmp_path: Path) -> None:
    home = _home(tmp_path)
    result = runner.invoke(app, ["--home", str(home), "monitor", "status", "--as-of", "21.03.2021"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    (home / "config.toml").write_text("[monitor]\nprobes_per_day = 0\n", encoding="utf-8")
    result = runner.invoke(app, ["--home", str(home), "monitor", "run", "--for", "0"])
    assert result.exit_code == 2 and "must be positive" in result.output


def test_a_short_real_run_probes_through_the_proxy(tmp_path: Path) -> None:
    home = _home(tmp_path)
    # a probe every 0.2 s per site, so one second is enough
    (home / "config.toml").write_text("[monitor]\nprobes_per_day = 432000\nheartbeat_seconds = 0.2\n",
                                      encoding="utf-8")
    with serve_farm_in_thread(FARM) as proxy, proxy_env(proxy):
        result = runner.invoke(app, ["--home", str(home), "monitor", "run", "--for", "1"])
    assert result.exit_code == 0, result.output
    assert "monitor stopped" in result.output
    store = open_store(f"sqlite:///{home / 'govinspect.db'}")
    with store.session() as session:
        probes = session.scalars(select(MonitorProbeRow)).all()
        [run] = session.scalars(select(MonitorSessionRow)).all()
    store.close()
    assert {p.site_code for p in probes} == {SHIFAN.site.code, YANGBAN.site.code}
    assert all(p.status == 200 and not p.failed for p in probes)
    assert run.ended_at is not None
