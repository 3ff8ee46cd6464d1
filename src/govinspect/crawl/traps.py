"""Crawler traps (爬虫陷阱) and session ids.

- session ids in the path (``;jsessionid=…``) or the query (PHPSESSID, sid, …) are stripped
  before deduplication, so one page is not crawled once per session;
- endless calendars: one path pattern (digits masked) that keeps producing new URLs from
  pages of the same pattern beyond ``max_urls_per_pattern``;
- ever-growing paths: a segment repeated more than ``max_repeated_segment`` times, or more
  than ``max_path_segments`` segments;
- too many query parameters (``max_query_params``).

Articles of one column share a pattern too (``/art/2021/3/1/art_12_345.html``), but they are
found on list pages of another pattern, so only URLs found on a page of their own pattern are
counted: a calendar links to itself, a column list does not.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid|aspsessionid[a-z]*)=[^/?#;]*", re.I)
_SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sid", "sessionid", "session_id", "sessid", "cfid",
                             "cftoken", "zenid", "oscsid"})
_ASP_SESSION = re.compile(r"^aspsessionid[a-z]*$", re.I)
_DIGITS = re.compile(r"\d+")


def strip_session_ids(url: str) -> str:
    """``url`` without session ids (;jsessionid=…, PHPSESSID=…, sid=…)."""
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k.lower() not in _SESSION_PARAMS and not _ASP_SESSION.match(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path or "/", query, parts.fragment))


def url_pattern(url: str) -> str:
    """The URL with digit runs masked and query values dropped: one calendar, one pattern."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.netloc}{_DIGITS.sub('#', parts.path)}?{'&'.join(keys)}"


class TrapDetector:
    """Per-site trap checks; ``check`` returns a reason (for the frontier) or None."""

    def __init__(self, max_query_params: int, max_path_segments: int, max_repeated_segment: int,
                 max_urls_per_pattern: int) -> None:
        self.max_query_params = max_query_params
        self.max_path_segments = max_path_segments
        self.max_repeated_segment = max_repeated_segment
        self.max_urls_per_pattern = max_urls_per_pattern
        self._pattern_counts: Counter[str] = Counter()

    def check(self, url: str, referrer: str | None = None) -> str | None:
        parts = urlsplit(url)
        if parts.query and len(parse_qsl(parts.query, keep_blank_values=True)) > self.max_query_params:
            return "trap: too many query parameters"
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > self.max_path_segments:
            return "trap: path too deep"
        if segments:
            _, most = Counter(segments).most_common(1)[0]
            if most > self.max_repeated_segment:
                return "trap: repeated path segments"
        if referrer is not None:
            pattern = url_pattern(url)
            if pattern == url_pattern(referrer):
                self._pattern_counts[pattern] += 1
                if self._pattern_counts[pattern] > self.max_urls_per_pattern:
                    return "trap: endless pattern"
        return None
