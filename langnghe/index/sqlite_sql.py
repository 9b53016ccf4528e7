"""The SQL of the embedded index (:mod:`langnghe.index.sqlite`): schema, the rows an
Item becomes, the writes on a connection in a transaction, and the conditions of filters.
No connection is opened and no transaction begun here.

Schema (version :data:`SCHEMA_VERSION`, kept in table ``meta``):

- ``items``: one narrow row per Item. ``rid`` (integer key shared with the other tables
  and the FTS rows), ``id`` (unique), ``ts`` (effective time: ``published_at``, else
  ``fetched_at``, in microseconds since the epoch, UTC), ``published_at``/``fetched_at``
  (ISO 8601 UTC text), the single-valued facet columns ``source, platform, kind, lang,
  section, sentiment, toxicity`` (the last three are the ``nlp`` labels, NULL before
  enrichment) and ``version``: a number from the index-wide counter ``meta.last_version``,
  new at every write of the row, never reused (a document deleted and written again does
  not get an old number back). Kept narrow so counts, facets and histograms scan little.
- ``docs(rid, doc)``: the full Item JSON, which ``get`` and ``search`` return.
- ``item_tags(rid, field, value)``: the multi-valued facets ``province`` (``nlp.provinces``),
  ``watch_topic`` (``watch_topics``), ``concern`` (``nlp.concerns``), ``story``
  (``story_id``), ``claim`` (the claims an item spreads, not those it refutes),
  ``keyword`` (``nlp.keywords``), and single-valued ones kept here so that adding them
  needed no new column: ``emotion`` (``nlp.emotion`` label), ``near_dup_key``
  (``nlp.near_dup_key``) and ``false_info`` (``true`` when the item is flagged, ``false`` for
  every other item).
- ``items_fts``: contentless FTS5 over ``title``, ``body`` (the text) and ``tokens``
  (``nlp.tokens`` joined by spaces). ``unicode61 remove_diacritics 0`` keeps "ma" and
  "mà" apart; ``tokenchars '_'`` keeps a segmented word such as ``ô_nhiễm`` whole.
  Contentless, because ``docs`` already holds the text: a replaced row is removed from
  the index with FTS5's ``'delete'`` command, fed the values :func:`fts_values`
  computes from the stored JSON (the same function that indexed them, which is why
  changing it needs a schema bump and :meth:`SQLiteIndex.rebuild_fts`).
- ``items_fold``: the same three columns folded (:func:`langnghe.folding.fold`: no
  diacritics, "đ" read as "d"), contentless too, fed :func:`folded_values`. Queries match
  here, so "ca chet" finds "cá chết" and the reverse; ``items_fts`` tells which hits match
  the query as typed, to rank them first (:mod:`langnghe.index.folded`).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from langnghe.errors import InputError
from langnghe.index import timebuckets
from langnghe.index.base import (
    DERIVED_FIELDS,
    FLAGGED,
    NOT_FLAGGED,
    FieldUpdate,
    Filters,
    Version,
    WriteOutcome,
    check_field,
)
from langnghe.index.derived import derived_from_json, kept, refusal, validated_changes, with_derived
from langnghe.folding import fold
from langnghe.index.folded import compile_folded
from langnghe.item import Item
from langnghe.storage import in_chunks, placeholders

# 2: item_tags also hold concern, story, claim and keyword; 3: items.version; 4: no date in the future;
# 5: items_fold, the folded full text; 6: item_tags also hold emotion, false_info and near_dup_key
SCHEMA_VERSION = 6
SINGLE_FACETS = ("source", "platform", "kind", "lang", "section", "sentiment", "toxicity")
MULTI_FACETS = ("province", "watch_topic", "concern", "story", "claim", "keyword", "emotion", "false_info", "near_dup_key")
DERIVED_TAGS = ("story", "claim", "false_info")  # the tags of the derived fields (update_fields rewrites only these)

FOLD_TABLE = """CREATE VIRTUAL TABLE items_fold USING fts5(title, body, tokens, content='',
    tokenize="unicode61 remove_diacritics 2 tokenchars '_'")"""  # folded text; the tokenizer's folding is a spare
SCHEMA: tuple[str, ...] = (
    """CREATE TABLE items (
        rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL,
        published_at TEXT, fetched_at TEXT NOT NULL,
        source TEXT NOT NULL, platform TEXT NOT NULL, kind TEXT NOT NULL, lang TEXT NOT NULL,
        section TEXT, sentiment TEXT, toxicity TEXT, version INTEGER NOT NULL)""",
    "CREATE TABLE docs (rid INTEGER PRIMARY KEY, doc TEXT NOT NULL)",
    "CREATE INDEX items_ts ON items(ts)",
    *(f"CREATE INDEX items_{name} ON items({name}, ts)" for name in SINGLE_FACETS),
    """CREATE TABLE item_tags (rid INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (rid, field, value)) WITHOUT ROWID""",
    "CREATE INDEX item_tags_value ON item_tags(field, value)",
    """CREATE VIRTUAL TABLE items_fts USING fts5(title, body, tokens, content='',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'")""",
    FOLD_TABLE,
    "INSERT INTO meta VALUES ('last_version', '0')",
)
_ITEM_COLUMNS = ("rid", "id", "ts", "published_at", "fetched_at", *SINGLE_FACETS, "version")
UPSERT_ITEM = (
    f"INSERT INTO items ({', '.join(_ITEM_COLUMNS)}) VALUES ({', '.join('?' for _ in _ITEM_COLUMNS)}) "
    f"ON CONFLICT(id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _ITEM_COLUMNS[2:])}"
)
UPSERT_DOC = "INSERT INTO docs (rid, doc) VALUES (?, ?) ON CONFLICT(rid) DO UPDATE SET doc = excluded.doc"
FTS_INSERT = "INSERT INTO items_fts (rowid, title, body, tokens) VALUES (?, ?, ?, ?)"
FTS_DELETE = "INSERT INTO items_fts (items_fts, rowid, title, body, tokens) VALUES ('delete', ?, ?, ?, ?)"

