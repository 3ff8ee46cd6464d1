"""Politeness: a global request cap, per-host concurrency, a per-host delay that adapts.

The adaptive delay follows the AutoThrottle idea: aim at ``latency / concurrency`` between
requests to one host, move half-way there after each answer, never below the configured
``download_delay_seconds`` nor above ``max_delay_seconds``; a 429/503 doubles the delay, and
errors never make it shorter. ``Retry-After`` pauses the whole host.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from govinspect.crawl.settings import CrawlSettings
from govinspect.urls import host_of

BACKOFF_STATUSES = frozenset({429, 503})
_BACKOFF_FLOOR = 0.1  # seconds: the first back-off step when the delay was zero


class AutoThrottle:
    """The delay between two requests to one host, adapted to how the host answers."""

    def __init__(self, base_delay: float, max_delay: float, concurrency: int) -> None:
        self.base_delay = base_delay
        self.max_delay = max(max_delay, base_delay)
        self.concurrency = max(1, concurrency)
        self.delay = base_delay

    def raise_floor(self, delay: float) -> None:
        """A robots.txt Crawl-delay: a new lower bound (still capped by ``max_delay``)."""
        self.base_delay = min(max(self.base_delay, delay), self.max_delay)
        self.delay = max(self.delay, self.base_delay)

    def observe(self, latency: float, status: int | None) -> None:
        if status in BACKOFF_STATUSES:
            self.delay = min(self.max_delay, max(self.delay * 2, _BACKOFF_FLOOR, self.base_delay))
            return
        target = latency / self.concurrency
        new = (self.delay + target) / 2
        if (status is None or status >= 400) and new < self.delay:
            return  # an error answer says nothing about a healthy speed
        self.delay = min(self.max_delay, max(self.base_delay, new))


class HostSlot:
    """Per-host gate: at most ``concurrency`` requests at once, spaced by the throttle delay."""

    def __init__(self, settings: CrawlSettings) -> None:
        self.semaphore = asyncio.Semaphore(settings.per_host_concurrency)
        self.throttle = AutoThrottle(settings.download_delay_seconds, settings.max_delay_seconds,
                                     settings.per_host_concurrency)
        self._next_at = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """Nobody asks this host anything for ``seconds`` (Retry-After)."""
        self._next_at = max(self._next_at, time.monotonic() + seconds)

    async def wait_turn(self) -> None:
        if self.throttle.delay <= 0 and self._next_at <= time.monotonic():
            return  # the fast path: no delay configured, no pause pending
        async with self._lock:
            now = time.monotonic()
            wait = self._next_at - now
            self._next_at = max(now, self._next_at) + self.throttle.delay
            if wait > 0:
                await asyncio.sleep(wait)


class Politeness:
    """All host slots of a crawl plus the global concurrency cap."""

    def __init__(self, settings: CrawlSettings) -> None:
        self.settings = settings
        self._global = asyncio.Semaphore(settings.global_concurrency)
        self._slots: dict[str, HostSlot] = {}

    def slot(self, url: str) -> HostSlot:
        host = host_of(url)
        slot = self._slots.get(host)
        if slot is None:
            slot = self._slots[host] = HostSlot(self.settings)
        return slot

    @asynccontextmanager
    async def request(self, url: str) -> AsyncIterator[HostSlot]:
        """Hold a global and a per-host place for one request to ``url``."""
        slot = self.slot(url)
        async with slot.semaphore:
            await slot.wait_turn()
            async with self._global:
                yield slot
