"""The delivery outbox (``data_dir/outbox.sqlite3``): one row per message key and channel.

A row is ``pending`` (to be retried at ``next_attempt_at``), ``sent`` (a rerun with the
same key does not send again) or ``failed`` (a permanent error, or the retries ran
out; kept with its message and last error for a look). The message is stored as JSON,
images and attachments in base64, and dropped once sent.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from langnghe.paths import DataPaths
from langnghe.delivery.message import Attachment, Image, Message
from langnghe.storage import write_transaction

State = Literal["pending", "sent", "failed"]

_SCHEMA = """CREATE TABLE IF NOT EXISTS outbox (
    key TEXT NOT NULL, channel TEXT NOT NULL, state TEXT NOT NULL, message TEXT,
    attempts INTEGER NOT NULL, created_at TEXT NOT NULL, queued_at TEXT NOT NULL,
    last_attempt_at TEXT, next_attempt_at TEXT, sent_at TEXT, last_error TEXT, detail TEXT,
    PRIMARY KEY (key, channel))"""
_DUE_INDEX = "CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at)"
_COLUMNS = "key, channel, state, attempts, created_at, queued_at, last_attempt_at, next_attempt_at, last_error, detail"


def message_to_json(message: Message) -> str:
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return json.dumps({
        "key": message.key, "subject": message.subject, "text": message.text,
        "html": message.html, "markdown": message.markdown,
        "images": [{"cid": i.cid, "png": b64(i.png), "alt": i.alt} for i in message.images],
        "attachments": [{"filename": a.filename, "content": b64(a.content), "mime": a.mime} for a in message.attachments],
    }, ensure_ascii=False)


def message_from_json(text: str) -> Message:
    raw: dict[str, Any] = json.loads(text)
    return Message(
        key=raw["key"], subject=raw["subject"], text=raw["text"], html=raw["html"], markdown=raw["markdown"],
        images=tuple(Image(i["cid"], base64.b64decode(i["png"]), i["alt"]) for i in raw["images"]),
        attachments=tuple(
            Attachment(a["filename"], base64.b64decode(a["content"]), a["mime"]) for a in raw["attachments"]
        ),
    )


def _stamp(moment: datetime) -> str:
    # One fixed form in UTC, so that SQLite's text comparison orders times correctly.
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    channel: str
    state: State
    attempts: int
    created_at: datetime  # first time this key met this channel: the file channel's day
    queued_at: datetime  # start of the current delivery round: the age limit counts from here
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None
    detail: str | None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> OutboxEntry:
        key, channel, state, attempts, created, queued, last, next_at, error, detail = row
        return cls(key, channel, state, attempts, datetime.fromisoformat(created), datetime.fromisoformat(queued),
                   _time(last), _time(next_at), error, detail)


class Outbox:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._db.execute(_DUE_INDEX)

    def get(self, key: str, channel: str) -> OutboxEntry | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE key = ? AND channel = ?", (key, channel)).fetchone()
        return OutboxEntry.from_row(row) if row else None

    def start(self, message: Message, channel: str, now: datetime, lease_until: datetime) -> OutboxEntry:
        """Open a new delivery round for ``message`` on ``channel`` (first time or again), held
        until ``lease_until`` so that a concurrent outbox pass leaves it alone meanwhile."""
        with write_transaction(self._db):
            self._db.execute(
                "INSERT INTO outbox (key, channel, state, message, attempts, created_at, queued_at, next_attempt_at)"
                " VALUES (?, ?, 'pending', ?, 0, ?, ?, ?) ON CONFLICT (key, channel) DO UPDATE SET"
                " state = 'pending', message = excluded.message, attempts = 0, queued_at = excluded.queued_at,"
                " next_attempt_at = excluded.next_attempt_at, last_error = NULL, sent_at = NULL, detail = NULL",
                (message.key, channel, message_to_json(message), _stamp(now), _stamp(now),
                 _stamp(lease_until)),
            )
        entry = self.get(message.key, channel)
        assert entry is not None
        return entry

    def due(self, now: datetime) -> list[tuple[str, str]]:
        """(key, channel) of the pending rows whose next attempt has come, oldest first."""
        rows = self._db.execute(
            "SELECT key, channel FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY queued_at",
            (_stamp(now),),
        ).fetchall()
        return [(key, channel) for key, channel in rows]

    def claim(self, key: str, channel: str, now: datetime, lease_until: datetime) -> tuple[OutboxEntry, Message] | None:
        """Take a due row for one try (None when another process took it first)."""
        with write_transaction(self._db):
            taken = self._db.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE key = ? AND channel = ? AND state = 'pending'"
                " AND next_attempt_at <= ?", (_stamp(lease_until), key, channel, _stamp(now)),
            ).rowcount
        if not taken:
            return None
        row = self._db.execute("SELECT message FROM outbox WHERE key = ? AND channel = ?", (key, channel)).fetchone()
        entry = self.get(key, channel)
        assert entry is not None
        return entry, message_from_json(row[0])

    def mark_sent(self, key: str, channel: str, now: datetime, tries: int, detail: str) -> None:
        self._update(key, channel, "state = 'sent', message = NULL, sent_at = ?, next_attempt_at = NULL,"
                     " last_error = NULL, detail = ?", (_stamp(now), detail), now, tries)

    def mark_pending(self, key: str, channel: str, now: datetime, tries: int, next_at: datetime, error: str) -> None:
        self._update(key, channel, "state = 'pending', next_attempt_at = ?, last_error = ?",
                     (_stamp(next_at), error), now, tries)

    def mark_failed(self, key: str, channel: str, now: datetime, tries: int, error: str) -> None:
        self._update(key, channel, "state = 'failed', next_attempt_at = NULL, last_error = ?", (error,), now, tries)

    def _update(self, key: str, channel: str, assignments: str, values: tuple[Any, ...], now: datetime,
                tries: int) -> None:
        with write_transaction(self._db):
            self._db.execute(
                f"UPDATE outbox SET {assignments}, attempts = attempts + ?, last_attempt_at = ?"
                " WHERE key = ? AND channel = ?", (*values, tries, _stamp(now), key, channel),
            )

    def counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())

    def entries(self, states: tuple[State, ...], limit: int) -> Iterator[OutboxEntry]:
        """Rows in ``states``, the latest tried first."""
        marks = ", ".join("?" for _ in states)
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE state IN ({marks})"
            " ORDER BY COALESCE(last_attempt_at, queued_at) DESC LIMIT ?", (*states, limit),
        )
        for row in rows.fetchall():
            yield OutboxEntry.from_row(row)

    def close(self) -> None:
        self._db.close()


@dataclass(frozen=True)
class OutboxSummary:
    """For ``langnghe status``: how many rows are in each state, and the latest problems."""

    pending: int = 0
    failed: int = 0
    sent: int = 0
    problems: tuple[OutboxEntry, ...] = ()  # pending and failed rows, the latest tried first

    def line(self) -> str:
        return f"outbox: {self.pending} pending, {self.failed} failed, {self.sent} sent"


def outbox_summary(data_dir: Path, *, problems: int = 5) -> OutboxSummary:
    """The outbox of ``data_dir`` in counts, with up to ``problems`` pending or failed rows
    and their last error; all zero when nothing was ever delivered (no file is created)."""
    path = DataPaths(data_dir).outbox
    if not path.exists():
        return OutboxSummary()
    outbox = Outbox(path)
    try:
        counts = outbox.counts()
        latest = tuple(outbox.entries(("pending", "failed"), problems))
    finally:
        outbox.close()
    return OutboxSummary(counts.get("pending", 0), counts.get("failed", 0), counts.get("sent", 0), latest)
