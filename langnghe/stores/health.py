"""Source health: what each crawl did per source, kept across runs (``data_dir/health.sqlite3``).

A source is *failing* after :data:`FAILING_AFTER` crawls in a row that gave nothing
(feed unreachable, not a feed, the crawler process died), and *silent* when it has
brought no new item for :data:`SILENT_AFTER_INTERVALS` of its own intervals. Both show
in ``langnghe sources`` and can feed alerts later.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.crawlers.events import CrawlReport, SourceReport
from langnghe.storage import write_transaction

FAILING_AFTER = 3
SILENT_AFTER_INTERVALS = 4

_SCHEMA = """CREATE TABLE IF NOT EXISTS source_health (
    source TEXT PRIMARY KEY, runs INTEGER NOT NULL, last_run_at TEXT NOT NULL,
    last_success_at TEXT, last_new_item_at TEXT, last_error_at TEXT, last_error TEXT,
    items_last_run INTEGER NOT NULL, new_last_run INTEGER NOT NULL, consecutive_failures INTEGER NOT NULL,
    items_total INTEGER NOT NULL DEFAULT 0, undated_total INTEGER NOT NULL DEFAULT 0)"""
# Columns added after the first release, for stores made before them.
_ADDED = {"items_total": "INTEGER NOT NULL DEFAULT 0", "undated_total": "INTEGER NOT NULL DEFAULT 0"}


@dataclass(frozen=True)
class SourceHealth:
    source: str
    runs: int
    last_run_at: datetime
    last_success_at: datetime | None
    last_new_item_at: datetime | None
    last_error_at: datetime | None
    last_error: str | None
    items_last_run: int
    new_last_run: int
    consecutive_failures: int
    items_total: int = 0
    undated_total: int = 0

    @property
    def undated_share(self) -> float | None:
        """Share of the items crawled so far that came without a publication time."""
        return self.undated_total / self.items_total if self.items_total else None

    @property
    def failing(self) -> bool:
        return self.consecutive_failures >= FAILING_AFTER

    def silent(self, interval: timedelta, now: datetime) -> bool:
        since = self.last_new_item_at or self.last_success_at
        return since is None or now - since > SILENT_AFTER_INTERVALS * interval


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _failure(report: CrawlReport, source: SourceReport) -> str | None:
    if source.errors:
        return "; ".join(source.errors)
    if report.child_error and not source.items:
        return f"crawler process: {report.child_error}"
    return None


class SourceHealthStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        have = {row[1] for row in self._db.execute("PRAGMA table_info(source_health)")}
        for column, kind in _ADDED.items():
            if column not in have:
                self._db.execute(f"ALTER TABLE source_health ADD COLUMN {column} {kind}")

    def record(self, report: CrawlReport, at: datetime | None = None) -> None:
        """Fold one crawl's per-source outcome into the running health of each source."""
        now = (at or datetime.now(timezone.utc)).isoformat()
        with write_transaction(self._db):
            for source in report.sources.values():
                self._record_one(report, source, now)

    def _record_one(self, report: CrawlReport, source: SourceReport, now: str) -> None:
        error = _failure(report, source)
        self._db.execute(
            "INSERT INTO source_health VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET"
            " runs = runs + 1, last_run_at = excluded.last_run_at,"
            " last_success_at = COALESCE(excluded.last_success_at, last_success_at),"
            " last_new_item_at = COALESCE(excluded.last_new_item_at, last_new_item_at),"
            " last_error_at = COALESCE(excluded.last_error_at, last_error_at),"
            " last_error = COALESCE(excluded.last_error, last_error),"
            " items_last_run = excluded.items_last_run, new_last_run = excluded.new_last_run,"
            " consecutive_failures = CASE WHEN excluded.consecutive_failures = 0 THEN 0"
            " ELSE consecutive_failures + 1 END,"
            " items_total = items_total + excluded.items_total, undated_total = undated_total + excluded.undated_total",
            (
                source.source, now,
                None if error else now,
                now if source.items_new else None,
                now if error else None,
                error,
                source.items, source.items_new,
                1 if error else 0,
                source.items, source.items_undated,
            ),
        )

    def all(self) -> dict[str, SourceHealth]:
        rows = self._db.execute(
            "SELECT source, runs, last_run_at, last_success_at, last_new_item_at, last_error_at, last_error,"
            " items_last_run, new_last_run, consecutive_failures, items_total, undated_total"
            " FROM source_health ORDER BY source"
        ).fetchall()
        return {
            row[0]: SourceHealth(
                row[0], row[1], datetime.fromisoformat(row[2]), _when(row[3]), _when(row[4]), _when(row[5]),
                row[6], row[7], row[8], row[9], row[10], row[11],
            )
            for row in rows
        }

    def close(self) -> None:
        self._db.close()


def record_crawl_health(path: Path, report: CrawlReport) -> None:
    """Fold one crawl into the health store at ``path`` (opened and closed here)."""
    store = SourceHealthStore(path)
    try:
        store.record(report)
    finally:
        store.close()
