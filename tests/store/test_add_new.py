"""Store.add_new: cache rows another process stored first stay as they were; the rest are added."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from govinspect.store import open_store
from govinspect.store.models import PageModelRow

WHEN = datetime(2021, 3, 21, tzinfo=UTC)


def test_rows_already_stored_stay_and_the_others_are_added(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    store.add_new([PageModelRow(key="b", model=b"first", created=WHEN)])
    store.add_new([PageModelRow(key=k, model=b"second", created=WHEN) for k in ("a", "b", "c")])
    store.add_new([])
    with store.session() as session:
        stored = {row.key: row.model for row in session.scalars(select(PageModelRow))}
    assert stored == {"a": b"second", "b": b"first", "c": b"second"}
