"""Exports of any search (a query and filters), as chunks of bytes: what the web app streams and the
background export job writes (:mod:`langnghe.exports.background`).

The rows and cells are those of ``langnghe export`` (:mod:`langnghe.exports.writers`, the columns
of ``docs/export-columns.md``). Without a query the items come as ``langnghe export`` reads them
(:meth:`IndexBackend.scan`: oldest first, whatever the size); with one, page after page of the
search (newest first, deep-paged with a cursor, so no result set is too large).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from langnghe.exports.options import Format
from langnghe.exports.writers import csv_chunks, jsonl_chunks, write_xlsx
from langnghe.index.base import Filters, IndexBackend, MAX_PAGE
from langnghe.item import Item
from langnghe.reports.names import Names

FILE_CHUNK = 64 * 1024
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/x-ndjson; charset=utf-8",
}


@dataclass(frozen=True)
class SearchSelection:
    """Which items an export holds: a query in the language of ``langnghe search`` (empty: all)
    and the index's filters."""

    query: str = ""
    filters: Filters = field(default_factory=Filters)

    def count(self, index: IndexBackend) -> int:
        if not self.query.strip():
            return index.count(self.filters)
        return index.search(self.query, self.filters, limit=0).total

    def items(self, index: IndexBackend) -> Iterator[Item]:
        if not self.query.strip():
            yield from index.scan(self.filters, batch=MAX_PAGE // 2)
            return
        page = index.search_page(self.query, self.filters, size=MAX_PAGE, sort="time")
        yield from (hit.item for hit in page.hits)
        while page.next is not None:
            page = index.search_page(self.query, self.filters, size=MAX_PAGE, after=page.next, sort="time")
            yield from (hit.item for hit in page.hits)


def export_chunks(
    items: Iterable[Item], fmt: Format, zone: ZoneInfo, names: Names, *, scratch: Path
) -> Iterator[bytes]:
    """The export file of ``items`` in ``fmt``, chunk by chunk. CSV and JSON Lines are made as they
    are sent; an XLSX (a zip, whole only at its end) is written to a file in ``scratch`` first,
    then sent, and removed."""
    if fmt == "csv":
        yield from csv_chunks(items, zone, names)
    elif fmt == "jsonl":
        yield from jsonl_chunks(items)
    else:
        yield from _xlsx_chunks(items, zone, names, scratch)


def _xlsx_chunks(items: Iterable[Item], zone: ZoneInfo, names: Names, scratch: Path) -> Iterator[bytes]:
    scratch.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=".xlsx.part", dir=scratch)
    os.close(handle)
    path = Path(name)
    try:
        write_xlsx(items, path, zone, names)
        with path.open("rb") as made:
            while chunk := made.read(FILE_CHUNK):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


def file_name(fmt: Format, moment: datetime, tz: str) -> str:
    """``langnghe-xuat-YYYYMMDD-HHMM.<fmt>``, local time: the name a download is saved under."""
    return f"langnghe-xuat-{moment.astimezone(ZoneInfo(tz)):%Y%m%d-%H%M}.{fmt}"
