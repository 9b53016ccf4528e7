"""Collaborators' field reports filed through the web app or its API, as items of the stream
(README: "Field reports").

A report (what was seen, where, when, an optional link and photo caption) becomes an ordinary
:class:`~langnghe.item.Item` with ``platform: collaborator`` and ``source:
bao-cao-hien-truong``, put on the queue like ``langnghe ingest`` puts records
(:func:`~langnghe.stages.records.item_from_record`), so the same enrich stage (NLP, concerns,
topics, claims) and the same index take it. Details:

- **Id**: the collaborator's own report id (an upload's ``id`` column) within the filing user,
  else a hash of what the report says: filing the same report again updates it, never doubles it.
- **Place**: appended to the text (``Địa điểm: ...``) so the NLP stage finds the province there;
  when the gazetteer knows the place's province and the place does not spell it, its name is added
  in brackets (``xã Tân Phú, hà nội (Hà Nội)``).
- **Photo caption**: appended too (``Ảnh: ...``); the photo itself is not kept.
- **Who filed it**: the item's ``author`` is the filing user's pseudonym, as crawled authors are;
  the user id goes to :class:`~langnghe.stores.field_reports.FieldReportStore` only, which admins'
  views read.
- **Uploads** (CSV, XLSX): read by :func:`~langnghe.stages.tables.read_table`, columns named by
  the field, a Vietnamese header (``nội dung``, ``địa điểm``...) or a ``--map``-style mapping
  (:func:`~langnghe.stages.records.parse_mapping`). A bad row is one Vietnamese line naming its
  row and column; the good rows go on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from langnghe.errors import InputError
from langnghe.folding import fold, nfc
from langnghe.item import Item
from langnghe.nlp.gazetteer import default_gazetteer
from langnghe.queue.base import ItemQueue
from langnghe.stages.records import RecordDefaults, RecordError, cell_text, item_from_record, mapped, read_time
from langnghe.stages.tables import read_table
from langnghe.stores.field_reports import FieldReportStore, FiledReport, Via

SOURCE = "bao-cao-hien-truong"
SOURCE_NAME = "Báo cáo hiện trường"  # what pages call the source (it is in no sources.yaml)
PLATFORM = "collaborator"
# What a report may say, as the API and an upload's mapping name it, with the names shown to people.
FIELD_VI = {"text": "Nội dung", "place": "Địa điểm", "reported_at": "Thời gian", "url": "Liên kết",
            "caption": "Chú thích ảnh", "title": "Tiêu đề", "id": "Mã báo cáo"}  # fmt: skip
FIELDS = tuple(FIELD_VI)
# Column headers an upload may use for a field besides its own name (compared folded, lower case).
_HEADERS = {"text": ("noi dung", "bao cao", "mo ta"), "place": ("dia diem", "noi", "dia chi"),
            "reported_at": ("thoi gian", "ngay", "published_at"), "url": ("lien ket", "link"),
            "caption": ("chu thich anh", "anh"), "title": ("tieu de",), "id": ("ma", "ma bao cao")}  # fmt: skip
LIMITS = {"text": 20_000, "place": 300, "reported_at": 64, "url": 2_000, "caption": 1_000, "title": 300, "id": 200}


class FieldReportInput(BaseModel):
    """One report as a collaborator typed it (the form, the API's JSON body, an upload's row)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    text: str = Field("", description="what was seen or heard, in the collaborator's words (required)")
    place: str = Field("", description="where, as free text ('xã Tân Phú, tỉnh Đồng Nai')")
    reported_at: str = Field("", description="when: dd/mm/yyyy HH:MM (local time) or ISO 8601; empty: when filed")
    url: str = Field("", description="an optional http(s) link (a post, a photo album)")
    caption: str = Field("", description="an optional photo caption")
    title: str = Field("", description="an optional short headline")
    id: str = Field("", description="the collaborator's own report id; sent again, the report is updated")


class ReportError(ValueError):
    """A report that cannot be filed: one Vietnamese line naming where (field, or row and column)."""


@dataclass(frozen=True)
class Filing:
    """Who files, how, when, and what the deployment adds: its zone and its pseudonymiser."""

    user_id: str
    via: Via
    filed_at: datetime  # UTC
    tz: str
    author: Callable[[str | None], str | None]


@dataclass(frozen=True)
class Filed:
    """A report ready for the stream: its item, and the record of who filed it."""

    item: Item
    record: FiledReport


def _check(report: FieldReportInput, where: Callable[[str], str]) -> None:
    for name, limit in LIMITS.items():
        if len(getattr(report, name)) > limit:
            raise ReportError(f"{where(name)}: dài quá {limit} ký tự")
    if not report.text:
        raise ReportError(f"{where('text')}: cần nội dung báo cáo")
    if report.url and not report.url.lower().startswith(("http://", "https://")):
        raise ReportError(f"{where('url')}: cần một liên kết bắt đầu bằng http:// hoặc https://, nhận {report.url!r}")


@lru_cache(maxsize=4096)  # an upload names the same few places again and again
def province_of(place: str) -> str | None:
    """The current provincial unit a place names, when the gazetteer knows it.

    >>> province_of("xã Tân Phú, huyện Đồng Phú, tỉnh Bình Phước"), province_of("phường 3, hà nội")
    ('Đồng Nai', 'Hà Nội')
    """
    if not place:
        return None
    gazetteer = default_gazetteer()
    found = gazetteer.find(place)
    if found:
        return found[0]
    parts = (part.strip() for part in reversed(place.split(",")))
    unit = next((unit for unit in map(gazetteer.resolve, parts) if unit is not None), None)
    return unit.name if unit is not None else None


