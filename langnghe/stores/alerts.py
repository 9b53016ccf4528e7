"""Alerts sent and the cooldowns they started (``data_dir/alerts.sqlite3`` by default; any database
:mod:`langnghe.db` opens, the ``alerts`` Alembic branch).

``history`` keeps every sent alert, field by field, for ``langnghe status`` and later the UI;
``quiet_until`` keeps, per (rule, subject), the end of its cooldown. Which alerts go out (grouping
one event into one alert) is :mod:`langnghe.alerts.grouping`'s policy, handed to
:meth:`AlertLedger.admit`, which reads the cooldowns and records the outcome in one transaction,
so two evaluations at once never send one event twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from langnghe.db import Database, Store
from langnghe.db.sql import upsert
from langnghe.db.times import from_micros, to_micros

DEFAULT_COOLDOWN = timedelta(hours=6)


@dataclass(frozen=True)
class Sample:
    title: str
    url: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Alert:
    """What fired, about what, with the figures and sample links an analyst acts on."""

    rule_id: str
    kind: str
    subject: str  # what the alert is about (``concern:o-nhiem``, ``claim:c1``); the cooldown's key
    title: str  # Vietnamese, one line
    detail: str  # Vietnamese, the figures behind it
    value: float  # what was compared with the threshold
    at: datetime  # evaluation time, UTC
    samples: tuple[Sample, ...] = ()
    item_ids: tuple[str, ...] = ()
    also: tuple[str, ...] = field(default_factory=tuple)  # titles of alerts grouped into this one

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data


metadata = sa.MetaData()
quiet_until = sa.Table(
    "quiet_until", metadata,
    sa.Column("rule_id", sa.Text, primary_key=True), sa.Column("subject", sa.Text, primary_key=True),
    sa.Column("until_ts", sa.Float, nullable=False),
)  # fmt: skip
history = sa.Table(
    "history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.BigInteger, nullable=False), sa.Column("rule_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False), sa.Column("subject", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False), sa.Column("detail", sa.Text, nullable=False),
    sa.Column("value", sa.Float, nullable=False), sa.Column("samples", sa.JSON, nullable=False),
    sa.Column("item_ids", sa.JSON, nullable=False), sa.Column("also", sa.JSON, nullable=False),
    sa.Index("history_at", "at"),
)  # fmt: skip

Choose = Callable[[list[Alert]], list[Alert]]


def _history_row(alert: Alert) -> dict[str, Any]:
    return {
        "at": to_micros(alert.at), "rule_id": alert.rule_id, "kind": alert.kind, "subject": alert.subject,
        "title": alert.title, "detail": alert.detail, "value": alert.value,
        "samples": [asdict(sample) for sample in alert.samples], "item_ids": list(alert.item_ids),
        "also": list(alert.also),
    }  # fmt: skip


def _alert(row: Any) -> Alert:
    return Alert(
        rule_id=row.rule_id, kind=row.kind, subject=row.subject, title=row.title, detail=row.detail, value=row.value,
        at=from_micros(row.at), samples=tuple(Sample(**sample) for sample in row.samples),
        item_ids=tuple(row.item_ids), also=tuple(row.also),
    )  # fmt: skip


class AlertLedger(Store):
    """Sent alerts and cooldowns; shareable by threads."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "alerts")

    def admit(self, alerts: list[Alert], cooldowns: dict[str, timedelta], now: datetime, choose: Choose) -> list[Alert]:
        """The alerts to send now: ``choose`` (the grouping policy) applied to those out of cooldown,
        recorded as sent; every (rule, subject) offered and not quiet starts its rule's cooldown."""
        with self._db.write() as db:
            query = sa.select(quiet_until.c.rule_id, quiet_until.c.subject).where(quiet_until.c.until_ts > now.timestamp())
            quiet = {(rule, subject) for rule, subject in db.execute(query)}
            fresh = [a for a in alerts if (a.rule_id, a.subject) not in quiet]
            chosen = choose(fresh)
            pairs = dict.fromkeys((a.rule_id, a.subject) for a in fresh)
            upsert(db, quiet_until, [
                {"rule_id": rule, "subject": subject,
                 "until_ts": (now + cooldowns.get(rule, DEFAULT_COOLDOWN)).timestamp()} for rule, subject in pairs
            ])  # fmt: skip
            if chosen:  # recorded at the moment they are sent
                db.execute(history.insert(), [_history_row(replace(alert, at=now)) for alert in chosen])
        return chosen

    def recent(self, since: datetime) -> list[Alert]:
        """Alerts sent at or after ``since``, the latest first."""
        query = history.select().where(history.c.at >= to_micros(since)).order_by(history.c.at.desc(), history.c.id.desc())
        with self._db.read() as db:
            return [_alert(row) for row in db.execute(query)]

    def count_since(self, since: datetime) -> int:
        query = sa.select(sa.func.count()).select_from(history).where(history.c.at >= to_micros(since))
        with self._db.read() as db:
            return int(db.execute(query).scalar_one())
