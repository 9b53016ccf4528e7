"""Migrations of the embedded index's schema (:mod:`langnghe.index.sqlite_sql` describes it).

One step per version; each keeps the stored Items and rebuilds what derives from them.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from datetime import timedelta

from langnghe.index.sqlite_sql import (
    FOLD_INSERT,
    FOLD_TABLE,
    SCHEMA_VERSION,
    UPSERT_DOC,
    UPSERT_ITEM,
    doc_fts,
    folded_values,
    item_row,
    item_tags,
    take_versions,
)
from langnghe.item import FUTURE_TOLERANCE, Item
from langnghe.storage import placeholders

log = logging.getLogger(__name__)


def migrate(conn: sqlite3.Connection, version: int, where: str) -> None:
    """One step per version from ``version`` on; each keeps the stored Items and rebuilds what
    derives from them. ``where`` names the file in the log."""
    if version < 2:  # new multi-valued facets: recompute every item's tags from its JSON
        conn.execute("DELETE FROM item_tags")
        tags: set[tuple[int, str, str]] = set()
        for rid, doc in conn.execute("SELECT rid, doc FROM docs"):
            tags |= item_tags(rid, Item.from_json(doc))
        conn.executemany("INSERT INTO item_tags VALUES (?, ?, ?)", sorted(tags))
        log.info("%s: index schema 1 -> 2, %d tags rebuilt", where, len(tags))
    if version < 3:  # versions: each row's rid is a number no other row has, the counter goes on from there
        if "version" not in {row[1] for row in conn.execute("PRAGMA table_info(items)")}:  # idempotent
            conn.execute("ALTER TABLE items ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
        conn.execute("UPDATE items SET version = rid")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('last_version', (SELECT coalesce(max(rid), 0) FROM items))")
        log.info("%s: index schema 2 -> 3, document versions added", where)
    if version < 4:
        repaired = drop_future_dates(conn)
        log.warning("%s: index schema 3 -> 4, %d items dated in the future made undated", where, repaired)
    if version < 5:  # dropped first: a file a test set back to an older version has the table already
        conn.execute("DROP TABLE IF EXISTS items_fold")
        conn.execute(FOLD_TABLE)
        rows = [(rid, *folded_values(doc_fts(json.loads(doc)))) for rid, doc in conn.execute("SELECT rid, doc FROM docs")]
        conn.executemany(FOLD_INSERT, rows)
        log.info("%s: index schema 4 -> 5, %d items in the folded full-text table", where, len(rows))
    if version < 6:
        added = retag(conn, ("emotion", "false_info", "near_dup_key"))
        log.info("%s: index schema 5 -> 6, %d emotion, false-information and near-duplicate tags", where, added)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))


def retag(conn: sqlite3.Connection, fields: Sequence[str]) -> int:
    """Write again every item's tags of ``fields`` from its stored Item; returns the tags written."""
    conn.execute(f"DELETE FROM item_tags WHERE field IN ({placeholders(fields)})", tuple(fields))
    tags: set[tuple[int, str, str]] = set()
    for rid, doc in conn.execute("SELECT rid, doc FROM docs"):
        tags |= {tag for tag in item_tags(rid, Item.from_json(doc)) if tag[1] in fields}
    conn.executemany("INSERT INTO item_tags VALUES (?, ?, ?)", sorted(tags))
    return len(tags)


# Rows whose effective time lies beyond their fetch time plus the tolerance (julianday: any SQLite).
_FUTURE_ROWS = (
    "SELECT i.rid, d.doc FROM items i JOIN docs d USING (rid) "
    "WHERE i.ts > CAST((julianday(i.fetched_at) - 2440587.5) * 86400000000 AS INTEGER) + ?"
)


def drop_future_dates(conn: sqlite3.Connection) -> int:
    """Rewrite the items stored with a publication date later than their fetch (plus
    :data:`~langnghe.item.FUTURE_TOLERANCE`) as the Item now reads them: undated, flagged. An
    earlier version stored such dates; a 9999 one overflowed the histograms and roll-ups."""
    rows = conn.execute(_FUTURE_ROWS, (FUTURE_TOLERANCE // timedelta(microseconds=1),)).fetchall()
    if not rows:
        return 0
    first = take_versions(conn, len(rows))
    for offset, (rid, doc) in enumerate(rows):
        item = Item.from_json(doc)  # the Item boundary drops the date
        conn.execute(UPSERT_DOC, (rid, item.to_json()))
        conn.execute(UPSERT_ITEM, item_row(rid, item, first + offset))
    return len(rows)
