"""The embedded queue: one SQLite file in WAL mode, shared by the crawler and the enrich stage.

States: ``ready`` -> ``leased`` -> ``done``; ``quarantined`` holds what failed with its reason
(the contract: :mod:`langnghe.queue.base`).

- ``put`` upserts by item id: a new id or changed content (``Item.content_hash``) becomes
  ready again; the same content again is a no-op, whatever the state, so re-crawls add no work.
- ``lease`` runs in one ``BEGIN IMMEDIATE`` transaction, so two processes never get the same
  item. The lease token is ``host:pid.start.boot:random`` (:mod:`langnghe.queue.owners`): on
  open, every 30 s while leasing and whenever nothing is ready, leases whose owner process on
  this host is gone (exited, or its pid now another process's) are released at once (a
  ``kill -9`` need not wait for the lease timeout). Released and expired items keep a ``crashes`` count and are leased
  alone from then on, so the one that kills its worker is quarantined after ``max_attempts``
  deaths while its batch neighbours go through.
- ``retry`` (transient) holds items back without touching ``attempts``; ``fail`` counts one
  and backs off (``retry_backoff`` doubling, at most an hour).
- Every write commits before returning, with ``synchronous=FULL``.

Schema version 2 (``PRAGMA user_version``): the ``dead`` state of version 1 became
``quarantined`` and ``crashes`` was added; older files are upgraded in place on open.
"""

from __future__ import annotations

