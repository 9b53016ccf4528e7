"""The embedded index: Items in one SQLite file, full text through FTS5.

Schema (version :data:`SCHEMA_VERSION`, kept in table ``meta``):

- ``items``: one narrow row per Item. ``rid`` (integer key shared with the other tables
  and the FTS rows), ``id`` (unique), ``ts`` (effective time: ``published_at``, else
  ``fetched_at``, in microseconds since the epoch, UTC), ``published_at``/``fetched_at``
  (ISO 8601 UTC text) and the single-valued facet columns ``source, platform, kind, lang,
  section, sentiment, toxicity`` (the last three are the ``nlp`` labels, NULL before
  enrichment). Kept narrow so counts, facets and histograms scan little.
- ``docs(rid, doc)``: the full Item JSON, which ``get`` and ``search`` return.
- ``item_tags(rid, field, value)``: the multi-valued facets ``province`` (``nlp.provinces``),
  ``watch_topic`` (``watch_topics``), ``concern`` (``nlp.concerns``), ``story``
  (``story_id``), ``claim`` (the claims an item spreads, not those it refutes) and
  ``keyword`` (``nlp.keywords``).
- ``items_fts``: contentless FTS5 over ``title``, ``body`` (the text) and ``tokens``
  (``nlp.tokens`` joined by spaces). ``unicode61 remove_diacritics 0`` keeps "ma" and
  "mà" apart; ``tokenchars '_'`` keeps a segmented word such as ``ô_nhiễm`` whole.
  Contentless, because ``docs`` already holds the text: a replaced row is removed from
  the index with FTS5's ``'delete'`` command, fed the values :func:`fts_values`
  computes from the stored JSON (the same function that indexed them, which is why
  changing it needs a schema bump and :meth:`SQLiteIndex.rebuild_fts`).

Threads: every thread gets its own connection (WAL lets readers run while one thread
writes); writes are serialised by SQLite's lock, waited on for up to 30 s. One instance
may be shared by threads; :meth:`SQLiteIndex.close` closes every connection it opened,
so call it once the other threads are done with the index.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from langnghe.errors import ConfigError, InputError
from langnghe.index import timebuckets
from langnghe.index.base import (
    DateBucket,
    FacetCount,
    Filters,
    SearchHit,
    SearchResult,
    TermScore,
    check_field,
    jlh,
)
from langnghe.index.query import compile_fts5
from langnghe.item import Item
from langnghe.storage import in_chunks, placeholders

SCHEMA_VERSION = 2  # 2: item_tags also hold concern, story, claim and keyword
SINGLE_FACETS = ("source", "platform", "kind", "lang", "section", "sentiment", "toxicity")
MULTI_FACETS = ("province", "watch_topic", "concern", "story", "claim", "keyword")
log = logging.getLogger(__name__)

SIGNIFICANT_SAMPLE = 20_000  # foreground items read for significant terms, newest first
BM25_WEIGHTS = (2.0, 1.0, 1.0)  # title, body, tokens: a word in the title says more

_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE items (
        rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL,
        published_at TEXT, fetched_at TEXT NOT NULL,
        source TEXT NOT NULL, platform TEXT NOT NULL, kind TEXT NOT NULL, lang TEXT NOT NULL,
        section TEXT, sentiment TEXT, toxicity TEXT)""",
    "CREATE TABLE docs (rid INTEGER PRIMARY KEY, doc TEXT NOT NULL)",
    "CREATE INDEX items_ts ON items(ts)",
    *(f"CREATE INDEX items_{name} ON items({name}, ts)" for name in SINGLE_FACETS),
    """CREATE TABLE item_tags (rid INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (rid, field, value)) WITHOUT ROWID""",
    "CREATE INDEX item_tags_value ON item_tags(field, value)",
    """CREATE VIRTUAL TABLE items_fts USING fts5(title, body, tokens, content='',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'")""",
)
_ITEM_COLUMNS = ("rid", "id", "ts", "published_at", "fetched_at", *SINGLE_FACETS)
_UPSERT_ITEM = (
    f"INSERT INTO items ({', '.join(_ITEM_COLUMNS)}) VALUES ({', '.join('?' for _ in _ITEM_COLUMNS)}) "
    f"ON CONFLICT(id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _ITEM_COLUMNS[2:])}"
)
_UPSERT_DOC = "INSERT INTO docs (rid, doc) VALUES (?, ?) ON CONFLICT(rid) DO UPDATE SET doc = excluded.doc"
_FTS_INSERT = "INSERT INTO items_fts (rowid, title, body, tokens) VALUES (?, ?, ?, ?)"
_FTS_DELETE = "INSERT INTO items_fts (items_fts, rowid, title, body, tokens) VALUES ('delete', ?, ?, ?, ?)"

