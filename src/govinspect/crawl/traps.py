"""Crawler traps (爬虫陷阱) and session ids.

- session ids in the path (``;jsessionid=…``) or the query (PHPSESSID, sid, …) are stripped
  before deduplication, so one page is not crawled once per session;
- endless calendars and query permutations: by behaviour, not by count. A group of URLs
  (host and path, digits masked) whose pages link to each other and say the same thing
  stops being followed; an article archive of thousands of pages under one pattern is
  crawled in full, as its pages differ. "The same" is near-duplicate (近似重复): equal once
  digits and dates (阿拉伯数字, 二〇二一年三月, 星期一) are masked, or a SimHash within
  ``trap_simhash_bits`` bits (a calendar whose weekday grid or duty roster shifts a line).
  The SimHash leaves out the site's template (shingles of the homepage's text: navigation,
  footer), and a page close by SimHash is the same only if at most ``_MAX_CHANGED_SHINGLES``
  shingles differ (a name in a duty roster, not a notice of its own): a one-line notice in a
  long template of its own must not look like its neighbours;
- ever-growing paths: a segment repeated more than ``max_repeated_segment`` times, or more
  than ``max_path_segments`` segments;
- too many query parameters (``max_query_params``).

Articles of one column share a pattern too (``/art/2021/3/1/art_12_345.html``) and link to
each other (上一篇/下一篇), so a count of URLs per pattern cuts real sites; their texts differ,
a calendar's do not.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from govinspect.similarity.minhash import Hashes, shingle_hashes
from govinspect.similarity.simhash import SHINGLE, distance, simhash_of_hashes

_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid|aspsessionid[a-z]*)=[^/?#;]*", re.I)
_SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sid", "sessionid", "session_id", "sessid", "cfid",
                             "cftoken", "zenid", "oscsid"})
_ASP_SESSION = re.compile(r"^aspsessionid[a-z]*$", re.I)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
# Dates written in Chinese numerals (二〇二一年三月十五日) and weekdays: a calendar renders a new
# one on every page. Only numerals next to 年/月/日/号 and after 星期/周/礼拜, not every 一 of a text.
_CN_NUM = "〇零一二三四五六七八九十廿卅"
_CN_DATES = re.compile(rf"[{_CN_NUM}]{{1,4}}(?=[年月日号])|(?<=星期)[一二三四五六日天]|(?<=礼拜)[一二三四五六日天]"
                       rf"|(?<=周)[一二三四五六日](?![{_CN_NUM}])")
# Distinct pages (SimHash and shingles, ~10 kB each) remembered per group: a group with more is
# no calendar, and memory stays bounded by groups, not pages (exact fingerprints still count)
_MAX_REPRESENTATIVES = 64
# Shingles (4 characters) in which two near pages may differ and still be one: a changed name of
# up to three characters (a duty roster) changes at most 12; another four-character word, 14
_MAX_CHANGED_SHINGLES = 12


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


class TrapDetector:
    """Per-site trap checks; ``check`` returns a reason (for the frontier) or None.

    Endless calendars and query permutations (查询参数排列) are told from article archives by
    what their pages say, not by how many URLs share a pattern: a ``pattern_group`` whose
    fetched pages are mostly near-duplicates (the same text once digits are masked) is a trap
    once ``trap_min_pages`` of its pages are seen, and from then on its URLs found on pages of
    the same group are refused. Ten thousand articles of one pattern are ten thousand texts.
    """

    def __init__(self, max_query_params: int, max_path_segments: int, max_repeated_segment: int,
                 trap_min_pages: int, trap_max_distinct_share: float, trap_simhash_bits: int = 3) -> None:
        self.max_query_params = max_query_params
        self.max_path_segments = max_path_segments
        self.max_repeated_segment = max_repeated_segment
        self.trap_min_pages = trap_min_pages
        self.trap_max_distinct_share = trap_max_distinct_share
        self.trap_simhash_bits = trap_simhash_bits
        self._pages: Counter[str] = Counter()  # group -> pages fetched
        self._distinct: Counter[str] = Counter()  # group -> pages unlike every earlier page of it
        self._texts: dict[str, set[str]] = {}  # group -> exact fingerprints (digits and dates masked)
        # group -> (SimHash, shingles) of each distinct page, template left out (bounded)
        self._simhashes: dict[str, list[tuple[int, Hashes]]] = {}
        self._template: Hashes = np.zeros(0, dtype=np.uint64)  # the homepage's shingles: the site's template

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
        if referrer is not None and self.is_trap(url, referrer):
            return "trap: endless near-duplicate pages"
        return None

    def is_trap(self, url: str, referrer: str) -> bool:
        """Whether ``url``, found on ``referrer``, continues a group of near-duplicate pages.
        Only links within one group count: a calendar links to itself, a column list does not."""
        group = pattern_group(url)
        if group != pattern_group(referrer):
            return False
        seen = self._pages[group]
        if seen < self.trap_min_pages:
            return False
        return self._distinct[group] <= seen * self.trap_max_distinct_share

    def observe(self, url: str, text: str, *, homepage: bool = False) -> None:
        """Note a fetched page's visible text under its group: distinct unless it equals an earlier
        page once digits and dates are masked, or its SimHash (the homepage's shingles left out)
        is within ``trap_simhash_bits``. The homepage's text is the site's template."""
        group = pattern_group(url)
        self._pages[group] += 1
        masked = mask_numbers(text)
        if homepage and self.trap_simhash_bits >= 0:
            self._template = shingle_hashes(masked, SHINGLE)
        exact = self._texts.setdefault(group, set())
        fingerprint = _digest(masked)
        if fingerprint in exact:
            return
        exact.add(fingerprint)
        known = self._simhashes.setdefault(group, [])
        if self.trap_simhash_bits >= 0 and len(known) < _MAX_REPRESENTATIVES:
            shingles = np.setdiff1d(shingle_hashes(masked, SHINGLE), self._template, assume_unique=True)
            mine = simhash_of_hashes(shingles)
            if any(distance(mine, other) <= self.trap_simhash_bits and _changed(shingles, theirs) <= _MAX_CHANGED_SHINGLES
                   for other, theirs in known):
                return
            known.append((mine, shingles))
        self._distinct[group] += 1


def pattern_group(url: str) -> str:
    """Host and path with digit runs masked, query ignored: every day of one calendar and every
    permutation of one list's filters fall in one group."""
    parts = urlsplit(url)
    return f"{parts.netloc}{_DIGITS.sub('#', parts.path)}"


def _changed(a: Hashes, b: Hashes) -> int:
    """Shingles in one set and not the other."""
    return len(np.setxor1d(a, b, assume_unique=True))


def mask_numbers(text: str) -> str:
    """The page text with digits and Chinese dates masked and spacing collapsed: the day of a
    calendar or the order of a list's filters does not change it, an article's own words do."""
    return _SPACE.sub(" ", _CN_DATES.sub("#", _DIGITS.sub("#", text))).strip()


def text_fingerprint(text: str) -> str:
    """A hash of :func:`mask_numbers`: pages equal up to numbers and dates share it."""
    return _digest(mask_numbers(text))


def _digest(masked: str) -> str:
    return hashlib.blake2b(masked.encode("utf-8"), digest_size=12).hexdigest()
