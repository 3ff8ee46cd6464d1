"""Alerts: a firm veto reaches a local SMTP sink and a local webhook once, until it clears, then a
resolved alert; reviews, rejected findings and deductions never alert; dry runs send nothing and
change nothing; unreachable recipients are reported, retried on the next run, and never crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from govinspect import pipeline
from govinspect.alerts import AlertSettings, alert_run, plan_alerts
from govinspect.alerts.state import Seen, firm_vetoes
from govinspect.config import ConfigError, load_config
from govinspect.demo.webhook import webhook_receiver
from govinspect.model import Site
from govinspect.rules.base import Finding, Severity
from govinspect.store import Store, open_store
from govinspect.store.models import AlertStateRow

from ..crawl.helpers import free_port, refused_port
from .receivers import smtp_sink

SITE = Site(code="3101140038", name="测试区人民政府", url="http://www.test.gov.cn/", sponsor="测试区人民政府办公室")
OTHER = Site(code="3101140039", name="测试区教育局", url="http://jyj.test.gov.cn/", sponsor="测试区教育局")
SPAM = Seen("run|W-V1c|http://www.test.gov.cn/", "W-V1c", "首页被植入博彩内容", "http://www.test.gov.cn/")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'store.db'}")


def settings(team: list[str], inspector: list[str] | None = None, dry_run: bool = False) -> AlertSettings:
    return AlertSettings(True, dry_run, tuple(inspector or []), {SITE.sponsor: tuple(team)})


def test_veto_once_until_it_clears_then_resolved(store: Store) -> None:
    with smtp_sink() as (mail_url, mailbox), webhook_receiver() as (hook_url, posted):
        cfg = settings([hook_url], inspector=[mail_url])
        first = plan_alerts(store, cfg, "run", [(SITE, [SPAM])], "r1")
        assert [a.kind for a in first.alerts] == ["veto"] and not first.failures
        assert len(posted) == 1 and "【单项否决】测试区人民政府" in posted[0]["title"]
        assert "首页被植入博彩内容" in posted[0]["message"]
        assert mailbox.subjects == [posted[0]["title"]] and mailbox.recipients == [["web@example.gov.cn"]]
        # the same veto in the next run: no second alert
        assert plan_alerts(store, cfg, "run", [(SITE, [SPAM])], "r2").alerts == []
        assert len(posted) == 1
        # it cleared: one resolved alert, then silence
        cleared = plan_alerts(store, cfg, "run", [(SITE, [])], "r3")
        assert [a.kind for a in cleared.alerts] == ["resolved"] and "【已恢复】" in posted[1]["title"]
        assert plan_alerts(store, cfg, "run", [(SITE, [])], "r4").alerts == []
        # back again: a new alert
        assert [a.kind for a in plan_alerts(store, cfg, "run", [(SITE, [SPAM])], "r5").alerts] == ["veto"]
        assert len(posted) == 3 and len(mailbox.subjects) == 3


def test_routing_by_sponsor() -> None:
    cfg = settings(["json://127.0.0.1:1/team"], inspector=["json://127.0.0.1:1/inspector"])
    assert cfg.recipients(SITE) == ["json://127.0.0.1:1/team", "json://127.0.0.1:1/inspector"]
    assert cfg.recipients(OTHER) == ["json://127.0.0.1:1/inspector"]  # no team configured for its unit


def test_only_firm_vetoes_alert() -> None:
    def finding(**kw: Any) -> Finding:
        base: dict[str, Any] = {"target": SITE.code, "rule": "W-V1c", "severity": Severity.VETO,
                                "message": "博彩", "url": SITE.url}
        return Finding(**(base | kw))

    assert len(firm_vetoes([finding()])) == 1
    assert firm_vetoes([finding(review=True)]) == []  # OCR-only or hidden-link evidence: awaits review
    assert firm_vetoes([finding(decision="rejected")]) == []
    assert firm_vetoes([finding(severity=Severity.DEDUCTION)]) == []
    assert len(firm_vetoes([finding(decision="confirmed")])) == 1
    assert len(firm_vetoes([finding(), finding(message="又一页")])) == 1  # one cause, one alert


def test_dry_run_sends_nothing_and_keeps_no_state(store: Store) -> None:
    with webhook_receiver() as (hook_url, posted):
        report = plan_alerts(store, settings([hook_url], dry_run=True), "run", [(SITE, [SPAM])], "r1")
        assert [a.kind for a in report.alerts] == ["veto"] and posted == []
        assert any("将发送 / would send" in line and "首页被植入博彩内容" in line for line in report.lines())
    with store.session() as session:
        assert session.scalars(select(AlertStateRow)).all() == []


def test_unreachable_recipients_reported_and_retried(store: Store) -> None:
    with refused_port() as dead:
        cfg = settings([f"json://127.0.0.1:{dead}/hook?cto=2&rto=2",
                        f"mailto://127.0.0.1:{dead}?from=a@example.gov.cn&to=b@example.gov.cn&mode=insecure",
                        "nonsense-without-scheme"])
        report = plan_alerts(store, cfg, "run", [(SITE, [SPAM])], "r1")
    assert len(report.failures) == 3
    assert any("unsupported recipient URL" in line for line in report.lines())
    with store.session() as session:
        [row] = session.scalars(select(AlertStateRow)).all()
        assert not row.delivered
    # the receiver is up by the next run: the undelivered veto is sent then
    with webhook_receiver() as (hook_url, posted):
        again = plan_alerts(store, settings([hook_url]), "run", [(SITE, [SPAM])], "r2")
        assert [a.kind for a in again.alerts] == ["veto"] and len(posted) == 1 and not again.failures


def test_password_masked_in_reports(store: Store) -> None:
    cfg = settings([f"mailtos://user:s3cret@127.0.0.1:{free_port()}?to=b@example.gov.cn"], dry_run=True)
    lines = plan_alerts(store, cfg, "run", [(SITE, [SPAM])], "r1").lines()
    assert "s3cret" not in "\n".join(lines) and "user:***@" in "\n".join(lines)


def test_monitor_and_run_alerts_do_not_clear_each_other(store: Store) -> None:
    with webhook_receiver() as (hook_url, posted):
        cfg = settings([hook_url])
        down = Seen("monitor|W-V2|homepage", "W-V2", "站点无法访问", SITE.url)
        plan_alerts(store, cfg, "monitor", [(SITE, [down])])
        assert plan_alerts(store, cfg, "run", [(SITE, [])], "r1").alerts == []  # a run does not clear it
        assert plan_alerts(store, cfg, "monitor", [(SITE, None)]).alerts == []  # no data: nothing clears
        assert [a.kind for a in plan_alerts(store, cfg, "monitor", [(SITE, [])]).alerts] == ["resolved"]
        assert len(posted) == 2


def test_alert_run_only_for_the_newest_run(tmp_path: Path) -> None:
    with webhook_receiver() as (hook_url, posted):
        config = load_config(tmp_path, {"alerts": {"enabled": True, "units": {SITE.sponsor: [hook_url]}}})
        store = open_store(config.db_url)
        now = datetime.now(UTC)
        old = pipeline.start_run(store, [SITE], now - timedelta(days=1), run_id="old")
        new = pipeline.start_run(store, [SITE], now, run_id="new")
        veto = Finding(target=SITE.code, rule="W-V1d", severity=Severity.VETO, message="首页被篡改", url=SITE.url)
        stale = alert_run(store, config, old, [(SITE, [veto])])
        assert stale.alerts == [] and "not the latest" in stale.note and posted == []
        assert [a.rule for a in alert_run(store, config, new, [(SITE, [veto])]).alerts] == ["W-V1d"]
        assert len(posted) == 1
        store.close()


def test_alert_config_checked(tmp_path: Path) -> None:
    assert AlertSettings.from_config(load_config(tmp_path)).enabled is False  # off unless configured
    with pytest.raises(ConfigError, match="webhok"):
        load_config(tmp_path, {"alerts": {"webhok": ["json://x"]}})
