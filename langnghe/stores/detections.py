"""Where detections are kept: spikes and emerging issues with their explanations.

One SQLite file (``data_dir/detections.sqlite3``) for the digest, alerts, API and UI to
read. A detection is keyed by what it is about and when (a spike by dimension, value,
granularity and bucket; an emerging issue by kind, key and the moment of the ranking),
so running a detection job again over the same moment replaces rather than doubles.
Each row keeps the whole detection as JSON beside the columns used to query it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from langnghe.detection.emerging import EmergingIssue
from langnghe.detection.trends import Spike
from langnghe.storage import write_transaction

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS spikes (
        dimension TEXT NOT NULL, value TEXT NOT NULL, granularity TEXT NOT NULL, start INTEGER NOT NULL,
        score REAL NOT NULL, body TEXT NOT NULL, PRIMARY KEY (dimension, value, granularity, start))""",
    "CREATE INDEX IF NOT EXISTS spikes_start ON spikes(start)",
    """CREATE TABLE IF NOT EXISTS emerging (
        at INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, rank INTEGER NOT NULL,
        score REAL NOT NULL, body TEXT NOT NULL, PRIMARY KEY (at, kind, key))""",
)


class DetectionStore:
    """Spikes and emerging-issue rankings, idempotent by what and when."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        for statement in _SCHEMA:
            self._db.execute(statement)

    def save_spikes(self, spikes: list[Spike]) -> int:
        rows = [(s.dimension, s.value, s.granularity, int(s.start.timestamp()), s.score,
                 json.dumps(s.to_dict(), ensure_ascii=False)) for s in spikes]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO spikes VALUES (?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def save_emerging(self, at: datetime, issues: list[EmergingIssue]) -> int:
        """Replace the ranking made at ``at`` with ``issues`` (in rank order)."""
        moment = int(at.timestamp())
        rows = [(moment, issue.kind, issue.key, rank, issue.score, json.dumps(issue.to_dict(), ensure_ascii=False))
                for rank, issue in enumerate(issues, start=1)]
        with write_transaction(self._db, self._lock) as db:
            db.execute("DELETE FROM emerging WHERE at = ?", (moment,))
            db.executemany("INSERT INTO emerging VALUES (?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def spikes(self, since: datetime, until: datetime) -> list[dict[str, Any]]:
        """Stored spikes whose bucket starts in [since, until), strongest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM spikes WHERE start >= ? AND start < ? ORDER BY score DESC, dimension, value",
                (int(since.timestamp()), int(until.timestamp())),
            ).fetchall()
        return [json.loads(body) for (body,) in rows]

    def emerging(self, at: datetime | None = None) -> list[dict[str, Any]]:
        """The ranking made at ``at`` (default: the latest one), best first."""
        with self._lock:
            if at is None:
                latest = self._db.execute("SELECT MAX(at) FROM emerging").fetchone()[0]
                if latest is None:
                    return []
                moment = latest
            else:
                moment = int(at.timestamp())
            rows = self._db.execute("SELECT body FROM emerging WHERE at = ? ORDER BY rank", (moment,)).fetchall()
        return [json.loads(body) for (body,) in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
