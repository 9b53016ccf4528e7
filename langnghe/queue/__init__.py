"""Durable hand-off between the crawl and enrich stages (at-least-once, idempotent ids)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from langnghe.queue.base import ItemQueue, Lease, QueueStats
from langnghe.queue.sqlite import DeadLetter, SQLiteQueue

if TYPE_CHECKING:
    from langnghe.settings import Settings

__all__ = ["DeadLetter", "ItemQueue", "Lease", "QueueStats", "SQLiteQueue", "open_queue"]


def open_queue(settings: Settings) -> SQLiteQueue:
    """The queue the settings point at: the embedded SQLite file ``data_dir/queue.sqlite3``."""
    # A nacked item waits before its retry, so one drain does not spin on a poison item.
    return SQLiteQueue(settings.queue_path, retry_backoff=30.0)
