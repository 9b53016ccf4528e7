"""Shared SQLite habits of the stores that stay on plain sqlite3 (the embedded index, trends, queue and
crawl ledger); the typed stores use :mod:`langnghe.db`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")

IN_CHUNK = 500  # values per IN (...) list, well under SQLite's variable limit


def open_store(path: Path, schema: Iterable[str]) -> sqlite3.Connection:
    """A store's connection: folder made, autocommit (transactions are explicit), WAL (readers
    never block the writer), shareable between threads under the caller's lock, schema applied."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    for statement in schema:
        db.execute(statement)
    return db


@contextmanager
def write_transaction(
    db: sqlite3.Connection, lock: AbstractContextManager[object] | None = None
) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` (writers queue up instead of deadlocking on an upgrade), then
    ``COMMIT``, or ``ROLLBACK`` on any exception; under ``lock`` when the connection is shared."""
    with lock if lock is not None else nullcontext():
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def in_chunks(values: Sequence[_T], size: int = IN_CHUNK) -> Iterator[Sequence[_T]]:
    """``values`` in slices small enough for one ``IN (...)`` list each."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def placeholders(values: Sized) -> str:
    """``?, ?, ?``: one SQL parameter mark per value."""
    return ", ".join("?" * len(values))