_BM25 = f"-bm25(items_fts, {', '.join(map(str, BM25_WEIGHTS))})"  # negated: higher is better

FtsValues = tuple[str, str, str]


def fts_values(title: str, text: str, tokens: Sequence[str]) -> FtsValues:
    """What the full-text index holds for an item; deletions must replay exactly this.

    NFC here too, though crawlers normalise already: decomposed text would never match.
    """
    return _nfc(title), _nfc(text), _nfc(" ".join(tokens))


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _item_fts(item: Item) -> FtsValues:
    return fts_values(item.title, item.text, item.nlp.tokens if item.nlp else ())


def _doc_fts(doc: dict[str, Any]) -> FtsValues:
    nlp = doc.get("nlp") or {}
    return fts_values(doc.get("title", ""), doc.get("text", ""), nlp.get("tokens", ()))


def _item_row(rid: int, item: Item) -> tuple[Any, ...]:
    nlp = item.nlp
    effective = item.published_at or item.fetched_at
    return (
        rid, item.id, timebuckets.to_micros(effective),
        item.published_at.isoformat() if item.published_at else None, item.fetched_at.isoformat(),
        item.source, item.platform, item.kind, item.lang,
        nlp.section.label if nlp and nlp.section else None,
        nlp.sentiment.label if nlp and nlp.sentiment else None,
        nlp.toxicity.label if nlp and nlp.toxicity else None,
    )  # fmt: skip


def _item_tags(rid: int, item: Item) -> set[tuple[int, str, str]]:
    provinces = item.nlp.provinces if item.nlp else []
    concerns = item.nlp.concerns if item.nlp else []
    return (
        {(rid, "province", p) for p in provinces}
        | {(rid, "watch_topic", t) for t in item.watch_topics}
        | {(rid, "concern", c) for c in concerns}
        | {(rid, "story", s) for s in (item.story_id,) if s}
        | {(rid, "claim", match.claim_id) for match in item.claims if match.stance == "spreads"}
        | {(rid, "keyword", k) for k in (item.nlp.keywords if item.nlp else [])}
    )


@dataclass
class _Writes:
    """The rows one upsert batch writes, table by table."""

    rows: list[tuple[Any, ...]] = dataclass_field(default_factory=list)
    docs: list[tuple[int, str]] = dataclass_field(default_factory=list)
    fts_new: list[tuple[Any, ...]] = dataclass_field(default_factory=list)
    fts_old: list[tuple[Any, ...]] = dataclass_field(default_factory=list)
    tags: set[tuple[int, str, str]] = dataclass_field(default_factory=set)


def _plan_writes(items: list[Item], existing: dict[str, tuple[int, FtsValues]], next_rid: int) -> _Writes:
    """Existing items keep their rid; new ones take fresh rids from ``next_rid`` on."""
    writes = _Writes()
    for item in items:
        old = existing.get(item.id)
        if old is None:
            rid, next_rid = next_rid, next_rid + 1
        else:
            rid = old[0]
        values = _item_fts(item)
        if old is None or old[1] != values:  # unchanged text keeps its FTS row
            writes.fts_new.append((rid, *values))
            if old is not None:
                writes.fts_old.append((rid, *old[1]))
        writes.rows.append(_item_row(rid, item))
        writes.docs.append((rid, item.to_json()))
        writes.tags |= _item_tags(rid, item)
    return writes


