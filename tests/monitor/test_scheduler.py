"""The monitor on a simulated clock against the demo farm: a week of probes in seconds."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import replace
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

from sqlalchemy import select

from govinspect.model import SiteStatus
from govinspect.monitor import MonitorSettings, RealClock, SimulatedClock
from govinspect.monitor.models import MonitorProbeRow, MonitorSessionRow
from govinspect.monitor.service import Monitor
from govinspect.monitor.window import load_window, summarise
from govinspect.registry.store import save_sites
from govinspect.rules.base import Confidence
from govinspect.timeutil import parse_as_of
from tests.monitor.helpers import SHIFAN, YANGBAN, farm_server, judge_w_v2, make_store

AS_OF = parse_as_of("2021-03-21")
START = AS_OF - timedelta(days=7)
# hourly heartbeats keep a simulated week to ~170 store writes
SIM = MonitorSettings(probes_per_day=24, jitter_share=0.2, heartbeat_seconds=3600, reload_seconds=86400,
                      concurrency=20, timeout_seconds=5)


def _probes(store, code: str) -> list[MonitorProbeRow]:
    with store.session() as session:
        return list(session.scalars(select(MonitorProbeRow).where(MonitorProbeRow.site_code == code)
                                    .order_by(MonitorProbeRow.at)))


async def test_a_week_with_an_outage_vetoes_exactly_when_the_share_reaches_five_percent(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    clock = SimulatedClock(START)
    monitor = Monitor(store, SIM, clock=clock, rng=random.Random(7))
    down_from = AS_OF - timedelta(hours=14)
    async with farm_server() as server:
        await monitor.run(until=down_from)
        server.down_hosts.add(SHIFAN.host)  # 503 for the last 14 hours of the week
        await monitor.run(until=AS_OF)
    assert clock.now() == AS_OF

    shifan, yangban = _probes(store, SHIFAN.site.code), _probes(store, YANGBAN.site.code)
    for rows in (shifan, yangban):
        per_day = summarise(load_window(store, rows[0].site_code, START, AS_OF), AS_OF).per_day
        assert all(n >= 20 for n in per_day.values()), per_day  # ≥ 20 a day, as the indicator asks
        gaps = [(b.at - a.at).total_seconds() for a, b in pairwise(rows)]
        assert min(gaps) >= 0.8 * 3600 - 1 and max(gaps) <= 1.2 * 3600 + 1  # jittered hourly
    assert all(not r.failed and r.status == 200 for r in yangban)
    assert all(r.failed == (r.at >= down_from) for r in shifan)
    assert {r.status for r in shifan if r.failed} == {503}

    # Slide the monitoring point hour by hour through the outage: the veto appears exactly when
    # failures / probes in the 7-day window reach 5 %, never a probe earlier.
    verdicts = []
    for hours in range(0, 15):
        as_of = down_from + timedelta(hours=hours)
        window = [r for r in shifan if as_of - timedelta(days=7) <= r.at <= as_of]
        failures = sum(r.failed for r in window)
        expected = failures * 100 >= 5 * len(window)
        findings = judge_w_v2(store, SHIFAN.site, as_of)
        assert bool(findings) == expected, (as_of, failures, len(window))
        verdicts.append(expected)
        if findings:
            assert findings[0].details["basis"] == "monitor"
            assert findings[0].details["failures"] == failures and findings[0].details["probes"] == len(window)
    assert verdicts[0] is False and verdicts[-1] is True  # the share did cross 5 % during the outage
    assert verdicts == sorted(verdicts)

    [finding] = judge_w_v2(store, SHIFAN.site, AS_OF)
    assert finding.confidence is Confidence.HIGH  # the whole week monitored, ≥ 20 probes every day
    assert finding.details["not_monitored_hours"] == 0 and finding.details["window_covered"] is True
    assert finding.details["failed"][0]["status"] == 503
    assert judge_w_v2(store, YANGBAN.site, AS_OF) == []  # the look-alike next door stayed up


async def test_monitor_probes_win_over_the_crawls_failed_attempts(tmp_path: Path) -> None:
    from tests.rules.builders import fetch

    store = make_store(tmp_path)
    clock = SimulatedClock(START)
    async with farm_server():
        await Monitor(store, SIM, clock=clock, rng=random.Random(1)).run(until=AS_OF)
    crawl_failures = [fetch(YANGBAN.site.url, None, error="timeout", kind="probe", at=AS_OF - timedelta(hours=2))]
    assert judge_w_v2(store, YANGBAN.site, AS_OF, probes=crawl_failures) == []
    # without any monitor probes the crawl's attempts are judged: one failure is for review only
    [finding] = judge_w_v2(store, YANGBAN.site, AS_OF + timedelta(days=30), probes=[
        fetch(YANGBAN.site.url, None, error="timeout", kind="probe", at=AS_OF + timedelta(days=29))])
    assert finding.details["basis"] == "probes" and finding.review and finding.confidence is Confidence.LOW


async def test_a_restart_gap_is_not_monitored_never_up_or_down(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    clock = SimulatedClock(START)
    gap_start, gap_end = START + timedelta(days=3), START + timedelta(days=4, hours=6)
    async with farm_server() as server:
        await Monitor(store, SIM, clock=clock, rng=random.Random(3)).run(until=gap_start)
        # the monitor is stopped for 30 hours while the site is down: nobody saw it
        server.down_hosts.add(SHIFAN.host)
        clock.advance(gap_end - gap_start)
        server.down_hosts.discard(SHIFAN.host)
        await Monitor(store, SIM, clock=clock, rng=random.Random(4)).run(until=AS_OF)

    with store.session() as session:
        sessions = list(session.scalars(select(MonitorSessionRow).order_by(MonitorSessionRow.id)))
    assert [(s.started_at, s.ended_at) for s in sessions] == [(START, gap_start), (gap_end, AS_OF)]
    assert not any(gap_start < r.at < gap_end for r in _probes(store, SHIFAN.site.code))

    summary = summarise(load_window(store, SHIFAN.site.code, START, AS_OF), AS_OF)
    assert summary.failures == 0
    assert summary.not_monitored_hours == 30
    assert set(summary.days_below) == {"2021-03-17", "2021-03-18"}  # the days the gap touched
    assert summary.fully_covered is False
    assert judge_w_v2(store, SHIFAN.site, AS_OF) == []


async def test_a_crashed_session_covers_only_up_to_its_last_heartbeat(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    with store.session() as session, session.begin():  # what kill -9 leaves: no ended_at
        session.add(MonitorSessionRow(source="monitor", started_at=START, last_alive=START + timedelta(hours=10)))
        session.add(MonitorSessionRow(source="monitor", started_at=START + timedelta(hours=12),
                                      last_alive=START + timedelta(hours=20), ended_at=START + timedelta(hours=20)))
        # another site's imported log does not cover this one
        session.add(MonitorSessionRow(source="import", site_code="9999999999", started_at=START,
                                      last_alive=AS_OF, ended_at=AS_OF))
    window = load_window(store, SHIFAN.site.code, START, AS_OF)
    assert window.covered == [(START, START + timedelta(hours=10)), (START + timedelta(hours=12),
                                                                     START + timedelta(hours=20))]
    assert window.covered_seconds(START, AS_OF) == 18 * 3600


async def test_heartbeat_writes_probes_and_coverage_together(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    clock = SimulatedClock(START)
    monitor = Monitor(store, SIM, clock=clock, rng=random.Random(5))
    async with farm_server():
        task = asyncio.create_task(monitor.run())
        while clock.now() < START + timedelta(hours=5, minutes=30):
            await asyncio.sleep(0)
        with store.session() as session:  # mid-run, as a crash would leave it
            [row] = session.scalars(select(MonitorSessionRow)).all()
            stored = session.scalars(select(MonitorProbeRow)).all()
        assert row.ended_at is None and row.last_alive == START + timedelta(hours=5)
        assert stored and all(p.at <= row.last_alive for p in stored)
        monitor.stop()
        stats = await task
    assert stats.probes >= 8 and stats.heartbeats >= 5


async def test_new_and_closed_sites_are_picked_up_on_reload(tmp_path: Path) -> None:
    store = make_store(tmp_path, [SHIFAN.site])
    clock = SimulatedClock(START)
    settings = MonitorSettings(probes_per_day=24, heartbeat_seconds=3600, reload_seconds=3600, timeout_seconds=5)
    monitor = Monitor(store, settings, clock=clock, rng=random.Random(2))
    async with farm_server():
        await monitor.run(until=START + timedelta(hours=3))
        save_sites(store, [YANGBAN.site, replace(SHIFAN.site, status=SiteStatus.CLOSED)])
        await monitor.run(until=START + timedelta(hours=8))
    early = [r for r in _probes(store, SHIFAN.site.code) if r.at > START + timedelta(hours=4, minutes=30)]
    assert early == []  # closed: no longer probed (after the next reload and one interval)
    assert len(_probes(store, YANGBAN.site.code)) >= 3


async def test_real_clock_stops_cleanly(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    settings = MonitorSettings(probes_per_day=86400 * 10, jitter_share=0.0, heartbeat_seconds=0.05,
                               timeout_seconds=5)  # a probe every 0.1 s
    monitor = Monitor(store, settings, clock=RealClock(), rng=random.Random(0))
    async with farm_server():
        task = asyncio.create_task(monitor.run())
        deadline = time.monotonic() + 60  # liveness only: a loaded machine probes more slowly
        while monitor.stats.probes < 4 and not task.done() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        monitor.stop()
        stats = await asyncio.wait_for(task, timeout=60)
    assert stats.probes >= 4
    with store.session() as session:
        [row] = session.scalars(select(MonitorSessionRow)).all()
    assert row.ended_at is not None and row.ended_at >= row.started_at
