"""The cross-site similarity pass of a run (抄袭, W-D16): index every article, then find the
near-duplicates each page has on other registered sites, in this run or any earlier one.

Called by ``pipeline.analyse`` before the per-site rules (a per-site rule cannot see other
sites); its result goes into each ``SiteSnapshot.similar_documents``:

1. index: for every crawled HTML page of the run, the article body (``document.article_text``)
   → normalised text → MinHash signature → LSH band keys. A body already indexed for that
   (site, URL) — by this or an earlier run — is stored once (``sim_documents``); the run's
   membership is rewritten (``sim_run_documents``), so analysing a run again is idempotent.
2. candidates: one indexed join on (band, key) finds the documents of other sites sharing a
   band with a document of this run. A bucket shared by more than ``max_bucket`` documents is a
   text reposted everywhere (a central document) or a template, and is not paired.
3. verification: candidates whose MinHash estimate is near the threshold are re-read from their
   WARC records and compared on exact shingle Jaccard (``min_jaccard``).
4. direction: the earlier publication is the source — by the pages' own publish dates when
   both carry one, else by when the store first saw them; a same-day pair is ``same-day``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from govinspect.config import Config, RuleConfig
from govinspect.model import Site
from govinspect.similarity.articles import article_key, load_summaries, save_summaries
from govinspect.similarity.document import ArticleSummary, ArticleText, article_text
from govinspect.similarity.minhash import Hashes, MinHasher, jaccard, shingle_hashes
from govinspect.similarity.models import SimBandRow, SimDocumentRow, SimRunDocumentRow
from govinspect.similarity.types import SimilarDocument
from govinspect.snapshot.warc import RecordReader, WarcError
from govinspect.store import Store
from govinspect.store.models import FetchRow

log = logging.getLogger(__name__)

RULE_CODE = "W-D16"
_HTML_TYPES = ("text/html", "application/xhtml")
# Candidates whose signature estimate is this far below the threshold are not re-read: with 128
# positions the estimate's standard error is under 0.045, so 0.15 is over three of them.
ESTIMATE_SLACK = 0.15
_SUMMARY_CHUNK = 500  # pages whose kept articles are looked up at a time


def hasher_from_config(cfg: RuleConfig) -> MinHasher:
    return MinHasher(k=int(cfg["shingle_size"]), num_perm=int(cfg["num_perm"]),
                     bands=int(cfg["bands"]), rows=int(cfg["rows"]))


@dataclass
class IndexReport:
    """What ``index_run`` did, and the near-duplicates per site code for the snapshots."""

    pages: int = 0
    documents: int = 0  # article documents of this run (long enough, not boilerplate)
    new_documents: int = 0  # of those, bodies the store had not seen before
    candidates: int = 0  # pairs sharing an LSH band
    verified: int = 0  # pairs re-read and compared exactly
    matches: int = 0  # pairs at or above min_jaccard
    seconds: float = 0.0
    by_site: dict[str, list[SimilarDocument]] = field(default_factory=dict)


@dataclass(frozen=True)
class PageInput:
    """One stored response to index (a fetches row, or a synthetic one in benchmarks)."""

    site_code: str
    url: str
    content_type: str
    fetched_at: datetime
    warc_file: str | None
    warc_offset: int | None
    warc_record_id: str | None
    content_hash: str | None = None  # the body's SHA-256 (fetches.content_hash): an article read before


def _is_html(content_type: str) -> bool:
    ct = (content_type or "").lower()
    return not ct or ct.startswith(_HTML_TYPES)


def run_pages(session: Session, run_id: str, site_code: str) -> list[PageInput]:
    """The 2xx HTML pages a run fetched for one site, with their WARC records."""
    rows = session.scalars(select(FetchRow).where(
        FetchRow.run_id == run_id, FetchRow.site_code == site_code, FetchRow.kind == "page",
        FetchRow.status >= 200, FetchRow.status < 300, FetchRow.warc_file.is_not(None)).order_by(FetchRow.id))
    out: dict[str, PageInput] = {}
    for row in rows:
        if _is_html(row.content_type) and row.url not in out:
            out[row.url] = PageInput(site_code, row.url, row.content_type, row.fetched_at, row.warc_file,
                                     row.warc_offset, row.warc_record_id, row.content_hash)
    return list(out.values())


def own_names(site: Site) -> list[str]:
    """Names by which a page attributes content to its own site (not a 转载)."""
    host = site.url.split("//", 1)[-1].split("/", 1)[0]
    return [name for name in (site.name, site.sponsor, host) if name]


class _Indexer:
    def __init__(self, store: Store, config: Config, run_id: str) -> None:
        self.store = store
        self.run_id = run_id
        self.warc_dir = Path(config.warc_dir)
        self.reader = RecordReader(self.warc_dir)
        self.cfg = config.rule(RULE_CODE)
        self.hasher = hasher_from_config(self.cfg)
        self.min_chars = int(self.cfg["min_chars"])
        self.min_jaccard = float(self.cfg["min_jaccard"])
        self.max_bucket = int(self.cfg["max_bucket"])
        self.report = IndexReport()
        self.run_docs: set[int] = set()
        self._shingles: dict[int, Hashes | None] = {}
        self._read: dict[str, ArticleSummary] = {}  # articles read from WARC, kept once the index is written

    # -- 1. index ---------------------------------------------------------------------------
    def read_article(self, page: PageInput, names: list[str]) -> ArticleText | None:
        if page.warc_file is None or page.warc_offset is None:
            return None
        try:
            record = self.reader.read(page.warc_file, page.warc_offset)
        except WarcError as exc:
            log.warning("similarity: %s", exc)
            return None
        return article_text(record.body, page.url, content_type=page.content_type, own_names=names)

    def comparable(self, article: ArticleText | ArticleSummary | None) -> bool:
        return (article is not None and article.is_article and not article.boilerplate
                and article.chars >= self.min_chars)

    def index_site(self, site: Site, pages: Iterable[PageInput] | None = None,
                   articles: Iterable[tuple[PageInput, ArticleText]] | None = None) -> None:
        """Index one site's pages (read from WARC) or ready-made ``articles`` (benchmarks)."""
        scheme = self.hasher.scheme
        names = own_names(site)
        with self.store.session() as session, session.begin():
            found_articles: Iterable[tuple[PageInput, ArticleText | ArticleSummary]]
            if articles is None:
                listed = pages if pages is not None else run_pages(session, self.run_id, site.code)
                found_articles = self._articles(session, names, listed)
            else:
                found_articles = articles
            known = {(url, digest): (doc_id, seen) for doc_id, url, digest, seen in session.execute(
                select(SimDocumentRow.id, SimDocumentRow.url, SimDocumentRow.content_hash,
                       SimDocumentRow.first_seen).where(SimDocumentRow.scheme == scheme,
                                                        SimDocumentRow.site_code == site.code))}
            members: dict[int, str] = {}
            pending: list[tuple[SimDocumentRow, list[int]]] = []
            for page, item in found_articles:
                digest = item.digest
                found = known.get((page.url, digest))
                if found is not None:
                    doc_id, seen = found
                    if doc_id < 0:
                        continue  # the same body at the same URL twice in one batch
                    if page.fetched_at < seen:  # an older run analysed after a newer one
                        doc = session.get(SimDocumentRow, doc_id)
                        assert doc is not None
                        doc.first_seen, doc.first_run = page.fetched_at, self.run_id
                    members[doc_id] = page.url
                    continue
                # a body the index lacks (another scheme, a new site): its text is needed now
                article = item if isinstance(item, ArticleText) else self.read_article(page, names)
                if article is None or not self.comparable(article):
                    continue
                signature = self.hasher.signature(article.text)
                doc = SimDocumentRow(
                    scheme=scheme, site_code=site.code, site_name=site.name[:200], url=page.url,
                    content_hash=digest, title=article.title[:300], pub_date=article.pub_date,
                    first_seen=page.fetched_at, first_run=self.run_id, chars=article.chars,
                    attribution=article.attribution[:200], signature=self.hasher.to_bytes(signature),
                    content_type=page.content_type[:200], warc_file=page.warc_file,
                    warc_offset=page.warc_offset, warc_record_id=page.warc_record_id)
                pending.append((doc, self.hasher.band_keys(signature)))
                known[(page.url, digest)] = (-1, page.fetched_at)  # the same body twice in one run
                if len(pending) >= 500:
                    self._insert(session, site, pending, members, known)
            self._insert(session, site, pending, members, known)
            if members:
                session.execute(insert(SimRunDocumentRow), [
                    {"run_id": self.run_id, "doc_id": doc_id, "site_code": site.code, "url": url}
                    for doc_id, url in members.items()])
            self.run_docs.update(members)
            self.report.documents += len(members)
        save_summaries(self.store, self._read)  # after the index's transaction: SQLite has one writer
        self._read = {}

    def _insert(self, session: Session, site: Site, pending: list[tuple[SimDocumentRow, list[int]]],
                members: dict[int, str], known: dict[tuple[str, str], tuple[int, datetime]]) -> None:
        """Write new documents in one flush (ids come back in bulk), then their bands in one batch."""
        if not pending:
            return
        session.add_all(doc for doc, _ in pending)
        session.flush()
        bands: list[dict[str, object]] = []
        for doc, keys in pending:
            members[doc.id] = doc.url
            known[(doc.url, doc.content_hash)] = (doc.id, doc.first_seen)
            bands += [{"doc_id": doc.id, "band": band, "key": key, "site_code": site.code}
                      for band, key in enumerate(keys)]
        session.execute(insert(SimBandRow), bands)
        self.report.new_documents += len(pending)
        pending.clear()

    def _articles(self, session: Session, names: list[str],
                  pages: Iterable[PageInput]) -> Iterator[tuple[PageInput, ArticleText | ArticleSummary]]:
        """The comparable articles of ``pages``: of a body read before its summary (no WARC read,
        no parse), else the article read now (its summary kept for the next time)."""
        listed = list(pages)
        keys = {page.url: article_key(page.content_hash, page.url, page.content_type, names)
                for page in listed if page.content_hash}
        for start in range(0, len(listed), _SUMMARY_CHUNK):
            chunk = listed[start:start + _SUMMARY_CHUNK]
            summaries = load_summaries(session, [keys[p.url] for p in chunk if p.url in keys])
            for page in chunk:
                self.report.pages += 1
                key = keys.get(page.url)
                item: ArticleText | ArticleSummary | None = summaries.get(key) if key is not None else None
                if item is None:
                    item = self.read_article(page, names)
                    if item is not None and key is not None:
                        self._read[key] = item.summary()
                if item is not None and self.comparable(item):
                    yield page, item

    # -- 2. candidates ------------------------------------------------------------------------
    def candidate_pairs(self) -> set[tuple[int, int]]:
        """(doc of this run, doc of another site) sharing a band, buckets up to ``max_bucket``."""
        query = text(
            "SELECT s.band, s.key, s.doc_id, s.site_code FROM sim_bands s JOIN ("
            "  SELECT a.band, a.key FROM sim_bands a JOIN ("
            "    SELECT DISTINCT b.band, b.key FROM sim_bands b"
            "    JOIN sim_run_documents rd ON rd.doc_id = b.doc_id WHERE rd.run_id = :run"
            "  ) mine ON a.band = mine.band AND a.key = mine.key"
            "  GROUP BY a.band, a.key HAVING COUNT(*) > 1 AND COUNT(*) <= :cap"
            ") shared ON s.band = shared.band AND s.key = shared.key "
            "ORDER BY s.band, s.key")
        pairs: set[tuple[int, int]] = set()
        bucket: list[tuple[int, str]] = []
        current: tuple[int, int] | None = None

        def flush() -> None:
            for doc_a, site_a in bucket:
                if doc_a not in self.run_docs:
                    continue
                for doc_b, site_b in bucket:
                    if site_b != site_a:
                        pairs.add((doc_a, doc_b))

        with self.store.session() as session:
            for band, key, doc_id, site_code in session.execute(query, {"run": self.run_id, "cap": self.max_bucket}):
                if (band, key) != current:
                    flush()
                    bucket, current = [], (band, key)
                bucket.append((doc_id, site_code))
            flush()
        self.report.candidates = len(pairs)
        return pairs

    # -- 3. verification and 4. direction -----------------------------------------------------
    def shingles(self, doc: SimDocumentRow) -> Hashes | None:
        if doc.id not in self._shingles:
            page = PageInput(doc.site_code, doc.url, doc.content_type, doc.first_seen, doc.warc_file,
                             doc.warc_offset, doc.warc_record_id)
            article = self.read_article(page, [])
            self._shingles[doc.id] = (shingle_hashes(article.text, self.hasher.k)
                                      if article is not None and article.text else None)
        return self._shingles[doc.id]

    def match(self, pairs: set[tuple[int, int]]) -> None:
        ids = {i for pair in pairs for i in pair}
        docs: dict[int, SimDocumentRow] = {}
        with self.store.session() as session:
            id_list = sorted(ids)
            for start in range(0, len(id_list), 500):
                for doc in session.scalars(select(SimDocumentRow).where(
                        SimDocumentRow.id.in_(id_list[start:start + 500]))):
                    docs[doc.id] = doc
        best: dict[int, list[tuple[SimDocumentRow, float, bool, str]]] = {}
        for doc_a, doc_b in sorted(pairs):
            a, b = docs.get(doc_a), docs.get(doc_b)
            if a is None or b is None:
                continue
            estimate = MinHasher.estimate(self.hasher.from_bytes(a.signature), self.hasher.from_bytes(b.signature))
            if estimate < self.min_jaccard - ESTIMATE_SLACK:
                continue
            relation = _relation(a, b)
            if relation is None:
                continue  # this page is the earlier one: the other site is judged on it
            self.report.verified += 1
            sa, sb = self.shingles(a), self.shingles(b)
            estimated = sa is None or sb is None
            score = estimate if sa is None or sb is None else jaccard(sa, sb)
            if score < self.min_jaccard:
                continue
            self.report.matches += 1
            best.setdefault(doc_a, []).append((b, score, estimated, relation))
        for doc_a, found in best.items():
            a = docs[doc_a]
            # The earliest other-site publication is the source; one entry per source URL.
            found.sort(key=lambda entry: (_when(entry[0]), entry[0].first_seen, entry[0].site_code))
            urls = {(entry[0].site_code, entry[0].url) for entry in found}
            source, score, estimated, relation = found[0]
            self.report.by_site.setdefault(a.site_code, []).append(SimilarDocument(
                url=a.url, title=a.title, pub_date=a.pub_date, chars=a.chars, attribution=a.attribution,
                source_site_code=source.site_code, source_site_name=source.site_name, source_url=source.url,
                source_title=source.title, source_pub_date=source.pub_date, source_first_seen=source.first_seen,
                source_run_id=source.first_run, jaccard=round(score, 3), relation=relation, estimated=estimated,
                other_sources=len(urls) - 1, warc_file=a.warc_file, warc_record_id=a.warc_record_id,
                warc_offset=a.warc_offset, source_warc_file=source.warc_file,
                source_warc_record_id=source.warc_record_id))
        for entries in self.report.by_site.values():
            entries.sort(key=lambda d: d.url)


