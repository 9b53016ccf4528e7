"""Source health: what each crawl did per source, kept across runs (``data_dir/health.sqlite3`` by
default; any database :mod:`langnghe.db` opens, the ``health`` Alembic branch).

A source is *failing* after :data:`FAILING_AFTER` crawls in a row that gave nothing
(feed unreachable, not a feed, the crawler process died), and *silent* when, having been
reached, it has brought no new item for :data:`SILENT_AFTER_INTERVALS` of its own intervals
(a source never reached is failing, not silent). Both show
in ``langnghe sources`` and can feed alerts later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from langnghe.crawlers.events import CrawlReport, SourceReport
from langnghe.db import Database, Store
from langnghe.db.sql import Insert, upsert

FAILING_AFTER = 3
SILENT_AFTER_INTERVALS = 4

metadata = sa.MetaData()
source_health = sa.Table(
    "source_health", metadata,
    sa.Column("source", sa.Text, primary_key=True), sa.Column("runs", sa.Integer, nullable=False),
    sa.Column("last_run_at", sa.Text, nullable=False), sa.Column("last_success_at", sa.Text),
    sa.Column("last_new_item_at", sa.Text), sa.Column("last_error_at", sa.Text), sa.Column("last_error", sa.Text),
    sa.Column("items_last_run", sa.Integer, nullable=False), sa.Column("new_last_run", sa.Integer, nullable=False),
    sa.Column("consecutive_failures", sa.Integer, nullable=False),
    sa.Column("items_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("undated_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("future_dated_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("blocked_total", sa.Integer, nullable=False, server_default="0"), sa.Column("last_blocked", sa.Text),
    sa.Column("metadata_off_total", sa.Integer, nullable=False, server_default="0"),
)  # fmt: skip


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
    future_dated_total: int = 0  # items dated later than their fetch (plus a day): the date was dropped
    blocked_total: int = 0  # URLs the guard refused (internal addresses, not http(s)), all runs
    last_blocked: str | None = None  # the last of them: "<Vietnamese reason>: <url>"
    # article pages whose metadata time missed the visible byline by whole hours (the byline was kept)
    metadata_off_total: int = 0

    @property
    def metadata_off_share(self) -> float | None:
        """Share of the items crawled so far whose page's metadata time missed its byline."""
        return self.metadata_off_total / self.items_total if self.items_total else None

    @property
    def undated_share(self) -> float | None:
        """Share of the items crawled so far that came without a publication time."""
        return self.undated_total / self.items_total if self.items_total else None

    @property
    def failing(self) -> bool:
        return self.consecutive_failures >= FAILING_AFTER

    def silent(self, interval: timedelta, now: datetime) -> bool:
        if self.runs == 0:  # only counted by `langnghe ingest`: never crawled, so it cannot fall silent
            return False
        since = self.last_new_item_at or self.last_success_at
        if since is None:  # tried but never reached: failing (consecutive_failures), not silent
            return False
        return now - since > SILENT_AFTER_INTERVALS * interval


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _failure(report: CrawlReport, source: SourceReport) -> str | None:
    if source.errors:
        return "; ".join(source.errors)
    if report.child_error and not source.items:
        return f"tiến trình thu thập: {report.child_error}"
    return None


def _folded(insert: Insert) -> dict[str, Any]:
    """How one crawl's row folds into the stored one."""
    new, old = insert.excluded, source_health.c
    return {
        "runs": old.runs + 1, "last_run_at": new.last_run_at,
        "last_success_at": sa.func.coalesce(new.last_success_at, old.last_success_at),
        "last_new_item_at": sa.func.coalesce(new.last_new_item_at, old.last_new_item_at),
        "last_error_at": sa.func.coalesce(new.last_error_at, old.last_error_at),
        "last_error": sa.func.coalesce(new.last_error, old.last_error),
        "items_last_run": new.items_last_run, "new_last_run": new.new_last_run,
        "consecutive_failures": sa.case((new.consecutive_failures == 0, 0), else_=old.consecutive_failures + 1),
        "items_total": old.items_total + new.items_total, "undated_total": old.undated_total + new.undated_total,
        "future_dated_total": old.future_dated_total + new.future_dated_total,
        "blocked_total": old.blocked_total + new.blocked_total,
        "last_blocked": sa.func.coalesce(new.last_blocked, old.last_blocked),
        "metadata_off_total": old.metadata_off_total + new.metadata_off_total,
    }  # fmt: skip


def _row(report: CrawlReport, source: SourceReport, now: str) -> dict[str, Any]:
    error = _failure(report, source)
    return {
        "source": source.source, "runs": 1, "last_run_at": now, "last_success_at": None if error else now,
        "last_new_item_at": now if source.items_new else None, "last_error_at": now if error else None,
        "last_error": error, "items_last_run": source.items, "new_last_run": source.items_new,
        "consecutive_failures": 1 if error else 0, "items_total": source.items, "undated_total": source.items_undated,
        "future_dated_total": source.items_future_dated,
        "blocked_total": source.blocked, "last_blocked": source.last_blocked,
        "metadata_off_total": source.items_metadata_off,
    }  # fmt: skip


def _health(row: Any) -> SourceHealth:
    return SourceHealth(
        row.source, row.runs, datetime.fromisoformat(row.last_run_at), _when(row.last_success_at),
        _when(row.last_new_item_at), _when(row.last_error_at), row.last_error, row.items_last_run, row.new_last_run,
        row.consecutive_failures, row.items_total, row.undated_total, row.future_dated_total, row.blocked_total, row.last_blocked,
        row.metadata_off_total,
    )  # fmt: skip


class SourceHealthStore(Store):
    """The running health of every source; shareable by threads."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "health")

    def record(self, report: CrawlReport, at: datetime | None = None) -> None:
        """Fold one crawl's per-source outcome into the running health of each source."""
        now = (at or datetime.now(timezone.utc)).isoformat()
        with self._db.write() as db:
            upsert(db, source_health, [_row(report, source, now) for source in report.sources.values()], updates=_folded)

    def count_future_dated(self, counts: Mapping[str, int]) -> None:
        """Add items dated in the future that reached the queue another way than a crawl
        (``langnghe ingest``), per source; a source never crawled gets a row with no run."""
        now = datetime.now(timezone.utc).isoformat()
        rows = [{
            "source": source, "runs": 0, "last_run_at": now, "items_last_run": 0, "new_last_run": 0,
            "consecutive_failures": 0, "future_dated_total": count,
        } for source, count in sorted(counts.items()) if count]  # fmt: skip
        if not rows:
            return
        with self._db.write() as db:
            upsert(db, source_health, rows, updates=lambda insert: {
                "future_dated_total": source_health.c.future_dated_total + insert.excluded.future_dated_total})

    def all(self) -> dict[str, SourceHealth]:
        with self._db.read() as db:
            rows = db.execute(source_health.select().order_by(source_health.c.source)).all()
        return {row.source: _health(row) for row in rows}


def record_crawl_health(path: str | Path, report: CrawlReport) -> None:
    """Fold one crawl into the health store at ``path`` (opened and closed here)."""
    store = SourceHealthStore(path)
    try:
        store.record(report)
    finally:
        store.close()
