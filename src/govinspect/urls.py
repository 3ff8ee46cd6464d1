"""URL canonicalisation and crawl scope, shared by the crawler and extraction."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "#", "vbscript:", "file:")


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical form of ``url`` (fragment dropped, query sorted), or None when it is
    not an http(s) URL (javascript:, mailto:, ...)."""
    # Pages repeat their navigation and footer links: each (link, what it depends on) is worked
    # out once. An absolute link depends on nothing else, a root-relative one (/xwzx/) on the
    # base's origin only, any other (//cdn/ too: "//" alone keeps the base's path) on the base.
    if not base or "://" in url[:12]:
        return _canonical_cached(url, None)
    return _canonical_cached(url, _origin(base) if url[:1] == "/" and url[1:2] not in ("/", "\\") else base)


@lru_cache(maxsize=100_000)
def _canonical_cached(url: str, base: str | None) -> str | None:
    return _canonical(url, base)


def _canonical(url: str, base: str | None) -> str | None:
    url = url.strip().replace("\\", "/")
    if not url or url.lower().startswith(_SKIP_SCHEMES):
        return None
    if base and "://" not in url[:12]:
        try:
            url = _join(base, url)
        except ValueError:
            return None
    return _canonical_absolute(url)


def _join(base: str, url: str) -> str:
    # Root-relative links (/xwzx/, the most common kind on CMS sites) need only the base's origin.
    if url.startswith("/") and not url.startswith("//") and "/." not in url:
        return _origin(base) + url
    return urljoin(base, url)


@lru_cache(maxsize=4096)
def _origin(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


# Pages repeat their navigation and footer links: canonicalising each distinct absolute URL once
# halves the analysis time of a crawl.
@lru_cache(maxsize=200_000)
def _canonical_absolute(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    port = parts.port if _safe_port(parts) else None
    netloc = host if port in (None, 80 if parts.scheme == "http" else 443) else f"{host}:{port}"
    path = parts.path or "/"
    try:
        return canonicalize_url(urlunsplit((parts.scheme, netloc, path, parts.query, "")), keep_fragments=False)
    except ValueError:
        return None


def _safe_port(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return False
    return True


@lru_cache(maxsize=100_000)  # in_scope asks for the same few thousand URLs over and over
def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def in_scope(url: str, root_url: str) -> bool:
    """Same site as ``root_url``: the same host, ``www.`` or not. Sub-domains are other sites
    (a department site x.y.gov.cn is registered on its own)."""
    return _bare(host_of(url)) == _bare(host_of(root_url))


def is_gov_cn(url_or_host: str) -> bool:
    host = host_of(url_or_host) if "/" in url_or_host else url_or_host.lower()
    return host == "gov.cn" or host.endswith(".gov.cn") or host.endswith(".政务")
