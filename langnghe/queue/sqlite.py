"""The embedded queue: one SQLite file in WAL mode, shared by the crawler and the enrich worker.

States: ``ready`` -> ``leased`` -> ``done``; a nacked item goes back to ``ready`` until
``max_attempts``, then to ``dead`` with the reason (the dead-letter state, kept for a look).

- ``put`` upserts by item id: a new id or changed content (``Item.content_hash``) becomes
  ready again; the same content again is a no-op, whatever the state, so re-crawls add no work.
- ``lease`` runs in one ``BEGIN IMMEDIATE`` transaction, so two processes never get the same
  item. The lease token is ``host:pid:random``: on open, leases whose owner process on this
  host is gone are released at once (a ``kill -9`` need not wait for the lease timeout).
- An expired or abandoned lease counts as an attempt, so an item that kills its consumer
  every time ends in ``dead`` instead of looping forever.
- Every write commits before returning, with ``synchronous=FULL``.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from langnghe.item import Item
from langnghe.queue.base import Lease, QueueStats
from langnghe.storage import in_chunks, placeholders, write_transaction

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id             TEXT PRIMARY KEY,
    body           TEXT NOT NULL,                -- Item JSON (never pickle)
    content_hash   TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('ready', 'leased', 'done', 'dead')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    lease_token    TEXT,
    lease_deadline REAL,
    reason         TEXT,                         -- last failure; why it is dead
    ready_at       REAL NOT NULL,                -- leasable from then on; oldest first
    updated_at     REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS items_state ON items (state, ready_at);
CREATE INDEX IF NOT EXISTS items_lease ON items (lease_token) WHERE lease_token IS NOT NULL;
"""
_STATES = ("ready", "leased", "done", "dead")
_RELEASE_CHECK_SECONDS = 30.0  # how often lease() looks for leases of dead processes
_MAX_BACKOFF_SECONDS = 3600.0


@dataclass(frozen=True)
class DeadLetter:
    """An item that failed ``max_attempts`` times, with the last reason."""

    id: str
    reason: str
    attempts: int
    item: Item | None  # None when the stored JSON no longer validates


