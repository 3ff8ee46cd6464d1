"""Failed deliveries are tried again: a veto or resolved alert a webhook on 127.0.0.1 turned away
(503) is sent on the next run or monitor tick, up to ``[alerts] max_attempts``; meanwhile the
failure is kept in the alert state and logged, and ``govinspect alerts --undelivered`` lists it.
Alert states stored before retries existed keep their undelivered vetoes (migration 0161)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, select, text
from typer.testing import CliRunner

from govinspect.alerts import AlertSettings, plan_alerts
from govinspect.alerts.state import Seen
from govinspect.cli import app
from govinspect.config import ConfigError, load_config
from govinspect.demo.webhook import webhook_receiver
from govinspect.model import Site
from govinspect.store import Store, open_store
from govinspect.store.models import AlertStateRow

SITE = Site(code="3205080011", name="吴中湖镇人民政府", url="http://www.wzh.example.gov.cn/",
            sponsor="吴中湖镇党政办公室")
DEFACED = Seen("run|W-V1d|cause:redirect:www.dd-cp99.com", "W-V1d", "首页被跳转至博彩网站", SITE.url)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.close()


def _settings(hook: str, max_attempts: int = 5, dry_run: bool = False) -> AlertSettings:
    return AlertSettings(True, dry_run, (), {SITE.sponsor: (hook,)}, max_attempts)


def _state(store: Store) -> AlertStateRow:
    with store.session() as session:
        [row] = session.scalars(select(AlertStateRow)).all()
        session.expunge(row)
        return row


def test_veto_turned_away_is_sent_on_the_next_run(store: Store) -> None:
    with webhook_receiver(refuse={1}) as (hook, posted):
        first = plan_alerts(store, _settings(hook), "run", [(SITE, [DEFACED])], "r1")
        assert posted == [] and len(first.failures) == 1
        row = _state(store)
        assert (row.outbox, row.attempts, row.delivered) == ("veto", 1, False) and row.last_attempt is not None
        assert "127.0.0.1" in (row.last_error or "")
        again = plan_alerts(store, _settings(hook), "run", [(SITE, [DEFACED])], "r2")
        assert [(a.kind, a.attempt) for a in again.alerts] == [("veto", 2)] and not again.failures
        assert any("第2次 / attempt 2" in line for line in again.lines())
        assert len(posted) == 1 and "【单项否决】" in posted[0]["title"]
        row = _state(store)
        assert (row.outbox, row.delivered, row.last_error) == (None, True, None)
        assert plan_alerts(store, _settings(hook), "run", [(SITE, [DEFACED])], "r3").alerts == []  # once


def test_resolved_turned_away_is_sent_on_the_next_run(store: Store) -> None:
    with webhook_receiver(refuse={2}) as (hook, posted):
        plan_alerts(store, _settings(hook), "run", [(SITE, [DEFACED])], "r1")
        cleared = plan_alerts(store, _settings(hook), "run", [(SITE, [])], "r2")
        assert [a.kind for a in cleared.alerts] == ["resolved"] and len(cleared.failures) == 1 and len(posted) == 1
        row = _state(store)
        assert (row.outbox, row.attempts) == ("resolved", 1) and row.resolved is not None and row.last_error
        retried = plan_alerts(store, _settings(hook), "run", [(SITE, [])], "r3")
        assert [(a.kind, a.attempt) for a in retried.alerts] == [("resolved", 2)] and not retried.failures
        assert len(posted) == 2 and "【已恢复】" in posted[1]["title"]
        assert _state(store).outbox is None
        assert plan_alerts(store, _settings(hook), "run", [(SITE, [])], "r4").alerts == []


def test_a_veto_back_before_its_resolution_was_delivered_supersedes_it(store: Store) -> None:
    with webhook_receiver(refuse={2}) as (hook, posted):
        plan_alerts(store, _settings(hook), "run", [(SITE, [DEFACED])], "r1")
        plan_alerts(store, _settings(hook), "run", [(SITE, [])], "r2")  # resolved, turned away
        back = plan_alerts(store, _settings(hook), "run", [(SITE, [DEFACED])], "r3")
        assert [(a.kind, a.attempt) for a in back.alerts] == [("veto", 1)]  # no stale "resolved" first
        assert [p["title"][:6] for p in posted] == ["【单项否决】", "【单项否决】"]


def test_retries_are_bounded_and_the_failure_stays_visible(store: Store, tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="govinspect.alerts")
    with webhook_receiver(refuse=range(1, 100)) as (hook, posted):
        reports = [plan_alerts(store, _settings(hook, max_attempts=2), "run", [(SITE, [DEFACED])], f"r{n}")
                   for n in range(1, 4)]
        assert [len(r.failures) for r in reports] == [1, 1, 0] and posted == []
        assert reports[2].alerts == []  # given up: not sent a third time
        assert any("given up after 2 attempts" in line for line in reports[1].lines())
        assert "retried on the next run" in caplog.text and "given up after 2 attempts" in caplog.text
        row = _state(store)
        assert (row.outbox, row.attempts, row.delivered) == ("veto", 2, False)
        assert row.last_error and row.resolved is None
    # the veto clears: nobody heard of it, so no resolved alert and nothing waits any more
    with webhook_receiver() as (hook, posted):
        assert plan_alerts(store, _settings(hook, max_attempts=2), "run", [(SITE, [])], "r4").alerts == []
        assert posted == [] and _state(store).outbox is None


def test_monitor_tick_without_data_still_retries(store: Store) -> None:
    down = Seen("monitor|W-V2|homepage", "W-V2", "站点无法访问", SITE.url)
    with webhook_receiver(refuse={1}) as (hook, posted):
        plan_alerts(store, _settings(hook), "monitor", [(SITE, [down])])
        tick = plan_alerts(store, _settings(hook), "monitor", [(SITE, None)])  # no probes: the veto stands
        assert [(a.kind, a.attempt) for a in tick.alerts] == [("veto", 2)] and len(posted) == 1
        assert _state(store).delivered


def test_dry_run_leaves_the_retry_state(store: Store) -> None:
    with webhook_receiver(refuse={1}) as (hook, posted):
        plan_alerts(store, _settings(hook), "run", [(SITE, [])], "r0")
        plan_alerts(store, _settings(hook), "run", [(SITE, [DEFACED])], "r1")
        dry = plan_alerts(store, _settings(hook, dry_run=True), "run", [(SITE, [DEFACED])], "r2")
        assert [(a.kind, a.attempt) for a in dry.alerts] == [("veto", 2)] and posted == []
        row = _state(store)
        assert (row.outbox, row.attempts, row.run_id) == ("veto", 1, "r1")


def test_undelivered_listed_by_the_command(tmp_path: Path) -> None:
    with webhook_receiver(refuse={1}) as (hook, _):
        config = load_config(tmp_path, {"alerts": {"enabled": True, "max_attempts": 3}})
        store = open_store(config.db_url)
        plan_alerts(store, _settings(hook, max_attempts=3), "run", [(SITE, [DEFACED])], "r1")
        store.close()
    (tmp_path / "config.toml").write_text("[alerts]\nenabled = true\nmax_attempts = 3\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--home", str(tmp_path), "alerts", "--undelivered"])
    assert result.exit_code == 0, result.output
    assert "待重发 / will retry" in result.output and SITE.code in result.output and "(1/3," in result.output
    (tmp_path / "config.toml").write_text("[alerts]\nmax_attempts = 0\n", encoding="utf-8")
    bad = CliRunner().invoke(app, ["--home", str(tmp_path), "alerts", "--undelivered"])
    assert bad.exit_code == 2 and "max_attempts" in bad.output


def test_max_attempts_checked(tmp_path: Path) -> None:
    assert AlertSettings.from_config(load_config(tmp_path)).max_attempts == 5
    for bad in (0, -1, "3", True):
        with pytest.raises(ConfigError, match="max_attempts"):
            AlertSettings.from_config(load_config(tmp_path, {"alerts": {"max_attempts": bad}}))


def test_undelivered_vetoes_of_an_older_store_stay_due(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("govinspect.store").joinpath("migrations")))
    cfg.set_main_option("sqlalchemy.url", url)
    engine = create_engine(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0140_alert_state")  # the store as alerts first kept it
        for key, delivered, resolved in (("run|W-V1d|a", False, None), ("run|W-V1d|b", True, None),
                                         ("run|W-V1d|c", False, "2021-03-01 00:00:00")):
            connection.execute(text("insert into alert_states (target, key, rule, message, opened, resolved, "
                                    "delivered) values (:t, :k, 'W-V1d', '首页被篡改', '2021-02-01 00:00:00', :r, :d)"),
                               {"t": SITE.code, "k": key, "r": resolved, "d": delivered})
    engine.dispose()
    store = open_store(url)  # migrates to the heads
    with store.session() as session:
        rows = {r.key: (r.outbox, r.attempts) for r in session.scalars(select(AlertStateRow))}
    store.close()
    assert rows == {"run|W-V1d|a": ("veto", 1), "run|W-V1d|b": (None, 0), "run|W-V1d|c": (None, 0)}
