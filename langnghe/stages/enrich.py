"""The enrich worker: drain the queue in batches, annotate, index, then ack.

Error contract (every item's outcome counted once):
- a batch whose annotation raises is retried item by item, so one poison item
  does not hold back the others; the poison item is nacked with the reason and
  ends in the queue's dead-letter state after the queue's attempt limit;
- an index write that fails nacks the whole batch (transient: retried later)
  and stops the drain, so a down index never turns into lost items.
Acks come only after the index accepted the batch: a kill at any point means
the batch is delivered again, and the index upserts by id, so nothing doubles.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from langnghe.index.base import IndexBackend
from langnghe.item import Item
from langnghe.queue.base import ItemQueue, Lease

log = logging.getLogger(__name__)

Annotate = Callable[[list[Item]], list[Item]]


@dataclass
class EnrichReport:
    batches: int = 0
    indexed: int = 0
    failed: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # item id -> reason
    index_error: str | None = None


class EnrichWorker:
    def __init__(self, queue: ItemQueue, index: IndexBackend, annotate: Annotate, *, batch_size: int = 256):
        self.queue = queue
        self.index = index
        self.annotate = annotate
        self.batch_size = batch_size

    def drain(
        self,
        *,
        max_batches: int | None = None,
        on_batch: Callable[[int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> EnrichReport:
        """Process batches until the queue is empty (or ``max_batches``, or ``should_stop()``,
        asked between batches: the batch in hand is finished and acked); ``on_batch(n)`` after each."""
        report = EnrichReport()
        while max_batches is None or report.batches < max_batches:
            if should_stop is not None and should_stop():
                break
            lease = self.queue.lease(self.batch_size)
            if lease is None:
                break
            report.batches += 1
            if not self._process(lease, report):
                break
            if on_batch:
                on_batch(len(lease.items))
        return report

    def _process(self, lease: Lease, report: EnrichReport) -> bool:
        enriched, failures = self._annotate(lease.items)
        if failures:
            self.queue.nack(lease, list(failures), reason="annotate failed")
            report.failed += len(failures)
            report.failures.update(failures)
        try:
            written = self.index.upsert(enriched)
        except Exception as exc:  # any backend failure: give the batch back, stop
            reason = f"index write failed: {type(exc).__name__}: {exc}"
            log.error("%s; %d items returned to the queue", reason, len(enriched))
            self.queue.nack(lease, [item.id for item in enriched], reason=reason)
            report.index_error = reason
            return False
        self.queue.ack(lease, [item.id for item in enriched])
        report.indexed += written
        return True

    def _annotate(self, items: list[Item]) -> tuple[list[Item], dict[str, str]]:
        try:
            return self.annotate(items), {}
        except Exception:
            log.warning("batch of %d failed to annotate; retrying item by item", len(items), exc_info=True)
        enriched: list[Item] = []
        failures: dict[str, str] = {}
        for item in items:
            try:
                enriched.extend(self.annotate([item]))
            except Exception as exc:
                failures[item.id] = f"{type(exc).__name__}: {exc}"
                log.error("item %s (source %s) failed to annotate: %s", item.id, item.source, exc)
        return enriched, failures
