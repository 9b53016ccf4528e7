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

A newest-first page has two plans with the same rows: sort every match by time (few matches),
or walk the ts index from the newest item and ask FTS5 of each row whether it matches (a query
that most items match: the walk stops after a page). A total can be bounded (``count_up_to``),
as Elasticsearch's ``track_total_hits`` does, so that counting half a million matches does not
cost more than finding the page.
"""

from __future__ import annotations

import math
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
    match, where, params, exact = _parts(query, filters)
    return (*_search_of(match, where, params), exact)


def matched_rids(query: str, filters: Filters | None) -> tuple[str | None, list[Any]]:
    """A statement of the rids a search matches and its parameters; None when it matches every
    item. Words without other conditions are answered by the FTS table alone."""
    match, where, params, _ = _parts(query, filters)
    if match is None:
        return (None, []) if where == "1" else (f"SELECT i.rid FROM items i WHERE {where}", params)
    if where == "1":
        return "SELECT rowid AS rid FROM items_fold WHERE items_fold MATCH ?", [match]
    return f"SELECT i.rid FROM {MATCHED} WHERE items_fold MATCH ? AND {where}", [match, *params]


def _search_of(match: str | None, filter_where: str, filter_params: list[Any]) -> tuple[str, str, list[Any]]:
    """(source, condition, its parameters) of the words ``match`` (None: no words) and the other conditions."""
    if match is None:
        return "items i", filter_where, filter_params
    return MATCHED, f"items_fold MATCH ? AND {filter_where}", [match, *filter_params]


def _parts(query: str, filters: Filters | None) -> tuple[str | None, str, list[Any], str | None]:
    """(the folded FTS5 match or None, the other conditions on ``items i``, their parameters, the exact expression)."""
    fts = compile_folded(query)
    where, params = where_parts(fts.exclude, filters)
    return fts.match, where, params, fts.exact


_AFTER_TIME = "i.ts <= ? AND (i.ts < ? OR i.id < ?)"  # "ts <= ?" alone, so SQLite seeks in the ts index
_AFTER_SCORE = "(score < ? OR (score = ? AND (ts < ? OR (ts = ? AND id < ?))))"
# A newest-first page of a query that matches a large share of the index walks the ts index and
# asks FTS5 of each row whether it matches (a probe), instead of sorting every match by time. A
# probe costs about PROBE_COST times what one match costs the sort; the walk probes about
# limit * items / matches rows, so it is the cheaper plan once matches**2 > limit * items * PROBE_COST.
PROBE_COST = 300
PROBE_FROM = 1000  # and never below this many matches

Row = tuple[int, int, float, str]  # rid, ts, score, id


def page_rows(
    conn: sqlite3.Connection, query: str, filters: Filters | None, *, limit: int, after: Cursor | None,
    sort: SearchSort, count_up_to: int | None = None,
) -> tuple[int, bool, list[Row], bool]:
    """(the matches counted (up to ``count_up_to``), whether that count is every match, up to
    ``limit`` rows after ``after``, whether the rows are scored)."""
    match, filter_where, filter_params, exact = _parts(query, filters)
    source, where, params = _search_of(match, filter_where, filter_params)
    scored = exact is not None and sort == "relevance"
    total, total_exact = _count(conn, match, filter_where, (source, where, params), count_up_to)
    condition, keys = _after(after, scored)
    if scored:  # the score is known only inside the statement: the key applies around it
        sql = (f"SELECT rid, ts, score, id FROM (SELECT i.rid AS rid, i.ts AS ts, {SCORE} AS score, i.id AS id "
               f"FROM {source} WHERE {where}) WHERE {condition} ORDER BY score DESC, ts DESC, id DESC LIMIT ?")
        return total, total_exact, conn.execute(sql, [exact, *params, *keys, limit]).fetchall(), scored
    words_known = total if total_exact and filter_where == "1" else None  # then the count above is the words'
    if match is not None and _dense(conn, match, filter_where, filter_params, limit, words_known):
        sql = (f"SELECT i.rid, i.ts, 0.0, i.id FROM items i INDEXED BY items_ts WHERE {filter_where} AND {condition} "
               "AND EXISTS (SELECT 1 FROM items_fold WHERE items_fold MATCH ? AND items_fold.rowid = i.rid) "
               "ORDER BY i.ts DESC, i.id DESC LIMIT ?")
        return total, total_exact, conn.execute(sql, [*filter_params, *keys, match, limit]).fetchall(), scored
    # the matches sorted by time; the ts index seeks to the key's moment, ties of one moment by id
    sql = (f"SELECT i.rid, i.ts, 0.0, i.id FROM {source} WHERE {where} AND {condition} "
           f"ORDER BY i.ts DESC, i.id DESC LIMIT ?")
    return total, total_exact, conn.execute(sql, [*params, *keys, limit]).fetchall(), scored


def count_matches(conn: sqlite3.Connection, query: str, filters: Filters | None) -> int:
    """How many items a search matches (:meth:`SQLiteIndex.search`'s total)."""
    match, filter_where, filter_params, _ = _parts(query, filters)
    source, where, params = _search_of(match, filter_where, filter_params)
    return _count(conn, match, filter_where, (source, where, params), None)[0]


def _count(
    conn: sqlite3.Connection, match: str | None, filter_where: str, search: tuple[str, str, list[Any]],
    up_to: int | None,
) -> tuple[int, bool]:
    """How many items a search matches, up to ``up_to`` (and whether that is all of them). With
    words and no other condition the FTS table alone answers (one row per item), without the join."""
    source, where, params = search
    if match is not None and filter_where == "1":
        source, where, params = "items_fold", "items_fold MATCH ?", [match]
    if up_to is None:
        return int(conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]), True
    found = _at_least(conn, f"{source} WHERE {where}", params, up_to + 1)
    return min(found, up_to), found <= up_to


def _dense(
    conn: sqlite3.Connection, match: str, filter_where: str, filter_params: list[Any], limit: int,
    words_known: int | None,
) -> bool:
    """Whether the words, and the other conditions, each match enough items for the probing walk
    (see PROBE_COST); ``words_known``: how many items the words match, when already counted."""
    items = conn.execute("SELECT max(rowid) FROM items").fetchone()[0] or 0
    enough = max(PROBE_FROM, math.isqrt(limit * items * PROBE_COST))
    words = words_known if words_known is not None else _at_least(conn, "items_fold WHERE items_fold MATCH ?", [match], enough)
    if words < enough:
        return False
    return filter_where == "1" or _at_least(conn, f"items i WHERE {filter_where}", filter_params, enough) >= enough


def _at_least(conn: sqlite3.Connection, source: str, params: list[Any], bound: int) -> int:
    return int(conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {source} LIMIT ?)", [*params, bound]).fetchone()[0])


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
