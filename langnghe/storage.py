"""Shared SQLite habits of langnghe's local stores (queue, trends, stories, detections, health)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext


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
