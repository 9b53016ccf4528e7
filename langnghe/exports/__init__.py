"""Exports of the index for analysts' own tools: CSV and XLSX rows (columns in
``docs/export-columns.md``), or whole Items as JSON Lines that ``langnghe ingest`` replays.

    langnghe export --since 2026-11-01 --until 2026-11-30 --concern pollution_environment \\
        --province "Hà Nội" --format xlsx -o o-nhiem-thang-11.xlsx
"""

from langnghe.exports.columns import COLUMNS, HEADER, Column, columns_markdown
from langnghe.exports.job import ExportReport, export_items
from langnghe.exports.options import FORMATS, ExportRequest, Format, build_request, check_output, parse_format

__all__ = [
    "COLUMNS",
    "FORMATS",
    "HEADER",
    "Column",
    "ExportReport",
    "ExportRequest",
    "Format",
    "build_request",
    "check_output",
    "columns_markdown",
    "export_items",
    "parse_format",
]
