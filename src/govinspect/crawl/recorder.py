"""Batched writes to the store: fetch rows, frontier rows and their states.

Everything a page produced (its fetch row, its frontier state, the links it added) goes into
the same batch, and a batch is one transaction, committed after the WARC file was flushed and
fsynced. So after a crash the store never points at a record that is not on disk, and a page
is either fully recorded or will be fetched again.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
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

    @property
    def pending(self) -> int:
        return len(self._fetches) + len(self._new_frontier) + len(self._states)

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

    def flush(self) -> None:
        """WARC first (flush + fsync), then one transaction with every collected row."""
        self._last = time.monotonic()
        if not self.pending:
            return
        self.warc.flush()
        fetches, frontier, states = self._fetches, self._new_frontier, self._states
        self._fetches, self._new_frontier, self._states = [], [], []
        try:
            with self.store.session() as session, session.begin():
                _executemany(session, insert(_FRONTIER), frontier)
                _executemany(session, _STATE_UPDATE, states)
                _executemany(session, insert(_FETCHES), fetches)
        except Exception:
            # Keep the rows (in order) for the next try; the WARC records are already safe.
            self._fetches[:0], self._new_frontier[:0], self._states[:0] = fetches, frontier, states
            raise


def _executemany(session: Any, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(statement, list(rows))
