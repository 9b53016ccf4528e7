"""Deep paging of the embedded index: keyset pages on (score,) effective time, item id.

Each page is one read that starts after the last hit's sort key (no ``OFFSET``), and an item
is never repeated nor skipped, also among items published at the same moment: the item id is
unique and breaks every tie, in the order of :meth:`SQLiteIndex.search` (id descending, as
Elasticsearch sorts: never write order, which a redelivered batch would change), and the ``ts``
index finds the key's moment. bm25
scores are computed by the same statement on every page; with no writes in between they
are the same doubles, which SQLite compares exactly.

Matching runs on the folded table ``items_fold``; a hit that also matches the query as typed
(``items_fts``) has its score multiplied by :data:`~langnghe.index.folded.EXACT_FACTOR`
(:mod:`langnghe.index.folded`).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from langnghe.errors import InputError
from langnghe.index.base import Cursor, Filters, SearchSort
from langnghe.index.folded import EXACT_FACTOR, compile_folded
from langnghe.index.sqlite_sql import where_parts

BM25_WEIGHTS = (2.0, 1.0, 1.0)  # title, body, tokens: a word in the title says more
BM25 = f"-bm25(items_fold, {', '.join(map(str, BM25_WEIGHTS))})"  # negated: higher is better (search too)
# the score of a hit: BM25 on the folded text, raised for a match of the query as typed (its parameter)
SCORE = (f"({BM25} * CASE WHEN i.rid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
         f"THEN {EXACT_FACTOR} ELSE 1.0 END)")
MATCHED = "items_fold JOIN items i ON i.rid = items_fold.rowid"  # the source of a query with words


def matching(query: str, filters: Filters | None) -> tuple[str, str, list[Any], str | None]:
    """(source, condition, its parameters, the exact expression: None without words) of a search."""
    fts = compile_folded(query)
    where, params = where_parts(fts.exclude, filters)
    if fts.match is None:
        return "items i", where, params, None
    return MATCHED, f"items_fold MATCH ? AND {where}", [fts.match, *params], fts.exact
_AFTER_TIME = "i.ts <= ? AND (i.ts < ? OR i.id < ?)"  # "ts <= ?" alone, so SQLite seeks in the ts index
_AFTER_SCORE = "(score < ? OR (score = ? AND (ts < ? OR (ts = ? AND id < ?))))"

Row = tuple[int, int, float, str]  # rid, ts, score, id


def page_rows(
    conn: sqlite3.Connection, query: str, filters: Filters | None, *, limit: int, after: Cursor | None,
    sort: SearchSort,
) -> tuple[int, list[Row], bool]:
    """(every match, up to ``limit`` rows after ``after``, whether the rows are scored)."""
    source, where, params, exact = matching(query, filters)
    scored = exact is not None and sort == "relevance"
    total = int(conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0])
    condition, keys = _after(after, scored)
    if scored:  # the score is known only inside the statement: the key applies around it
        sql = (f"SELECT rid, ts, score, id FROM (SELECT i.rid AS rid, i.ts AS ts, {SCORE} AS score, i.id AS id "
               f"FROM {source} WHERE {where}) WHERE {condition} ORDER BY score DESC, ts DESC, id DESC LIMIT ?")
        params = [exact, *params]
    else:  # the ts index seeks to the key's moment; ties of one moment are sorted by id
        sql = (f"SELECT i.rid, i.ts, 0.0, i.id FROM {source} WHERE {where} AND {condition} "
               f"ORDER BY i.ts DESC, i.id DESC LIMIT ?")
    return total, conn.execute(sql, [*params, *keys, limit]).fetchall(), scored


def _after(cursor: Cursor | None, scored: bool) -> tuple[str, list[Any]]:
    if cursor is None:
        return "1", []
    if len(cursor.after) != (3 if scored else 2) or cursor.pit:
        raise InputError("search: the cursor was made by another index or for another query")
    if scored:
        score, ts, item_id = cursor.after
        return _AFTER_SCORE, [score, score, ts, ts, item_id]
    ts, item_id = cursor.after
    return _AFTER_TIME, [ts, ts, item_id]


def cursor_of(row: Row, sort: SearchSort, scored: bool) -> Cursor:
    """The cursor that continues after ``row``."""
    _, ts, score, item_id = row
    return Cursor(sort, (score, ts, item_id) if scored else (ts, item_id))