import logging
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from langnghe.item import Item
from langnghe.queue.base import Lease, Quarantined, QueueStats
from langnghe.queue.owners import owner_is_gone, owner_name
from langnghe.storage import in_chunks, placeholders, write_transaction

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
_TABLE = """
CREATE TABLE {name} (
    id             TEXT PRIMARY KEY,
    body           TEXT NOT NULL,                -- Item JSON (never pickle)
    content_hash   TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('ready', 'leased', 'done', 'quarantined')),
    attempts       INTEGER NOT NULL DEFAULT 0,   -- failed attempts (the item's own fault)
    crashes        INTEGER NOT NULL DEFAULT 0,   -- leases lost to a dead or hung worker
    lease_token    TEXT,
    lease_deadline REAL,
    reason         TEXT,                         -- last failure; why it is quarantined
    ready_at       REAL NOT NULL,                -- leasable from then on; oldest first
    updated_at     REAL NOT NULL
)"""
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS items_state ON items (state, ready_at)",
    "CREATE INDEX IF NOT EXISTS items_lease ON items (lease_token) WHERE lease_token IS NOT NULL",
)
_STATES = ("ready", "leased", "done", "quarantined")
_RELEASE_CHECK_SECONDS = 30.0  # how often lease() looks for leases of dead processes
_MAX_BACKOFF_SECONDS = 3600.0


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
        """``retry_backoff``: a failed item waits ``retry_backoff * 2**(attempts-1)`` seconds
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
        self._ensure_schema()
        self._last_release_check = 0.0
        released = self.release_dead_owners()
        if released:
            log.info("%s: released %d items leased by processes that are gone", self.path, released)

    def _ensure_schema(self) -> None:
        with self._transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items'").fetchone()
            if exists and version < SCHEMA_VERSION:
                _upgrade_from_1(db)
            elif not exists:
                db.execute(_TABLE.format(name="items"))
            for statement in _INDEXES:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

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
            " state = 'ready', attempts = 0, crashes = 0, lease_token = NULL, lease_deadline = NULL,"
            " reason = NULL, ready_at = excluded.ready_at, updated_at = excluded.updated_at",
            (item_id, body, digest, now, now),
        )
        return True

    # -- consumer -------------------------------------------------------------------------

    def lease(self, max_items: int) -> Lease | None:
        """Take up to ``max_items`` ready items, oldest first; an item whose earlier lease was
        lost to a dead worker is leased alone (expired leases are reclaimed first). With none
        ready, the leases of dead processes are released and looked at once more, so a drain
        never ends while a dead worker's items wait (``ingest`` after a kill)."""
        if max_items < 1:
            raise ValueError("max_items must be >= 1")
        self._maybe_release_dead_owners()
        found = self._lease(max_items)
        if found is None and self.release_dead_owners():
            found = self._lease(max_items)
        return found

    def _lease(self, max_items: int) -> Lease | None:
        token = f"{owner_name()}:{secrets.token_hex(6)}"  # asked each time: a forked child is another owner
        now = time.time()
        with self._transaction() as db:
            self._lost(db, "lease_deadline < ?", (now,), "lease expired", now)
            rows = db.execute(
                "SELECT id, body, crashes FROM items WHERE state = 'ready' AND ready_at <= ?"
                " ORDER BY ready_at, rowid LIMIT ?",
                (now, max_items),
            ).fetchall()
            items = self._decode(db, _alone_if_suspect(rows), now)
            db.executemany(
                "UPDATE items SET state = 'leased', lease_token = ?, lease_deadline = ?, updated_at = ?"
                " WHERE id = ?",
                [(token, now + self.lease_seconds, now, item.id) for item in items],
            )
        return Lease(token=token, items=items) if items else None

    def ack(self, lease: Lease, ids: Sequence[str] | None = None) -> None:
        """Mark the lease's items (or only ``ids``) done; items re-leased since are left alone."""
        self._settle(lease, ids, "state = 'done', reason = NULL", ())

    def retry(self, lease: Lease, ids: Sequence[str], reason: str, delay: float) -> None:
        """Back to ready after ``delay`` seconds; ``attempts`` untouched (transient failure)."""
        self._settle(lease, ids, "state = 'ready', reason = ?, ready_at = ?", (reason, time.time() + max(delay, 0.0)))

    def quarantine(self, lease: Lease, ids: Sequence[str], reason: str) -> None:
        """Set aside now with ``reason``."""
        self._settle(lease, ids, "state = 'quarantined', reason = ?", (reason,))

    def fail(self, lease: Lease, ids: Sequence[str], reason: str) -> None:
        """One attempt more: back to ready after the backoff, or quarantined at ``max_attempts``."""
        now = time.time()
        with self._transaction() as db:
            for chunk in in_chunks(self._lease_ids(lease, ids)):
                db.execute(
                    "UPDATE items SET attempts = attempts + 1,"
                    " state = CASE WHEN attempts + 1 >= ? THEN 'quarantined' ELSE 'ready' END,"
                    " lease_token = NULL, lease_deadline = NULL, reason = ?,"
                    " ready_at = ? + min(? * (1 << attempts), ?), updated_at = ?"  # attempts: the old count here
                    f" WHERE state = 'leased' AND lease_token = ? AND id IN ({placeholders(chunk)})",
                    (self.max_attempts, reason, now, self.retry_backoff, _MAX_BACKOFF_SECONDS, now, lease.token, *chunk),
                )

    def _settle(self, lease: Lease, ids: Sequence[str] | None, assignments: str, params: tuple[object, ...]) -> None:
        """Settle the lease's items (or ``ids``) that this lease still holds."""
        with self._transaction() as db:
            for chunk in in_chunks(self._lease_ids(lease, ids)):
                db.execute(
                    f"UPDATE items SET {assignments}, lease_token = NULL, lease_deadline = NULL, updated_at = ?"
                    f" WHERE lease_token = ? AND id IN ({placeholders(chunk)})",
                    (*params, time.time(), lease.token, *chunk),
                )

    def _lost(self, db: sqlite3.Connection, where: str, params: tuple[object, ...], reason: str, now: float) -> int:
        """Leased items matching ``where`` whose worker died or hung: one crash more, back to
        ready in their place in the line (``ready_at`` kept: first, each leased alone, in their
        order, so a replay goes on in the order it had), or quarantined at ``max_attempts``."""
        before = db.total_changes
        db.execute(
            "UPDATE items SET crashes = crashes + 1,"
            " state = CASE WHEN crashes + 1 >= ? THEN 'quarantined' ELSE 'ready' END,"
            " reason = CASE WHEN crashes + 1 >= ? THEN ? ELSE reason END,"
            " lease_token = NULL, lease_deadline = NULL, updated_at = ?"
            f" WHERE state = 'leased' AND {where}",
            (self.max_attempts, self.max_attempts, f"{reason} while holding it, {self.max_attempts} times",
             now, *params),
        )
        return db.total_changes - before

    def _decode(self, db: sqlite3.Connection, rows: list[tuple[str, str]], now: float) -> list[Item]:
        """Parse stored JSON; a body that no longer validates is quarantined at once."""
        items: list[Item] = []
        for item_id, body in rows:
            try:
                items.append(Item.from_json(body))
            except ValidationError as exc:
                reason = f"stored item does not validate: {exc.errors()[0]['msg']}"
                db.execute(
                    "UPDATE items SET state = 'quarantined', reason = ?, updated_at = ? WHERE id = ?",
                    (reason, now, item_id),
                )
        return items

    @staticmethod
    def _lease_ids(lease: Lease, ids: Sequence[str] | None) -> list[str]:
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
        gone = [token for token in tokens if owner_is_gone(token.rpartition(":")[0], host)]
        self._last_release_check = time.monotonic()
        if not gone:
            return 0
        released = 0
        now = time.time()
        with self._transaction() as db:
            for token in gone:
                released += self._lost(db, "lease_token = ?", (token,), "its worker process died", now)
        self._last_release_check = time.monotonic()
        return released

    def _maybe_release_dead_owners(self) -> None:
        if time.monotonic() - self._last_release_check >= _RELEASE_CHECK_SECONDS:
            self.release_dead_owners()

    # -- inspection and operator commands -------------------------------------------------

    def stats(self) -> QueueStats:
        """Items per state; ``by_reason`` counts quarantined items by their reason."""
        with self._lock:
            counts = dict(self._db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall())
            waiting = self._db.execute(
                "SELECT COUNT(*) FROM items WHERE state = 'ready' AND ready_at > ?", (time.time(),)
            ).fetchone()[0]
            reasons = dict(self._db.execute(
                "SELECT reason, COUNT(*) FROM items WHERE state = 'quarantined' GROUP BY reason"
            ).fetchall())
        return QueueStats(**{state: counts.get(state, 0) for state in _STATES}, waiting=waiting, by_reason=reasons)

    def quarantined(self, limit: int = 100, reason: str | None = None) -> list[Quarantined]:
        """Quarantined items, most recent first (``reason``: whose reason contains it)."""
        where, params = _quarantine_filter(None, reason)
        with self._lock:
            rows = self._db.execute(
                f"SELECT id, reason, attempts, updated_at, body FROM items WHERE {where}"
                " ORDER BY updated_at DESC, id LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [
            Quarantined(row[0], row[1] or "", row[2], datetime.fromtimestamp(row[3], timezone.utc), _try_item(row[4]))
            for row in rows
        ]

    def release(self, ids: Sequence[str] | None = None, reason: str | None = None) -> int:
        """Quarantined items (all, ``ids``, or whose reason contains ``reason``) back to ready with
        a fresh set of attempts; returns how many."""
        now = time.time()
        chunks: list[Sequence[str] | None] = list(in_chunks(list(ids))) if ids is not None else [None]
        with self._transaction() as db:
            before = db.total_changes
            for chunk in chunks:
                where, params = _quarantine_filter(chunk, reason)
                db.execute(
                    "UPDATE items SET state = 'ready', attempts = 0, crashes = 0, reason = NULL,"
                    f" ready_at = ?, updated_at = ? WHERE {where}",
                    (now, now, *params),
                )
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
        """The state of one item (``ready``, ``leased``, ``done``, ``quarantined``), or None if unknown."""
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


