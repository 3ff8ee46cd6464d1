"""Site check "ipv6" (W-D9 网站支持IPv6): an AAAA record, and the homepage answering over IPv6.

1. Resolve the homepage host for AF_INET6 and AF_INET (``loop.getaddrinfo``; IP literals are
   their own answer). No AAAA: a note with error ``no_aaaa`` (an A record exists) or
   ``dns_unresolved`` (the host resolves to nothing here — typical behind an HTTP proxy, where
   the proxy resolves names and this machine cannot: the rule then cannot judge).
2. With AAAA: a note listing the addresses, then the homepage fetched over IPv6 only (a
   session of its own, pinned to those addresses, no proxy) and kept as a fetch of kind "ipv6".
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from govinspect.crawl.checks import CheckContext, site_check
from govinspect.crawl.fetcher import Fetcher
from govinspect.crawl.sitechecks._record import record_note, record_outcome


async def resolve(host: str, port: int, family: socket.AddressFamily, timeout: float) -> list[str]:
    """Addresses of ``host`` for one family ([] when there are none or the lookup fails)."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        return [str(literal)] if (literal.version == 6) == (family == socket.AF_INET6) else []
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(loop.getaddrinfo(host, port, family=family, type=socket.SOCK_STREAM),
                                       timeout)
    except (OSError, TimeoutError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class PinnedResolver(AbstractResolver):
    """Answers every lookup with the IPv6 addresses found before: the fetch cannot fall back to IPv4."""

    def __init__(self, addresses: list[str]) -> None:
        self.addresses = addresses

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET6) -> list[ResolveResult]:
        return [ResolveResult(hostname=host, host=addr, port=port, family=socket.AF_INET6, proto=0,
                              flags=socket.AI_NUMERICHOST) for addr in self.addresses]

    async def close(self) -> None:
        return None


def _proxied(url: str) -> bool:
    scheme = urlsplit(url).scheme
    host = urlsplit(url).hostname or ""
    return scheme in getproxies() and not proxy_bypass(host)


@site_check("ipv6")
async def ipv6(ctx: CheckContext) -> None:
    parts = urlsplit(ctx.home)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    settings = ctx.crawler.s
    timeout = float(settings.timeout_seconds)
    v6 = await resolve(host, port, socket.AF_INET6, timeout)
    v4 = await resolve(host, port, socket.AF_INET, timeout)
    fields: dict[str, Any] = {"host": host, "aaaa": " ".join(v6), "a": " ".join(v4),
                              "proxy": "yes" if _proxied(ctx.home) else "no"}
    if not v6:
        record_note(ctx, ctx.home, fields, error="no_aaaa" if v4 else "dns_unresolved")
        return
    record_note(ctx, ctx.home, fields)
    url, headers = ctx.home, None
    if _ipv4_literal(host):
        # aiohttp never asks a resolver about an IP literal: address the IPv6 one directly
        url = urlunsplit(parts._replace(netloc=f"[{v6[0]}]:{port}"))
        headers = {"Host": parts.netloc}
    connector = aiohttp.TCPConnector(family=socket.AF_INET6, resolver=PinnedResolver(v6), limit=2)
    async with aiohttp.ClientSession(connector=connector, trust_env=False) as session:
        # the run's certificate handling: a bad certificate is not "no answer over IPv6"
        fetcher = Fetcher(session, settings, ctx.crawler.sv.politeness, ctx.crawler.sv.tls)
        outcome = await fetcher.fetch(url, retries=min(settings.retries, 1), cut_is_error=False, headers=headers)
    record_outcome(ctx, ctx.home, outcome)


def _ipv4_literal(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 4
    except ValueError:
        return False
