"""Records from other tools for ``langnghe ingest`` (README: "Records from other tools").

A partner's monitoring tool, a survey spreadsheet or a script sends less than an Item: the text,
when it was published, and an id or a link. :func:`item_from_record` makes an Item of such a
record with defaults for the rest:

- ``id``: a hash of the source and the record's ``id``; else of the canonical ``url`` (the id a
  crawl of the same page gives); else of the source, the text and the publication time. A rerun of
  the same file gives the same ids, so nothing is doubled.
- ``fetched_at``: the ingest time; ``source``: ``--source`` (default: the file's name as a slug);
  ``platform``: ``import``; ``kind``: ``comment`` with a ``parent_id``, ``article`` with a title,
  else ``post``; ``title``: empty when missing or null; ``author``: pseudonymised as crawled ones are.
- ``published_at``: ISO 8601 (with an offset, or local time without one), ``dd/mm/yyyy [HH:MM]``
  in local time (:mod:`langnghe.times`), a spreadsheet's date cell (local time), or a number: Unix
  epoch seconds (milliseconds above 10^11). Missing: the item is undated.

Keys that are not Item fields are ignored. ``--map field=column`` names the column (or JSON key)
that holds a field: :func:`parse_mapping`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from langnghe.crawlers.urls import canonical_url
from langnghe.errors import InputError
from langnghe.folding import fold, nfc
from langnghe.item import Item, make_item_id, web_link
from langnghe.lines import describe_validation
from langnghe.times import parse_local_time

# The fields a record or a column may give; the rest of an Item is derived.
FIELDS = ("id", "url", "text", "title", "published_at", "author", "source", "platform", "kind", "parent_id", "lang")
DEFAULT_PLATFORM = "import"
_MILLISECONDS = 10**11  # an epoch above this is in milliseconds (10^11 s is the year 5138)
_SLUG = re.compile(r"[^a-z0-9]+")


class RecordError(ValueError):
    """A record that cannot be an Item; the message, in Vietnamese, says why."""


@dataclass(frozen=True)
class RecordDefaults:
    """What a record leaves out: its source, platform, fetch time; the zone of its local times."""

    source: str
    fetched_at: datetime
    tz: str
    platform: str = DEFAULT_PLATFORM
    author: Callable[[str | None], str | None] = lambda handle: handle  # the deployment's pseudonymiser
    mapping: dict[str, str] = field(default_factory=dict)  # field -> column (or JSON key)


def slug(name: str) -> str:
    """A source id made of a file name: ``Khảo sát tháng 11`` -> ``khao-sat-thang-11``.

    >>> slug("Khảo sát tháng 11 (Đà Nẵng)")
    'khao-sat-thang-11-da-nang'
    """
    return _SLUG.sub("-", fold(nfc(name)).lower()).strip("-") or "import"


def parse_mapping(text: str | None, fields: tuple[str, ...] = FIELDS, *, option: str = "--map") -> dict[str, str]:
    """``text=noi_dung,published_at=thoi_gian`` as {field: column}; a field not in ``fields`` is refused.

    >>> parse_mapping("text=Nội dung, published_at=thoi_gian")
    {'text': 'Nội dung', 'published_at': 'thoi_gian'}
    """
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, column = (piece.strip() for piece in part.partition("="))
        if not sep or not name or not column:
            raise InputError(f"{option}: cần dạng trường=cột (như text=noi_dung), nhận {part.strip()!r}")
        if name not in fields:
            raise InputError(f"{option}: không có trường {name!r} (các trường: {', '.join(fields)})")
        mapping[name] = unicodedata.normalize("NFC", column)
    return mapping


def cell_text(value: object) -> str:
    """A cell or JSON value as NFC text, stripped (None: empty; 12.0: '12')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell holding an id
    return unicodedata.normalize("NFC", str(value)).strip()


def read_time(value: object, tz: str, *, option: str = "published_at") -> datetime | None:
    """A record's publication time: see the module's docstring for what is read; an error
    message starts with ``option`` (where the value was).

    >>> read_time("07/12/2026 08:00", "Asia/Ho_Chi_Minh").isoformat()
    '2026-12-07T08:00:00+07:00'
    >>> read_time(1796601600, "Asia/Ho_Chi_Minh").isoformat()
    '2026-12-07T00:00:00+00:00'
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))
    if isinstance(value, date):
        return datetime.combine(value, time(), ZoneInfo(tz))
    text = cell_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text)
        seconds = seconds / 1000 if seconds > _MILLISECONDS else seconds
        try:
            return datetime.fromtimestamp(seconds, timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise RecordError(f"{option}: số giây {text} quá lớn") from None
    try:
        return parse_local_time(text, tz, option=option)
    except InputError as exc:
        raise RecordError(str(exc)) from None


def record_id(source: str, native: str, url: str | None, text: str, published: datetime | None) -> str:
    """The item id of a record: from its id (within its source), else its link, else its content."""
    if native:
        return make_item_id(source, native_id=native)
    if url:
        return make_item_id(DEFAULT_PLATFORM, canonical_url=canonical_url(url))
    digest = hashlib.blake2b(digest_size=16)
    for part in (source, text, published.isoformat() if published else ""):
        digest.update(part.encode("utf-8") + b"\x00")
    return digest.hexdigest()


def _kind(title: str, parent: str, given: str) -> str:
    if given:
        return given
    return "comment" if parent else "article" if title else "post"


def item_from_record(record: Mapping[str, object], defaults: RecordDefaults) -> Item:
    """The Item of a record (keys already mapped); :class:`RecordError` says why not."""
    get = {name: record.get(name) for name in FIELDS}
    text = cell_text(get["text"])
    if not text:
        raise RecordError("text: thiếu nội dung")
    published = read_time(get["published_at"], defaults.tz)
    source = cell_text(get["source"]) or defaults.source
    url = web_link(cell_text(get["url"]) or None)
    title, parent = cell_text(get["title"]), cell_text(get["parent_id"]) or None
    try:
        return Item(
            id=record_id(source, cell_text(get["id"]), url, text, published), source=source,
            platform=cell_text(get["platform"]).lower() or defaults.platform,
            kind=_kind(title, parent or "", cell_text(get["kind"]).lower()),  # type: ignore[arg-type]
            url=url, canonical_url=canonical_url(url) if url else None, parent_id=parent, title=title, text=text,
            lang=cell_text(get["lang"]) or "vi", published_at=published, fetched_at=defaults.fetched_at,
            author=defaults.author(cell_text(get["author"]) or None), content_from="native",
        )  # fmt: skip
    except ValidationError as exc:
        raise RecordError(describe_validation(exc, missing="thiếu")) from None


def mapped(record: Mapping[str, object], mapping: Mapping[str, str]) -> dict[str, object]:
    """The record with each mapped field taken from its column (or JSON key)."""
    out = dict(record)
    for name, column in mapping.items():
        out[name] = record.get(column)
    return out
