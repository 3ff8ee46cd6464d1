"""Site checks "cloak-browser", "cloak-spider", "cloak-referer" (W-V1d 网页篡改/劫持).

Hacked government sites often show spam only to search engines (to rank the spam) or only to
visitors arriving from a Baidu search (to redirect them to gambling sites), while staff typing
the address see a clean page. Each check fetches the homepage and a small sample of crawled
pages (``SAMPLE_PAGES``) once with its own request headers:

- cloak-browser: a desktop Chrome User-Agent, no Referer (what the publisher sees);
- cloak-spider: Baiduspider's User-Agent;
- cloak-referer: the Chrome User-Agent with a Referer from a Baidu search result.

A hijacked page sends search visitors on by script or meta refresh (``location.href=…``), which
no HTTP client follows. So the referer check reads each version it got for such redirects
(``text.scripts.redirects``) to another site outside gov.cn and fetches those destinations too
(up to ``MAX_DESTINATIONS``, as the same Baidu visitor), kept as observations of their own kind,
``cloak-destination``: W-V1d judges where the visitor is sent, not only that they are sent.

Every version is kept as WARC evidence; the rule W-V1d compares them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import select

from govinspect.crawl.checks import CheckContext, site_check
from govinspect.extract.encoding import decode_html
from govinspect.store.models import FetchRow
from govinspect.text.harmful import off_site_hosts
from govinspect.text.scripts import redirects

if TYPE_CHECKING:
    from govinspect.crawl.fetcher import FetchOutcome

SAMPLE_PAGES = 3
MAX_DESTINATIONS = 3  # redirect destinations fetched per site
MAX_BYTES = 2_000_000
DESTINATION_KIND = "cloak-destination"
BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0.0.0 Safari/537.36")
SPIDER_UA = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
BAIDU_REFERER = "https://www.baidu.com/link?url=Qx3kZ0Gv8mJtR4bY1nWc5pLs7hDf2aEo9uKi6yTr&wd=&eqid=b7e1c0a5000d4f2a"

HEADERS = {
    "cloak-browser": {"User-Agent": BROWSER_UA},
    "cloak-spider": {"User-Agent": SPIDER_UA},
    "cloak-referer": {"User-Agent": BROWSER_UA, "Referer": BAIDU_REFERER},
}


def sample_urls(ctx: CheckContext, limit: int = SAMPLE_PAGES) -> list[str]:
    """The homepage and a few HTML pages the crawl fetched (deepest path first: articles, then
    by URL). Chosen from every fetched page, not the first few stored, whose order is when each
    fetch finished: two crawls of the same site sample the same pages."""
    sv = ctx.crawler.sv
    sv.recorder.flush()
    with sv.store.session() as session:
        rows = session.execute(select(FetchRow.url, FetchRow.content_type).where(
            FetchRow.run_id == sv.run_id, FetchRow.site_code == ctx.site.code, FetchRow.kind == "page",
            FetchRow.status == 200)).all()
    pages = {url for url, ctype in rows if url != ctx.home and "html" in (ctype or "html").lower()}
    # articles (deep paths) are where injected spam hides; the homepage is always first
    return [ctx.home, *sorted(pages, key=lambda u: (-u.count("/"), u))[:limit]]


async def _fetch_all(ctx: CheckContext) -> list[FetchOutcome]:
    headers = HEADERS[ctx.kind]
    return [await ctx.fetch(url, headers=headers, max_bytes=MAX_BYTES) for url in sample_urls(ctx)]


def off_site_redirects(outcomes: list[FetchOutcome], home: str) -> list[str]:
    """Script and meta-refresh redirect targets, in the versions fetched, to a host that is
    neither the site's own nor under gov.cn (each once, in order)."""
    targets: list[str] = []
    for outcome in outcomes:
        ctype = outcome.content_type or "text/html"
        if not outcome.body or "html" not in ctype.lower():
            continue
        html, _ = decode_html(outcome.body, ctype)
        for redirect in redirects(html, outcome.final_url or outcome.url):
            host = urlsplit(redirect.target).hostname or ""
            if redirect.target.startswith(("http://", "https://")) and off_site_hosts([host], home) \
                    and redirect.target not in targets:
                targets.append(redirect.target)
    return targets


@site_check("cloak-browser")
async def cloak_browser(ctx: CheckContext) -> None:
    await _fetch_all(ctx)


@site_check("cloak-spider")
async def cloak_spider(ctx: CheckContext) -> None:
    await _fetch_all(ctx)


@site_check("cloak-referer")
async def cloak_referer(ctx: CheckContext) -> None:
    outcomes = await _fetch_all(ctx)
    destination = CheckContext(ctx.crawler, DESTINATION_KIND)
    for target in off_site_redirects(outcomes, ctx.home)[:MAX_DESTINATIONS]:
        await destination.fetch(target, headers=HEADERS["cloak-referer"], max_bytes=MAX_BYTES)
