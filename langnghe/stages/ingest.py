"""``langnghe ingest FILE.jsonl``: replay Item-shaped lines through enrich, index and roll-ups.

This is how a stream collected elsewhere (or written by ``langnghe export --format
jsonl``) is measured: each line is an :class:`~langnghe.item.Item` in JSON, its ``id``
and ``published_at`` kept. Lines go through the durable queue, so an interrupted
ingest resumes where it stopped and a rerun of the same file adds nothing; any ``nlp``
part in the file is recomputed. A bad line is reported with its line number and
skipped; the rest is ingested. The roll-ups are then recounted over the hours the
file covers, for the detection jobs that read them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from langnghe.errors import InputError
from langnghe.item import Item
from langnghe.lines import LineReport, describe_validation, read_records
from langnghe.queue.base import ItemQueue

log = logging.getLogger(__name__)

BATCH = 1000


@dataclass
class IngestReport(LineReport):
    queued: int = 0
    unchanged: int = 0
    since: datetime | None = None
    until: datetime | None = None
    # per source, items queued whose date was in the future (dropped: Item.future_date); for source health
    future_dated: dict[str, int] = field(default_factory=dict)

    def cover(self, item: Item) -> None:
        when = item.published_at or item.fetched_at
        self.since = when if self.since is None else min(self.since, when)
        self.until = when if self.until is None else max(self.until, when)


def _parse_item(raw: bytes) -> Item:
    try:
        return Item.model_validate_json(raw)
    except ValidationError as exc:
        raise ValueError(describe_validation(exc)) from None


def read_items(path: Path, report: IngestReport, warn: Callable[[str], None]) -> Iterator[Item]:
    """Valid Items of ``path``; a bad line is described (``FILE:N: field: reason``) and skipped."""
    for item in read_records(path, _parse_item, report, warn):
        report.cover(item)
        yield item


def queue_file(path: Path, queue: ItemQueue, warn: Callable[[str], None], on_batch: Callable[[int], None]) -> IngestReport:
    """Put the file's Items on the queue in batches; returns what was read, queued and skipped."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    report = IngestReport()
    batch: list[Item] = []
    for item in read_items(path, report, warn):
        batch.append(item)
        if len(batch) == BATCH:
            _put(queue.upsert, batch, report, on_batch)
            batch = []
    if batch:
        _put(queue.upsert, batch, report, on_batch)
    return report


def _put(upsert: Callable[[list[Item]], list[bool]], batch: list[Item], report: IngestReport,
         on_batch: Callable[[int], None]) -> None:
    changed = upsert(batch)
    for item in (item for item, new in zip(batch, changed) if new and item.future_date):
        report.future_dated[item.source] = report.future_dated.get(item.source, 0) + 1
    report.queued += sum(changed)
    report.unchanged += len(changed) - sum(changed)
    on_batch(len(batch))


def rollup_window(report: IngestReport) -> tuple[datetime, datetime] | None:
    """The hours the file covers, for the roll-up recount (None for an empty file)."""
    if report.since is None or report.until is None:
        return None
    return report.since, report.until + timedelta(hours=1)