FOLD_INSERT = "INSERT INTO items_fold (rowid, title, body, tokens) VALUES (?, ?, ?, ?)"
FOLD_DELETE = "INSERT INTO items_fold (items_fold, rowid, title, body, tokens) VALUES ('delete', ?, ?, ?, ?)"

FtsValues = tuple[str, str, str]


def folded_values(values: Sequence[str]) -> FtsValues:
    """What the folded full-text table holds for an item's :func:`fts_values`."""
    title, body, tokens = values
    return fold(title), fold(body), fold(tokens)


def insert_fts(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Index ``(rid, *fts_values)`` rows in both full-text tables."""
    conn.executemany(FTS_INSERT, rows)
    conn.executemany(FOLD_INSERT, [(rid, *folded_values(values)) for rid, *values in rows])


def delete_fts(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Remove ``(rid, *fts_values)`` rows (the values they were indexed with) from both tables."""
    conn.executemany(FTS_DELETE, rows)
    conn.executemany(FOLD_DELETE, [(rid, *folded_values(values)) for rid, *values in rows])


def fts_values(title: str, text: str, tokens: Sequence[str]) -> FtsValues:
    """What the full-text index holds for an item; deletions must replay exactly this.

    NFC here too, though crawlers normalise already: decomposed text would never match.
    """
    return _nfc(title), _nfc(text), _nfc(" ".join(tokens))


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def item_fts(item: Item) -> FtsValues:
    return fts_values(item.title, item.text, item.nlp.tokens if item.nlp else ())


def doc_fts(doc: dict[str, Any]) -> FtsValues:
    nlp = doc.get("nlp") or {}
    return fts_values(doc.get("title", ""), doc.get("text", ""), nlp.get("tokens", ()))


def item_row(rid: int, item: Item, version: int) -> tuple[Any, ...]:
    nlp = item.nlp
    effective = item.published_at or item.fetched_at
    return (
        rid, item.id, timebuckets.to_micros(effective),
        item.published_at.isoformat() if item.published_at else None, item.fetched_at.isoformat(),
        item.source, item.platform, item.kind, item.lang,
        nlp.section.label if nlp and nlp.section else None,
        nlp.sentiment.label if nlp and nlp.sentiment else None,
        nlp.toxicity.label if nlp and nlp.toxicity else None,
        version,
    )  # fmt: skip


def item_tags(rid: int, item: Item) -> set[tuple[int, str, str]]:
    provinces = item.nlp.provinces if item.nlp else []
    concerns = item.nlp.concerns if item.nlp else []
    emotion = item.nlp.emotion.label if item.nlp and item.nlp.emotion else None
    near_dup = item.nlp.near_dup_key if item.nlp else None
    flagged = FLAGGED if item.false_info is not None and item.false_info.flagged else NOT_FLAGGED
    return (
        {(rid, "false_info", flagged)}
        | {(rid, "emotion", e) for e in (emotion,) if e}
        | {(rid, "near_dup_key", k) for k in (near_dup,) if k}
        | 
        {(rid, "province", p) for p in provinces}
        | {(rid, "watch_topic", t) for t in item.watch_topics}
        | {(rid, "concern", c) for c in concerns}
        | {(rid, "story", s) for s in (item.story_id,) if s}
        | {(rid, "claim", match.claim_id) for match in item.claims if match.stance == "spreads"}
        | {(rid, "keyword", k) for k in (item.nlp.keywords if item.nlp else [])}
    )


@dataclass(frozen=True)
class Stored:
    """What a write needs of a row already there: its key, full-text values and Item JSON."""

    rid: int
    fts: FtsValues
    doc: dict[str, Any]


@dataclass
class Writes:
    """The rows one write batch writes, table by table."""

    rows: list[tuple[Any, ...]] = dataclass_field(default_factory=list)
    docs: list[tuple[int, str]] = dataclass_field(default_factory=list)
    fts_new: list[tuple[Any, ...]] = dataclass_field(default_factory=list)
    fts_old: list[tuple[Any, ...]] = dataclass_field(default_factory=list)
    tags: set[tuple[int, str, str]] = dataclass_field(default_factory=set)


def plan_writes(
    ready: list[tuple[Item, str]], existing: dict[str, Stored], next_rid: int, first_version: int
) -> Writes:
    """Rows for ``(item, its JSON)`` pairs: existing items keep their rid, new ones take
    fresh rids from ``next_rid`` on; each row takes the next version from ``first_version``."""
    writes = Writes()
    for version, (item, doc) in enumerate(ready, start=first_version):
        old = existing.get(item.id)
        if old is None:
            rid, next_rid = next_rid, next_rid + 1
        else:
            rid = old.rid
        values = item_fts(item)
        if old is None or old.fts != values:  # unchanged text keeps its FTS row
            writes.fts_new.append((rid, *values))
            if old is not None:
                writes.fts_old.append((rid, *old.fts))
        writes.rows.append(item_row(rid, item, version))
        writes.docs.append((rid, doc))
        writes.tags |= item_tags(rid, item)
    return writes


def keep_derived(
    items: list[Item], existing: dict[str, Stored], keep: Sequence[str] = DERIVED_FIELDS
) -> tuple[list[tuple[Item, str]], dict[str, str]]:
    """``items`` with the derived fields of their stored rows, and their JSON; the second
    part names the items refused, with the reason (one that cannot be serialised: a lone
    surrogate such as ``"\\ud800"``, which neither UTF-8 JSON nor SQLite's TEXT can hold)."""
    ready: list[tuple[Item, str]] = []
    refused: dict[str, str] = {}
    for item in items:
        old = existing.get(item.id)
        new = item if old is None else with_derived(item, kept(derived_from_json(old.doc), keep))
        try:
            ready.append((new, new.to_json()))
        except ValueError as exc:  # pydantic's serialisation error
            refused[item.id] = refusal(exc)
    return ready, refused


def store_items(conn: sqlite3.Connection, ready: list[tuple[Item, str]], existing: dict[str, Stored]) -> None:
    """Write whole items (with their JSON), each with a new version (in a write transaction)."""
    if not ready:
        return
    next_rid = conn.execute("SELECT coalesce(max(rid), 0) + 1 FROM items").fetchone()[0]
    writes = plan_writes(ready, existing, next_rid, take_versions(conn, len(ready)))
    replaced = [(existing[item.id].rid,) for item, _ in ready if item.id in existing]
    delete_fts(conn, writes.fts_old)
    conn.executemany("DELETE FROM item_tags WHERE rid = ?", replaced)
    conn.executemany(UPSERT_ITEM, writes.rows)
    conn.executemany(UPSERT_DOC, writes.docs)
    insert_fts(conn, writes.fts_new)
    conn.executemany("INSERT INTO item_tags VALUES (?, ?, ?)", sorted(writes.tags))


Current = dict[str, tuple[int, int, str]]  # id -> (rid, version, Item JSON)


def current_rows(conn: sqlite3.Connection, ids: list[str]) -> Current:
    """rid, version and Item JSON of the stored ``ids``."""
    found: Current = {}
    for chunk in in_chunks(list(dict.fromkeys(ids))):
        sql = ("SELECT i.id, rid, i.version, d.doc FROM items i JOIN docs d USING (rid) "
               f"WHERE i.id IN ({placeholders(chunk)})")  # fmt: skip
        found.update((item_id, (rid, version, doc)) for item_id, rid, version, doc in conn.execute(sql, chunk))
    return found


def update_row(conn: sqlite3.Connection, current: Current, update: FieldUpdate) -> WriteOutcome:
    """Apply one :class:`FieldUpdate` (in a write transaction); ``current`` follows the writes."""
    stored = current.get(update.id)
    if stored is None:
        return WriteOutcome(update.id, "missing", "no such document in the index")
    rid, version, doc = stored
    if update.version is not None and update.version != Version(version):
        return WriteOutcome(update.id, "conflict", f"written since version {update.version.seq_no} (now {version})")
    try:
        item = with_derived(Item.from_json(doc), validated_changes(update.changes))
        text = item.to_json()
    except ValueError as exc:  # a value the Item refuses, or one that cannot be serialised
        return WriteOutcome(update.id, "refused", refusal(exc))
    new_version = take_versions(conn, 1)
    conn.execute("UPDATE docs SET doc = ? WHERE rid = ?", (text, rid))
    conn.execute("UPDATE items SET version = ? WHERE rid = ?", (new_version, rid))
    conn.execute(f"DELETE FROM item_tags WHERE rid = ? AND field IN ({placeholders(DERIVED_TAGS)})", (rid, *DERIVED_TAGS))
    tags = sorted(tag for tag in item_tags(rid, item) if tag[1] in DERIVED_TAGS)
    conn.executemany("INSERT INTO item_tags VALUES (?, ?, ?)", tags)
    current[update.id] = (rid, new_version, text)
    return WriteOutcome(update.id, "ok")


# SQLite's answers that say "not now" rather than "never": the caller retries later
_TRANSIENT = {
    sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOMEM,
}  # fmt: skip
# ... of which these leave the connection unusable until it is opened again (read-only stays read-only)
_REOPEN = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN}


