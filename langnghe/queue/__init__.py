"""Durable hand-off between the crawl and enrich stages (at-least-once, idempotent ids)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from langnghe.queue.base import ItemQueue, Lease, Quarantined, QueueStats
from langnghe.queue.sqlite import SQLiteQueue

if TYPE_CHECKING:
    from langnghe.settings import Settings

__all__ = ["ItemQueue", "Lease", "Quarantined", "QueueStats", "SQLiteQueue", "open_queue"]


def open_queue(settings: Settings) -> SQLiteQueue:
    """The queue the settings point at: the embedded SQLite file ``data_dir/queue.sqlite3``."""
    # A failed item waits before its retry, so one drain does not spin on a poison item.
    return SQLiteQueue(settings.paths.queue, retry_backoff=30.0)
