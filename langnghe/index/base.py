"""The index contract: the embedded SQLite store and Elasticsearch both honour it.

Facet fields (names as analysts read them in Kibana too): ``source``, ``platform``,
``kind``, ``lang``, ``section``, ``sentiment``, ``emotion``, ``toxicity``, ``province``,
``watch_topic``, ``concern``, ``story``, ``claim``, ``keyword``, ``near_dup_key`` (items sharing
one are near-duplicates) and ``false_info``: ``true`` for an item flagged as false information,
``false`` for every other one (not flagged, or not assessed yet). Dates are UTC; ``date_histogram`` cuts buckets in a named time zone.
The query string language: words (all must match), ``"a phrase"``, ``OR``,
``NOT word`` / ``-word``, parentheses.

The write contract (docs: README, "How it works"): :meth:`IndexBackend.write` stores what the
enrich stage produced, one :class:`WriteOutcome` per item, and keeps the
:data:`DERIVED_FIELDS` a document already has; the later stages (stories, claims) change
those only through :meth:`IndexBackend.update_fields`, guarded by the :class:`Version` they
read, so no writer erases another's fields. Trouble with the index itself (unreachable,
busy, read-only, full, locked) raises :class:`~langnghe.errors.BackendUnavailable`: the
caller retries the whole batch later, without counting it against the items.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from langnghe.errors import InputError
from langnghe.item import Item

FacetField = Literal[
    "source", "platform", "kind", "lang", "section", "sentiment", "emotion", "toxicity", "province", "watch_topic",
    "concern", "story", "claim", "keyword", "false_info", "near_dup_key"
]
FACET_FIELDS: tuple[str, ...] = FacetField.__args__  # type: ignore[attr-defined]
FLAGGED, NOT_FLAGGED = "true", "false"  # the values of the ``false_info`` facet


def check_field(field: str, what: str) -> None:
    """Refuse a field outside :data:`FACET_FIELDS`, naming the known ones (both backends call this)."""
    if field not in FACET_FIELDS:
        raise InputError(f"unknown {what} field {field!r} (expected one of: {', '.join(FACET_FIELDS)})")


@dataclass(frozen=True)
class Filters:
    """Exact-match facet filters (values OR-ed within a field, AND-ed across) and a time range."""

    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    since: datetime | None = None  # inclusive, on published_at (fetched_at when unknown)
    until: datetime | None = None  # exclusive


@dataclass(frozen=True)
class SearchHit:
    item: Item
    score: float


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[SearchHit]


SearchSort = Literal["time", "relevance"]
MAX_PAGE = 1000  # hits per page of :meth:`IndexBackend.search_page`


@dataclass(frozen=True)
class Cursor:
    """Where a page of :meth:`IndexBackend.search_page` ended; pass it back as it came.

    ``after`` holds the sort values of the page's last hit (opaque: they differ between
    backends), ``pit`` Elasticsearch's point in time that the pages read. :meth:`token` and
    :meth:`from_token` carry a cursor through a URL or a command line.
    """

    sort: SearchSort
    after: tuple[str | int | float, ...]
    pit: str = ""

    def token(self) -> str:
        """The cursor as one URL-safe string."""
        raw = json.dumps({"s": self.sort, "a": list(self.after), "p": self.pit}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str) -> Cursor:
        """The cursor a :meth:`token` gave; a damaged token is an :class:`InputError`."""
        try:
            raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            sort, after, pit = raw["s"], raw["a"], raw["p"]
            valid = sort in ("time", "relevance") and isinstance(after, list) and isinstance(pit, str)
        except (binascii.Error, ValueError, TypeError, KeyError):
            valid = False
        if not valid or not all(isinstance(value, (str, int, float)) for value in after):
            raise InputError(f"cursor: not a cursor this index gave: {token[:40]!r}")
        return cls(sort, tuple(after), pit)


@dataclass(frozen=True)
class SearchPage:
    """One page of a deep-paged search; ``next`` is None on the last page."""

    total: int
    hits: list[SearchHit]
    next: Cursor | None
    total_exact: bool = True  # False: ``total`` is the bound asked for, and more items match


def check_page(size: int, after: Cursor | None, sort: str, count_up_to: int | None = None) -> None:
    """Refuse a page size outside 1..:data:`MAX_PAGE`, an unknown sort, a cursor of another sort
    or a count bound below 1."""
    if not 1 <= size <= MAX_PAGE:
        raise InputError(f"search: page size must be between 1 and {MAX_PAGE} (got {size})")
    if sort not in ("time", "relevance"):
        raise InputError(f"search: sort must be time or relevance (got {sort!r})")
    if after is not None and after.sort != sort:
        raise InputError(f"search: the cursor was made for sort {after.sort!r}, not {sort!r}")
    if count_up_to is not None and count_up_to < 1:
        raise InputError(f"search: count_up_to must be at least 1 (got {count_up_to})")


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class TermScore:
    """A keyword more frequent in a foreground set of items than in a background set."""

    term: str
    score: float  # JLH, Elasticsearch's default significance heuristic
    foreground: int  # foreground items with the term, near-duplicates once
    background: int  # background items with the term
    foreground_total: int
    background_total: int


def jlh(fg_count: int, fg_total: int, bg_count: int, bg_total: int) -> float:
    """Elasticsearch's JLH score: ``(fg - bg) * (fg / bg)`` of the two shares; 0 unless fg > bg.

    As in Elasticsearch, a term absent from the background counts once there.
    """
    if not fg_total or not bg_total:
        return 0.0
    fg, bg = fg_count / fg_total, max(bg_count, 1) / bg_total
    return (fg - bg) * (fg / bg) if fg > bg else 0.0


@dataclass(frozen=True)
class DateBucket:
    start: datetime  # tz-aware, in the requested zone
    count: int


WriteStatus = Literal["ok", "refused", "conflict", "missing"]


@dataclass(frozen=True)
class WriteOutcome:
    """What became of one document of a :meth:`~IndexBackend.write` or
    :meth:`~IndexBackend.update_fields` call.

    ``refused``: the index will never accept this document as it is (a mapping error, a
    value over a mapping limit, a document that cannot be serialised): quarantine it,
    do not retry it. ``conflict``: the document was written since the version the caller
    read: read it again and redo the change. ``missing``: there is no such document.
    """

    id: str
    status: WriteStatus
    reason: str = ""  # one line: why refused (the index's own words) / conflict / missing

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class Version:
    """The version of an indexed document, as read; opaque to callers, compare only for equality.

    Every successful write of a document (write, upsert, update_fields) gives it a new one.
    """

    seq_no: int
    primary_term: int = 0
    where: str = ""  # Elasticsearch: the concrete index that holds the document


@dataclass(frozen=True)
class Versioned:
    """An indexed item with the version it was read at."""

    item: Item
    version: Version


DerivedField = Literal["story_id", "claims", "false_info"]
DERIVED_FIELDS: tuple[DerivedField, ...] = DerivedField.__args__  # type: ignore[attr-defined]
"""The Item fields owned by later stages (the story job; claim matching and its rematch):
:meth:`IndexBackend.write` keeps them on documents already indexed."""


@dataclass(frozen=True)
class FieldUpdate:
    """New values for some derived fields of one indexed document."""

    id: str
    changes: Mapping[DerivedField, object]  # new values, typed as on Item (str|None, list[ClaimMatch], FalseInfo|None)
    version: Version | None = None  # the version the caller read; None = unconditional


@runtime_checkable
class IndexBackend(Protocol):
    def upsert(self, items: list[Item]) -> int:
        """Insert or replace whole items by id; returns the number written. Idempotent.

        Replaces the derived fields too: writers that share documents use :meth:`write`
        and :meth:`update_fields`."""

    def write(self, items: Sequence[Item], *, keep: Sequence[DerivedField] = DERIVED_FIELDS) -> list[WriteOutcome]:
        """Insert or replace each item by id, keeping the derived fields named in ``keep`` (all
        by default) of a document already indexed (a new document takes them from the item;
        fields not kept always come from the item: the enrich stage owns the claim matches it
        computes on the newest text); one outcome per item, in order: ``ok`` or ``refused``.
        The last of duplicate ids wins.

        Raises :class:`~langnghe.errors.BackendUnavailable` when the index cannot take writes
        now (unreachable, busy, timed out, read-only, full, locked)."""

    def update_fields(self, updates: Sequence[FieldUpdate]) -> list[WriteOutcome]:
        """Set only the named derived fields of existing documents (and their facets), each
        guarded by its version: ``conflict`` when the document was written since, ``missing``
        when there is no such document, ``refused`` when the index will not take the value.
        One outcome per update, in order; updates of one id apply one after the other.
        Raises :class:`~langnghe.errors.BackendUnavailable` as :meth:`write` does."""

    def get_versioned(self, ids: Sequence[str]) -> dict[str, Versioned]:
        """The current items of ``ids`` with their versions; ids not indexed are left out."""

    def scan_versioned(self, filters: Filters | None = None, *, batch: int = 1000) -> Iterator[Versioned]:
        """:meth:`scan` with each item's version (same order and paging)."""

    def get(self, item_id: str) -> Item | None: ...

    def count(self, filters: Filters | None = None) -> int: ...

    def search(
        self, query: str = "", filters: Filters | None = None, *, limit: int = 20, offset: int = 0
    ) -> SearchResult:
        """Full-text search (empty query matches everything), newest first when unscored."""

    def search_page(
        self, query: str = "", filters: Filters | None = None, *, size: int = 20,
        after: Cursor | None = None, sort: SearchSort = "time", count_up_to: int | None = None,
    ) -> SearchPage:
        """One page of ``size`` hits after the cursor ``after`` (the first page without one),
        with no limit on the depth: ``time`` newest first (effective time descending; items of
        one moment in the backend's own order, as :meth:`search` gives them: Elasticsearch by id,
        SQLite newest row first), ``relevance`` best score first, then as by time (an empty
        query has no score: by time). Pages never repeat nor skip an item of an index not written
        meanwhile. ``total`` counts every match, or with ``count_up_to`` only up to that many
        (``total_exact`` False when more match: Elasticsearch's ``track_total_hits``). Refuses (:class:`InputError`) a size outside
        1..:data:`MAX_PAGE` and a cursor made for another sort."""

    def facets(
        self, field: str, query: str = "", filters: Filters | None = None, *, size: int = 20
    ) -> list[FacetCount]:
        """Counts per value of a facet field, largest first."""

    def facet_counts(
        self, fields: Sequence[str], query: str = "", filters: Filters | None = None, *, size: int = 20
    ) -> dict[str, list[FacetCount]]:
        """:meth:`facets` of each of ``fields`` for one search, read together (one pass over the
        matches, one request), each as :meth:`facets` gives it."""

    def date_histogram(
        self,
        query: str = "",
        filters: Filters | None = None,
        *,
        interval: Literal["hour", "day"] = "day",
        tz: str = "Asia/Ho_Chi_Minh",
    ) -> list[DateBucket]:
        """Item counts per hour or day of ``published_at`` in zone ``tz``, oldest first, empty buckets included."""

    def scan(self, filters: Filters | None = None, *, batch: int = 1000) -> Iterator[Item]:
        """Every matching item, oldest first (effective time, then id), read ``batch`` at a time.

        For jobs that walk a time window in order (story clustering). Pages are keyed on
        (time, id), not offsets, so writing the yielded items back meanwhile is safe.
        """

    def significant_terms(
        self, foreground: Filters, background: Filters, *, size: int = 20, min_count: int = 3
    ) -> list[TermScore]:
        """Keywords (``nlp.keywords``) of ``foreground`` that are more frequent there than in
        ``background``, by JLH score, best first; foreground items sharing a
        ``near_dup_key`` count once, and a term needs ``min_count`` of them."""

    def delete_before(self, moment: datetime) -> int:
        """Remove every item whose effective time (published, else fetched) is before
        ``moment`` (retention); returns how many were removed."""

    def close(self) -> None: ...
