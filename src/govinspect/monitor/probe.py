"""One availability probe: GET the homepage, follow redirects, read the page, time it.

A probe fails (打不开) when no page arrived within the timeout: DNS, TCP, TLS handshake errors, a
timeout, or an HTTP status ≥ ``fail_status``. Redirects that end in a page are fine, and so is a
page behind an invalid certificate (it is fetched unverified: the certificate is W-I3's business).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import aiohttp

from govinspect.crawl.fetcher import classify_error
from govinspect.monitor.settings import MonitorSettings

_CHUNK = 65_536


@dataclass(frozen=True)
class ProbeResult:
    url: str
    final_url: str
    at: datetime
    status: int | None
    error: str | None
    elapsed_ms: int
    failed: bool


def judge(status: int | None, error: str | None, elapsed_ms: int | None, settings: MonitorSettings) -> bool:
    """Whether a probe counts as 打不开 under ``settings``."""
    if error is not None or status is None or status >= settings.fail_status:
        return True
    return elapsed_ms is not None and elapsed_ms >= settings.timeout_seconds * 1000


def client_session(settings: MonitorSettings) -> aiohttp.ClientSession:
    """One session for every probe: bounded connections, http_proxy honoured (trust_env), no
    cookies kept (each probe is a first visit)."""
    connector = aiohttp.TCPConnector(limit=settings.concurrency, ttl_dns_cache=300, force_close=True)
    return aiohttp.ClientSession(connector=connector, trust_env=True, cookie_jar=aiohttp.DummyCookieJar(),
                                 headers={"User-Agent": settings.user_agent})


async def probe(session: aiohttp.ClientSession, url: str, at: datetime, settings: MonitorSettings) -> ProbeResult:
    """Probe ``url`` once; ``at`` is the time recorded for it (the scheduler's clock).

    A certificate problem is not 打不开: a browser shows the page after a warning, so the probe
    tries again without verification and counts the answer (the crawl's W-I3 names the
    certificate). The time of both tries counts."""
    started = time.monotonic()
    status: int | None = None
    error: str | None = None
    final_url = url
    timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)
    for verify in (True, False):
        try:
            status, final_url = await _open(session, url, timeout, settings, verify)
            error = None
            break
        except aiohttp.ClientConnectorCertificateError as exc:
            error = classify_error(exc)  # kept if the unverified try fails too
        except aiohttp.TooManyRedirects:
            error = "too_many_redirects"
            break
        except TimeoutError:
            error = "timeout"
            break
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            error = classify_error(exc)
            break
    elapsed_ms = int((time.monotonic() - started) * 1000)
    return ProbeResult(url=url, final_url=final_url, at=at, status=status, error=error, elapsed_ms=elapsed_ms,
                       failed=judge(status, error, elapsed_ms, settings))


async def _open(session: aiohttp.ClientSession, url: str, timeout: aiohttp.ClientTimeout,
                settings: MonitorSettings, verify: bool) -> tuple[int, str]:
    """GET the page, redirects followed, body read up to the cap: (status, final URL)."""
    async with session.get(url, timeout=timeout, allow_redirects=True, max_redirects=10,
                           ssl=verify) as resp:
        read = 0
        # the page has opened when its body is in (up to a cap), not at the first header
        while read < settings.max_body_bytes:
            chunk = await resp.content.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
        return resp.status, str(resp.url)
