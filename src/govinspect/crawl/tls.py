"""Certificates as a browser judges them (HTTPS 证书), so that a certificate problem is never
taken for a site that cannot be reached (W-V2).

One :class:`TlsPolicy` per crawl run holds the verifying SSL context every fetch uses: the
system's roots (``SSL_CERT_FILE`` is honoured), plus ``[crawl] ca_file`` (an extra CA bundle,
e.g. a government intranet's own CA), plus the intermediates fetched on the way. When a host's
certificate fails verification:

1. The leaf certificate is read in an unverified handshake (through the https proxy when one
   applies, as the crawler's requests go).
2. 证书链不完整 (incomplete chain): when OpenSSL could not find the issuer, the leaf's Authority
   Information Access caIssuers URL is fetched through the crawler's own client, as browsers do
   (AIA fetching); every certificate that really issued the one below it (its signature
   checks) and is not itself a root is added to the context, up to ``MAX_AIA_DEPTH`` levels.
   Fetched URLs are cached for the run. A root found this way is never trusted: only the
   configured roots are. Then the fetch is tried again with verification.
3. A certificate still invalid (self-signed, expired, not yet valid, name mismatch, untrusted
   issuer) is recorded as a :class:`CertReport` (what is wrong, subject, issuer, notBefore,
   notAfter, names) and the host is fetched without verification from then on: every such
   response carries the report, and the crawler marks it in the WARC record and notes the
   report once per site (FetchRow kind "tls"), where W-I3 reads it. The pages are judged as
   usual; only a failure to get any answer is a failure for W-V2.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import SplitResult, urlsplit
from urllib.request import getproxies, proxy_bypass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from cryptography.x509.oid import AuthorityInformationAccessOID

log = logging.getLogger(__name__)

MAX_AIA_DEPTH = 4
AIA_MAX_BYTES = 65_536
HANDSHAKE_SECONDS = 15
# OpenSSL's verify codes for "the issuer is not here" (the chain may be completed by AIA)
_ISSUER_MISSING = frozenset({2, 20, 21})  # UNABLE_TO_GET_ISSUER_CERT(_LOCALLY), UNABLE_TO_VERIFY_LEAF_SIGNATURE


# fetch(url) -> the body, or None when it could not be had (a Fetcher's bounded GET)
BodyFetch = Callable[[str], Awaitable[bytes | None]]


@dataclass
class CertReport:
    """What is wrong with one host's certificate, and whether its pages were fetched unverified."""

    host: str  # host:port
    problems: list[str]
    error: str  # OpenSSL's verify message
    subject: str = ""
    issuer: str = ""
    not_before: str = ""
    not_after: str = ""
    names: list[str] = field(default_factory=list)  # subjectAltName DNS names and IP addresses
    aia: list[str] = field(default_factory=list)  # caIssuers URLs fetched
    relaxed: bool = False  # pages fetched without certificate verification
    generation: int = 0  # bumped whenever the verdict changes: fetches that started earlier retry

    def fields(self) -> dict[str, Any]:
        """The report as the fields of a WARC metadata note (one line each)."""
        return {"host": self.host, "problems": " ".join(self.problems), "error": self.error,
                "subject": self.subject, "issuer": self.issuer, "not-before": self.not_before,
                "not-after": self.not_after, "names": " ".join(self.names), "aia": " ".join(self.aia),
                "verification": "relaxed" if self.relaxed else "verified"}


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


def _name(name: x509.Name) -> str:
    return name.rfc4514_string()


def _names(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [*san.get_values_for_type(x509.DNSName), *(str(ip) for ip in san.get_values_for_type(x509.IPAddress))]


def name_matches(cert: x509.Certificate, host: str) -> bool:
    """Whether ``host`` is one of the certificate's subjectAltNames (one-label ``*.`` wildcards).
    The subject CN does not count: browsers have ignored it since 2017 (ERR_CERT_COMMON_NAME_INVALID)."""
    names = _names(cert)
    host = host.lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for name in (n.lower().rstrip(".") for n in names):
        if address is not None:
            try:
                if ipaddress.ip_address(name) == address:
                    return True
            except ValueError:
                continue
        elif name == host or (name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]):
            return True
    return False


def issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    """``parent`` signed ``child`` (names and signature check)."""
    try:
        child.verify_directly_issued_by(parent)
    except Exception:  # InvalidSignature, names that differ, unsupported key types
        return False
    return True


def self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject and issued_by(cert, cert)


def describe(cert: x509.Certificate, host: str, now: datetime | None = None) -> list[str]:
    """Problems a browser would name from the certificate alone (issuer trust aside)."""
    now = now or datetime.now(UTC)
    problems: list[str] = []
    if self_signed(cert):
        problems.append("self_signed")
    if now > cert.not_valid_after_utc:
        problems.append("expired")
    if now < cert.not_valid_before_utc:
        problems.append("not_yet_valid")
    if not name_matches(cert, host):
        problems.append("mismatch")
    return problems


def aia_urls(cert: x509.Certificate) -> list[str]:
    """The caIssuers URLs of a certificate's Authority Information Access extension."""
    try:
        aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    except x509.ExtensionNotFound:
        return []
    return [str(d.access_location.value) for d in aia
            if d.access_method == AuthorityInformationAccessOID.CA_ISSUERS
            and isinstance(d.access_location, x509.UniformResourceIdentifier)]


def parse_certificates(body: bytes) -> list[x509.Certificate]:
    """Certificates served at a caIssuers URL: DER, PEM, or a PKCS#7 bundle (.p7c) of either."""
    loaders: list[Callable[[bytes], list[x509.Certificate]]] = [
        lambda b: [x509.load_der_x509_certificate(b)],
        x509.load_pem_x509_certificates,
        pkcs7.load_der_pkcs7_certificates,
        pkcs7.load_pem_pkcs7_certificates,
    ]
    for load in loaders:
        try:
            return list(load(body))
        except (ValueError, TypeError):
            continue
    return []


def verify_code(exc: BaseException) -> tuple[int | None, str]:
    """OpenSSL's verify code and message of a certificate error (aiohttp wraps it)."""
    cert_error = getattr(exc, "certificate_error", exc)
    code = getattr(cert_error, "verify_code", None)
    message = getattr(cert_error, "verify_message", None) or str(cert_error)
    return code, str(message)


