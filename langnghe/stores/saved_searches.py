"""Saved searches: watch-lists analysts make in the web app (``data_dir/saved_searches.sqlite3`` by
default; any database :mod:`langnghe.db` opens, the ``saved`` Alembic branch).

A saved search is a ``topics.yaml`` watch topic kept in a store instead of the file: a name and
a query in the query language of ``langnghe search``, checked by the same parser the enrich
stage compiles watch topics with (:class:`langnghe.index.watch.WatchList`). Each has an owner
(a user id of the account store) and a ``shared`` flag:

- a **shared** one is a watch topic of the whole deployment, exactly like a ``topics.yaml``
  entry: the enrich stage tags the items it finds (``item.watch_topics``, with the id
  ``saved-<n>``), the alerts and the digest count and name it;
- a **private** one is its owner's: it shows in the owner's views only, and tags nothing (the
  tags, the alerts, the digest and the exports are seen by everyone).

:func:`watch_topics` is the one function every reader of watch topics calls: ``topics.yaml``'s
topics, then the saved searches. Like an edit of ``topics.yaml``, a new or changed saved search
tags the items enriched from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from langnghe.config import SAVED_TOPIC_PREFIX, TopicConfig, load_topics
from langnghe.db import Database, Store
from langnghe.db.times import from_micros, to_micros
from langnghe.errors import InputError
from langnghe.index.query import QueryError, parse
from langnghe.index.watch import compile_matcher
from langnghe.settings import Settings

TOPIC_PREFIX = SAVED_TOPIC_PREFIX  # topics.yaml refuses ids with it (langnghe.config)
MAX_NAME = 120
MAX_QUERY = 2000
MAX_DESCRIPTION = 500

metadata = sa.MetaData()
saved_searches = sa.Table(
    "saved_searches", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False), sa.Column("query", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.BigInteger, nullable=False), sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.Index("saved_searches_owner", "owner_id"),
)  # fmt: skip


@dataclass(frozen=True)
class SavedDraft:
    """What a person typed, checked: a name, a query that parses, a description, shared or not."""

    name: str
    query: str
    description: str = ""
    shared: bool = False


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    description: str
    owner_id: int
    shared: bool
    created_at: datetime  # UTC
    updated_at: datetime  # UTC

    @property
    def topic_id(self) -> str:
        """Its id among the watch topics (``item.watch_topics``, facets, alerts)."""
        return f"{TOPIC_PREFIX}{self.id}"

    def topic(self) -> TopicConfig:
        return TopicConfig(id=self.topic_id, name=self.name, query=self.query, description=self.description)

    def visible_to(self, user_id: int | None) -> bool:
        return self.shared or (user_id is not None and self.owner_id == user_id)


def check_draft(name: str, query: str, description: str = "", shared: bool = False) -> SavedDraft:
    """The draft of ``name`` and ``query``, or :class:`InputError` in one Vietnamese line naming
    the field: the query is parsed and compiled as the enrich stage compiles a watch topic."""
    name, query, description = " ".join(name.split()), query.strip(), description.strip()
    if not name:
        raise InputError("Tên: cần đặt tên cho tìm kiếm đã lưu")
    if len(name) > MAX_NAME:
        raise InputError(f"Tên: dài quá {MAX_NAME} ký tự ({len(name)} ký tự)")
    if not query:
        raise InputError("Truy vấn: cần nhập truy vấn, ví dụ \"cá chết\" OR \"xả thải\"")
    if len(query) > MAX_QUERY:
        raise InputError(f"Truy vấn: dài quá {MAX_QUERY} ký tự ({len(query)} ký tự)")
    if len(description) > MAX_DESCRIPTION:
        raise InputError(f"Mô tả: dài quá {MAX_DESCRIPTION} ký tự ({len(description)} ký tự)")
    try:
        compile_matcher(parse(query))
    except QueryError as exc:
        raise InputError(query_problem(exc)) from None
    return SavedDraft(name, query, description, shared)


def query_problem(exc: QueryError) -> str:
    """A parser error as one Vietnamese line: the field, the character it stopped at, why."""
    at = f"ở ký tự thứ {exc.position + 1}" if exc.query else "ở đầu"
    return f"Truy vấn: sai cú pháp {at}: {exc.reason}"


def _row(row: Any) -> SavedSearch:
    return SavedSearch(row.id, row.name, row.query, row.description, row.owner_id, bool(row.shared),
                       from_micros(row.created_at), from_micros(row.updated_at))  # fmt: skip


class SavedSearchStore(Store):
    """Saved searches; shareable by threads."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "saved")

    def create(self, draft: SavedDraft, owner_id: int, *, now: datetime | None = None) -> SavedSearch:
        moment = to_micros(now or datetime.now(timezone.utc))
        values = {"name": draft.name, "query": draft.query, "description": draft.description,
                  "owner_id": owner_id, "shared": draft.shared, "created_at": moment, "updated_at": moment}
        with self._db.write() as db:
            key = db.execute(saved_searches.insert().values(**values)).inserted_primary_key
        assert key is not None
        found = self.get(int(key[0]))
        assert found is not None
        return found

    def update(self, search_id: int, draft: SavedDraft, *, now: datetime | None = None) -> SavedSearch | None:
        """The saved search with ``draft``'s fields; None when there is no such id."""
        values = {"name": draft.name, "query": draft.query, "description": draft.description,
                  "shared": draft.shared, "updated_at": to_micros(now or datetime.now(timezone.utc))}
        with self._db.write() as db:
            changed = db.execute(saved_searches.update().where(saved_searches.c.id == search_id).values(**values))
        return self.get(search_id) if changed.rowcount else None

    def delete(self, search_id: int) -> bool:
        with self._db.write() as db:
            return bool(db.execute(saved_searches.delete().where(saved_searches.c.id == search_id)).rowcount)

    def get(self, search_id: int) -> SavedSearch | None:
        with self._db.read() as db:
            row = db.execute(saved_searches.select().where(saved_searches.c.id == search_id)).first()
        return _row(row) if row is not None else None

    def visible(self, user_id: int | None) -> list[SavedSearch]:
        """The shared ones and ``user_id``'s own (only the shared when None), oldest first."""
        query = saved_searches.select().order_by(saved_searches.c.id)
        shown: sa.ColumnElement[bool] = saved_searches.c.shared.is_(True)
        if user_id is not None:
            shown = sa.or_(shown, saved_searches.c.owner_id == user_id)
        with self._db.read() as db:
            return [_row(row) for row in db.execute(query.where(shown))]

    def version(self) -> tuple[int, int, int]:
        """Changes whenever a saved search is made, changed or deleted: (count, newest id, last change)."""
        query = sa.select(sa.func.count(), sa.func.max(saved_searches.c.id), sa.func.max(saved_searches.c.updated_at))
        with self._db.read() as db:
            row = db.execute(query).one()
        return int(row[0]), int(row[1] or 0), int(row[2] or 0)

    def all(self) -> list[SavedSearch]:
        with self._db.read() as db:
            return [_row(row) for row in db.execute(saved_searches.select().order_by(saved_searches.c.id))]


def watch_topics(
    settings: Settings, store: SavedSearchStore | None = None, *, user_id: int | None = None
) -> list[TopicConfig]:
    """The watch topics: ``topics.yaml``'s, then the shared saved searches, then ``user_id``'s own
    private ones (for that user's views; None: the deployment's, for the enrich stage, the
    alerts, the digest and the reports).

    ``store`` is the app's port (``app.saved_searches``); without it the store's file is read
    when it exists (a command that reads never creates it)."""
    topics = load_topics(settings.config_dir)
    if store is not None:
        return topics + [saved.topic() for saved in store.visible(user_id)]
    if not settings.store_exists("saved_searches"):
        return topics
    with SavedSearchStore(settings.store_target("saved_searches")) as opened:
        return topics + [saved.topic() for saved in opened.visible(user_id)]