def transient(exc: sqlite3.Error) -> Literal["retry", "reopen"] | None:
    """Whether SQLite's error is transient: ``retry`` later, ``reopen`` the connection first, or
    ``None`` (not transient: a bug or a damaged file, raised as it is)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else int(code) & 0xFF  # the extended code's primary part
    if primary not in _TRANSIENT:
        return None
    return "reopen" if primary in _REOPEN else "retry"


def take_versions(conn: sqlite3.Connection, count: int) -> int:
    """Reserve ``count`` versions from the index-wide counter (inside a write transaction);
    returns the first."""
    last = int(conn.execute("SELECT value FROM meta WHERE key = 'last_version'").fetchone()[0])
    conn.execute("UPDATE meta SET value = ? WHERE key = 'last_version'", (str(last + count),))
    return last + 1


def docs_of(conn: sqlite3.Connection, rids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in in_chunks(rids):
        marks = placeholders(chunk)
        found.update(conn.execute(f"SELECT rid, doc FROM docs WHERE rid IN ({marks})", chunk).fetchall())
    return found


def stored_rows(conn: sqlite3.Connection, ids: list[str]) -> dict[str, Stored]:
    found: dict[str, Stored] = {}
    for chunk in in_chunks(ids):
        marks = placeholders(chunk)
        sql = f"SELECT rid, i.id, d.doc FROM items i JOIN docs d USING (rid) WHERE i.id IN ({marks})"
        for rid, item_id, doc in conn.execute(sql, chunk):
            raw = json.loads(doc)
            found[item_id] = Stored(rid, doc_fts(raw), raw)
    return found


def where(query: str, filters: Filters | None) -> tuple[str, list[Any]]:
    """SQL condition on ``items i`` for a query string and filters (FTS as a sub-select)."""
    fts = compile_folded(query)
    condition, params = where_parts(fts.exclude, filters)
    if fts.match is not None:
        condition = f"i.rid IN (SELECT rowid FROM items_fold WHERE items_fold MATCH ?) AND {condition}"
        params = [fts.match, *params]
    return condition, params


def where_parts(negative: str | None, filters: Filters | None) -> tuple[str, list[Any]]:
    """The condition of filters, and of ``negative`` (a folded FTS5 expression) not matching."""
    clauses: list[str] = ["1"]
    params: list[Any] = []
    if negative is not None:
        clauses.append("i.rid NOT IN (SELECT rowid FROM items_fold WHERE items_fold MATCH ?)")
        params.append(negative)
    if filters is not None:
        for field, raw in filters.terms.items():
            check_field(field, "filter")
            values = (raw,) if isinstance(raw, str) else tuple(raw)
            if not values:  # nothing selected in a field means no constraint, as in a UI
                continue
            marks = placeholders(values)
            if field in MULTI_FACETS:
                clauses.append(f"i.rid IN (SELECT rid FROM item_tags WHERE field = ? AND value IN ({marks}))")
                params.append(field)
            else:
                clauses.append(f"i.{field} IN ({marks})")
            params.extend(values)
        for bound, op in ((filters.since, ">="), (filters.until, "<")):
            if bound is not None:
                if bound.tzinfo is None or bound.utcoffset() is None:
                    raise InputError(f"time filter {bound.isoformat()} must be timezone-aware")
                clauses.append(f"i.ts {op} ?")
                params.append(timebuckets.to_micros(bound))
    return " AND ".join(clauses), params