def _alone_if_suspect(rows: list[tuple[str, str, int]]) -> list[tuple[str, str]]:
    """The rows to lease: the first alone when its last lease was lost to a dead worker, else
    the rows up to the first such one (it gets a lease of its own next)."""
    if rows and rows[0][2] > 0:
        return [(rows[0][0], rows[0][1])]
    taken: list[tuple[str, str]] = []
    for item_id, body, crashes in rows:
        if crashes > 0:
            break
        taken.append((item_id, body))
    return taken


def _quarantine_filter(ids: Sequence[str] | None, reason: str | None) -> tuple[str, tuple[object, ...]]:
    where = "state = 'quarantined'"
    params: tuple[object, ...] = ()
    if ids is not None:
        where += f" AND id IN ({placeholders(ids)})"
        params += tuple(ids)
    if reason:
        where += " AND instr(lower(reason), lower(?)) > 0"
        params += (reason,)
    return where, params


def _upgrade_from_1(db: sqlite3.Connection) -> None:
    """Schema 1 -> 2 in one transaction: ``dead`` becomes ``quarantined``, ``crashes`` is added."""
    db.execute(_TABLE.format(name="items_v2"))
    db.execute(
        "INSERT INTO items_v2 (id, body, content_hash, state, attempts, crashes, lease_token, lease_deadline,"
        " reason, ready_at, updated_at) SELECT id, body, content_hash,"
        " CASE state WHEN 'dead' THEN 'quarantined' ELSE state END, attempts, 0, lease_token, lease_deadline,"
        " reason, ready_at, updated_at FROM items"
    )
    db.execute("DROP TABLE items")
    db.execute("ALTER TABLE items_v2 RENAME TO items")
    log.info("queue: upgraded to schema %d (dead letters are now quarantined items)", SCHEMA_VERSION)


def _try_item(body: str) -> Item | None:
    try:
        return Item.from_json(body)
    except ValidationError:
        return None
