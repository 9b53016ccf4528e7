"""Rows of a CSV or XLSX file for ``langnghe ingest`` (README: "Records from other tools").

The first row names the columns; each later row is a record ``{column: cell}``, numbered as a
spreadsheet numbers it (the header is row 1). CSV is read as UTF-8 (with or without a BOM), its
delimiter (``,`` ``;`` or tab) taken from the file; XLSX cells keep their types (a date cell is
a ``datetime``), the first sheet is read.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from langnghe.errors import InputError

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """A file's column names and its rows as (row number, record)."""

    columns: list[str]
    rows: Iterator[tuple[int, dict[str, object]]]


def _columns(header: Sequence[object]) -> list[str]:
    return [unicodedata.normalize("NFC", str(cell or "")).strip() for cell in header]


def _records(columns: list[str], rows: Iterator[Sequence[object]]) -> Iterator[tuple[int, dict[str, object]]]:
    for number, row in enumerate(rows, start=2):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue  # an empty row (spreadsheets keep some at the end)
        yield number, {name: cell for name, cell in zip(columns, row) if name}


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(16384)
        handle.seek(0)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
        yield from csv.reader(handle, dialect)


def _xlsx_rows(path: Path) -> Iterator[Sequence[object]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def read_table(path: Path) -> Table:
    """The columns and rows of a ``.csv``, ``.tsv`` or ``.xlsx`` file."""
    try:
        rows: Iterator[Sequence[object]] = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
        header = next(rows, None)
    except UnicodeDecodeError:
        raise InputError(f"{path}: không đọc được tệp CSV (cần mã UTF-8)") from None
    except OSError as exc:
        raise InputError(f"{path}: không đọc được tệp: {exc.strerror or exc}") from None
    except Exception as exc:  # openpyxl raises zipfile, XML and KeyError for a file that is not XLSX
        raise InputError(f"{path}: không đọc được tệp XLSX ({type(exc).__name__})") from None
    if header is None:
        return Table([], iter(()))
    columns = _columns(header)
    return Table(columns, _records(columns, rows))
