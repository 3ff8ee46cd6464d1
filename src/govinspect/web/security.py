"""Response headers, CSRF tokens and the public form's rate limit.

- Every response carries a Content-Security-Policy without inline scripts (``script-src 'self'``),
  ``X-Content-Type-Options: nosniff``, frame denial (``frame-ancestors 'none'``,
  ``X-Frame-Options: DENY``) and no referrer; the evidence replay sets its own, stricter policy.
- CSRF (跨站请求伪造): a signed-in form carries its session's token; a form of someone not
  signed in (login, public 找错 form) carries the token of a ``gi_csrf`` cookie set with the
  page (double submit). Both are compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
SESSION_COOKIE = "gi_session"
ANON_CSRF_COOKIE = "gi_csrf"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(given: str | None, expected: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace"))


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (the public form: per client address)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        events = self._events[key]
        while events and now - events[0] > self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True
