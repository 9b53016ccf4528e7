"""Statements the typed stores share, written once for SQLite and PostgreSQL (both speak
``INSERT ... ON CONFLICT``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

Insert = sqlite.Insert | postgresql.Insert
Row = Mapping[str, Any]


def insert_for(connection: Connection, table: sa.Table) -> Insert:
    """The dialect's ``INSERT`` for ``table``: the one with ``on_conflict_*``."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def upsert(
    connection: Connection,
    table: sa.Table,
    rows: Sequence[Row],
    *,
    updates: Callable[[Insert], Mapping[str, Any]] | None = None,
) -> None:
    """Insert ``rows``; a row whose primary key is taken updates the stored one: every other
    column (``INSERT OR REPLACE``), or what ``updates(insert)`` says (``insert.excluded`` is the
    new row)."""
    if not rows:
        return
    insert = insert_for(connection, table)
    keys = [column.name for column in table.primary_key]
    assignments = updates(insert) if updates else {
        column.name: insert.excluded[column.name] for column in table.columns if column.name not in keys
    }  # fmt: skip
    connection.execute(insert.on_conflict_do_update(index_elements=keys, set_=dict(assignments)), list(rows))


def insert_missing(connection: Connection, table: sa.Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` whose primary key is not taken; the others are left as stored."""
    if rows:
        connection.execute(insert_for(connection, table).on_conflict_do_nothing(), list(rows))