class TlsPolicy:
    """The run's verifying context, the hosts fetched unverified and why, and the AIA cache."""

    def __init__(self, ca_file: str = "", aia: bool = True) -> None:
        self.context = ssl.create_default_context()
        if ca_file:
            self.context.load_verify_locations(cafile=ca_file)
        self.aia = aia
        self.reports: dict[str, CertReport] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._aia_cache: dict[str, list[x509.Certificate]] = {}

    def ssl_for(self, url: str) -> ssl.SSLContext | bool:
        """What aiohttp's ``ssl=`` gets: the verifying context, or False for a relaxed host."""
        report = self.reports.get(host_key(url))
        return False if report is not None and report.relaxed else self.context

    def report_for(self, url: str) -> CertReport | None:
        return self.reports.get(host_key(url))

    def generation(self, url: str) -> int:
        report = self.reports.get(host_key(url))
        return report.generation if report is not None else -1

    async def recover(self, url: str, exc: BaseException, seen: int, fetch_body: BodyFetch) -> bool:
        """After a certificate error on ``url``: True when the fetch should be tried again (the
        chain was completed, or the host is now fetched unverified), False when nothing helps."""
        key = host_key(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            report = self.reports.get(key)
            if report is not None and report.generation != seen:
                return True  # another fetch changed the verdict meanwhile: try with it
            if report is not None and report.relaxed:
                return False
            code, message = verify_code(exc)
            leaf = await self._peer_certificate(url)
            host = (urlsplit(url).hostname or "").strip("[]")
            if report is None:
                report = self.reports[key] = CertReport(key, [], message)
                if leaf is not None:
                    report.subject, report.issuer = _name(leaf.subject), _name(leaf.issuer)
                    report.not_before = leaf.not_valid_before_utc.isoformat()
                    report.not_after = leaf.not_valid_after_utc.isoformat()
                    report.names = _names(leaf)
                if leaf is not None and self.aia and code in _ISSUER_MISSING and not self_signed(leaf):
                    added = await self._complete_chain(leaf, report, fetch_body)
                    if added:
                        report.problems = ["incomplete_chain"]
                        report.generation += 1
                        return True
            # still invalid: name what is wrong and fetch the host unverified from now on
            found = describe(leaf, host) if leaf is not None else ["unreadable"]
            if (leaf is not None and not found) or (code in _ISSUER_MISSING and "self_signed" not in found):
                found.append("untrusted")  # nothing wrong with the certificate itself: its issuer
            report.problems = list(dict.fromkeys([*report.problems, *found]))
            report.error = message
            report.relaxed = True
            report.generation += 1
            log.warning("证书无效，不验证证书继续抓取 / invalid certificate, fetching unverified: %s (%s)", key,
                        " ".join(report.problems))
            return True

    async def _peer_certificate(self, url: str) -> x509.Certificate | None:
        """The server's certificate, read in a TLS handshake without verification (through the
        https proxy when one applies, as the crawler's own requests go)."""
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or 443
        unverified = ssl.create_default_context()
        unverified.check_hostname = False
        unverified.verify_mode = ssl.CERT_NONE
        writer: asyncio.StreamWriter | None = None
        try:
            async with asyncio.timeout(HANDSHAKE_SECONDS):
                proxy = https_proxy_for(host)
                if proxy is None:
                    _, writer = await asyncio.open_connection(host, port, ssl=unverified, server_hostname=host)
                else:
                    reader, writer = await asyncio.open_connection(proxy.hostname, proxy.port or 80)
                    writer.write(f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
                    status = await reader.readline()
                    while (await reader.readline()).strip():
                        pass  # the proxy's headers
                    if status.split()[1:2] != [b"200"]:
                        return None
                    await writer.start_tls(unverified, server_hostname=host)
                ssl_object = writer.get_extra_info("ssl_object")
                der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        except (OSError, TimeoutError, ValueError, IndexError, ssl.SSLError):
            return None
        finally:
            if writer is not None:
                writer.close()
        if not der:
            return None
        try:
            return x509.load_der_x509_certificate(der)
        except ValueError:
            return None

    async def _complete_chain(self, leaf: x509.Certificate, report: CertReport, fetch_body: BodyFetch) -> int:
        """Follow caIssuers from ``leaf`` upwards; add each true issuer that is not a root to the
        context. Returns how many were added."""
        added = 0
        child = leaf
        for _ in range(MAX_AIA_DEPTH):
            parent: x509.Certificate | None = None
            # plain http only, as RFC 5280 asks: an https caIssuers would need the chain it completes
            for url in (u for u in aia_urls(child) if u.lower().startswith("http://")):
                if url not in self._aia_cache:
                    body = await fetch_body(url)
                    self._aia_cache[url] = parse_certificates(body) if body else []
                    report.aia.append(url)
                parent = next((c for c in self._aia_cache[url] if issued_by(child, c)), None)
                if parent is not None:
                    break
            if parent is None or self_signed(parent):
                break  # no issuer to be had, or a root: roots are trusted only when configured
            self.context.load_verify_locations(cadata=parent.public_bytes(Encoding.DER))
            added += 1
            child = parent
        return added


def https_proxy_for(host: str) -> SplitResult | None:
    """The proxy an https request to ``host`` goes through (https_proxy / no_proxy), if any."""
    proxy = getproxies().get("https")
    if not proxy or proxy_bypass(host):
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    return parts if parts.hostname else None
