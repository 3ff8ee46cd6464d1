"""W-I4 oversized-page — 页面过大被截断，超出部分未检查（提示）

No indicator of 国办秘函〔2019〕19号 names page size; this warning exists so that a page the
crawler could not read whole is never judged silently as if it were complete. The crawler reads
at most ``[crawl] max_page_bytes`` (10,000,000 by default) of a page; a longer body is cut, the
WARC record is marked ``WARC-Truncated: length`` and the fetch record's error says
``too_large: <size> bytes, cut at <limit>`` — the real size when the server declared it
(Content-Length), else ``>=`` the bytes that had arrived when the crawler stopped reading.

This rule reports every crawled page (kind "page") cut that way, as one finding for the site
listing the pages (homepage first). It is a warning: no points, no veto.

不可评估 (not assessable): rules that would report the *absence* of something a cut page may
hold further down — the footer's codes (W-D11), the 找错 entry (W-D10), the meta tags (W-D13),
the annual report link (W-I1), site search (W-D8), the homepage's freshness (W-V3) — do not
report it absent on a cut page. Each says so instead with an ``info`` finding under its own code
(``details.assessable`` = false, ``details.reason`` = "truncated"), which neither deducts nor
vetoes; what the cut page does show (a wrong code, a mismatched sitecode) is judged as usual.

Example finding::

    {"rule": "W-I4", "severity": "warning",
     "message": "首页超过抓取大小上限被截断（20.0 MB，上限10.0 MB），超出部分未检查",
     "url": "http://www.example.gov.cn/",
     "details": {"pages": [{"url": "http://www.example.gov.cn/", "size": 20971520,
                            "size_exact": true, "limit": 10000000}]}}

Not flagged:

- a page exactly at the limit, or any page under it;
- link checks and attachments cut at their own, smaller limits (W-D14 says which attachments
  it could not read whole);
- a page chromium rendered (``render``): the rendered DOM is whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.model import cut_size
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import megabytes
from govinspect.snapshot.site import evidence_of


@rule("W-I4", "oversized-page", title="页面过大被截断", bulletin="页面过大被截断", severity=Severity.WARNING)
def oversized_page(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    cut = [f for f in snap.fetches.values() if f.kind == "page" and f.truncated]
    if not cut:
        return
    home = snap.homepage_fetch
    cut.sort(key=lambda f: (f is not home, f.url))
    pages: list[dict[str, Any]] = []
    for fetch in cut:
        size = cut_size(fetch.error)
        assert size is not None  # f.truncated
        pages.append({"url": fetch.url, "size": size.size, "size_exact": size.exact, "limit": size.limit})
    first = pages[0]
    where = "首页" if cut[0] is home else (f"{len(cut)}个页面" if len(cut) > 1 else "页面")
    message = f"{where}超过抓取大小上限被截断（{_size_text(first)}），超出部分未检查"
    finding = ctx.finding(message, url=cut[0].url, details={"pages": pages})
    finding.evidence = evidence_of(cut[0], excerpt=cut[0].error or "")
    yield finding


def _size_text(page: dict[str, Any]) -> str:
    limit = f"，上限{megabytes(page['limit'])}" if page["limit"] else ""
    if page["size"] is None:
        return "大小未记录" + limit
    return f"{'' if page['size_exact'] else '至少'}{megabytes(page['size'])}{limit}"
