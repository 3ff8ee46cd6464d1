"""Crawling one site: workers over the site's frontier, each task recorded once.

Task kinds: "page" (in-scope HTML, links feed the frontier), "link" (a link check: a bounded GET,
whose HTML answer is looked at for a soft 404; a file's URL is asked with HEAD, then GET on
405/501/failure), "render" (chromium).
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp
from selectolax.lexbor import LexborHTMLParser
from sqlalchemy import select

from govinspect.crawl import frontier as fr
from govinspect.crawl.checks import run_site_checks
from govinspect.crawl.fetcher import Fetcher, FetchOutcome
from govinspect.crawl.incremental import PreviousAnswer, content_hash, previous_answers, validators
from govinspect.crawl.politeness import Politeness
from govinspect.crawl.proxies import EnvProxies
from govinspect.crawl.recorder import Recorder
from govinspect.crawl.render import Renderer, RenderUnavailable, looks_script_built, script_writes_list
from govinspect.crawl.robots import RobotsCache
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.tls import CertReport, TlsPolicy
from govinspect.crawl.traps import TrapDetector, strip_session_ids
from govinspect.extract.encoding import decode_html
from govinspect.extract.links import discover, extract_links
from govinspect.extract.soft404 import is_soft404
from govinspect.model import Link, Site, SiteStatus
from govinspect.snapshot.notes import NOTE_TYPE
from govinspect.snapshot.warc import WarcError, WarcPointer, read_record
from govinspect.store import Store
from govinspect.store.models import FetchRow
from govinspect.text.attachments import is_document
from govinspect.text.ocr import is_image_url
from govinspect.urls import canonical_url, in_scope

if TYPE_CHECKING:
    from govinspect.crawl.engine import CrawlProgress

log = logging.getLogger(__name__)

_PAGE_TAGS = frozenset({"a", "area", "iframe", "frame"})
_ATTACHMENT = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|zip|rar|7z|gz|tgz|tar|bz2|jpe?g|png|gif|bmp|webp|svg|ico|tiff?|"
    r"mp[34]|avi|flv|wmv|mov|mkv|swf|wav|txt|csv|xml|json|css|js|apk|exe|msi|dmg|iso|ceb|caj)$", re.I)
_HTML_TYPES = ("text/html", "application/xhtml")


def is_html(content_type: str) -> bool:
    ct = content_type.lower()
    return not ct or any(t in ct for t in _HTML_TYPES)


def looks_like_attachment(url: str) -> bool:
    return _ATTACHMENT.search(urlsplit(url).path) is not None


@dataclass
class SiteServices:
    """What every site crawler of one run shares."""

    store: Store
    run_id: str
    settings: CrawlSettings
    recorder: Recorder
    politeness: Politeness
    renderer: Renderer
    connector: aiohttp.BaseConnector
    progress: CrawlProgress | None = None
    robots_known: dict[str, bytes | None] | None = None
    tls: TlsPolicy | None = None  # the run's certificate handling (chains completed, hosts relaxed)


class SiteCrawler:
    def __init__(self, services: SiteServices, site: Site) -> None:
        self.sv = services
        self.s = services.settings
        self.site = site
        self.code = site.code
        self.closed = site.status is SiteStatus.CLOSED
        raw = site.url.strip()
        # registries often list bare hosts (www.x.gov.cn): http is what a visitor would type
        self.home = canonical_url(raw if "://" in raw else f"http://{raw}") or raw
        self.frontier = fr.Frontier()
        self.traps = TrapDetector(self.s.max_query_params, self.s.max_path_segments, self.s.max_repeated_segment,
                                  self.s.trap_min_pages, self.s.trap_max_distinct_share, self.s.trap_simhash_bits)
        self.pages_planned = 0
        self.links_planned = 0
        self.fetcher: Fetcher | None = None
        self._tls_noted: set[tuple[str, int]] = set()  # (host, report generation) noted for this site
        self.robots: RobotsCache | None = None
        self.previous: dict[str, PreviousAnswer] = {}  # the previous run's pages (incremental re-crawl)

    # -- the run -----------------------------------------------------------------------------

    async def run(self) -> None:
        self._load()
        if self.sv.progress is not None:
            self.sv.progress.site_started(self.code, self.site.name, self.s.max_pages_per_site)
        jar = aiohttp.CookieJar(unsafe=True)  # one cookie jar per site; unsafe: sites on bare IPs
        async with aiohttp.ClientSession(connector=self.sv.connector, connector_owner=False, cookie_jar=jar,
                                         trust_env=False, auto_decompress=True) as session:
            self.fetcher = Fetcher(session, self.s, self.sv.politeness, self.sv.tls, EnvProxies())
            self.robots = RobotsCache(self._fetch_robots, known=self.sv.robots_known)
            workers = [asyncio.create_task(self._worker()) for _ in range(self.s.per_host_concurrency * 2)]
            try:
                await self.frontier.queue.join()
            finally:
                for worker in workers:
                    worker.cancel()
                await asyncio.gather(*workers, return_exceptions=True)
            if not self.closed:
                await run_site_checks(self)

    async def fetch_recorded(self, url: str, kind: str, *, headers: dict[str, str] | None = None,
                             method: str = "GET", max_bytes: int | None = None) -> FetchOutcome:
        """Fetch outside the frontier (site checks), keeping WARC evidence and a FetchRow."""
        assert self.fetcher is not None
        outcome = await self.fetcher.fetch(url, method=method, headers=headers, max_bytes=max_bytes,
                                           cut_is_error=False)
        task = fr.Task(url, kind, 0)
        pointer = self._write_warc(outcome, task)
        self._record_fetch(task, kind, outcome, pointer, False)
        return outcome

    def _load(self) -> None:
        if self.s.conditional_requests and not self.closed:
            self.previous = previous_answers(self.sv.store, self.sv.run_id, self.code)
        loaded = fr.load(self.sv.store, self.sv.run_id, self.code)
        self.frontier.seen.update(loaded.seen)
        for url, kind in loaded.reset:
            self.sv.recorder.set_state(self.code, url, kind, "pending")
        for url, kind in loaded.done_already:
            self.sv.recorder.set_state(self.code, url, kind, "done")
        for task in loaded.pending:
            self.frontier.push(task)
        self.pages_planned = sum(1 for (_, k), st in self.frontier.seen.items() if k == "page" and st != "skipped")
        self.links_planned = sum(1 for (_, k), st in self.frontier.seen.items() if k == "link" and st != "skipped")
        if not self.frontier.seen:
            self._add(fr.Task(self.home, "page", 0, None))
            self.pages_planned = 1

    async def _worker(self) -> None:
        queue = self.frontier.queue
        while True:
            _, _, task = await queue.get()
            try:
                await self._handle(task)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.exception("crawl task failed: %s", task.url)
                self._record_failure(task, f"internal: {type(exc).__name__}")
            finally:
                queue.task_done()
            try:
                await self.sv.recorder.maybe_flush_async()
            except Exception:  # the rows stay queued; the next flush retries
                log.exception("store flush failed")

    async def _handle(self, task: fr.Task) -> None:
        if task.kind == "page":
            await self._page(task)
        elif task.kind == "link":
            await self._link(task)
        elif task.kind == "render":
            await self._render(task)
        else:
            self._finish(task, "skipped", f"unknown kind {task.kind}")

    # -- frontier ----------------------------------------------------------------------------

    def _add(self, task: fr.Task, state: str = "pending", reason: str | None = None) -> None:
        self.sv.recorder.add_frontier(self.code, task.url, task.kind, task.depth, task.referrer, state, reason)
        if state == "pending":
            self.frontier.push(task)
        else:
            self.frontier.mark(task.url, task.kind, state)

    def _finish(self, task: fr.Task, state: str, reason: str | None = None) -> None:
        self.frontier.mark(task.url, task.kind, state)
        self.sv.recorder.set_state(self.code, task.url, task.kind, state, reason)

    def _discover(self, links: list[Link], pagination: list[str], page: fr.Task) -> None:
        if self.closed:
            return  # a closed site (运行状态 关停): only whether its homepage still serves content (W-I2)
        for url in pagination:  # list pages sit at the depth of their list
            self._consider_page(url, page.depth, page.url)
        for link in links:
            url = _clean(link.url)
            if link.tag in _PAGE_TAGS and _crawlable(url, self.home):
                self._consider_page(url, page.depth + 1, page.url)
            else:
                self._consider_link(url, page.depth + 1, page.url)

    def _consider_page(self, url: str, depth: int, referrer: str) -> None:
        url = _clean(url)
        if self.frontier.knows(url, "page"):
            return
        reason = self.traps.check(url, referrer)
        if reason is not None:
            self._add(fr.Task(url, "page", depth, referrer), "skipped", reason)
            return
        if depth > self.s.max_depth:
            self._add(fr.Task(url, "page", depth, referrer), "skipped", "depth")
        elif self.pages_planned >= self.s.max_pages_per_site:
            self._add(fr.Task(url, "page", depth, referrer), "skipped", "max_pages")
        else:
            self.pages_planned += 1
            self._add(fr.Task(url, "page", depth, referrer))
            return
        self._consider_link(url, depth, referrer)  # not crawled, still checked

    def _consider_link(self, url: str, depth: int, referrer: str) -> None:
        if not self.s.check_links or self.frontier.knows(url, "link"):
            return
        if self.frontier.seen.get((url, "page")) in ("pending", "done", "failed"):
            return  # crawled as a page: its page fetch is the check
        task = fr.Task(url, "link", depth, referrer)
        if self.links_planned >= self.s.max_link_checks_per_site:
            self._add(task, "skipped", "max_link_checks")
            return
        self.links_planned += 1
        self._add(task)

    # -- pages -------------------------------------------------------------------------------

    async def _allowed(self, task: fr.Task) -> bool:
        if not self.s.obey_robots or self.robots is None or not in_scope(task.url, self.home):
            return True
        if await self.robots.allowed(task.url):
            delay = self.robots.crawl_delay(task.url)
            if delay:
                self.sv.politeness.slot(task.url).throttle.raise_floor(delay)
            return True
        self._finish(task, "skipped", "robots")
        return False

    async def _page(self, task: fr.Task) -> None:
        if task.referrer is not None and self.traps.is_trap(task.url, task.referrer):
            # queued before its group was judged a trap
            self._finish(task, "skipped", "trap: endless near-duplicate pages")
            return
        if not await self._allowed(task):
            return
        assert self.fetcher is not None
        previous = self.previous.get(task.url)
        if previous is not None and previous.final_url != task.url:
            previous = None  # a redirect: the validators belong to its target, asked for on its own
        outcome = await self.fetcher.fetch(task.url, headers=previous.conditional_headers() if previous else None)
        if task.url == self.home:
            self._record_probes(outcome)
        if previous is not None and outcome.status == 304 and outcome.error is None and not outcome.hops:
            if self._not_modified(task, previous, outcome):
                return
            outcome = await self.fetcher.fetch(task.url)  # the earlier record is unreadable: fetch in full
        if outcome.truncated and outcome.error:
            # judged as cut (W-I4, "not assessable" in the rules), and said now, not only in findings
            log.warning("页面超过抓取大小上限，已截断 / page cut at max_page_bytes: %s (%s)", task.url, outcome.error)
        soft404 = False
        html_text: str | None = None
        if outcome.response is not None and outcome.status == 200 and is_html(outcome.content_type):
            html_text, _ = decode_html(outcome.body, outcome.content_type)
            if in_scope(outcome.final_url, self.home):
                soft404 = self._analyse_page(task, html_text, outcome.final_url)
        pointer = self._write_warc(outcome, task)
        self._record_fetch(task, "page", outcome, pointer, soft404)
        self._finish(task, "failed" if outcome.error else "done")
        self._page_done(task, outcome.error is None and outcome.status is not None and outcome.status < 400
                        and not soft404)

    def _page_done(self, task: fr.Task, ok: bool) -> None:
        if self.sv.progress is not None:
            self.sv.progress.page_done(self.code, task.url, ok)

    def _not_modified(self, task: fr.Task, previous: PreviousAnswer, outcome: FetchOutcome) -> bool:
        """A 304 (未修改): a revisit record keeps what was asked and answered this time and
        refers to the record holding the page (the previous run's, or the one it referred to),
        whose links are followed as a fresh answer's would be. False when that record cannot be
        read."""
        response = outcome.response
        if response is None:
            return False
        try:
            earlier = read_record(self.sv.recorder.warc.warc_dir, previous.warc_file, previous.warc_offset)
        except WarcError as exc:
            log.warning("earlier record unreadable, fetching %s in full: %s", task.url, exc)
            return False
        body = earlier.body
        soft404 = False
        if is_html(previous.content_type):
            html_text, _ = decode_html(body, previous.content_type)
            if in_scope(previous.final_url, self.home):
                soft404 = self._analyse_page(task, html_text, previous.final_url)
        self._note_tls(response.tls)
        pointer = self.sv.recorder.warc.write_revisit(
            response.url, response.status, response.reason, response.headers, earlier,
            request_headers=response.request_headers, fetched_at=response.fetched_at,
            extra_headers=tls_mark(response.tls))
        etag, last_modified = validators(response.headers)
        self.sv.recorder.add_fetch(
            self.code, url=task.url, final_url=previous.final_url, kind="page", status=previous.status, error=None,
            content_type=previous.content_type, length=previous.length, fetched_at=outcome.fetched_at,
            elapsed_ms=outcome.elapsed_ms, soft404=soft404, etag=etag or previous.etag,
            last_modified=last_modified or previous.last_modified, content_hash=previous.content_hash or content_hash(body),
            not_modified=True, **_pointer(pointer))
        self._finish(task, "done")
        self._page_done(task, not soft404)
        return True

    def _analyse_page(self, task: fr.Task, html_text: str, base: str) -> bool:
        """Parse once: links and pagination feed the frontier; soft 404 and script lists noted."""
        # The frontier needs URLs only; link regions (a full ancestor walk) matter just for the
        # rare page whose inline script writes a list.
        tree, links, pagination = discover(html_text, base, regions=False)
        self._discover(links, pagination, task)
        mode = self.s.render_js
        wants = mode == "always" or (mode == "auto" and script_writes_list(tree)
                                     and looks_script_built(tree, extract_links(tree, base)))
        if wants and not self.frontier.knows(task.url, "render"):
            self._add(fr.Task(task.url, "render", task.depth, task.referrer))
        text = _text(tree)
        self.traps.observe(task.url, text, homepage=task.url == self.home)
        return is_soft404(_title(tree), text, base, self.home, task.url)

    async def probe_homepage_again(self) -> None:
        """W-V2 without a week of monitor data judges the crawl's own probes. One failed fetch is
        a moment; a homepage that failed any attempt is probed ``homepage_probes`` more times,
        ``homepage_probe_interval_seconds`` apart (one attempt each), so the rule can tell a site
        down throughout the check from a hiccup. A resumed site is probed again in full."""
        if self.closed or self.s.homepage_probes <= 0 or not await self._homepage_failed():
            return
        async with aiohttp.ClientSession(connector=self.sv.connector, connector_owner=False, trust_env=False,
                                         cookie_jar=aiohttp.DummyCookieJar()) as session:
            fetcher = Fetcher(session, self.s, self.sv.politeness, self.sv.tls, EnvProxies())
            for _ in range(self.s.homepage_probes):
                await asyncio.sleep(self.s.homepage_probe_interval_seconds)
                self._record_probes(await fetcher.fetch(self.home, retries=0))

    async def _homepage_failed(self) -> bool:
        """Whether any stored probe of the homepage failed (W-V2's sense: no answer in time)."""
        sv = self.sv
        await sv.recorder.flush_async()
        with sv.store.session() as session:
            rows = session.execute(select(FetchRow.status, FetchRow.error, FetchRow.elapsed_ms).where(
                FetchRow.run_id == sv.run_id, FetchRow.site_code == self.code, FetchRow.kind == "probe")).all()
        limit_ms = self.s.timeout_seconds * 1000
        return any((error is not None and not error.startswith("too_large")) or status is None or status >= 400
                   or (elapsed or 0) >= limit_ms for status, error, elapsed in rows)

    def _record_probes(self, outcome: FetchOutcome) -> None:
        """Every attempt at the homepage is one availability probe (W-V2)."""
        for attempt in outcome.attempts:
            # Each probe gets its own small record, so a finding can point at the very attempt.
            pointer = self.sv.recorder.warc.write_metadata(self.home, {
                "govinspect-kind": "probe", "fetched-at": attempt.fetched_at.isoformat(),
                "status": attempt.status if attempt.status is not None else "",
                "error": attempt.error or "", "elapsed-ms": attempt.elapsed_ms, "final-url": attempt.final_url})
            self.sv.recorder.add_fetch(self.code, url=self.home, final_url=attempt.final_url, kind="probe",
                                       status=attempt.status, error=attempt.error, fetched_at=attempt.fetched_at,
                                       elapsed_ms=attempt.elapsed_ms, **_pointer(pointer))

    # -- link checks -------------------------------------------------------------------------

    async def _link(self, task: fr.Task) -> None:
        if not await self._allowed(task):
            return
        assert self.fetcher is not None
        cap = self.s.link_check_body_bytes
        if self.s.fetch_attachments and is_document(task.url) and in_scope(task.url, self.home):
            # 公示名单 leak in attachments (W-D14): GET them, bounded; a cut body is "too_large"
            outcome = await self.fetcher.fetch(task.url, max_bytes=self.s.max_attachment_bytes,
                                               retries=min(self.s.retries, 1))
            head = False
        elif self.s.fetch_images and is_image_url(task.url) and in_scope(task.url, self.home):
            # images are read by OCR before the rules (W-D14 lists pasted as screenshots): GET, bounded
            outcome = await self.fetcher.fetch(task.url, max_bytes=self.s.max_image_bytes,
                                               retries=min(self.s.retries, 1))
            head = False
        elif looks_like_attachment(task.url):
            # a file: HEAD says whether it is there without downloading it
            outcome = await self.fetcher.fetch(task.url, method="HEAD", retries=min(self.s.retries, 1))
            head = True
        else:
            # Most links are pages, whose body may say 页面不存在 (soft 404): one bounded GET, where
            # HEAD would be followed by the GET anyway (two requests to the other site).
            outcome = await self.fetcher.fetch(task.url, max_bytes=cap, retries=min(self.s.retries, 1),
                                               cut_is_error=False)
            head = False
        if head and (outcome.error is not None or outcome.status in (405, 501) or outcome.status is None):
            # HEAD refused or failed: GET it.
            outcome = await self.fetcher.fetch(task.url, max_bytes=cap, retries=min(self.s.retries, 1),
                                               cut_is_error=False)
        soft404 = False
        if outcome.status == 200 and outcome.body and is_html(outcome.content_type):
            text, _ = decode_html(outcome.body, outcome.content_type)
            tree = LexborHTMLParser(text)
            soft404 = is_soft404(_title(tree), _text(tree), outcome.final_url, self.home, task.url)
        pointer = self._write_warc(outcome, task)
        self._record_fetch(task, "link", outcome, pointer, soft404)
        self._finish(task, "failed" if outcome.error else "done")

    # -- rendering ---------------------------------------------------------------------------

    async def _render(self, task: fr.Task) -> None:
        fetched_at = datetime.now(UTC)
        try:
            dom = await self.sv.renderer.render(task.url)
        except RenderUnavailable as exc:
            self._finish(task, "skipped", f"not rendered: {exc}"[:200])
            return
        except Exception as exc:
            self._record_failure(task, f"render: {type(exc).__name__}")
            return
        body = dom.encode("utf-8")
        pointer = self.sv.recorder.warc.write_resource(task.url, "text/html; charset=utf-8", body, kind="render")
        elapsed = int((datetime.now(UTC) - fetched_at).total_seconds() * 1000)
        self.sv.recorder.add_fetch(self.code, url=task.url, final_url=task.url, kind="render", status=None,
                                   error=None, content_type="text/html; charset=utf-8", length=len(body),
                                   fetched_at=fetched_at, elapsed_ms=elapsed, **_pointer(pointer))
        _tree, links, pagination = discover(dom, task.url)
        self._discover(links, pagination, task)
        self._finish(task, "done")

    # -- recording ---------------------------------------------------------------------------

    async def _fetch_robots(self, url: str) -> FetchOutcome:
        assert self.fetcher is not None
        outcome = await self.fetcher.fetch(url, max_bytes=512_000, retries=min(self.s.retries, 1),
                                           cut_is_error=False)
        pointer = self._write_warc(outcome, fr.Task(url, "robots", 0))
        self._record_fetch(fr.Task(url, "robots", 0), "robots", outcome, pointer, False)
        return outcome

    def _write_warc(self, outcome: FetchOutcome, task: fr.Task) -> WarcPointer:
        warc = self.sv.recorder.warc
        for hop in outcome.hops:
            self._note_tls(hop.tls)
            warc.write_response(hop.url, hop.status, hop.reason, hop.headers, hop.body,
                                request_headers=hop.request_headers, fetched_at=hop.fetched_at,
                                extra_headers=tls_mark(hop.tls))
        response = outcome.response
        if response is not None:
            self._note_tls(response.tls)
            return warc.write_response(response.url, response.status, response.reason, response.headers,
                                       response.body, request_headers=response.request_headers,
                                       fetched_at=response.fetched_at, truncated=response.truncated,
                                       extra_headers=tls_mark(response.tls))
        return warc.write_metadata(task.url, {"error": outcome.error, "final-url": outcome.final_url,
                                              "elapsed-ms": outcome.elapsed_ms,
                                              "attempts": len(outcome.attempts)})

    def _note_tls(self, report: CertReport | None) -> None:
        """A host's certificate problem, once per site: a note of kind "tls" that W-I3 reads."""
        if report is None or (report.host, report.generation) in self._tls_noted:
            return
        self._tls_noted.add((report.host, report.generation))
        url = f"https://{report.host}/"
        pointer = self.sv.recorder.warc.write_metadata(url, {"govinspect-kind": "tls", **report.fields()})
        self.sv.recorder.add_fetch(self.code, url=url, final_url=url, kind="tls", status=None, error=None,
                                   content_type=NOTE_TYPE, fetched_at=datetime.now(UTC), **_pointer(pointer))

    def _record_fetch(self, task: fr.Task, kind: str, outcome: FetchOutcome, pointer: WarcPointer,
                      soft404: bool) -> None:
        response = outcome.response
        etag = last_modified = digest = None
        if kind == "page" and response is not None and outcome.status == 200 and not outcome.truncated:
            # what the next run sends back (If-None-Match / If-Modified-Since), and the body's hash
            etag, last_modified = validators(response.headers)
            digest = content_hash(response.body)
        self.sv.recorder.add_fetch(
            self.code, url=task.url, final_url=outcome.final_url, kind=kind, status=outcome.status,
            error=outcome.error, content_type=outcome.content_type[:200], length=len(outcome.body),
            fetched_at=outcome.fetched_at, elapsed_ms=outcome.elapsed_ms, soft404=soft404,
            redirects=outcome.redirects, etag=etag, last_modified=last_modified, content_hash=digest,
            **_pointer(pointer))

    def _record_failure(self, task: fr.Task, error: str) -> None:
        pointer = self.sv.recorder.warc.write_metadata(task.url, {"error": error})
        self.sv.recorder.add_fetch(self.code, url=task.url, final_url=task.url, kind=task.kind, status=None,
                                   error=error, fetched_at=datetime.now(UTC), **_pointer(pointer))
        self._finish(task, "failed", error[:200])


def tls_mark(report: CertReport | None) -> dict[str, str] | None:
    """WARC headers of a response fetched without certificate verification (or verified only
    after the chain was completed by AIA): the evidence says so itself."""
    if report is None:
        return None
    state = "unverified" if report.relaxed else "verified-after-aia"
    return {"WARC-Govinspect-TLS": f"{state}; {' '.join(report.problems)}"}


def _pointer(pointer: WarcPointer) -> dict[str, Any]:
    return {"warc_file": pointer.file, "warc_record_id": pointer.record_id, "warc_offset": pointer.offset,
            "warc_length": pointer.length}


# Every page repeats its navigation and footer links: each URL is cleaned and judged once.
@lru_cache(maxsize=100_000)
def _clean(url: str) -> str:
    stripped = strip_session_ids(url)
    if stripped == url:
        return url
    return canonical_url(stripped) or stripped


@lru_cache(maxsize=100_000)
def _crawlable(url: str, home: str) -> bool:
    """An HTML page of the site (crawled), not an attachment or another site (link-checked)."""
    return in_scope(url, home) and not looks_like_attachment(url)


def _title(tree: LexborHTMLParser) -> str:
    node = tree.css_first("title")
    return node.text(strip=True) if node is not None else ""


def _text(tree: LexborHTMLParser) -> str:
    body = tree.body
    if body is None:
        return ""
    for node in body.css("script, style, noscript"):
        node.decompose()
    return body.text(separator=" ", strip=True)
