"""Deep paging of the embedded index: keyset pages on (score,) effective time, id.

Each page is one read that starts after the last hit's sort key, so the cost of a page does
not grow with its depth (no ``OFFSET``) and an item is never repeated nor skipped, also
among items published at the same moment: ``id`` is unique and breaks every tie. bm25
scores are computed by the same statement on every page; with no writes in between they
are the same doubles, which SQLite compares exactly.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from langnghe.errors import InputError
from langnghe.index.base import Cursor, Filters, SearchSort
from langnghe.index.query import compile_fts5
from langnghe.index.sqlite_sql import where_parts

BM25_WEIGHTS = (2.0, 1.0, 1.0)  # title, body, tokens: a word in the title says more
BM25 = f"-bm25(items_fts, {', '.join(map(str, BM25_WEIGHTS))})"  # negated: higher is better (search too)
_AFTER_TIME = "(ts < ? OR (ts = ? AND id < ?))"
_AFTER_SCORE = f"(score < ? OR (score = ? AND {_AFTER_TIME}))"

Row = tuple[int, int, str, float]  # rid, ts, id, score


def page_rows(
    conn: sqlite3.Connection, query: str, filters: Filters | None, *, limit: int, after: Cursor | None,
    sort: SearchSort,
) -> tuple[int, list[Row], bool]:
    """(every match, up to ``limit`` rows after ``after``, whether the rows are scored)."""
    positive, negative = compile_fts5(query)
    where, params = where_parts(negative, filters)
    if positive is None:
        inner = f"SELECT i.rid, i.ts, i.id, 0.0 AS score FROM items i WHERE {where}"
    else:
        inner = (f"SELECT i.rid, i.ts, i.id, {BM25} AS score FROM items_fts JOIN items i ON i.rid = items_fts.rowid "
                 f"WHERE items_fts MATCH ? AND {where}")
        params = [positive, *params]
    scored = positive is not None and sort == "relevance"
    total = int(conn.execute(f"SELECT count(*) FROM ({inner})", params).fetchone()[0])
    condition, keys = _after(after, scored)
    order = "score DESC, ts DESC, id DESC" if scored else "ts DESC, id DESC"
    sql = f"SELECT rid, ts, id, score FROM ({inner}) WHERE {condition} ORDER BY {order} LIMIT ?"
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
    _, ts, item_id, score = row
    return Cursor(sort, (score, ts, item_id) if scored else (ts, item_id))
