"""The store: SQLAlchemy models and Alembic migrations (SQLite by default, PostgreSQL by URL)."""

from govinspect.store.db import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
