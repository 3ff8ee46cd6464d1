"""The monitor service: probes every running registered site's homepage all day, all week.

One asyncio loop: a heap of (next due time, site) and a semaphore bounding probes in flight, so
thousands of sites need no thread each. Each site is probed every 24 h / ``probes_per_day`` with
random jitter (so sites and probes do not all fall on the same minute); its first probe falls at
a random point of the first interval, spreading the load.

Bookkeeping survives restarts: the service opens a ``monitor_sessions`` row when it starts and,
every heartbeat, writes the probes taken since the last one together with ``last_alive`` in one
transaction. A crash loses at most one heartbeat of probes *and* the matching coverage, so a
period with no running monitor is always reported as "not monitored", never as up or down.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import aiohttp

from govinspect.model import Site, SiteStatus
from govinspect.monitor.clock import Clock, RealClock
from govinspect.monitor.models import MonitorProbeRow, MonitorSessionRow
from govinspect.monitor.probe import ProbeResult, client_session, probe
from govinspect.monitor.settings import MonitorSettings
from govinspect.registry.store import load_sites
from govinspect.store import Store
from govinspect.urls import canonical_url

log = logging.getLogger(__name__)

_SITE, _HEARTBEAT, _RELOAD = 0, 1, 2  # heap entry kinds; heartbeats sort after probes due at once


@dataclass
class MonitorStats:
    session_id: int = 0
    probes: int = 0
    failures: int = 0
    sites: int = 0
    heartbeats: int = 0
    per_site: dict[str, int] = field(default_factory=dict)


def home_url(raw: str) -> str:
    """The homepage to probe: as the crawler does, a registry URL without a scheme is http."""
    raw = raw.strip()
    return canonical_url(raw if "://" in raw else f"http://{raw}") or raw


class Monitor:
    """Probe ``sites`` (default: the registry's running sites) until ``run`` is told to stop."""

    def __init__(self, store: Store, settings: MonitorSettings | None = None, *, clock: Clock | None = None,
                 rng: random.Random | None = None,
                 sites: Callable[[], list[Site]] | None = None) -> None:
        self.store = store
        self.settings = settings or MonitorSettings()
        self.clock = clock or RealClock()
        self.rng = rng or random.Random()
        self._load_sites = sites or (lambda: load_sites(store))
        self._stop = asyncio.Event()
        self._pending: list[tuple[str, ProbeResult]] = []  # (site code, result) not yet written
        self._sites: dict[str, Site] = {}
        self._heap: list[tuple[datetime, int, int, str]] = []
        self._seq = 0
        self.stats = MonitorStats()

    def stop(self) -> None:
        """Ask ``run`` to finish: in-flight probes complete, everything is written, the session closes."""
        self._stop.set()

    # -- heap
    def _push(self, due: datetime, kind: int, code: str = "") -> None:
        self._seq += 1
        heapq.heappush(self._heap, (due, kind, self._seq, code))

    def _next_interval(self) -> timedelta:
        base = self.settings.interval_seconds
        jitter = self.settings.jitter_share
        return timedelta(seconds=base * (1 + self.rng.uniform(-jitter, jitter)))

    def _reload(self, now: datetime) -> None:
        """Take up sites newly registered (first probe within one interval) and drop closed ones."""
        current = {s.code: s for s in self._load_sites() if s.status is SiteStatus.RUNNING and s.url}
        for code in current:
            if code not in self._sites:
                offset = self.rng.uniform(0, self.settings.interval_seconds)
                self._push(now + timedelta(seconds=offset), _SITE, code)
        self._sites = current
        self.stats.sites = len(current)

    # -- store
    def _open_session(self, now: datetime) -> int:
        with self.store.session() as session, session.begin():
            row = MonitorSessionRow(source="monitor", started_at=now, last_alive=now, host=socket.gethostname()[:200],
                                    pid=os.getpid())
            session.add(row)
            session.flush()
            return row.id

    def _flush(self, now: datetime, *, end: bool = False) -> None:
        """Write pending probes and move the session's last_alive to ``now``, atomically."""
        pending, self._pending = self._pending, []
        with self.store.session() as session, session.begin():
            for code, r in pending:
                session.add(MonitorProbeRow(site_code=code, url=r.url, final_url=r.final_url, at=r.at, status=r.status,
                                            error=r.error, elapsed_ms=r.elapsed_ms, failed=r.failed,
                                            source="monitor", session_id=self.stats.session_id))
            row = session.get(MonitorSessionRow, self.stats.session_id)
            assert row is not None
            row.last_alive = max(row.last_alive, now)
            if end:
                row.ended_at = row.last_alive
        self.stats.heartbeats += 1

    # -- probing
    async def _probe(self, session: aiohttp.ClientSession, site: Site, at: datetime, sem: asyncio.Semaphore) -> None:
        try:
            result = await probe(session, home_url(site.url), at, self.settings)
        except Exception as exc:  # never lose the loop to one site; recorded as our own fault
            log.exception("probe of %s failed internally", site.url)
            result = ProbeResult(url=site.url, final_url=site.url, at=at, status=None, error=f"internal: {exc}"[:200],
                                 elapsed_ms=0, failed=False)
        finally:
            sem.release()
        self._pending.append((site.code, result))
        self.stats.probes += 1
        self.stats.failures += int(result.failed)
        self.stats.per_site[site.code] = self.stats.per_site.get(site.code, 0) + 1

    async def run(self, until: datetime | None = None) -> MonitorStats:
        """Probe until ``until`` (clock time) or :meth:`stop`; returns what this session did.

        Each call is one session. Calling ``run`` again on the same Monitor continues its schedule
        where it stopped (a test switches a site down between calls); a new Monitor starts afresh."""
        now = self.clock.now()
        self.stats = MonitorStats(session_id=self._open_session(now))
        if not self._heap:
            self._reload(now)
            self._push(now + timedelta(seconds=self.settings.heartbeat_seconds), _HEARTBEAT)
            self._push(now + timedelta(seconds=self.settings.reload_seconds), _RELOAD)
        self.stats.sites = len(self._sites)
        sem = asyncio.Semaphore(self.settings.concurrency)
        tasks: set[asyncio.Task[None]] = set()
        completed = False
        async with client_session(self.settings) as http:
            try:
                while self._heap and not self._stop.is_set():
                    due, kind, _, code = self._heap[0]
                    if until is not None and due > until:
                        break
                    wait = (due - self.clock.now()).total_seconds()
                    if wait > 0:
                        if self.clock.virtual and tasks:
                            await asyncio.gather(*tasks, return_exceptions=True)
                        await self.clock.wait(wait, self._stop)
                        continue  # re-check: stopped, or woken early
                    heapq.heappop(self._heap)
                    now = self.clock.now()
                    if kind == _HEARTBEAT:
                        self._flush(now)
                        self._push(due + timedelta(seconds=self.settings.heartbeat_seconds), _HEARTBEAT)
                    elif kind == _RELOAD:
                        self._reload(now)
                        self._push(due + timedelta(seconds=self.settings.reload_seconds), _RELOAD)
                    elif code in self._sites:  # a site closed since it was scheduled is dropped here
                        await sem.acquire()
                        task = asyncio.create_task(self._probe(http, self._sites[code], due, sem))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                        self._push(due + self._next_interval(), _SITE, code)
                completed = True
            finally:
                if tasks:
                    await asyncio.gather(*tasks, return_exceptions=True)
                if completed and until is not None and not self._stop.is_set():
                    # nothing more is due before ``until``: the monitor still watches until then
                    await self.clock.wait((until - self.clock.now()).total_seconds(), self._stop)
                self._flush(self.clock.now(), end=True)
        return self.stats