class SQLiteQueue:
    """Durable, multi-process :class:`~langnghe.queue.base.ItemQueue` in one SQLite file."""

    def __init__(
        self,
        path: Path | str,
        *,
        max_attempts: int = 5,
        lease_seconds: float = 300.0,
        retry_backoff: float = 0.0,
    ) -> None:
        """``retry_backoff``: a nacked item waits ``retry_backoff * 2**(attempts-1)`` seconds
        (at most an hour) before it can be leased again; 0 gives it back at once."""
        if max_attempts < 1 or lease_seconds <= 0 or retry_backoff < 0:
            raise ValueError("max_attempts must be >= 1, lease_seconds > 0 and retry_backoff >= 0")
        self.retry_backoff = retry_backoff
        self.path = Path(path)
        self.max_attempts = max_attempts
        self.lease_seconds = lease_seconds
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._last_release_check = 0.0
        released = self.release_dead_owners()
        if released:
            log.info("%s: released %d items leased by processes that are gone", self.path, released)

    # -- producer -------------------------------------------------------------------------

    def put(self, items: list[Item]) -> int:
        """Enqueue durably; returns how many were new or changed."""
        return sum(self.upsert(items))

    def upsert(self, items: Sequence[Item]) -> list[bool]:
        """Like :meth:`put`, but says for each item whether it was new or changed."""
        now = time.time()
        rows = [(item.id, item.to_json(), item.content_hash()) for item in items]
        changed: list[bool] = []
        with self._transaction() as db:
            for item_id, body, digest in rows:
                changed.append(self._upsert_one(db, item_id, body, digest, now))
        return changed

    @staticmethod
    def _upsert_one(db: sqlite3.Connection, item_id: str, body: str, digest: str, now: float) -> bool:
        row = db.execute("SELECT content_hash FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is not None and row[0] == digest:
            return False
        db.execute(
            "INSERT INTO items (id, body, content_hash, state, attempts, ready_at, updated_at)"
            " VALUES (?, ?, ?, 'ready', 0, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET body = excluded.body, content_hash = excluded.content_hash,"
            " state = 'ready', attempts = 0, lease_token = NULL, lease_deadline = NULL, reason = NULL,"
            " ready_at = excluded.ready_at, updated_at = excluded.updated_at",
            (item_id, body, digest, now, now),
        )
        return True

    # -- consumer -------------------------------------------------------------------------

    def lease(self, max_items: int) -> Lease | None:
        """Take up to ``max_items`` ready items (expired leases are reclaimed first)."""
        if max_items < 1:
            raise ValueError("max_items must be >= 1")
        self._maybe_release_dead_owners()
        token = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(6)}"
        now = time.time()
        with self._transaction() as db:
            self._reclaim(db, "lease_deadline < ?", (now,), "lease expired", now)
            rows = db.execute(
                "SELECT id, body FROM items WHERE state = 'ready' AND ready_at <= ?"
                " ORDER BY ready_at, rowid LIMIT ?",
                (now, max_items),
            ).fetchall()
            items = self._decode(db, rows, now)
            db.executemany(
                "UPDATE items SET state = 'leased', lease_token = ?, lease_deadline = ?, updated_at = ?"
                " WHERE id = ?",
                [(token, now + self.lease_seconds, now, item.id) for item in items],
            )
        return Lease(token=token, items=items) if items else None

    def ack(self, lease: Lease, ids: list[str] | None = None) -> None:
        """Mark the lease's items (or only ``ids``) done; items re-leased since are left alone."""
        chosen = self._lease_ids(lease, ids)
        with self._transaction() as db:
            for chunk in in_chunks(chosen):
                db.execute(
                    f"UPDATE items SET state = 'done', lease_token = NULL, lease_deadline = NULL,"
                    f" reason = NULL, updated_at = ? WHERE lease_token = ? AND id IN ({placeholders(chunk)})",
                    (time.time(), lease.token, *chunk),
                )

    def nack(self, lease: Lease, ids: list[str], reason: str) -> None:
        """Give items back for retry; at ``max_attempts`` they go to ``dead`` with ``reason``."""
        chosen = self._lease_ids(lease, ids)
        now = time.time()
        with self._transaction() as db:
            for chunk in in_chunks(chosen):
                self._reclaim(db, f"lease_token = ? AND id IN ({placeholders(chunk)})", (lease.token, *chunk), reason, now)

    def _reclaim(
        self, db: sqlite3.Connection, where: str, params: tuple[object, ...], reason: str, now: float
    ) -> None:
        """Leased items matching ``where``: one more attempt, back to ready (after the backoff) or to dead."""
        db.execute(
            "UPDATE items SET attempts = attempts + 1,"
            " state = CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE 'ready' END,"
            " lease_token = NULL, lease_deadline = NULL, reason = ?,"
            " ready_at = ? + min(? * (1 << attempts), ?), updated_at = ?"  # attempts: the old count here
            f" WHERE state = 'leased' AND {where}",
            (self.max_attempts, reason, now, self.retry_backoff, _MAX_BACKOFF_SECONDS, now, *params),
        )

    def _decode(self, db: sqlite3.Connection, rows: list[tuple[str, str]], now: float) -> list[Item]:
        """Parse stored JSON; a body that no longer validates goes straight to dead."""
        items: list[Item] = []
        for item_id, body in rows:
            try:
                items.append(Item.from_json(body))
            except ValidationError as exc:
                reason = f"stored item does not validate: {exc.errors()[0]['msg']}"
                db.execute(
                    "UPDATE items SET state = 'dead', reason = ?, updated_at = ? WHERE id = ?",
                    (reason, now, item_id),
                )
        return items

    @staticmethod
    def _lease_ids(lease: Lease, ids: list[str] | None) -> list[str]:
        held = [item.id for item in lease.items]
        if ids is None:
            return held
        unknown = set(ids) - set(held)
        if unknown:
            raise ValueError(f"ids not in this lease: {sorted(unknown)[:5]}")
        return list(ids)

    # -- crash recovery -------------------------------------------------------------------

    def release_dead_owners(self) -> int:
        """Release leases held by processes on this host that no longer exist; returns items released."""
        host = socket.gethostname()
        with self._lock:
            tokens = [row[0] for row in self._db.execute(
                "SELECT DISTINCT lease_token FROM items WHERE state = 'leased'"
            )]
        gone = [token for token in tokens if _owner_is_gone(token, host)]
        released = 0
        now = time.time()
        with self._transaction() as db:
            for token in gone:
                before = db.total_changes
                self._reclaim(db, "lease_token = ?", (token,), "consumer process died", now)
                released += db.total_changes - before
        self._last_release_check = time.monotonic()
        return released

    def _maybe_release_dead_owners(self) -> None:
        if time.monotonic() - self._last_release_check >= _RELEASE_CHECK_SECONDS:
            self.release_dead_owners()

    # -- inspection -----------------------------------------------------------------------

    def stats(self) -> QueueStats:
        """Items per state; ``by_reason`` counts dead items by their reason."""
        with self._lock:
            counts = dict(self._db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall())
            reasons = dict(self._db.execute(
                "SELECT reason, COUNT(*) FROM items WHERE state = 'dead' GROUP BY reason"
            ).fetchall())
        return QueueStats(**{state: counts.get(state, 0) for state in _STATES}, by_reason=reasons)

    def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        """Dead items, most recent first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, reason, attempts, body FROM items WHERE state = 'dead'"
                " ORDER BY updated_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [DeadLetter(row[0], row[1] or "", row[2], _try_item(row[3])) for row in rows]

    def requeue_dead(self, ids: Iterable[str] | None = None) -> int:
        """Give dead items (all, or only ``ids``) a fresh set of attempts; returns how many."""
        now = time.time()
        with self._transaction() as db:
            before = db.total_changes
            if ids is None:
                db.execute(_REQUEUE + " WHERE state = 'dead'", (now, now))
            else:
                for chunk in in_chunks(list(ids)):
                    db.execute(_REQUEUE + f" WHERE state = 'dead' AND id IN ({placeholders(chunk)})", (now, now, *chunk))
            return db.total_changes - before

    def compact_done(self, before: datetime) -> int:
        """Drop the bodies of items done before ``before`` (retention), keeping their id and
        content hash: a re-crawl of an old page is still recognised as unchanged."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE items SET body = '' WHERE state = 'done' AND updated_at < ? AND body != ''",
                (before.timestamp(),),
            )
        return cursor.rowcount

    def state(self, item_id: str) -> str | None:
        """The state of one item (``ready``, ``leased``, ``done``, ``dead``), or None if unknown."""
        with self._lock:
            row = self._db.execute("SELECT state FROM items WHERE id = ?", (item_id,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE so concurrent writers queue up."""
        return write_transaction(self._db, self._lock)


_REQUEUE = "UPDATE items SET state = 'ready', attempts = 0, reason = NULL, ready_at = ?, updated_at = ?"


def _owner_is_gone(token: str, host: str) -> bool:
    """True when ``token`` (``host:pid:random``) names a process on this host that has exited."""
    parts = token.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by another user
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A killed child not yet reaped by its parent still answers kill(0); on Linux, ask /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] == "Z"


def _try_item(body: str) -> Item | None:
    try:
        return Item.from_json(body)
    except ValidationError:
        return None


