"""The story store: stories, their members and the clustering state, in ``data_dir/stories.sqlite3``
by default (any database :mod:`langnghe.db` opens; SQLite with ``synchronous = NORMAL``, as before).

Tables (SQLAlchemy Core, migrated by the ``stories`` Alembic branch; ``meta`` keeps ``docs``,
the number of items clustered, for IDF):

- ``members``: one row per clustered item (:class:`~langnghe.detection.story_records.Member`):
  its story, its effective time ``ts`` (microseconds since the epoch, UTC), how it
  joined, and the facts a story record counts (source, platform, kind, author
  pseudonym, provinces, keywords, sentiment, emotion, title). Story records are computed from these rows,
  so the state at any past moment (``at``) is the same query with ``ts < at``.
- ``stories``: the clustering state of each story: founding item, first and last item
  time, size, centroid (JSON, term -> weight, heaviest first), places (JSON, key -> items).
- ``signatures``: the MinHash signature of each item long enough to have one
  (``num_perm`` little-endian uint32), for near-duplicates across runs.
- ``df``: document frequency of each term, for IDF.

A batch (:meth:`StoryStore.save`) is written in one transaction, after its items were
written back to the index with their ``story_id``: a run killed in between leaves those
items unassigned here, and the rerun assigns them again, to the same stories.
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import sqlalchemy as sa
from sqlalchemy import Connection

from langnghe.db import Database, Store
from langnghe.db.sql import upsert
from langnghe.errors import InputError
from langnghe.item import FUTURE_TOLERANCE
from langnghe.index.timebuckets import from_micros, to_micros
from langnghe.detection.stories import ClusterState, SeenItem, StoryChanges, StoryParams, StoryState
from langnghe.detection.story_records import Member, Story, keyword_term, summarize_story
from langnghe.detection.threads import Thread, ThreadEntry, ThreadParams, link_threads, sketch_of
from langnghe.storage import in_chunks

if TYPE_CHECKING:
    from langnghe.settings import Settings

Order = Literal["size", "recent"]
_FOREVER = 2**62
log = logging.getLogger(__name__)

metadata = sa.MetaData()
meta = sa.Table("meta", metadata, sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text, nullable=False))
members = sa.Table(
    "members", metadata,
    sa.Column("item_id", sa.Text, primary_key=True), sa.Column("story_id", sa.Text, nullable=False),
    sa.Column("ts", sa.BigInteger, nullable=False), sa.Column("method", sa.Text, nullable=False),
    sa.Column("similarity", sa.Float, nullable=False), sa.Column("source", sa.Text, nullable=False),
    sa.Column("platform", sa.Text, nullable=False), sa.Column("kind", sa.Text, nullable=False),
    sa.Column("author", sa.Text), sa.Column("title", sa.Text, nullable=False),
    sa.Column("provinces", sa.Text, nullable=False), sa.Column("keywords", sa.Text, nullable=False),
    sa.Column("sentiment", sa.Text), sa.Column("emotion", sa.Text),
    sa.Index("members_story", "story_id", "ts"), sa.Index("members_ts", "ts"),
)  # fmt: skip
stories = sa.Table(
    "stories", metadata,
    sa.Column("id", sa.Text, primary_key=True), sa.Column("founder", sa.Text, nullable=False),
    sa.Column("first_seen", sa.BigInteger, nullable=False), sa.Column("last_seen", sa.BigInteger, nullable=False),
    sa.Column("size", sa.Integer, nullable=False), sa.Column("centroid", sa.Text, nullable=False),
    sa.Column("places", sa.Text, nullable=False), sa.Index("stories_last_seen", "last_seen"),
)  # fmt: skip
signatures = sa.Table(
    "signatures", metadata,
    sa.Column("item_id", sa.Text, primary_key=True), sa.Column("ts", sa.BigInteger, nullable=False),
    sa.Column("story_id", sa.Text, nullable=False), sa.Column("signature", sa.LargeBinary, nullable=False),
    sa.Index("signatures_ts", "ts"),
)  # fmt: skip
df = sa.Table("df", metadata, sa.Column("term", sa.Text, primary_key=True), sa.Column("n", sa.Integer, nullable=False),
              sqlite_with_rowid=False)  # fmt: skip


def _member_row(member: Member) -> dict[str, Any]:
    return {
        "item_id": member.item_id, "story_id": member.story_id, "ts": to_micros(member.published_at),
        "method": member.method, "similarity": member.similarity, "source": member.source,
        "platform": member.platform, "kind": member.kind, "author": member.author, "title": member.title,
        "provinces": json.dumps(list(member.provinces), ensure_ascii=False),
        "keywords": json.dumps(list(member.keywords), ensure_ascii=False),
        "sentiment": member.sentiment, "emotion": member.emotion,
    }  # fmt: skip


def _member(row: Any) -> Member:
    return Member(
        item_id=row.item_id, story_id=row.story_id, published_at=from_micros(row.ts), method=row.method,
        similarity=row.similarity, source=row.source, platform=row.platform, kind=row.kind, author=row.author,
        title=row.title, provinces=tuple(json.loads(row.provinces)), keywords=tuple(json.loads(row.keywords)),
        sentiment=row.sentiment, emotion=row.emotion,
    )  # fmt: skip


def _story_row(story: StoryState) -> dict[str, Any]:
    return {
        "id": story.id, "founder": story.founder, "first_seen": story.first_seen, "last_seen": story.last_seen,
        "size": story.size, "centroid": _json(sorted(story.centroid.items(), key=lambda tw: (-tw[1], tw[0]))),
        "places": _json(sorted(story.places.items())),
    }  # fmt: skip


def _json(pairs: list[tuple[str, Any]]) -> str:
    """A JSON object of ``pairs`` in their order: the rows of one state are the same text in
    every process (a set's order, hence a dict's built from it, varies with the hash seed)."""
    return json.dumps(dict(pairs), ensure_ascii=False)


def _story_state(row: Any) -> StoryState:
    return StoryState(row.id, row.founder, row.first_seen, row.last_seen, row.size, json.loads(row.centroid),
                      json.loads(row.places))  # fmt: skip


def _micros(moment: datetime | None, default: int) -> int:
    if moment is None:
        return default
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(f"story time {moment.isoformat()} must be timezone-aware")
    return to_micros(moment)


_DOCS = sa.select(meta.c.value).where(meta.c.key == "docs")


class StoryStore(Store):
    """Stories in one database (see module docs). One instance may be shared by threads."""

    def __init__(self, target: str | Path) -> None:
        self.path = target
        self._db = Database(target, "stories", synchronous="NORMAL")

    # -- the clustering job's side ------------------------------------------------------

    def load_state(self, since: datetime, params: StoryParams) -> ClusterState:
        """What clustering items from ``since`` on needs: stories and signatures of the
        longer window before it (and anything later), and all document frequencies."""
        start = _micros(since, 0) - params.memory_us
        seen_query = (sa.select(signatures.c.item_id, signatures.c.ts, signatures.c.story_id, signatures.c.signature)
                      .where(signatures.c.ts >= start).order_by(signatures.c.ts, signatures.c.item_id))  # fmt: skip
        with self._db.read() as db:
            found = db.execute(stories.select().where(stories.c.last_seen >= start).order_by(stories.c.id))
            states = [_story_state(row) for row in found]
            seen = [SeenItem(row.item_id, row.ts, row.story_id, np.frombuffer(row.signature, dtype="<u4").copy())
                    for row in db.execute(seen_query)]  # fmt: skip
            frequencies = {row.term: row.n for row in db.execute(sa.select(df.c.term, df.c.n))}
            docs = int(db.execute(_DOCS).scalar_one())
        return ClusterState(stories=states, seen=seen, df=frequencies, docs=docs)

    def save(self, changes: StoryChanges, batch: Sequence[Member]) -> None:
        """Write one batch: its members, the stories it touched, signatures, frequencies."""
        signed = [
            {"item_id": s.item_id, "ts": s.ts, "story_id": s.story_id, "signature": s.signature.astype("<u4").tobytes()}
            for s in changes.seen if s.signature is not None
        ]  # fmt: skip
        counted = [{"term": term, "n": n} for term, n in sorted(changes.df.items())]
        with self._db.write() as db:
            upsert(db, members, [_member_row(m) for m in batch])
            upsert(db, stories, [_story_row(s) for s in changes.stories])
            upsert(db, signatures, signed)
            upsert(db, df, counted, updates=lambda insert: {"n": df.c.n + insert.excluded.n})
            db.execute(meta.update().where(meta.c.key == "docs")
                       .values(value=sa.cast(sa.cast(meta.c.value, sa.BigInteger) + changes.docs, sa.Text)))

    def clear(self) -> None:
        """Forget every story (before re-clustering from scratch)."""
        with self._db.write() as db:
            for table in (members, stories, signatures, df):
                db.execute(table.delete())
            db.execute(meta.update().where(meta.c.key == "docs").values(value="0"))

    def parent_stories(self, item_ids: Sequence[str]) -> dict[str, StoryState]:
        """The saved story of each of these items that has one (comments join their post's)."""
        found: dict[str, StoryState] = {}
        with self._db.read() as db:
            for chunk in in_chunks(list(dict.fromkeys(item_ids))):
                query = (sa.select(members.c.item_id.label("member"), *stories.columns)
                         .join(stories, stories.c.id == members.c.story_id).where(members.c.item_id.in_(chunk)))
                found.update((row.member, _story_state(row)) for row in db.execute(query))
        return found

    # -- readers (the CLI, emerging issues, the digest) ----------------------------------

    def story_of(self, item_ids: Sequence[str]) -> dict[str, str]:
        """``{item id: story id}`` for the given items that have been clustered."""
        found: dict[str, str] = {}
        with self._db.read() as db:
            for chunk in in_chunks(list(item_ids)):
                query = sa.select(members.c.item_id, members.c.story_id).where(members.c.item_id.in_(chunk))
                found.update((row.item_id, row.story_id) for row in db.execute(query))
        return found

    def frontier(self, now: datetime | None = None) -> datetime | None:
        """The time of the newest clustered item, or ``None`` when nothing is clustered.

        Items clustered with a date after ``now`` (plus the Item's tolerance) are left out, with a
        warning: an earlier version stored such dates (9999), and a frontier there would never let
        a new item be clustered again."""
        limit = to_micros((now or datetime.now(timezone.utc)) + FUTURE_TOLERANCE)
        with self._db.read() as db:
            newest = db.execute(sa.select(sa.func.max(members.c.ts)).where(members.c.ts <= limit)).scalar()
            beyond = db.execute(sa.select(sa.func.count()).where(members.c.ts > limit)).scalar_one()
        if beyond:
            log.warning("story store: %d clustered items dated in the future are left out of the frontier", beyond)
        return None if newest is None else from_micros(newest)

    def totals(self, *, at: datetime | None = None) -> tuple[int, int]:
        """(stories, items) clustered from items published before ``at`` (default: all)."""
        query = (sa.select(sa.func.count(sa.distinct(members.c.story_id)), sa.func.count())
                 .where(members.c.ts < _micros(at, _FOREVER)))  # fmt: skip
        with self._db.read() as db:
            n_stories, n_items = db.execute(query).one()
        return int(n_stories), int(n_items)

    def stories(
        self,
        *,
        at: datetime | None = None,
        active_since: datetime | None = None,
        min_size: int = 1,
        limit: int | None = None,
        order: Order = "size",
    ) -> list[Story]:
        """Stories as they were at ``at`` (from the items published before it; default: now).

        Only stories with at least ``min_size`` such items, the newest of them at or after
        ``active_since``. ``order="size"``: largest first, then most recent; ``"recent"``:
        most recent last item first, then largest.
        """
        if order not in ("size", "recent"):
            raise InputError(f"stories: order must be 'size' or 'recent' (got {order!r})")
        before, after = _micros(at, _FOREVER), _micros(active_since, -_FOREVER)
        n, last = sa.func.count().label("n"), sa.func.max(members.c.ts).label("last")
        ranking = (n.desc(), last.desc()) if order == "size" else (last.desc(), n.desc())
        query = (sa.select(members.c.story_id, n, last).where(members.c.ts < before).group_by(members.c.story_id)
                 .having(sa.and_(sa.func.count() >= min_size, sa.func.max(members.c.ts) >= after))
                 .order_by(*ranking, members.c.story_id).limit(limit))  # fmt: skip
        with self._db.read() as db:  # one snapshot for the ranking and the members
            chosen = [row.story_id for row in db.execute(query)]
            grouped = _members_of(db, chosen, before)
            idf = _keyword_idf(db, grouped.values())
        return [summarize_story(story_id, grouped[story_id], idf) for story_id in chosen]

    def story(self, story_id: str, *, at: datetime | None = None) -> Story | None:
        """One story as it was at ``at`` (``None`` if it had no item by then)."""
        with self._db.read() as db:
            found = _members_of(db, [story_id], _micros(at, _FOREVER)).get(story_id)
            idf = _keyword_idf(db, [found]) if found else {}
        return summarize_story(story_id, found, idf) if found else None

    def stories_of(self, story_ids: Sequence[str], *, at: datetime | None = None) -> dict[str, Story]:
        """``{story id: the story as it was at at}`` for several stories in one read (as :meth:`story`
        gives each); ids without an item by then are left out."""
        with self._db.read() as db:
            found = _members_of(db, list(dict.fromkeys(story_ids)), _micros(at, _FOREVER))
            idf = _keyword_idf(db, found.values()) if found else {}
        return {story_id: summarize_story(story_id, group, idf) for story_id, group in found.items()}

    def members(self, story_id: str, *, at: datetime | None = None, since: datetime | None = None) -> list[Member]:
        """A story's members published in [since, at), oldest first."""
        return self.members_of([story_id], at=at, since=since).get(story_id, [])

    def members_of(
        self, story_ids: Sequence[str], *, at: datetime | None = None, since: datetime | None = None
    ) -> dict[str, list[Member]]:
        """``{story id: members published in [since, at), oldest first}``; stories without any are left out."""
        with self._db.read() as db:
            return _members_of(db, story_ids, _micros(at, _FOREVER), _micros(since, -_FOREVER))

    def counts(self, since: datetime, until: datetime, *, min_count: int = 1) -> dict[str, int]:
        """Items per story published in [since, until), largest first (for growth figures)."""
        n = sa.func.count().label("n")
        query = (sa.select(members.c.story_id, n)
                 .where(members.c.ts >= _micros(since, 0), members.c.ts < _micros(until, 0))
                 .group_by(members.c.story_id).having(sa.func.count() >= min_count)
                 .order_by(n.desc(), members.c.story_id))  # fmt: skip
        with self._db.read() as db:
            return {row.story_id: int(row.n) for row in db.execute(query)}


    # -- event threads (computed when read: see :meth:`threads_of`) -------------------------

    def threads_of(
        self, story_ids: Sequence[str], at: datetime | None = None, params: ThreadParams | None = None
    ) -> dict[str, Thread]:
        """``{story id: its event thread}`` for these stories, as of ``at`` (default: now).

        Threads are not stored: they are linked here, the same way on every call, from the
        stories begun before ``at`` and seen within ``params.lookback`` of it (at least
        ``params.min_size`` items), so the embedded and the server databases, and either
        index backend beside them, give the same threads, and a thread follows its stories as
        they grow. One query of the story table's rows (a centroid each), then the members of
        the threads asked for, for their timelines; a story linked to no other is left out
        (a thread of one story tells nothing more than the story)."""
        params = params or ThreadParams()
        before = _micros(at, _FOREVER)
        since = _micros((at or datetime.now(timezone.utc)) - params.lookback, 0)
        query = (stories.select().where(stories.c.first_seen < before, stories.c.last_seen >= since,
                                        stories.c.size >= params.min_size).order_by(stories.c.id))  # fmt: skip
        with self._db.read() as db:
            states = [_story_state(row) for row in db.execute(query)]
        linked = link_threads((sketch_of(state) for state in states), params)
        sizes = Counter(linked.values())
        wanted = {linked[story_id] for story_id in story_ids if sizes[linked.get(story_id, "")] > 1}
        threads = {story_id: thread for story_id, thread in linked.items() if thread in wanted}
        grouped = self.members_of(sorted(threads), at=at)
        entries = {story_id: _entry(summarize_story(story_id, found)) for story_id, found in grouped.items()}
        timelines: dict[str, list[ThreadEntry]] = {}
        for story_id, thread_id in sorted(threads.items()):
            if story_id in entries:
                timelines.setdefault(thread_id, []).append(entries[story_id])
        made = {thread_id: Thread(thread_id, tuple(sorted(timeline, key=lambda e: (e.first_seen, e.story_id))))
                for thread_id, timeline in timelines.items()}  # fmt: skip
        return {story_id: made[threads[story_id]] for story_id in story_ids if threads.get(story_id) in made}


def _entry(story: Story) -> ThreadEntry:
    return ThreadEntry(story.id, story.first_seen, story.last_seen, story.size, story.title, story.title_item_id)


def _keyword_idf(db: Connection, groups: Iterable[list[Member]]) -> dict[str, float]:
    """IDF of the members' keywords from the document frequencies (now, also for ``at``:
    it only ranks keywords)."""
    terms = sorted({keyword_term(k) for group in groups for m in group for k in m.keywords})
    docs, found = int(db.execute(_DOCS).scalar_one()), dict[str, int]()
    for chunk in in_chunks(terms):
        found.update((row.term, row.n) for row in db.execute(sa.select(df.c.term, df.c.n).where(df.c.term.in_(chunk))))
    return {term: math.log((docs + 1) / (found.get(term, 0) + 1)) + 1.0 for term in terms}


def _members_of(db: Connection, story_ids: Sequence[str], before: int, after: int = -_FOREVER) -> dict[str, list[Member]]:
    found: dict[str, list[Member]] = {}
    for chunk in in_chunks(list(story_ids)):
        query = (members.select()
                 .where(members.c.story_id.in_(chunk), members.c.ts < before, members.c.ts >= after)
                 .order_by(members.c.story_id, members.c.ts, members.c.item_id))  # fmt: skip
        for row in db.execute(query):
            found.setdefault(row.story_id, []).append(_member(row))
    return found


def open_story_store(settings: Settings) -> StoryStore:
    """The story store of ``settings``' data folder (``stories.sqlite3``), created if needed."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return StoryStore(settings.store_target("stories"))
