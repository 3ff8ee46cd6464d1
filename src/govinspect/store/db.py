"""Opening the store: engine (with connect and statement timeouts), migrations (Alembic, run on
open), sessions. A database that does not answer is reported within seconds, its URL masked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from govinspect.store.settings import StoreSettings, mask_url, scrub

try:
    import fcntl
except ImportError:  # Windows has no fcntl: there the first opening is not serialised
    fcntl = None  # type: ignore[assignment]

_MIGRATION_LOCK_KEY = 7318202112  # pg_advisory_xact_lock key: "govinspect migrations"


class StoreError(Exception):
    """数据库错误 / the store cannot be opened (the message never holds the password)."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL + NORMAL: a crash loses at most the last uncommitted batch, never corrupts the file.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # first: switching a new file to WAL waits for other openers
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


@dataclass
class Store:
    url: str = field(repr=False)  # holds the password: never printed, see display_url
    engine: Engine
    sessions: sessionmaker[Session]
    settings: StoreSettings = field(default_factory=StoreSettings.defaults)

    @property
    def display_url(self) -> str:
        return mask_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def add_new(self, rows: Sequence[Any]) -> None:
        """Insert ``rows`` (cache entries keyed by what they were made from). A row that another
        process (a parallel analysis, a worker) stored meanwhile under the same key stays as it
        was: the first stored stands, and the rest are still added."""
        if not rows:
            return
        batches: dict[tuple[type, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:  # the values set on each row, a batch per table and set of columns
            set_values = {k: v for k, v in vars(row).items() if not k.startswith("_sa_")}
            batches[(type(row), tuple(sorted(set_values)))].append(set_values)
        try:
            with self.session() as session, session.begin():
                for (model, _), values in batches.items():
                    session.execute(insert(model), values)  # one executemany: thousands of cache rows
        except IntegrityError:  # some were there already: add the others one by one
            for row in rows:
                try:
                    with self.session() as session, session.begin():
                        session.add(row)
                except IntegrityError:
                    continue

    def close(self) -> None:
        self.engine.dispose()


def _alembic_config(connection: Connection | None = None) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("govinspect.store").joinpath("migrations")))
    if connection is not None:
        cfg.attributes["connection"] = connection  # env.py migrates on it: same timeouts, one connection
    return cfg


@contextmanager
def _first_open_lock(sqlite_file: Path | None) -> Iterator[None]:
    """SQLite: one process at a time opens the file (its switch to WAL and its migrations).

    Two processes turning a new file to WAL at the same instant can deadlock inside SQLite, which
    then answers "database is locked" at once, busy_timeout or not; a file lock beside the
    database serialises the first connection instead."""
    if sqlite_file is None or fcntl is None:
        yield
        return
    with open(f"{sqlite_file}.open-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released on close, and by the OS if this process dies
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _one_migrator_at_a_time(connection: Connection) -> None:
    """Two commands opening a new store together must not both create its tables: the second
    waits here until the first has committed, then finds nothing to do."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now (waits up to busy_timeout)
    elif connection.dialect.name == "postgresql":
        # a migration may rewrite a large table: not bound by the statement timeout
        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})")


def _up_to_date(connection: Connection) -> bool:
    heads = set(ScriptDirectory.from_config(_alembic_config()).get_heads())
    current = set(MigrationContext.configure(connection).get_current_heads())
    connection.rollback()  # end the read, so the upgrade can begin its own (write) transaction
    return current == heads


def migrate(url_or_engine: str | Engine) -> None:
    """Bring the schema up to date (alembic upgrade heads)."""
    engine = create_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        with engine.connect() as connection:
            if _up_to_date(connection):
                return  # the usual case: no write lock taken, so a running inspection never waits on it
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # batch migrations re-create tables: with foreign keys on, dropping one cascades
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    _one_migrator_at_a_time(connection)
                    # "heads": capabilities add migrations on branches of their own from 0001
                    command.upgrade(_alembic_config(connection), "heads")
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


def _engine(url: str, settings: StoreSettings) -> Engine:
    connect_args: dict[str, Any] = {}
    if url.startswith("postgresql"):
        # libpq's connect_timeout covers a port that accepts and then never answers
        connect_args["connect_timeout"] = max(2, round(settings.connect_timeout_seconds))
    engine = create_engine(url, future=True, connect_args=connect_args,
                           pool_timeout=settings.connect_timeout_seconds)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql" and settings.statement_timeout_seconds > 0:
        milliseconds = round(settings.statement_timeout_seconds * 1000)

        def _statement_timeout(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f"SET statement_timeout = {milliseconds}")
            cur.close()
            dbapi_conn.commit()

        event.listen(engine, "connect", _statement_timeout)
    return engine


def describe_error(exc: BaseException, url: str, settings: StoreSettings) -> str:
    """One readable line for a failure to reach the store, password masked."""
    text = str(exc).split("\n(Background on this error")[0].strip()
    if "timeout" in text.lower() and "statement" not in text.lower():
        text = (f"数据库在{settings.connect_timeout_seconds:g}秒内没有应答 / the database did not answer "
                f"within {settings.connect_timeout_seconds:g} s ([store] connect_timeout_seconds): {text}")
    return scrub(f"无法打开数据库 / cannot open the store at {mask_url(url)}: {text}", url)


def open_store(url: str, *, create: bool = True, settings: StoreSettings | None = None) -> Store:
    """Open (and migrate) the store; a database that cannot be reached raises :class:`StoreError`."""
    settings = settings or StoreSettings.defaults()
    sqlite_file = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(url, settings)
    try:
        with _first_open_lock(sqlite_file):
            if create:
                migrate(engine)
            else:
                with engine.connect():
                    pass
    except Exception as exc:
        engine.dispose()
        raise StoreError(describe_error(exc, url, settings)) from None  # the chained error holds the URL
    return Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), settings=settings)
