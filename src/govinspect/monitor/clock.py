"""Clocks for the monitor: the real one, and a simulated one so a week runs in seconds in tests.

The scheduler only ever asks a clock for ``now()`` and to ``wait(seconds, stop)``; with
:class:`SimulatedClock` waiting moves virtual time forward at once, so a test drives seven days
of probing without sleeping for real.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    # Virtual time jumps ahead while real network I/O is still in flight: the scheduler lets
    # probes finish before a virtual wait, so each lands in the heartbeat it belongs to.
    virtual: bool

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...

    async def wait(self, seconds: float, stop: asyncio.Event) -> None:
        """Return after ``seconds`` or as soon as ``stop`` is set."""
        ...


class RealClock:
    """Wall-clock time (UTC) and real sleeping."""

    virtual = False

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def wait(self, seconds: float, stop: asyncio.Event) -> None:
        if seconds <= 0 or stop.is_set():
            await asyncio.sleep(0)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=seconds)


class SimulatedClock:
    """Virtual time: ``wait`` advances it instantly; ``advance`` moves it by hand (a pause while
    the monitor is not running, in a restart test)."""

    virtual = True

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("模拟时钟需要带时区的时间 / the simulated clock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | float) -> None:
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        if step > timedelta(0):
            self._now += step

    async def wait(self, seconds: float, stop: asyncio.Event) -> None:
        if not stop.is_set():
            self.advance(seconds)
        await asyncio.sleep(0)  # let probe tasks run, as a real wait would
