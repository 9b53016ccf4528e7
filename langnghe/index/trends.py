"""Hourly roll-ups: item counts per hour and per facet value, kept apart from the items.

Trend detection and dashboards read these small rows instead of scanning items.
A row is (hour in UTC, dimension, value, count); dimension ``all`` with value ``*``
holds the hour's total. Rows of an hour are always replaced together, so a rerun of
the roll-up job over the same hours gives the same table (idempotent).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from langnghe.storage import write_transaction

ROLLUP_DIMENSIONS: tuple[str, ...] = (
    "section", "watch_topic", "concern", "province", "sentiment", "source", "platform"
)
TOTAL = ("all", "*")


@dataclass(frozen=True)
class RollupRow:
    hour: datetime  # start of the hour, UTC
    dimension: str
    value: str
    count: int


class TrendStore(Protocol):
    def replace_hours(self, hours: Sequence[datetime], rows: Iterable[RollupRow]) -> int:
        """Drop every row of ``hours`` and write ``rows`` (all inside those hours); returns rows written."""

    def series(self, dimension: str, value: str, since: datetime, until: datetime) -> list[tuple[datetime, int]]:
        """Counts per hour in [since, until) for one value, hours without items left out."""

    def values(self, dimension: str, since: datetime, until: datetime) -> list[tuple[str, int]]:
        """Every value of ``dimension`` with items in [since, until) and its total, largest first."""

    def close(self) -> None: ...


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: roll-up hours are UTC instants")
    return int(moment.timestamp())


class SQLiteTrendStore:
    """Roll-ups in their own SQLite file (``data_dir/trends.sqlite3``)."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS rollups (hour INTEGER NOT NULL, dimension TEXT NOT NULL,"
            " value TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (dimension, value, hour))"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS rollups_hour ON rollups(hour)")

    def replace_hours(self, hours: Sequence[datetime], rows: Iterable[RollupRow]) -> int:
        keys = [(_epoch(hour),) for hour in hours]
        values = [(_epoch(r.hour), r.dimension, r.value, r.count) for r in rows]
        with write_transaction(self._db, self._lock) as db:
            db.executemany("DELETE FROM rollups WHERE hour = ?", keys)
            db.executemany("INSERT INTO rollups VALUES (?, ?, ?, ?)", values)
        return len(values)

    def series(self, dimension: str, value: str, since: datetime, until: datetime) -> list[tuple[datetime, int]]:
        with self._lock:
            found = self._db.execute(
                "SELECT hour, count FROM rollups WHERE dimension = ? AND value = ? AND hour >= ? AND hour < ?"
                " ORDER BY hour",
                (dimension, value, _epoch(since), _epoch(until)),
            ).fetchall()
        return [(datetime.fromtimestamp(hour, timezone.utc), count) for hour, count in found]

    def values(self, dimension: str, since: datetime, until: datetime) -> list[tuple[str, int]]:
        with self._lock:
            found = self._db.execute(
                "SELECT value, SUM(count) AS total FROM rollups WHERE dimension = ? AND hour >= ? AND hour < ?"
                " GROUP BY value ORDER BY total DESC, value",
                (dimension, _epoch(since), _epoch(until)),
            ).fetchall()
        return [(value, int(total)) for value, total in found]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteTrendStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
