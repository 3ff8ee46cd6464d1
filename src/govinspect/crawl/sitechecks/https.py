"""Site check "https" (W-I3): fetch ``https://<host>/`` and keep the answer or the TLS error.

The crawler's session verifies certificates, so an expired, self-signed or mismatched
certificate comes back as ``tls: <reason>`` (``govinspect.crawl.fetcher.classify_error``); a
host without HTTPS as ``refused`` / ``timeout`` / ``connection``. The rule (W-I3) judges.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from govinspect.crawl.checks import CheckContext, site_check


def https_url(home: str) -> str:
    """The HTTPS homepage of the host (default port)."""
    parts = urlsplit(home)
    if parts.scheme == "https":
        return home
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return urlunsplit(("https", host, "/", "", ""))


@site_check("https")
async def https(ctx: CheckContext) -> None:
    await ctx.fetch(https_url(ctx.home))
