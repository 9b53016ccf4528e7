"""The three export formats, each writing a stream of Items to an open file, one at a time.

Column choices and cell rules are documented in ``docs/export-columns.md``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from langnghe.exports.columns import COLUMNS, HEADER, Cell, RowContext, row
from langnghe.item import Item, web_link
from langnghe.reports.names import Names


class Writer(Protocol):
    def __call__(self, items: Iterable[Item], path: Path, zone: ZoneInfo, names: Names | None = None) -> int: ...


CHUNK_ROWS = 200  # rows per chunk of a streamed CSV or JSON Lines export
EXCEL_CELL_CHARS = 32_767
EXCEL_ROWS = 1_048_576
EXCEL_LINKS = 65_530  # hyperlinks per sheet Excel opens
EXCEL_LINK_CHARS = 2_079
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_BOLD = Font(bold=True)
_LINK = Font(color="0563C1", underline="single")


def jsonl_chunks(items: Iterable[Item], *, rows: int = CHUNK_ROWS) -> Iterator[bytes]:
    """Whole Items, one JSON object a line: what ``langnghe ingest`` reads (codes only: no names),
    as UTF-8 chunks of ``rows`` lines."""
    lines: list[str] = []
    for item in items:
        lines.append(item.to_json() + "\n")
        if len(lines) >= rows:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def write_jsonl(items: Iterable[Item], path: Path, zone: ZoneInfo, names: Names | None = None) -> int:
    counted = Counted(items)
    _write_chunks(path, jsonl_chunks(counted))
    return counted.count


def csv_text(value: Cell) -> str:
    """A cell as CSV text: ISO times, ``true``/``false``, formulas disarmed with a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    return str(value)


def csv_chunks(
    items: Iterable[Item], zone: ZoneInfo, names: Names | None = None, *, rows: int = CHUNK_ROWS
) -> Iterator[bytes]:
    """The CSV export as UTF-8 chunks of ``rows`` rows: a byte-order mark (how Excel knows the
    file is UTF-8, Vietnamese intact), the header, then a row per item (RFC 4180: CRLF, quotes
    doubled; cells through :func:`csv_text`)."""
    context = RowContext(zone, names or Names())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(HEADER)
    for number, item in enumerate(items, start=1):
        writer.writerow([csv_text(value) for value in row(item, context)])
        if number % rows == 0:
            yield _taken(buffer)
    yield _taken(buffer)


def _taken(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def write_csv(items: Iterable[Item], path: Path, zone: ZoneInfo, names: Names | None = None) -> int:
    counted = Counted(items)
    _write_chunks(path, csv_chunks(counted, zone, names))
    return counted.count


class Counted:
    """The items of an iterable, counted as they are read."""

    def __init__(self, items: Iterable[Item]) -> None:
        self._items = items
        self.count = 0

    def __iter__(self) -> Iterator[Item]:
        for item in self._items:
            self.count += 1
            yield item


def _write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)


class _Sheets:
    """Write-only sheets of the export: a new one (same header) when Excel's row limit is reached."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.count = 0
        self.rows = EXCEL_ROWS
        self.links = 0
        self.sheet: Any = None

    def append(self, cells: list[Cell]) -> None:
        if self.rows >= EXCEL_ROWS:
            self._new_sheet()
        self.sheet.append([self._cell(index, value) for index, value in enumerate(cells)])
        self.rows += 1

    def finish(self) -> None:
        if self.sheet is None:  # no item: still a sheet with the header
            self._new_sheet()
        self._filter()

    def _filter(self) -> None:
        """An auto-filter over the header and the rows of the sheet being closed (write-only
        sheets write it when the workbook is saved, so the last row is known by then)."""
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{self.rows}"

    def _new_sheet(self) -> None:
        if self.sheet is not None:
            self._filter()
        self.count += 1
        self.sheet = self.workbook.create_sheet("items" if self.count == 1 else f"items {self.count}")
        self.sheet.freeze_panes = "A2"
        for number, column in enumerate(COLUMNS, start=1):
            self.sheet.column_dimensions[get_column_letter(number)].width = column.shown_width
        header = [WriteOnlyCell(self.sheet, name) for name in HEADER]
        for cell in header:
            cell.font = _BOLD
        self.sheet.append(header)
        self.rows, self.links = 1, 0

    def _cell(self, index: int, value: Cell) -> WriteOnlyCell:
        if isinstance(value, datetime):
            cell = WriteOnlyCell(self.sheet, value.replace(tzinfo=None))  # Excel has no time zones
            cell.number_format = _TIME_FORMAT
            return cell
        if not isinstance(value, str):
            return WriteOnlyCell(self.sheet, value)
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(text) > EXCEL_CELL_CHARS:
            text = text[: EXCEL_CELL_CHARS - 1] + "…"
        cell = WriteOnlyCell(self.sheet, text)
        cell.data_type = "s"  # a text starting with "=" stays text, never a formula
        if COLUMNS[index].name == "url" and self._linkable(text):
            cell.hyperlink = text
            cell.font = _LINK
            self.links += 1
        return cell

    def _linkable(self, url: str) -> bool:
        return web_link(url) == url and len(url) <= EXCEL_LINK_CHARS and self.links < EXCEL_LINKS


def write_xlsx(items: Iterable[Item], path: Path, zone: ZoneInfo, names: Names | None = None) -> int:
    context = RowContext(zone, names or Names())
    workbook = Workbook(write_only=True)
    sheets = _Sheets(workbook)
    written = 0
    for item in items:
        sheets.append(row(item, context))
        written += 1
    sheets.finish()
    with path.open("wb") as out:
        workbook.save(out)
    return written


WRITERS: dict[str, Writer] = {"csv": write_csv, "xlsx": write_xlsx, "jsonl": write_jsonl}
