"""One HTTP fetch with everything around it: manual redirects (the chain is evidence), a
streamed body cut at a size limit, errors named the way the store records them, retries with
exponential backoff, Retry-After, and politeness per host.

Errors (``status`` None): "timeout", "dns", "refused", "connection", "tls: <detail>",
"redirect_loop", "too_many_redirects", "invalid_url". "too_large: …" keeps the status: the
server did answer, only the body was cut; the error names the real size (from Content-Length)
or the size it reached at least (``govinspect.model.too_large_error``). An HTTP error status
is not an error.
"""

from __future__ import annotations

import asyncio
import errno
import ssl
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import aiohttp

from govinspect.crawl.politeness import Politeness
from govinspect.crawl.proxies import EnvProxies
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.tls import AIA_MAX_BYTES, CertReport, TlsPolicy
from govinspect.model import too_large_error
from govinspect.urls import canonical_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_ERRORS = frozenset({"timeout", "refused", "connection"})
_REDIRECT_BODY_BYTES = 65_536
_CHUNK = 65_536


@dataclass
class Attempt:
    """One try (retries are separate attempts): the homepage's become availability probes."""

    status: int | None
    error: str | None
    elapsed_ms: int
    fetched_at: datetime
    final_url: str


@dataclass
class Response:
    """One HTTP answer (a redirect hop or the final one), as it goes into the WARC file."""

    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    fetched_at: datetime
    truncated: bool = False
    # A cut body: the real size when the server declared an unencoded Content-Length, else the
    # bytes received before the cut (a lower bound; ``size_exact`` False).
    size: int = 0
    size_exact: bool = True
    # The host's certificate problem (crawl.tls): fetched unverified (``relaxed``) or verified
    # only once the chain was completed by AIA.
    tls: CertReport | None = None

    def header(self, name: str) -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")


@dataclass
class FetchOutcome:
    """The result of fetching one URL, after redirects and retries."""

    url: str
    final_url: str
    status: int | None = None
    error: str | None = None
    response: Response | None = None  # the final answer, if any
    hops: list[Response] = field(default_factory=list)  # redirect answers, in order
    attempts: list[Attempt] = field(default_factory=list)
    elapsed_ms: int = 0
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def content_type(self) -> str:
        return self.response.header("content-type") if self.response else ""

    @property
    def body(self) -> bytes:
        return self.response.body if self.response else b""

    @property
    def truncated(self) -> bool:
        return bool(self.response and self.response.truncated)

    @property
    def redirects(self) -> list[dict[str, object]]:
        return [{"url": hop.url, "status": hop.status} for hop in self.hops]


def classify_error(exc: BaseException) -> str:
    """The store's name for a failure to get an answer."""
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return "timeout"
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return f"tls: {exc.certificate_error}"
    if isinstance(exc, aiohttp.ClientConnectorSSLError | aiohttp.ClientSSLError | ssl.SSLError):
        return f"tls: {getattr(exc, 'os_error', exc)}"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return "dns"
    if isinstance(exc, aiohttp.ClientConnectorError):
        if exc.os_error is not None and exc.os_error.errno == errno.ECONNREFUSED:
            return "refused"
        return "connection"
    if isinstance(exc, aiohttp.InvalidURL | ValueError):
        return "invalid_url"
    return "connection"


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _headers(raw: tuple[tuple[bytes, bytes], ...]) -> list[tuple[str, str]]:
    return [(k.decode("utf-8", "replace"), v.decode("utf-8", "replace")) for k, v in raw]