def _when(doc: SimDocumentRow) -> date:
    return doc.pub_date or doc.first_seen.date()


def _relation(a: SimDocumentRow, b: SimDocumentRow) -> str | None:
    """How page ``a`` stands to page ``b``: "later", "same-day", or None when ``a`` is earlier."""
    if a.pub_date is not None and b.pub_date is not None:
        first, second = a.pub_date, b.pub_date
    else:
        first, second = a.first_seen.date(), b.first_seen.date()
    if first > second:
        return "later"
    if first == second:
        return "same-day"
    return None


def index_enabled(config: Config, only_rules: list[str] | None = None) -> bool:
    """Index when W-D16 will run: named in ``only_rules``, or enabled in config (the default)."""
    if only_rules is not None:
        return RULE_CODE in only_rules
    return bool(config.rule(RULE_CODE).raw.get("enabled", True))


def index_run(store: Store, config: Config, run_id: str, sites: list[Site]) -> IndexReport:
    """Index every site of the run, then find each page's near-duplicates on other sites."""
    started = time.perf_counter()
    indexer = _Indexer(store, config, run_id)
    with store.session() as session, session.begin():
        session.execute(delete(SimRunDocumentRow).where(SimRunDocumentRow.run_id == run_id))
    for site in sites:
        indexer.index_site(site)
    pairs = indexer.candidate_pairs()
    indexer.match(pairs)
    indexer.report.seconds = time.perf_counter() - started
    log.info("similarity index of %s: %d pages, %d documents (%d new), %d candidates, %d matches in %.1f s",
             run_id, indexer.report.pages, indexer.report.documents, indexer.report.new_documents,
             indexer.report.candidates, indexer.report.matches, indexer.report.seconds)
    return indexer.report
