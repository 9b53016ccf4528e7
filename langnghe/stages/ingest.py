"""``langnghe ingest FILE``: replay Item-shaped lines, or other tools' records, through enrich,
index and roll-ups.

This is how a stream collected elsewhere (or written by ``langnghe export --format
jsonl``) is measured: each line is an :class:`~langnghe.item.Item` in JSON, its ``id``
and ``published_at`` kept. A line that is not a whole Item, and each row of a CSV or XLSX
file, is read as another tool's record (:mod:`langnghe.stages.records`: ``text``,
``published_at`` and ``id`` or ``url``, defaults for the rest). Lines go through the durable
queue, so an interrupted ingest resumes where it stopped and a rerun of the same file adds
nothing; any ``nlp`` part in the file is recomputed. A bad line or row is reported with its
number and skipped; the rest is ingested. The roll-ups are then recounted over the hours the
file covers, for the detection jobs that read them.
"""

from __future__ import annotations

import json
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
from langnghe.stages.records import RecordDefaults, RecordError, item_from_record, mapped
from langnghe.stages.tables import TABLE_SUFFIXES, read_table

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


def _line_parser(defaults: RecordDefaults | None) -> Callable[[bytes], Item]:
    """A JSON line as an Item; else, with ``defaults``, as another tool's record."""

    def parse(raw: bytes) -> Item:
        if defaults is not None and b'"fetched_at"' not in raw:  # an Item needs one: a record, read as such
            return _record(raw, defaults)
        try:
            return Item.model_validate_json(raw)
        except ValidationError as exc:
            if defaults is None:
                raise ValueError(describe_validation(exc)) from None
            try:
                record = json.loads(raw)
            except ValueError:
                raise ValueError(describe_validation(exc)) from None
            return _from_json(record, defaults)

    return parse


def _record(raw: bytes, defaults: RecordDefaults) -> Item:
    try:
        record = json.loads(raw)
    except ValueError as exc:
        raise RecordError(f"không phải JSON ({exc})") from None
    return _from_json(record, defaults)


def _from_json(record: object, defaults: RecordDefaults) -> Item:
    if not isinstance(record, dict):
        raise RecordError("cần một đối tượng JSON {...} mỗi dòng")
    return item_from_record(mapped(record, defaults.mapping), defaults)


def _table_items(path: Path, report: IngestReport, warn: Callable[[str], None],
                 defaults: RecordDefaults) -> Iterator[Item]:  # fmt: skip
    """Items of a CSV or XLSX file's rows; a bad row is named (``FILE:ROW``) and skipped."""
    table = read_table(path)
    missing = [column for column in defaults.mapping.values() if column not in table.columns]
    if missing:
        raise InputError(f"{path}: không có cột {missing[0]!r} (các cột: {', '.join(c for c in table.columns if c)})")
    if "text" not in defaults.mapping and "text" not in table.columns:
        raise InputError(f"{path}: không có cột nội dung: thêm --map text=TÊN_CỘT (các cột: {', '.join(table.columns)})")
    try:
        for number, record in table.rows:
            report.read += 1
            try:
                yield item_from_record(mapped(record, defaults.mapping), defaults)
            except RecordError as exc:
                report.rejected += 1
                report.problems.append(message := f"{path}:{number}: bỏ qua dòng: {exc}")
                warn(message)
    except UnicodeDecodeError:
        raise InputError(f"{path}: không đọc được tệp CSV (cần mã UTF-8)") from None


def read_items(path: Path, report: IngestReport, warn: Callable[[str], None],
               defaults: RecordDefaults | None = None) -> Iterator[Item]:  # fmt: skip
    """Valid Items of ``path``; a bad line is described (``FILE:N: field: reason``) and skipped.
    With ``defaults``, lines that are not Items and CSV/XLSX rows are read as other tools' records."""
    if defaults is not None and path.suffix.lower() in TABLE_SUFFIXES:
        items = _table_items(path, report, warn, defaults)
    else:
        items = read_records(path, _line_parser(defaults), report, warn)
    for item in items:
        report.cover(item)
        yield item


def queue_file(path: Path, queue: ItemQueue, warn: Callable[[str], None], on_batch: Callable[[int], None],
               defaults: RecordDefaults | None = None) -> IngestReport:  # fmt: skip
    """Put the file's Items on the queue in batches; returns what was read, queued and skipped."""
    if not path.is_file():
        raise InputError(f"{path}: không có tệp này")
    report = IngestReport()
    batch: list[Item] = []
    for item in read_items(path, report, warn, defaults):
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
