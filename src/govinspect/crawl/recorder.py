"""Batched writes to the store: fetch rows, frontier rows and their states.

Everything a page produced (its fetch row, its frontier state, the links it added) goes into
the same batch, and a batch is one transaction, committed after the WARC file was flushed and
fsynced. So after a crash the store never points at a record that is not on disk, and a page
is either fully recorded or will be fetched again.

In the crawl, :meth:`Recorder.flush_async` does the fsync on the WARC writer's own thread: the
event loop goes on fetching (and writing records) meanwhile, and the batch taken before the
fsync is committed after it. A synchronous :meth:`Recorder.flush` in the middle of that commits
the batch in flight too, after its own fsync, so batches are committed in the order they were
taken and none twice.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, update

from govinspect.snapshot.warc import WarcWriter
from govinspect.store import Store
from govinspect.store.models import FetchRow, FrontierRow

_FRONTIER = cast(Table, FrontierRow.__table__)
_FETCHES = cast(Table, FetchRow.__table__)
_STATE_UPDATE = (
    update(_FRONTIER)
    .where(_FRONTIER.c.run_id == bindparam("b_run"), _FRONTIER.c.site_code == bindparam("b_site"),
           _FRONTIER.c.url == bindparam("b_url"), _FRONTIER.c.kind == bindparam("b_kind"))
    .values(state=bindparam("b_state"), reason=bindparam("b_reason"))
)
_FETCH_DEFAULTS: dict[str, Any] = {
    "status": None, "error": None, "content_type": "", "length": 0, "warc_file": None, "warc_record_id": None,
    "warc_offset": None, "warc_length": None, "elapsed_ms": None, "soft404": False, "redirects": [],
    "etag": None, "last_modified": None, "content_hash": None, "not_modified": False,
}


@dataclass
class _Batch:
    """Rows taken together for one transaction, in the order they were added."""

    fetches: list[dict[str, Any]] = field(default_factory=list)
    frontier: list[dict[str, Any]] = field(default_factory=list)
    states: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.fetches) + len(self.frontier) + len(self.states)

    def then(self, later: _Batch) -> _Batch:
        return _Batch(self.fetches + later.fetches, self.frontier + later.frontier, self.states + later.states)


class Recorder:
    """Collects rows and commits them every ``commit_every`` fetches or ``interval`` seconds."""

    def __init__(self, store: Store, run_id: str, warc: WarcWriter, *, commit_every: int = 200,
                 interval: float = 0.5) -> None:
        self.store = store
        self.run_id = run_id
        self.warc = warc
        self.commit_every = commit_every
        self.interval = interval
        self._fetches: list[dict[str, Any]] = []
        self._new_frontier: list[dict[str, Any]] = []
        self._states: list[dict[str, Any]] = []
        self._last = time.monotonic()
        self._inflight: _Batch | None = None  # taken by flush_async, waiting for its fsync
        self._flushing: asyncio.Lock | None = None

    @property
    def pending(self) -> int:
        """Rows not committed yet (a batch waiting for its fsync included)."""
        inflight = len(self._inflight) if self._inflight is not None else 0
        return len(self._fetches) + len(self._new_frontier) + len(self._states) + inflight

    def add_fetch(self, site_code: str, **values: Any) -> None:
        # executemany needs the same keys in every row
        row = dict(_FETCH_DEFAULTS, run_id=self.run_id, site_code=site_code)
        row.update(values)
        # PostgreSQL enforces the VARCHAR lengths SQLite ignores: long TLS errors, odd content types
        for key, limit in (("error", 500), ("content_type", 200)):
            if row[key] and len(row[key]) > limit:
                row[key] = row[key][:limit]
        self._fetches.append(row)

    def add_frontier(self, site_code: str, url: str, kind: str, depth: int, referrer: str | None,
                     state: str = "pending", reason: str | None = None) -> None:
        self._new_frontier.append({"run_id": self.run_id, "site_code": site_code, "url": url, "kind": kind,
                                   "depth": depth, "referrer": referrer, "state": state, "reason": reason})

    def set_state(self, site_code: str, url: str, kind: str, state: str, reason: str | None = None) -> None:
        self._states.append({"b_run": self.run_id, "b_site": site_code, "b_url": url, "b_kind": kind,
                             "b_state": state, "b_reason": reason})

    def due(self) -> bool:
        """``commit_every`` fetches, or anything after ``interval`` seconds. The frontier rows a
        page adds do not count: a page of 20 new links would otherwise force a commit, and the
        WARC fsync before it, every few pages (what a crash loses is fetches, fetched again)."""
        return len(self._fetches) >= self.commit_every or (
            self.pending > 0 and time.monotonic() - self._last >= self.interval)

    def maybe_flush(self) -> None:
        if self.due():
            self.flush()

    async def maybe_flush_async(self) -> None:
        """:meth:`flush_async` when due and no flush is under way (a worker does not queue
        behind one: the rows wait for the next)."""
        if self.due() and not (self._flushing is not None and self._flushing.locked()):
            await self.flush_async()

    def flush(self) -> None:
        """WARC first (flush + fsync), then one transaction with every collected row, a batch
        waiting for its fsync in :meth:`flush_async` first."""
        self._last = time.monotonic()
        if not self.pending:
            return
        self.warc.flush()
        batch = self._take()
        if self._inflight is not None:
            batch = self._inflight.then(batch)
            self._inflight = None  # committed here: flush_async sees it is no longer its own
        self._commit(batch)

    async def flush_async(self) -> None:
        """As :meth:`flush`, with the WARC fsync off the event loop (the writer's thread): the
        rows taken now are committed once every record written before is on disk. One at a
        time: a second call waits for the first, then flushes what came since."""
        if self._flushing is None:
            self._flushing = asyncio.Lock()
        async with self._flushing:
            self._last = time.monotonic()
            if not self.pending:
                return
            batch = self._take()  # their records were all written before the fsync starts
            self._inflight = batch
            try:
                await self.warc.flush_async()
            except BaseException:
                if self._inflight is batch:  # not fsynced: back in front, for the next flush
                    self._inflight = None
                    self._put_back(batch)
                raise
            if self._inflight is not batch:
                return  # a synchronous flush committed it meanwhile
            self._inflight = None
            self._commit(batch)

    def _take(self) -> _Batch:
        batch = _Batch(self._fetches, self._new_frontier, self._states)
        self._fetches, self._new_frontier, self._states = [], [], []
        return batch

    def _put_back(self, batch: _Batch) -> None:
        self._fetches[:0], self._new_frontier[:0], self._states[:0] = batch.fetches, batch.frontier, batch.states

    def _commit(self, batch: _Batch) -> None:
        try:
            with self.store.session() as session, session.begin():
                _executemany(session, insert(_FRONTIER), batch.frontier)
                _executemany(session, _STATE_UPDATE, batch.states)
                _executemany(session, insert(_FETCHES), batch.fetches)
        except Exception:
            # Keep the rows (in order) for the next try; the WARC records are already safe.
            self._put_back(batch)
            raise


def _executemany(session: Any, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(statement, list(rows))