def full_text(report: FieldReportInput, province: str | None) -> str:
    """The item's text: the report, then its place (with its province) and its photo caption."""
    text = report.text
    if report.place:
        named = f"{report.place} ({province})" if province and province not in report.place else report.place
        text += f"\n\nĐịa điểm: {named}"
    if report.caption:
        text += f"\n\nẢnh: {report.caption}"
    return text


def _native_id(report: FieldReportInput, filing: Filing) -> str:
    if report.id:
        return f"{filing.user_id}:{report.id}"
    digest = hashlib.blake2b(digest_size=16)
    for part in (report.text, report.place, report.reported_at, report.url, report.caption, report.title):
        digest.update(part.encode("utf-8") + b"\x00")
    return f"{filing.user_id}:{digest.hexdigest()}"


def file_report(report: FieldReportInput, filing: Filing, where: Callable[[str], str] | None = None) -> Filed:
    """The item of a report and who filed it; :class:`ReportError` says what is wrong and where
    (``where(field)``: the field's Vietnamese name by default)."""
    located = where or FIELD_VI.__getitem__
    _check(report, located)
    try:
        when = read_time(report.reported_at, filing.tz, option=located("reported_at"))
    except RecordError as exc:
        raise ReportError(str(exc)) from None
    province = province_of(report.place)
    record = {"id": _native_id(report, filing), "text": full_text(report, province), "title": report.title,
              "url": report.url or None, "published_at": when or filing.filed_at, "kind": "post",
              "author": f"cong-tac-vien:{filing.user_id}"}  # fmt: skip
    defaults = RecordDefaults(source=SOURCE, fetched_at=filing.filed_at, tz=filing.tz, platform=PLATFORM,
                              author=filing.author)  # fmt: skip
    try:
        item = item_from_record(record, defaults)
    except RecordError as exc:
        raise ReportError(str(exc)) from None
    filed = FiledReport(item_id=item.id, user_id=filing.user_id, filed_at=filing.filed_at, via=filing.via,
                        text=report.text, place=report.place, province=province,
                        reported_at=when.astimezone(timezone.utc) if when else None)  # fmt: skip
    return Filed(item, filed)


def put_reports(filed: Sequence[Filed], queue: ItemQueue, store: FieldReportStore) -> list[bool]:
    """Record who filed each report, then queue its item; says for each whether it was new or changed.
    The filer is recorded first: no report ever reaches the stream without it."""
    if not filed:
        return []
    known = store.get([one.item.id for one in filed])
    items = [_as_first_filed(one, known.get(one.item.id)) for one in filed]
    store.record([one.record for one in filed])
    return queue.upsert(items)


def _as_first_filed(filed: Filed, before: FiledReport | None) -> Item:
    """A report without a time is dated when it was first filed: filed again, it is unchanged."""
    if before is None or filed.record.reported_at is not None:
        return filed.item
    return filed.item.model_copy(update={"published_at": before.filed_at})


# -- uploads -------------------------------------------------------------------------------


@dataclass
class UploadReport:
    """What an upload gave: rows read, reports queued (new or changed), unchanged, and each bad row."""

    read: int = 0
    queued: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def _columns(columns: Sequence[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """field -> column: the mapping's, else a column named as the field or one of its headers."""
    by_key = {fold(nfc(column)).lower().strip(): column for column in columns if column}
    found = {}
    for name in FIELDS:
        column = mapping.get(name) or next((by_key[key] for key in (name, *_HEADERS[name]) if key in by_key), None)
        if column is not None:
            found[name] = column
    return found


def _row_report(record: Mapping[str, object], columns: Mapping[str, str]) -> FieldReportInput:
    values = mapped(record, columns)
    cells = {name: values.get(name) for name in columns}
    when = cells.pop("reported_at", None)
    text = {name: cell_text(value) for name, value in cells.items()}
    # A spreadsheet's date cell stays a moment: written ISO, it is read back in local time.
    stamp = when.isoformat() if isinstance(when, datetime) else cell_text(when)
    return FieldReportInput(**text, reported_at=stamp)


def read_upload(path: Path, mapping: Mapping[str, str], filing: Filing, report: UploadReport) -> Iterator[Filed]:
    """Each good row of a CSV/XLSX file as a filed report; a bad row goes to ``report.problems``
    as ``hàng N, cột 'X': lý do``. :class:`~langnghe.errors.InputError`: the file cannot be read."""
    try:
        table = read_table(path)
    except InputError as exc:  # named by the file's name, not the folder it was saved in
        raise InputError(str(exc).replace(str(path), path.name)) from None
    missing = [column for column in mapping.values() if column not in table.columns]
    if missing:
        raise InputError(f"{path.name}: không có cột {missing[0]!r} (các cột: {', '.join(c for c in table.columns if c)})")
    columns = _columns(table.columns, mapping)
    if "text" not in columns:
        raise InputError(f"{path.name}: không có cột nội dung (đặt tên cột là 'nội dung' hoặc chỉ rõ: text=TÊN_CỘT)")
    try:
        for number, record in table.rows:
            report.read += 1
            try:
                yield file_report(_row_report(record, columns), filing, lambda name: f"hàng {number}, cột {columns.get(name, name)!r}")
            except ReportError as exc:
                report.problems.append(str(exc))
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: không đọc được tệp CSV (cần mã UTF-8)") from None


def queue_upload(path: Path, mapping: Mapping[str, str], filing: Filing, queue: ItemQueue,
                 store: FieldReportStore) -> UploadReport:  # fmt: skip
    """Read an upload whole, then file its good rows (see :func:`read_upload`)."""
    report = UploadReport()
    filed = list(read_upload(path, mapping, filing, report))
    changed = put_reports(filed, queue, store)
    report.queued = sum(changed)
    report.unchanged = len(changed) - report.queued
    return report
