"""The proxies of a crawl (http_proxy / https_proxy / no_proxy), read from the environment once.

aiohttp's ``trust_env`` looks the environment (and ~/.netrc) up again for every request, in a
worker thread each time: two thread hand-offs per fetch, a third of the crawl's time on one
core. The crawler's sessions leave ``trust_env`` off and ask this table instead, which gives
the same answer (aiohttp's own lookup, proxy credentials from the proxy URL or ~/.netrc)
once per scheme and host. Credentials for the inspected sites themselves are never taken
from ~/.netrc: a government site gets no login it was not meant to get.
"""

from __future__ import annotations

from aiohttp import BasicAuth
from aiohttp.helpers import get_env_proxy_for_url
from yarl import URL

ProxyChoice = tuple[URL | None, BasicAuth | None]


class EnvProxies:
    """Which proxy (if any) a URL goes through, as the environment says at creation."""

    def __init__(self) -> None:
        self._by_origin: dict[tuple[str, str], ProxyChoice] = {}

    def for_url(self, url: str) -> ProxyChoice:
        target = URL(url)
        key = (target.scheme, target.host or "")
        choice = self._by_origin.get(key)
        if choice is None:
            try:
                choice = get_env_proxy_for_url(target)
            except LookupError:  # no proxy for this scheme, or no_proxy names the host
                choice = (None, None)
            self._by_origin[key] = choice
        return choice
