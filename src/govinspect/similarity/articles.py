"""Articles not read again (文章解析缓存) by the similarity pass (抄袭, W-D16).

The pass reads the article of every page of a run before any site is analysed, so it cannot use
what snapshot building parses later. A page unchanged since an earlier run (the same body hash,
``fetches.content_hash``, at the same URL) gives the same article, and the index holds that
article already under its text's digest. What is kept per body is therefore the article without
its text (:class:`~govinspect.similarity.document.ArticleSummary`): whether it is compared at all,
and its digest. The body is read and parsed again only when the index lacks the article (another
MinHash scheme, a new site): then its text is needed.

The key holds everything ``document.article_text`` reads: the body's hash, URL, content type,
the site's own names, and the code (the extraction digest of ``snapshot.page_cache`` with the
source of ``similarity.document`` and ``text.normalise``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from govinspect.similarity.document import ArticleSummary
from govinspect.similarity.models import SimArticleRow
from govinspect.snapshot.page_cache import extraction_code
from govinspect.store import Store
from govinspect.timeutil import utcnow

_CHUNK = 500  # keys per SELECT … IN (…)


@functools.cache
def reading_code() -> str:
    digest = hashlib.sha256(extraction_code().encode())
    root = resources.files("govinspect")
    for source in (root.joinpath("similarity").joinpath("document.py"), root.joinpath("text").joinpath("normalise.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def article_key(content_hash: str, url: str, content_type: str, own_names: Sequence[str]) -> str:
    parts = (reading_code(), content_hash, url, content_type, "\x1e".join(own_names))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def load_summaries(session: Session, keys: Iterable[str]) -> dict[str, ArticleSummary]:
    """The summaries of ``keys`` that are stored (read in the caller's session: the pass reads
    them while its own index transaction is open)."""
    wanted = list(keys)
    found: dict[str, ArticleSummary] = {}
    for start in range(0, len(wanted), _CHUNK):
        for key, item in session.execute(select(SimArticleRow.key, SimArticleRow.summary)
                                         .where(SimArticleRow.key.in_(wanted[start:start + _CHUNK]))):
            pub = item.get("pub_date")
            found[key] = ArticleSummary(item["title"], date.fromisoformat(pub) if pub else None,
                                        item["attribution"], item["is_article"], item["boilerplate"],
                                        item["chars"], item["digest"])
    return found


def save_summaries(store: Store, summaries: dict[str, ArticleSummary]) -> None:
    """Keep newly read articles; one another process stored meanwhile stays (the same article)."""
    now = utcnow()
    store.add_new([SimArticleRow(key=key, created=now, summary={
        "title": s.title, "pub_date": s.pub_date.isoformat() if s.pub_date else None,
        "attribution": s.attribution, "is_article": s.is_article, "boilerplate": s.boilerplate,
        "chars": s.chars, "digest": s.digest}) for key, s in summaries.items()])
