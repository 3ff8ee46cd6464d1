"""Helpers for the content rules W-D12 / W-V1a (not a rule: no ``@rule`` here).

The passages of a site: each judged page's title and visible text lines, each distinct line once
per site (navigation and footer repeat on every page), with the page it was first seen on and
that page's publish date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from govinspect.rules.base import SiteSnapshot
from govinspect.rules.website._common import all_pages, page_ok

_MIN_HAN = 6  # lines with fewer Han characters (menus, dates, buttons) carry no sentences


@dataclass(frozen=True)
class SitePassage:
    text: str
    url: str
    on: date  # the page's publish date, else the monitoring point


def site_passages(snap: SiteSnapshot, max_pages: int) -> Iterator[SitePassage]:
    seen: set[str] = set()
    pages = [p for p in all_pages(snap.homepage, snap.pages) if page_ok(p)]
    # articles first: that is where sentences are; then the rest, up to max_pages pages
    pages.sort(key=lambda p: (p.page_kind != "article", p.url))
    for page in pages[:max_pages]:
        on = page.pub_date.date() if page.pub_date is not None else snap.as_of_date
        for line in [page.title, *page.text.splitlines()]:
            line = line.strip()
            if line in seen or sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff") < _MIN_HAN:
                continue
            seen.add(line)
            yield SitePassage(line, page.url, min(on, snap.as_of_date))