class SQLiteIndex:
    """:class:`~langnghe.index.base.IndexBackend` in a single SQLite file (see module docs)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._closed = False
        self._ensure_schema()

    # -- connections and transactions ---------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._closed:
            raise RuntimeError(f"index {self.path} is closed")
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "temp_store = MEMORY", "cache_size = -32000"):
            conn.execute(f"PRAGMA {pragma}")
        with self._guard:
            self._connections.append(conn)
        self._local.conn = conn
        return conn

    @contextmanager
    def _transaction(self, mode: Literal["IMMEDIATE", "DEFERRED"]) -> Iterator[sqlite3.Connection]:
        """IMMEDIATE for writes (take the lock first, no upgrade deadlock); DEFERRED gives
        readers one consistent snapshot across several statements."""
        conn = self._conn()
        conn.execute(f"BEGIN {mode}")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _ensure_schema(self) -> None:
        with self._transaction("IMMEDIATE") as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self._create_schema(conn)
            elif int(row[0]) > SCHEMA_VERSION:
                raise InputError(
                    f"{self.path}: index schema version {row[0]} is newer than this langnghe "
                    f"understands ({SCHEMA_VERSION}); upgrade langnghe"
                )
            elif int(row[0]) < SCHEMA_VERSION:
                self._migrate(conn, int(row[0]))

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        """One step per version; each keeps the stored Items and rebuilds what derives from them."""
        if version == 1:  # new multi-valued facets: recompute every item's tags from its JSON
            conn.execute("DELETE FROM item_tags")
            tags: set[tuple[int, str, str]] = set()
            for rid, doc in conn.execute("SELECT rid, doc FROM docs"):
                tags |= _item_tags(rid, Item.from_json(doc))
            conn.executemany("INSERT INTO item_tags VALUES (?, ?, ?)", sorted(tags))
            log.info("%s: index schema 1 -> 2, %d tags rebuilt", self.path, len(tags))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        try:
            for statement in _SCHEMA:
                conn.execute(statement)
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc):
                raise ConfigError(f"this Python's SQLite ({sqlite3.sqlite_version}) lacks FTS5: {exc}") from None
            raise
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        with self._guard:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()

    def __enter__(self) -> SQLiteIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def upsert(self, items: list[Item]) -> int:
        """Insert or replace items by id in one transaction; the last of duplicate ids wins."""
        latest = {item.id: item for item in items}
        if not latest:
            return 0
        with self._transaction("IMMEDIATE") as conn:
            existing = self._existing(conn, list(latest))
            next_rid = conn.execute("SELECT coalesce(max(rid), 0) + 1 FROM items").fetchone()[0]
            writes = _plan_writes(list(latest.values()), existing, next_rid)
            conn.executemany(_FTS_DELETE, writes.fts_old)
            conn.executemany("DELETE FROM item_tags WHERE rid = ?", [(rid,) for rid, _ in existing.values()])
            conn.executemany(_UPSERT_ITEM, writes.rows)
            conn.executemany(_UPSERT_DOC, writes.docs)
            conn.executemany(_FTS_INSERT, writes.fts_new)
            conn.executemany("INSERT INTO item_tags VALUES (?, ?, ?)", sorted(writes.tags))
        return len(latest)

    def delete_before(self, moment: datetime) -> int:
        """Remove items older than ``moment`` with their tags and full-text entries, in one transaction."""
        with self._transaction("IMMEDIATE") as conn:
            rows = conn.execute(
                "SELECT rid, d.doc FROM items JOIN docs d USING (rid) WHERE ts < ?", (timebuckets.to_micros(moment),)
            ).fetchall()
            conn.executemany(_FTS_DELETE, [(rid, *_doc_fts(json.loads(doc))) for rid, doc in rows])
            for chunk in in_chunks([rid for rid, _ in rows]):
                marks = placeholders(chunk)
                for table in ("item_tags", "docs", "items"):
                    conn.execute(f"DELETE FROM {table} WHERE rid IN ({marks})", list(chunk))
        return len(rows)

    def _existing(self, conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[int, FtsValues]]:
        found: dict[str, tuple[int, FtsValues]] = {}
        for chunk in in_chunks(ids):
            marks = placeholders(chunk)
            sql = f"SELECT rid, i.id, d.doc FROM items i JOIN docs d USING (rid) WHERE i.id IN ({marks})"
            for rid, item_id, doc in conn.execute(sql, chunk):
                found[item_id] = (rid, _doc_fts(json.loads(doc)))
        return found

    def rebuild_fts(self) -> int:
        """Re-create the full-text index from the stored Items (after a change of
        :func:`fts_values` or a suspected inconsistency); returns the rows indexed."""
        with self._transaction("IMMEDIATE") as conn:
            conn.execute("INSERT INTO items_fts (items_fts) VALUES ('delete-all')")
            rows = [(rid, *_doc_fts(json.loads(doc))) for rid, doc in conn.execute("SELECT rid, doc FROM docs")]
            conn.executemany(_FTS_INSERT, rows)
        return len(rows)

    # -- reading ------------------------------------------------------------------------

    def get(self, item_id: str) -> Item | None:
        sql = "SELECT d.doc FROM items i JOIN docs d USING (rid) WHERE i.id = ?"
        row = self._conn().execute(sql, (item_id,)).fetchone()
        return Item.from_json(row[0]) if row else None

    def count(self, filters: Filters | None = None) -> int:
        where, params = _where("", filters)
        return int(self._conn().execute(f"SELECT count(*) FROM items i WHERE {where}", params).fetchone()[0])

    def search(
        self, query: str = "", filters: Filters | None = None, *, limit: int = 20, offset: int = 0
    ) -> SearchResult:
        """bm25-ranked hits (score: higher is better) for a query, else newest first (score 0)."""
        if limit < 0 or offset < 0:
            raise InputError(f"search: limit and offset must not be negative (got {limit}, {offset})")
        positive, negative = compile_fts5(query)
        where, params = _where_parts(negative, filters)
        if positive is None:
            source, order, score = "items i", "i.ts DESC, i.rid DESC", "0.0"
        else:
            source = "items_fts JOIN items i ON i.rid = items_fts.rowid"
            where, params = f"items_fts MATCH ? AND {where}", [positive, *params]
            score, order = _BM25, "2 DESC, i.ts DESC, i.rid DESC"
        with self._transaction("DEFERRED") as conn:
            total = conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
            page = conn.execute(
                f"SELECT i.rid, {score} FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            docs = _docs(conn, [rid for rid, _ in page])
        return SearchResult(total=total, hits=[SearchHit(Item.from_json(docs[rid]), float(s)) for rid, s in page])

    def facets(
        self, field: str, query: str = "", filters: Filters | None = None, *, size: int = 20
    ) -> list[FacetCount]:
        """Counts per value, largest first, ties by value; items without a value are not counted."""
        check_field(field, "facet")
        if size < 1:
            raise InputError(f"facets: size must be at least 1 (got {size})")
        where, params = _where(query, filters)
        if field in MULTI_FACETS:
            sql = (
                "SELECT t.value, count(*) AS n FROM item_tags t JOIN items i ON i.rid = t.rid "
                f"WHERE t.field = ? AND {where} GROUP BY t.value"
            )
            params = [field, *params]
        else:
            sql = f"SELECT i.{field}, count(*) AS n FROM items i WHERE i.{field} IS NOT NULL AND {where} GROUP BY 1"
        rows = self._conn().execute(f"{sql} ORDER BY n DESC, 1 LIMIT ?", [*params, size]).fetchall()
        return [FacetCount(value, count) for value, count in rows]

    def significant_terms(
        self, foreground: Filters, background: Filters, *, size: int = 20, min_count: int = 3
    ) -> list[TermScore]:
        """Elasticsearch's ``significant_terms`` (JLH) on ``keyword``, computed here: the
        foreground read item by item (near-duplicates once), the background by facet counts."""
        where, params = _where("", foreground)
        sql = f"SELECT d.doc FROM items i JOIN docs d USING (rid) WHERE {where} ORDER BY i.ts DESC, i.rid LIMIT ?"
        seen: set[str] = set()
        counts: dict[str, int] = {}
        fg_total = 0
        for (doc,) in self._conn().execute(sql, [*params, SIGNIFICANT_SAMPLE]):
            nlp = json.loads(doc).get("nlp") or {}
            key = nlp.get("near_dup_key")
            if key and key in seen:
                continue
            seen.add(key or "")
            fg_total += 1
            for term in set(nlp.get("keywords") or ()):
                counts[term] = counts.get(term, 0) + 1
        candidates = {term: n for term, n in counts.items() if n >= min_count}
        if not candidates:
            return []
        bg_total = self.count(background)
        bg_counts = {f.value: f.count for f in self.facets("keyword", filters=background, size=1_000_000)}
        scored = [TermScore(t, round(jlh(n, fg_total, bg_counts.get(t, 0), bg_total), 6), n, bg_counts.get(t, 0),
                            fg_total, bg_total) for t, n in candidates.items()]
        scored = [term for term in scored if term.score > 0]
        scored.sort(key=lambda term: (-term.score, term.term))
        return scored[:size]

    def date_histogram(
        self,
        query: str = "",
        filters: Filters | None = None,
        *,
        interval: Literal["hour", "day"] = "day",
        tz: str = "Asia/Ho_Chi_Minh",
    ) -> list[DateBucket]:
        """Counts per local hour or day of the effective time, oldest first, gaps filled.

        SQL counts per 15-minute UTC slot, Python maps slots to local buckets, so a million
        matches cost one grouped scan, not a million datetime conversions.
        """
        zone, checked = timebuckets.load_zone(tz), timebuckets.check_interval(interval)
        where, params = _where(query, filters)
        slot = timebuckets.SLOT_US
        floor_slot = f"(i.ts - ((i.ts % {slot}) + {slot}) % {slot}) / {slot}"  # floor, also before 1970
        with self._transaction("DEFERRED") as conn:
            sql = f"SELECT {floor_slot}, count(*) FROM items i WHERE {where} GROUP BY 1 ORDER BY 1"
            counts, straddling = timebuckets.assign_slots(conn.execute(sql, params), zone, checked)
            for slot_index in straddling:  # an odd historical offset splits it: row by row
                span = [slot_index * slot, (slot_index + 1) * slot]
                sql_rows = f"SELECT i.ts FROM items i WHERE {where} AND i.ts >= ? AND i.ts < ?"
                for (ts,) in conn.execute(sql_rows, [*params, *span]):
                    counts[timebuckets.bucket_start(ts, zone, checked)] += 1
        return timebuckets.fill(counts, zone, checked)

    def scan(self, filters: Filters | None = None, *, batch: int = 1000) -> Iterator[Item]:
        """Matching items oldest first (effective time, then id), one short read per page.

        No transaction stays open between pages, so the caller may write to the index
        while iterating; the page key (ts, id) never skips or repeats an item.
        """
        if batch < 1:
            raise InputError(f"scan: batch must be at least 1 (got {batch})")
        where, params = _where_parts(None, filters)
        first = f"SELECT i.rid, i.ts, i.id FROM items i WHERE {where} ORDER BY i.ts, i.id LIMIT ?"
        # "ts >= ?" first, so that SQLite seeks in the ts index rather than filtering it all
        later = first.replace(" ORDER BY", " AND i.ts >= ? AND (i.ts > ? OR i.id > ?) ORDER BY")
        after: list[Any] = []
        while True:
            with self._transaction("DEFERRED") as conn:
                page = conn.execute(later if after else first, [*params, *after, batch]).fetchall()
                docs = _docs(conn, [rid for rid, _, _ in page])
            yield from (Item.from_json(docs[rid]) for rid, _, _ in page)
            if len(page) < batch:
                return
            after = [page[-1][1], page[-1][1], page[-1][2]]


def _docs(conn: sqlite3.Connection, rids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in in_chunks(rids):
        marks = placeholders(chunk)
        found.update(conn.execute(f"SELECT rid, doc FROM docs WHERE rid IN ({marks})", chunk).fetchall())
    return found


def _where(query: str, filters: Filters | None) -> tuple[str, list[Any]]:
    """SQL condition on ``items i`` for a query string and filters (FTS as a sub-select)."""
    positive, negative = compile_fts5(query)
    where, params = _where_parts(negative, filters)
    if positive is not None:
        where = f"i.rid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) AND {where}"
        params = [positive, *params]
    return where, params


def _where_parts(negative: str | None, filters: Filters | None) -> tuple[str, list[Any]]:
    clauses: list[str] = ["1"]
    params: list[Any] = []
    if negative is not None:
        clauses.append("i.rid NOT IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
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
