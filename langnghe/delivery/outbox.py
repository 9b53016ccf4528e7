"""The delivery outbox (``data_dir/outbox.sqlite3`` by default; any database :mod:`langnghe.db` opens,
the ``outbox`` Alembic branch): one row per message key and channel.

A row is ``pending`` (to be retried at ``next_attempt_at``), ``sent`` (a rerun with the
same key does not send again) or ``failed`` (a permanent error, or the retries ran
out; kept with its message and last error for a look). The message is stored as JSON,
images and attachments in base64, and dropped once sent.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from langnghe.db import Database, Store
from langnghe.db.sql import upsert
from langnghe.paths import DataPaths
from langnghe.delivery.message import Attachment, Image, Message

State = Literal["pending", "sent", "failed"]

metadata = sa.MetaData()
outbox = sa.Table(
    "outbox", metadata,
    sa.Column("key", sa.Text, primary_key=True), sa.Column("channel", sa.Text, primary_key=True),
    sa.Column("state", sa.Text, nullable=False), sa.Column("message", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False), sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("queued_at", sa.Text, nullable=False), sa.Column("last_attempt_at", sa.Text),
    sa.Column("next_attempt_at", sa.Text), sa.Column("sent_at", sa.Text), sa.Column("last_error", sa.Text),
    sa.Column("detail", sa.Text),
    sa.Index("outbox_due", "state", "next_attempt_at"),
)  # fmt: skip
_ENTRY = [outbox.c[name] for name in ("key", "channel", "state", "attempts", "created_at", "queued_at",
                                      "last_attempt_at", "next_attempt_at", "last_error", "detail")]  # fmt: skip


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


def _this(key: str, channel: str) -> sa.ColumnElement[bool]:
    return sa.and_(outbox.c.key == key, outbox.c.channel == channel)


class Outbox(Store):
    """Delivery rounds per (message key, channel); shareable by threads and processes."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "outbox")

    def get(self, key: str, channel: str) -> OutboxEntry | None:
        with self._db.read() as db:
            row = db.execute(sa.select(*_ENTRY).where(_this(key, channel))).first()
        return OutboxEntry.from_row(tuple(row)) if row else None

    def start(self, message: Message, channel: str, now: datetime, lease_until: datetime) -> OutboxEntry:
        """Open a new delivery round for ``message`` on ``channel`` (first time or again), held
        until ``lease_until`` so that a concurrent outbox pass leaves it alone meanwhile."""
        row = {"key": message.key, "channel": channel, "state": "pending", "message": message_to_json(message),
               "attempts": 0, "created_at": _stamp(now), "queued_at": _stamp(now),
               "next_attempt_at": _stamp(lease_until)}  # fmt: skip
        with self._db.write() as db:
            upsert(db, outbox, [row], updates=lambda insert: {
                "state": "pending", "message": insert.excluded.message, "attempts": 0,
                "queued_at": insert.excluded.queued_at, "next_attempt_at": insert.excluded.next_attempt_at,
                "last_error": None, "sent_at": None, "detail": None,
            })  # fmt: skip
        entry = self.get(message.key, channel)
        assert entry is not None
        return entry

    def due(self, now: datetime) -> list[tuple[str, str]]:
        """(key, channel) of the pending rows whose next attempt has come, oldest first."""
        query = (sa.select(outbox.c.key, outbox.c.channel)
                 .where(outbox.c.state == "pending", outbox.c.next_attempt_at <= _stamp(now))
                 .order_by(outbox.c.queued_at))  # fmt: skip
        with self._db.read() as db:
            return [(row.key, row.channel) for row in db.execute(query)]

    def claim(self, key: str, channel: str, now: datetime, lease_until: datetime) -> tuple[OutboxEntry, Message] | None:
        """Take a due row for one try (None when another process took it first)."""
        take = (outbox.update()
                .where(_this(key, channel), outbox.c.state == "pending", outbox.c.next_attempt_at <= _stamp(now))
                .values(next_attempt_at=_stamp(lease_until)))  # fmt: skip
        with self._db.write() as db:
            if not db.execute(take).rowcount:
                return None
            row = db.execute(sa.select(outbox.c.message, *_ENTRY).where(_this(key, channel))).one()
        return OutboxEntry.from_row(tuple(row[1:])), message_from_json(row[0])

    def mark_sent(self, key: str, channel: str, now: datetime, tries: int, detail: str) -> None:
        self._update(key, channel, {"state": "sent", "message": None, "sent_at": _stamp(now), "next_attempt_at": None,
                                    "last_error": None, "detail": detail}, now, tries)  # fmt: skip

    def mark_pending(self, key: str, channel: str, now: datetime, tries: int, next_at: datetime, error: str) -> None:
        self._update(key, channel, {"state": "pending", "next_attempt_at": _stamp(next_at), "last_error": error},
                     now, tries)  # fmt: skip

    def mark_failed(self, key: str, channel: str, now: datetime, tries: int, error: str) -> None:
        self._update(key, channel, {"state": "failed", "next_attempt_at": None, "last_error": error}, now, tries)

    def _update(self, key: str, channel: str, values: dict[str, Any], now: datetime, tries: int) -> None:
        with self._db.write() as db:
            db.execute(outbox.update().where(_this(key, channel))
                       .values(**values, attempts=outbox.c.attempts + tries, last_attempt_at=_stamp(now)))

    def counts(self) -> dict[str, int]:
        with self._db.read() as db:
            query = sa.select(outbox.c.state, sa.func.count().label("n")).group_by(outbox.c.state)
            return {row.state: int(row.n) for row in db.execute(query)}

    def entries(self, states: tuple[State, ...], limit: int) -> Iterator[OutboxEntry]:
        """Rows in ``states``, the latest tried first."""
        query = (sa.select(*_ENTRY).where(outbox.c.state.in_(states))
                 .order_by(sa.func.coalesce(outbox.c.last_attempt_at, outbox.c.queued_at).desc()).limit(limit))
        with self._db.read() as db:
            rows = db.execute(query).all()
        for row in rows:
            yield OutboxEntry.from_row(tuple(row))


@dataclass(frozen=True)
class OutboxSummary:
    """For ``langnghe status``: how many rows are in each state, and the latest problems."""

    pending: int = 0
    failed: int = 0
    sent: int = 0
    problems: tuple[OutboxEntry, ...] = ()  # pending and failed rows, the latest tried first

    def line(self) -> str:
        return f"hộp thư đi: {self.pending} chờ gửi, {self.failed} lỗi, {self.sent} đã gửi"


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
