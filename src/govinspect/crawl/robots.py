"""robots.txt per host, parsed with protego. A robots.txt that cannot be fetched (error, 4xx,
5xx) allows everything: the inspection must not stop because a file is missing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from protego import Protego

from govinspect.crawl.fetcher import FetchOutcome

ROBOTS_MAX_BYTES = 512_000
AGENT_TOKEN = "govinspect"

FetchFn = Callable[[str], Awaitable[FetchOutcome]]


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def parse_robots(body: bytes | None) -> Protego | None:
    """Protego rules, or None (allow all) when there is no usable file."""
    if not body:
        return None
    try:
        return Protego.parse(body.decode("utf-8", "replace"))
    except Exception:
        return None


class RobotsCache:
    """Fetches each origin's robots.txt once (through ``fetch``, which records it)."""

    def __init__(self, fetch: FetchFn, agent: str = AGENT_TOKEN,
                 known: dict[str, bytes | None] | None = None) -> None:
        self._fetch = fetch
        self._agent = agent
        self._rules: dict[str, Protego | None] = {k: parse_robots(v) for k, v in (known or {}).items()}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> Protego | None:
        key = robots_url(url)
        if key in self._rules:
            return self._rules[key]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._rules:
                outcome = await self._fetch(key)
                ok = outcome.error is None and outcome.status is not None and 200 <= outcome.status < 300
                self._rules[key] = parse_robots(outcome.body) if ok else None
        return self._rules[key]

    async def allowed(self, url: str) -> bool:
        rules = await self.rules_for(url)
        return rules is None or bool(rules.can_fetch(url, self._agent))

    def crawl_delay(self, url: str) -> float | None:
        rules = self._rules.get(robots_url(url))
        if rules is None:
            return None
        delay = rules.crawl_delay(self._agent)
        return float(delay) if delay is not None else None
