"""Collaborators' field reports as they come in drop files, read without scrapy.

One :class:`FieldReport` per record of a JSON file (one object or a list of objects), a JSON
Lines file (one object per line) or a CSV file (UTF-8 with or without a BOM, a header row).
:func:`read_drop_file` turns a file's bytes into :class:`Row`\\ s: a report, or the reason the
record was refused, each with where it is in the file ("row 4", "line 3", "entry 2"). A file
that cannot be read at all (not UTF-8, not JSON, no ``id``/``text`` column) raises
:class:`DropFileError`. The kind's page: docs/sources.md, ``kind: collaborator``.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from langnghe.crawlers.dates import parse_vietnamese_date
from langnghe.crawlers.feeds import parse_date_text
from langnghe.crawlers.options import DEFAULT_TIMEZONE
from langnghe.item import utcnow
from langnghe.crawlers.wording import JSON_KIND_VI, json_error
from langnghe.validation import describe

FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
REQUIRED_COLUMNS = ("id", "text")


class FieldReport(BaseModel):
    """One report from a collaborator in the field. Unknown fields (extra CSV columns) are ignored;
    an empty cell is the same as an absent field."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)

    id: str = Field(description="the collaborator's own report id, unique in the source (sent again: an update)")
    text: str = Field(description="what was seen or heard, in the reporter's words")
    title: str = Field("", description="a short headline")
    reported_at: datetime | None = Field(
        None, description="when: ISO 8601 or Vietnamese ('20/11/2026 08:15'); without a zone, the source's timezone"
    )
    place: str = Field("", description="where, as free text ('xã Tân Phú, huyện Đồng Phú'); added to the text")
    url: str | None = Field(None, description="a link (a post or a photo album the report is about)")
    reporter: str | None = Field(None, description="who reported: pseudonymised like every author, never stored raw")
    parent_id: str | None = Field(None, description="an earlier report's id, which this one follows up (a comment)")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError("cần một đối tượng có ít nhất 'id' và 'text'")
        return {k: v for k, v in data.items() if v is not None and not (isinstance(v, str) and not v.strip())}

    @field_validator("id", "text", "title", "place", "reporter", "parent_id")
    @classmethod
    def _nfc(cls, value: str | None) -> str | None:
        # Decomposed Vietnamese (typed on some phones) would not match provinces and topics.
        return unicodedata.normalize("NFC", value) if value is not None else None

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("cần một liên kết bắt đầu bằng http:// hoặc https://")
        return value

    @field_validator("reported_at", mode="before")
    @classmethod
    def _when(cls, value: Any, info: ValidationInfo) -> datetime:
        context = info.context or {}
        tz: ZoneInfo = context.get("tz") or ZoneInfo(DEFAULT_TIMEZONE)
        now: datetime = context.get("now") or utcnow()
        return report_time(value, tz=tz, now=now)

    def full_text(self) -> str:
        """The text with the place appended, so the NLP stage finds the province named there."""
        if not self.place or self.place in self.text:
            return self.text
        return f"{self.text}\n\nĐịa điểm: {self.place}"


def report_time(value: Any, *, tz: ZoneInfo, now: datetime) -> datetime:
    """``reported_at`` as written -> UTC; naive times are ``tz`` local time. A date in the future is
    kept here: the Item it becomes leaves it unknown and flags it (``Item.future_date``), counted in
    the source's health like a feed's."""
    if isinstance(value, datetime):
        when = parse_date_text(value.isoformat(), tz)
    elif isinstance(value, str):
        when = parse_date_text(value, tz) or parse_vietnamese_date(value, now=now, tz=tz.key, future=None)
    else:
        when = None
    if when is None:
        raise ValueError("cần một thời điểm như '20/11/2026 08:15' hoặc '2026-11-20T08:15:00+07:00'")
    return when


class DropFileError(ValueError):
    """The file cannot be read at all; the message says why."""


@dataclass(frozen=True)
class Row:
    """One record of a drop file: a report, or why it was refused. ``where``: 'row 4', 'line 3', 'entry 2'
    (empty for a JSON file holding one object)."""

    where: str
    report: FieldReport | None = None
    problem: str | None = None


class _Broken:
    def __init__(self, reason: str) -> None:
        self.reason = reason


def file_format(name: str) -> str | None:
    """``json``, ``jsonl`` or ``csv`` from the file name; None for anything else."""
    return FORMATS.get(PurePath(name).suffix.lower())


def read_drop_file(name: str, data: bytes, *, tz: ZoneInfo, now: datetime) -> list[Row]:
    """Every record of a drop file, in order, validated as :class:`FieldReport`."""
    kind = file_format(name)
    if kind is None:
        raise DropFileError(f"không rõ định dạng (tên tệp cần kết thúc bằng {', '.join(FORMATS)})")
    text = decode(data)
    records = {"json": _json_records, "jsonl": _jsonl_records, "csv": _csv_records}[kind](text)
    context = {"tz": tz, "now": now}
    return [_row(where, raw, context) for where, raw in records]


def decode(data: bytes) -> str:
    """UTF-8, with or without a BOM (Excel writes one)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DropFileError(f"không phải văn bản UTF-8 (byte {exc.start}); hãy lưu tệp dạng UTF-8") from None


def _row(where: str, raw: Any, context: dict[str, Any]) -> Row:
    if isinstance(raw, _Broken):
        return Row(where, problem=raw.reason)
    try:
        return Row(where, report=FieldReport.model_validate(raw, context=context))
    except ValidationError as exc:
        return Row(where, problem=describe(exc, whole=None))


def _json_records(text: str) -> Iterator[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DropFileError(json_error(exc)) from None
    if isinstance(data, dict):
        yield "", data
    elif isinstance(data, list):
        yield from ((f"mục {number}", value) for number, value in enumerate(data, start=1))
    else:
        raise DropFileError(f"cần một báo cáo (đối tượng JSON) hoặc một danh sách báo cáo, nhận {JSON_KIND_VI.get(type(data).__name__, type(data).__name__)}")


def _jsonl_records(text: str) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"dòng {number}", json.loads(line)
        except ValueError as exc:
            yield f"dòng {number}", _Broken(json_error(exc))


def _csv_records(text: str) -> Iterator[tuple[str, Any]]:
    """Rows numbered as a spreadsheet shows them (the header is row 1)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if header and missing:  # the cells are not repeated: the "header" may be any file's first line
        raise DropFileError(f"hàng 1 (tiêu đề): không có cột {' hoặc '.join(missing)} ({len(header)} cột)")
    for number, cells in enumerate(reader, start=2):
        if any(cell.strip() for cell in cells):
            yield f"hàng {number}", {name: cell for name, cell in zip(header, cells) if name}


def _delimiter(text: str) -> str:
    """A comma, or a semicolon or tab when the header has more of them (Excel in some locales)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)
