"""The three export formats, each writing a stream of Items to an open file, one at a time.

Column choices and cell rules are documented in ``docs/export-columns.md``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
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


EXCEL_CELL_CHARS = 32_767
EXCEL_ROWS = 1_048_576
EXCEL_LINKS = 65_530  # hyperlinks per sheet Excel opens
EXCEL_LINK_CHARS = 2_079
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_BOLD = Font(bold=True)
_LINK = Font(color="0563C1", underline="single")


def write_jsonl(items: Iterable[Item], path: Path, zone: ZoneInfo, names: Names | None = None) -> int:
    """Whole Items, one JSON object a line: what ``langnghe ingest`` reads (codes only: no names)."""
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
            out.write(item.to_json() + "\n")
            written += 1
    return written


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


def write_csv(items: Iterable[Item], path: Path, zone: ZoneInfo, names: Names | None = None) -> int:
    context = RowContext(zone, names or Names())
    written = 0
    # utf-8-sig: the byte-order mark is how Excel knows the file is UTF-8 (Vietnamese intact).
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: CRLF, quotes doubled
        writer.writerow(HEADER)
        for item in items:
            writer.writerow([csv_text(value) for value in row(item, context)])
            written += 1
    return written


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
