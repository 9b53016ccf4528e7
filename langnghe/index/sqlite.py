"""The embedded index: Items in one SQLite file, full text through FTS5.

The tables and the rows an Item becomes are in :mod:`langnghe.index.sqlite_sql`, the migrations in
:mod:`langnghe.index.sqlite_migrations`.

Threads: every thread gets its own connection (WAL lets readers run while one thread
writes); writes are serialised by SQLite's lock, waited on for up to ``busy_timeout``
seconds (30 by default). One instance may be shared by threads; :meth:`SQLiteIndex.close`
closes every connection it opened, so call it once the other threads are done with the index.

Writes (:meth:`~SQLiteIndex.write`, :meth:`~SQLiteIndex.update_fields`) each run in one
``BEGIN IMMEDIATE`` transaction, so reading the stored derived fields or the version and
writing the new row cannot be split by another writer. A file SQLite cannot write now
(read-only, disk full, locked beyond the timeout, gone) raises
:class:`~langnghe.errors.BackendUnavailable`; the thread's connection is then dropped and
opened afresh at the next call, since one opened on a read-only file stays read-only.

Durability: every commit syncs the WAL (``synchronous = FULL``) before it returns, as the
queue's do, so a write has reached the disk before the stage acks its items in the queue: a
power loss cannot leave an acked item missing from the index. The enrich stage writes a batch
in one transaction, so this costs one sync per batch.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from langnghe.errors import BackendUnavailable, ConfigError, InputError
from langnghe.index import timebuckets
from langnghe.index.base import (
    DERIVED_FIELDS,
    Cursor,
    DateBucket,
    DerivedField,
    FacetCount,
    FieldUpdate,
    Filters,
    SearchHit,
    SearchPage,
    SearchResult,
    SearchSort,
    TermScore,
    Version,
    Versioned,
    WriteOutcome,
    check_field,
    check_page,
    jlh,
)
from langnghe.index.derived import check_fields
from langnghe.index.sqlite_paging import SCORE, count_matches, cursor_of, matched_rids, matching, page_rows
from langnghe.index.sqlite_sql import (
    MULTI_FACETS,
    SCHEMA,
    SCHEMA_VERSION,
    SINGLE_FACETS,
    current_rows,
    delete_fts,
    doc_fts,
    fts_values,
    insert_fts,
    keep_derived,
    store_items,
    stored_rows,
    transient,
    update_row,
)
from langnghe.index.sqlite_migrations import migrate
from langnghe.index.sqlite_sql import docs_of as _docs
from langnghe.index.sqlite_sql import where as _where
from langnghe.index.sqlite_sql import where_parts as _where_parts
from langnghe.item import Item
from langnghe.storage import in_chunks, placeholders

__all__ = ["SCHEMA_VERSION", "SINGLE_FACETS", "MULTI_FACETS", "SQLiteIndex", "fts_values"]
log = logging.getLogger(__name__)

SIGNIFICANT_SAMPLE = 20_000  # foreground items read for significant terms, newest first


class SQLiteIndex:
    """:class:`~langnghe.index.base.IndexBackend` in a single SQLite file (see module docs)."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
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
        with self._unavailable_on_trouble():
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
            for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY", "cache_size = -32000"):
                conn.execute(f"PRAGMA {pragma}")
        with self._guard:
            self._connections.append(conn)
        self._local.conn = conn
        return conn

    def _drop_connection(self) -> None:
        """Forget this thread's connection (closed), so that the next call opens a new one."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with self._guard:
                if conn in self._connections:
                    self._connections.remove(conn)
            conn.close()

    @contextmanager
    def _unavailable_on_trouble(self) -> Iterator[None]:
        """SQLite's transient refusals as :class:`BackendUnavailable`; everything else as it is."""
        try:
            yield
        except sqlite3.Error as exc:
            trouble = transient(exc)
            if trouble is None:
                raise
            if trouble == "reopen":
                self._drop_connection()
            raise BackendUnavailable(f"index {self.path}: {exc}", backend="SQLite", where=str(self.path)) from exc

    @contextmanager
    def _transaction(self, mode: Literal["IMMEDIATE", "DEFERRED"]) -> Iterator[sqlite3.Connection]:
        """IMMEDIATE for writes (take the lock first, no upgrade deadlock); DEFERRED gives
        readers one consistent snapshot across several statements."""
        conn = self._conn()
        with self._unavailable_on_trouble():
            conn.execute(f"BEGIN {mode}")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back already (a full disk, an I/O error)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _schema_version(self, conn: sqlite3.Connection) -> int | None:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:  # no table meta: a new file
            return None
        return None if row is None else int(row[0])

    def _ensure_schema(self) -> None:
        """Create or migrate the schema; an index already current is only read (so a
        read-only file opens for reading)."""
        if self._schema_version(self._conn()) == SCHEMA_VERSION:
            return
        with self._transaction("IMMEDIATE") as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            version = self._schema_version(conn)
            if version is None:
                self._create_schema(conn)
            elif version > SCHEMA_VERSION:
                raise InputError(
                    f"{self.path}: index schema version {version} is newer than this langnghe "
                    f"understands ({SCHEMA_VERSION}); upgrade langnghe"
                )
            elif version < SCHEMA_VERSION:
                migrate(conn, version, str(self.path))

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        try:
            for statement in SCHEMA:
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
        """Insert or replace whole items by id in one transaction; the last of duplicate ids wins."""
        latest = {item.id: item for item in items}
        if not latest:
            return 0
        with self._transaction("IMMEDIATE") as conn:
            existing = stored_rows(conn, list(latest))
            store_items(conn, [(item, item.to_json()) for item in latest.values()], existing)
        return len(latest)

    def write(self, items: Sequence[Item], *, keep: Sequence[DerivedField] = DERIVED_FIELDS) -> list[WriteOutcome]:
        """Insert or replace items in one transaction, keeping the derived fields in ``keep`` already stored.

        Refused: an item that cannot be serialised (a lone surrogate such as ``"\\ud800"`` in
        a text, which neither JSON in UTF-8 nor SQLite can hold). SQLite itself refuses no
        well-formed Item: no field has a size or type limit beyond what the Item checks."""
        latest = {item.id: item for item in items}
        refused: dict[str, str] = {}
        if latest:
            with self._transaction("IMMEDIATE") as conn:
                existing = stored_rows(conn, list(latest))
                ready, refused = keep_derived(list(latest.values()), existing, keep)
                store_items(conn, ready, existing)
        return [WriteOutcome(item.id, "refused", refused[item.id]) if item.id in refused
                else WriteOutcome(item.id, "ok") for item in items]  # fmt: skip

    def update_fields(self, updates: Sequence[FieldUpdate]) -> list[WriteOutcome]:
        """Set derived fields of stored items in one transaction, each checked against its version."""
        wanted = list(updates)
        check_fields(wanted)
        if not wanted:
            return []
        with self._transaction("IMMEDIATE") as conn:
            current = current_rows(conn, [update.id for update in wanted])
            return [update_row(conn, current, update) for update in wanted]

    def delete_before(self, moment: datetime) -> int:
        """Remove items older than ``moment`` with their tags and full-text entries, in one transaction."""
        with self._transaction("IMMEDIATE") as conn:
            rows = conn.execute(
                "SELECT rid, d.doc FROM items JOIN docs d USING (rid) WHERE ts < ?", (timebuckets.to_micros(moment),)
            ).fetchall()
            delete_fts(conn, [(rid, *doc_fts(json.loads(doc))) for rid, doc in rows])
            for chunk in in_chunks([rid for rid, _ in rows]):
                marks = placeholders(chunk)
                for table in ("item_tags", "docs", "items"):
                    conn.execute(f"DELETE FROM {table} WHERE rid IN ({marks})", list(chunk))
        return len(rows)

    def rebuild_fts(self) -> int:
        """Re-create the full-text index from the stored Items (after a change of
        :func:`fts_values` or a suspected inconsistency); returns the rows indexed."""
        with self._transaction("IMMEDIATE") as conn:
            for table in ("items_fts", "items_fold"):
                conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
            rows = [(rid, *doc_fts(json.loads(doc))) for rid, doc in conn.execute("SELECT rid, doc FROM docs")]
            insert_fts(conn, rows)
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
        """bm25-ranked hits (score: higher is better) for a query, else newest first (score 0);
        ties newest first, then by id descending, as on Elasticsearch: never in write order."""
        if limit < 0 or offset < 0:
            raise InputError(f"search: limit and offset must not be negative (got {limit}, {offset})")
        source, where, params, exact = matching(query, filters)
        score, order, scoring = "0.0", "i.ts DESC, i.id DESC", []
        if exact is not None:
            score, order, scoring = SCORE, "2 DESC, i.ts DESC, i.id DESC", [exact]
        with self._transaction("DEFERRED") as conn:
            total = count_matches(conn, query, filters)
            page = conn.execute(
                f"SELECT i.rid, {score} FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*scoring, *params, limit, offset],
            ).fetchall()
            docs = _docs(conn, [rid for rid, _ in page])
        return SearchResult(total=total, hits=[SearchHit(Item.from_json(docs[rid]), float(s)) for rid, s in page])

    def search_page(
        self, query: str = "", filters: Filters | None = None, *, size: int = 20,
        after: Cursor | None = None, sort: SearchSort = "time", count_up_to: int | None = None,
    ) -> SearchPage:
        """Keyset pages (:mod:`langnghe.index.sqlite_paging`), one consistent read each."""
        check_page(size, after, sort, count_up_to)
        with self._transaction("DEFERRED") as conn:
            total, exact, rows, scored = page_rows(conn, query, filters, limit=size + 1, after=after, sort=sort,
                                                   count_up_to=count_up_to)
            docs = _docs(conn, [row[0] for row in rows[:size]])
        hits = [SearchHit(Item.from_json(docs[row[0]]), float(row[2])) for row in rows[:size]]
        following = cursor_of(rows[size - 1], sort, scored) if len(rows) > size else None
        return SearchPage(total=total, hits=hits, next=following, total_exact=exact)

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

    def facet_counts(
        self, fields: Sequence[str], query: str = "", filters: Filters | None = None, *, size: int = 20
    ) -> dict[str, list[FacetCount]]:
        """One grouped pass over the matches for the one-valued fields (the combinations they
        take are few), one over their tags for the others; ties by value, as :meth:`facets`."""
        for field in fields:
            check_field(field, "facet")
        if size < 1:
            raise InputError(f"facets: size must be at least 1 (got {size})")
        source, where, params, _ = matching(query, filters)
        single = [field for field in dict.fromkeys(fields) if field not in MULTI_FACETS]
        multi = [field for field in dict.fromkeys(fields) if field in MULTI_FACETS]
        counts: dict[str, Counter[str]] = {field: Counter() for field in fields}
        with self._transaction("DEFERRED") as conn:
            if single:
                columns = ", ".join(f"i.{field}" for field in single)
                groups = ", ".join(str(n) for n in range(1, len(single) + 1))
                for row in conn.execute(f"SELECT {columns}, count(*) FROM {source} WHERE {where} GROUP BY {groups}", params):
                    for field, value in zip(single, row):
                        if value is not None:
                            counts[field][value] += row[-1]
            if multi:
                marks = placeholders(multi)
                rids, rid_params = matched_rids(query, filters)
                if rids is None:  # no condition: every item's tags, by field
                    sql, args = f"SELECT field, value, count(*) FROM item_tags WHERE field IN ({marks}) GROUP BY 1, 2", multi
                else:  # each match's own tags (the key starts with rid)
                    sql = (f"SELECT t.field, t.value, count(*) FROM ({rids}) m CROSS JOIN item_tags t "
                           f"ON t.rid = m.rid AND t.field IN ({marks}) GROUP BY 1, 2")
                    args = [*rid_params, *multi]
                for field, value, n in conn.execute(sql, args):
                    counts[field][value] = n
        return {field: [FacetCount(value, n) for value, n in sorted(counts[field].items(), key=lambda vn: (-vn[1], vn[0]))[:size]]
                for field in fields}  # fmt: skip

    def significant_terms(
        self, foreground: Filters, background: Filters, *, size: int = 20, min_count: int = 3
    ) -> list[TermScore]:
        """Elasticsearch's ``significant_terms`` (JLH) on ``keyword``, computed here: the
        foreground read item by item (near-duplicates once), the background by facet counts."""
        where, params = _where("", foreground)
        sql = f"SELECT d.doc FROM items i JOIN docs d USING (rid) WHERE {where} ORDER BY i.ts DESC, i.id DESC LIMIT ?"
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
        return (Item.from_json(doc) for doc, _ in self._scan_docs(filters, batch))

    def scan_versioned(self, filters: Filters | None = None, *, batch: int = 1000) -> Iterator[Versioned]:
        """:meth:`scan` with each item's version."""
        return (Versioned(Item.from_json(doc), Version(version)) for doc, version in self._scan_docs(filters, batch))

    def get_versioned(self, ids: Sequence[str]) -> dict[str, Versioned]:
        with self._transaction("DEFERRED") as conn:
            current = current_rows(conn, list(ids))
        return {item_id: Versioned(Item.from_json(doc), Version(version))
                for item_id, (_, version, doc) in current.items()}  # fmt: skip

    def _scan_docs(self, filters: Filters | None, batch: int) -> Iterator[tuple[str, int]]:
        """(Item JSON, version) of the matching items, in scan order."""
        if batch < 1:
            raise InputError(f"scan: batch must be at least 1 (got {batch})")
        where, params = _where_parts(None, filters)
        first = f"SELECT i.rid, i.ts, i.id, i.version FROM items i WHERE {where} ORDER BY i.ts, i.id LIMIT ?"
        # "ts >= ?" first, so that SQLite seeks in the ts index rather than filtering it all
        later = first.replace(" ORDER BY", " AND i.ts >= ? AND (i.ts > ? OR i.id > ?) ORDER BY")
        after: list[Any] = []
        while True:
            with self._transaction("DEFERRED") as conn:
                page = conn.execute(later if after else first, [*params, *after, batch]).fetchall()
                docs = _docs(conn, [row[0] for row in page])
            yield from ((docs[rid], version) for rid, _, _, version in page)
            if len(page) < batch:
                return
            after = [page[-1][1], page[-1][1], page[-1][2]]