class Fetcher:
    """Fetches through one aiohttp session (a site's cookie jar) under the crawl's politeness.

    With a :class:`TlsPolicy` a certificate error is not the end: the chain is completed (AIA)
    or the host fetched unverified, and the response carries the host's report (crawl.tls).

    With ``proxies`` each request names its proxy itself (the session should not trust the
    environment then: crawl.proxies says why); without, the session decides."""

    def __init__(self, session: aiohttp.ClientSession, settings: CrawlSettings, politeness: Politeness,
                 tls: TlsPolicy | None = None, proxies: EnvProxies | None = None) -> None:
        self.session = session
        self.settings = settings
        self.politeness = politeness
        self.tls = tls
        self.proxies = proxies
        self._timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)

    async def fetch(self, url: str, *, method: str = "GET", max_bytes: int | None = None,
                    retries: int | None = None, cut_is_error: bool = True,
                    headers: dict[str, str] | None = None) -> FetchOutcome:
        """Fetch with retries; ``attempts`` lists every try."""
        retries = self.settings.retries if retries is None else retries
        limit = self.settings.max_page_bytes if max_bytes is None else max_bytes
        attempts: list[Attempt] = []
        outcome = FetchOutcome(url=url, final_url=url)
        for attempt in range(retries + 1):
            outcome = await self._follow(url, method, limit, cut_is_error, headers)
            attempts.append(Attempt(outcome.status, outcome.error, outcome.elapsed_ms, outcome.fetched_at,
                                    outcome.final_url))
            wait = self._retry_wait(outcome, attempt)
            if wait is None or attempt == retries:
                break
            await asyncio.sleep(wait)
        outcome.attempts = attempts
        return outcome

    def _retry_wait(self, outcome: FetchOutcome, attempt: int) -> float | None:
        """Seconds to wait before the next try, or None when the outcome is final."""
        if outcome.error not in RETRY_ERRORS and outcome.status not in RETRY_STATUSES:
            return None
        wait = self.settings.retry_backoff_seconds * (2 ** attempt)
        if outcome.response is not None and outcome.status in (429, 503):
            after = retry_after_seconds(outcome.response.header("retry-after"))
            if after is not None:
                wait = max(wait, min(after, self.settings.max_retry_after_seconds))
                self.politeness.slot(outcome.final_url).pause(wait)
        return wait

    async def _follow(self, url: str, method: str, limit: int, cut_is_error: bool,
                      headers: dict[str, str] | None = None) -> FetchOutcome:
        """One attempt: request, then follow redirects by hand, recording each hop."""
        # Network time only: waiting for the host's politeness slot is not the site being slow
        # (W-V2 counts a probe of 15 s or more as a failure).
        network: list[float] = []
        outcome = FetchOutcome(url=url, final_url=url)
        seen = {canonical_url(url) or url}
        current = url
        recoveries = 0
        while True:
            generation = self.tls.generation(current) if self.tls is not None else -1
            try:
                response = await self._request(current, method, limit, network, headers)
            except aiohttp.ClientConnectorCertificateError as exc:
                # a certificate problem is not an unreachable site: complete the chain or relax
                if self.tls is not None and recoveries < 3 and await self.tls.recover(
                        current, exc, generation, self._aia_body):
                    recoveries += 1
                    continue
                outcome.error = classify_error(exc)
                break
            except (TimeoutError, aiohttp.ClientError, ssl.SSLError, ValueError, OSError) as exc:
                outcome.error = classify_error(exc)
                break
            location = response.header("location")
            if response.status not in REDIRECT_STATUSES or not location:
                outcome.response, outcome.status = response, response.status
                if response.truncated and cut_is_error:
                    outcome.error = too_large_error(response.size, response.size_exact, limit)
                break
            outcome.hops.append(response)
            target = urljoin(current, location.strip())
            key = canonical_url(target)
            if key is None:  # a redirect to javascript:, mailto: ... ends here
                outcome.response, outcome.status = outcome.hops.pop(), response.status
                break
            if key in seen:
                outcome.error = "redirect_loop"
                break
            if len(outcome.hops) > self.settings.max_redirects:
                outcome.error = "too_many_redirects"
                break
            seen.add(key)
            current = target
            if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                method = "GET"
        outcome.final_url = current
        outcome.elapsed_ms = int(sum(network) * 1000)
        return outcome

    async def _aia_body(self, url: str) -> bytes | None:
        """A caIssuers certificate, through this client (its proxy), small and not retried twice."""
        outcome = await self.fetch(url, max_bytes=AIA_MAX_BYTES, retries=min(self.settings.retries, 1))
        return outcome.body if outcome.status == 200 and outcome.error is None else None

    async def _request(self, url: str, method: str, limit: int, network: list[float],
                       headers: dict[str, str] | None = None) -> Response:
        sent = {"User-Agent": self.settings.user_agent, **(headers or {})}
        verify: ssl.SSLContext | bool | None = None  # aiohttp's default context
        tls_report: CertReport | None = None
        if self.tls is not None and urlsplit(url).scheme == "https":
            verify, tls_report = self.tls.ssl_for(url), self.tls.report_for(url)
        proxy, proxy_auth = self.proxies.for_url(url) if self.proxies is not None else (None, None)
        fetched_at = datetime.now(UTC)
        async with self.politeness.request(url) as slot:
            started = time.monotonic()
            status: int | None = None
            try:
                async with self.session.request(method, url, allow_redirects=False, timeout=self._timeout,
                                                headers=sent, ssl=True if verify is None else verify,
                                                proxy=proxy, proxy_auth=proxy_auth) as resp:
                    status = resp.status
                    cap = _REDIRECT_BODY_BYTES if status in REDIRECT_STATUSES else limit
                    body, received = (b"", 0) if method == "HEAD" else await _read_capped(resp, cap)
                    truncated = received > len(body) and status not in REDIRECT_STATUSES
                    # (a redirect's body is not the evidence that matters)
                    size, exact = _real_size(resp, received)
                    return Response(url=url, status=status, reason=resp.reason or "",
                                    headers=_headers(resp.raw_headers), body=body,
                                    request_headers=_headers(tuple(
                                        (k.encode(), v.encode()) for k, v in resp.request_info.headers.items())),
                                    fetched_at=fetched_at, truncated=truncated, size=size, size_exact=exact,
                                    tls=tls_report)
            finally:
                latency = time.monotonic() - started
                network.append(latency)
                slot.throttle.observe(latency, status)


async def _read_capped(resp: aiohttp.ClientResponse, cap: int) -> tuple[bytes, int]:
    """The (decompressed) body, at most ``cap`` bytes, and the bytes received: more than the
    body's length when it was cut."""
    length = resp.content_length
    if length is not None and length <= cap and not resp.headers.get("Content-Encoding"):
        body = await resp.read()
        return body, len(body)
    chunks: list[bytes] = []
    total = 0
    async for chunk in resp.content.iter_chunked(_CHUNK):
        room = cap - total
        if len(chunk) > room:
            chunks.append(chunk[:room])
            return b"".join(chunks), total + len(chunk)
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks), total


def _real_size(resp: aiohttp.ClientResponse, received: int) -> tuple[int, bool]:
    """The body's real size when the server declared it (unencoded), else what was received."""
    length = resp.content_length
    if length is not None and length >= received and not resp.headers.get("Content-Encoding"):
        return length, True
    return received, False
