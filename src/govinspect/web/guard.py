"""Limits of the check endpoint (``govinspect serve-check``): token, per-client rate, request size.

An ASGI middleware in front of the app, so every route gets the same treatment before any of
the body is read:

1. a per-client rate limit (token bucket per client address: ``burst`` requests at once, then
   ``requests_per_minute``) → 429 with ``Retry-After``;
2. the token (``--token`` / ``GOVINSPECT_CHECK_TOKEN``), when one is set, as
   ``Authorization: Bearer <token>`` → 401 without it (``/api/health`` stays open);
3. the request size: a ``Content-Length`` over ``max_request_bytes`` is refused before reading
   anything, and a streamed (chunked) body is counted as it arrives and refused as soon as it
   passes the limit → 413. At most ``max_request_bytes`` of a body is ever held in memory.

Error bodies are short fixed texts (Chinese and English): they never repeat the request.
"""

from __future__ import annotations

import hmac
import json
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS = frozenset({"/api/health"})  # liveness probes need no token
_MAX_CLIENTS = 10_000  # buckets kept; idle (full) ones are dropped beyond this


@dataclass(frozen=True)
class ApiLimits:
    """``[check_api]`` of defaults.toml / config.toml, plus the token from the command line or env."""

    max_request_bytes: int
    requests_per_minute: float  # per client address; 0 = no limit
    burst: int
    token: str | None = None

    @classmethod
    def from_section(cls, section: dict[str, Any], token: str | None = None) -> ApiLimits:
        try:
            limits = cls(max_request_bytes=int(section["max_request_bytes"]),
                         requests_per_minute=float(section["requests_per_minute"]), burst=int(section["burst"]),
                         token=token or None)
        except KeyError as exc:
            raise ValueError(f"[check_api] 缺少设置 / [check_api] has no setting {exc.args[0]!r}") from exc
        except (TypeError, ValueError) as exc:
            raise ValueError(f"[check_api] 设置应为数字 / [check_api] settings must be numbers: {exc}") from exc
        if limits.max_request_bytes <= 0 or limits.requests_per_minute < 0 or limits.burst < 1:
            raise ValueError("[check_api] max_request_bytes 应大于0, requests_per_minute ≥ 0, burst ≥ 1 / "
                             "max_request_bytes must be > 0, requests_per_minute ≥ 0, burst ≥ 1")
        return limits


class RateLimiter:
    """Token buckets per client: ``burst`` requests at once, refilled at ``per_minute``."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # client → (tokens, when)

    def take(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        tokens, when = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - when) * self.rate)
        if tokens >= 1:
            self.buckets[client] = (tokens - 1, now)
            self._prune(now)
            return 0.0
        self.buckets[client] = (tokens, now)
        return (1 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        if len(self.buckets) <= _MAX_CLIENTS:
            return
        full_after = self.burst / self.rate
        self.buckets = {c: v for c, v in self.buckets.items() if now - v[1] < full_after}


class _TooLarge(Exception):
    """The body passed max_request_bytes while it was read."""


async def _reply(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """Rate limit, token and size limit in front of ``app`` (see the module docs)."""

    def __init__(self, app: ASGIApp, limits: ApiLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.limits = limits
        self.limiter = RateLimiter(limits.requests_per_minute, limits.burst, clock)
        self._token = limits.token.encode("utf-8") if limits.token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.limiter.take(client)
        if wait > 0:
            await _reply(send, 429, "请求过于频繁，请稍后再试 / too many requests, try again later",
                         {"retry-after": str(math.ceil(wait))})
            return
        if scope["path"] not in OPEN_PATHS and not self._authorised(scope):
            await _reply(send, 401, "缺少或错误的令牌 / missing or wrong token (Authorization: Bearer …)",
                         {"www-authenticate": "Bearer"})
            return
        declared = _content_length(scope)
        if declared == -1:
            await _reply(send, 400, "Content-Length无效 / invalid Content-Length", {"connection": "close"})
            return
        if declared is not None and declared > self.limits.max_request_bytes:
            await self._too_large(send)
            return
        try:
            body = await self._read_body(receive)
        except _TooLarge:
            await self._too_large(send)
            return
        if body is None:
            return  # the client left before sending its body: nobody to answer
        await self.app(scope, _replay(body, receive), send)

    def _authorised(self, scope: Scope) -> bool:
        if self._token is None:
            return True
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, given = bytes(value).partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self._token)
        return False

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, counted as it arrives: past the limit, stop reading. None: the client left."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limits.max_request_bytes:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _too_large(self, send: Send) -> None:
        limit = self.limits.max_request_bytes
        # connection: close — the rest of the body is never read, so the connection cannot be reused
        await _reply(send, 413, f"请求内容过大（上限{limit}字节）/ request body too large (limit {limit} bytes)",
                     {"connection": "close"})


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when absent (streamed), -1 when not a number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = bytes(value).decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: http.disconnect when the client leaves

    return replay
