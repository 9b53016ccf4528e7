"""Engines for the typed stores: SQLite files by default, any SQLAlchemy URL otherwise.

SQLite habits (the same as the plain-sqlite3 stores had): WAL, so readers never block the
writer; ``busy_timeout`` of 30 s, so concurrent writers wait rather than fail; ``synchronous``
as the store had it; write transactions start with ``BEGIN IMMEDIATE``, so two writers queue
up instead of deadlocking when a read lock would be upgraded. The pool hands each thread its
own connection, so one store may be shared by the threads of an :class:`~langnghe.app.App`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Self

from sqlalchemy import Connection, Engine, create_engine, event

from langnghe.db.migrate import at_head, upgrade

Synchronous = Literal["OFF", "NORMAL", "FULL", "EXTRA"]
BUSY_TIMEOUT_S = 30
_WAL_ATTEMPTS = 50  # about 12 s of pauses in all before the error is let through
_IMMEDIATE = "langnghe_immediate"  # execution option: open the transaction with BEGIN IMMEDIATE


def database_url(target: str | Path) -> str:
    """``target`` as a SQLAlchemy URL: a path becomes ``sqlite+pysqlite:///<absolute path>``."""
    if isinstance(target, str) and "://" in target:
        return target
    return f"sqlite+pysqlite:///{Path(target).resolve()}"


def make_engine(target: str | Path, *, synchronous: Synchronous = "FULL") -> Engine:
    """An engine for ``target`` (a path or a URL); a SQLite file's folder is made."""
    url = database_url(target)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if not isinstance(target, str) or "://" not in target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})
    _sqlite_habits(engine, synchronous)
    return engine


def _sqlite_habits(engine: Engine, synchronous: Synchronous) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        for pragma in (f"busy_timeout = {BUSY_TIMEOUT_S * 1000}", f"synchronous = {synchronous}",
                       "foreign_keys = ON"):
            cursor.execute(f"PRAGMA {pragma}")
        _into_wal(cursor)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _into_wal(cursor: Any) -> None:
    """Switch the file to WAL once. SQLite answers "database is locked" at once, without its busy
    handler, when connections to a fresh file change its journal mode at the same moment, so the
    switch is retried (bounded, with a short pause) until one of them has made it."""
    for attempt in range(_WAL_ATTEMPTS):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == _WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


class Database:
    """One store's engine, migrated to its branch's head on opening (see :mod:`langnghe.db`)."""

    def __init__(self, target: str | Path, branch: str, *, synchronous: Synchronous = "FULL") -> None:
        self.url = database_url(target)
        self.engine = make_engine(target, synchronous=synchronous)
        try:
            with self.read() as connection:
                ready = at_head(connection, branch)
            if not ready:  # migrate under the write lock; upgrade() checks again under it
                with self.write() as connection:
                    upgrade(connection, branch)
        except BaseException:
            self.engine.dispose()
            raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading (one transaction, rolled back at the end)."""
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): committed, or rolled back on error."""
        with self.engine.connect().execution_options(**{_IMMEDIATE: True}) as connection:
            with connection.begin():
                yield connection

    def close(self) -> None:
        self.engine.dispose()


class Store:
    """A typed store over one :class:`Database` (``self._db``): closed once, usable in ``with``."""

    _db: Database

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
