"""The store: SQLAlchemy models and Alembic migrations (SQLite by default, PostgreSQL by URL)."""

from govinspect.store.db import Store, open_store

__all__ = ["Store", "open_store"]
