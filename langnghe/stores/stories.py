"""The story store: stories, their members and the clustering state, in ``data_dir/stories.sqlite3``.

Tables (schema version :data:`SCHEMA_VERSION`, kept in ``meta`` with ``docs``, the
number of items clustered, for IDF):

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
import math
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from langnghe.errors import InputError
from langnghe.index.timebuckets import from_micros, to_micros
from langnghe.detection.stories import ClusterState, SeenItem, StoryChanges, StoryParams, StoryState
from langnghe.detection.story_records import Member, Story, keyword_term, summarize_story
from langnghe.storage import in_chunks, placeholders, write_transaction

if TYPE_CHECKING:
    from langnghe.settings import Settings

SCHEMA_VERSION = 1
Order = Literal["size", "recent"]
_FOREVER = 2**62

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE members (item_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, ts INTEGER NOT NULL,
        method TEXT NOT NULL, similarity REAL NOT NULL, source TEXT NOT NULL, platform TEXT NOT NULL,
        kind TEXT NOT NULL, author TEXT, title TEXT NOT NULL, provinces TEXT NOT NULL, keywords TEXT NOT NULL,
        sentiment TEXT, emotion TEXT)""",
    "CREATE INDEX members_story ON members(story_id, ts)",
    "CREATE INDEX members_ts ON members(ts)",
    """CREATE TABLE stories (id TEXT PRIMARY KEY, founder TEXT NOT NULL, first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL, size INTEGER NOT NULL, centroid TEXT NOT NULL, places TEXT NOT NULL)""",
    "CREATE INDEX stories_last_seen ON stories(last_seen)",
    """CREATE TABLE signatures (item_id TEXT PRIMARY KEY, ts INTEGER NOT NULL, story_id TEXT NOT NULL,
        signature BLOB NOT NULL)""",
    "CREATE INDEX signatures_ts ON signatures(ts)",
    "CREATE TABLE df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
)
_MEMBER_COLUMNS = (
    "item_id, story_id, ts, method, similarity, source, platform, kind, author, title, provinces, keywords, sentiment, "
    "emotion"
)


def _member_row(member: Member) -> tuple[Any, ...]:
    return (
        member.item_id, member.story_id, to_micros(member.published_at), member.method, member.similarity,
        member.source, member.platform, member.kind, member.author, member.title,
        json.dumps(list(member.provinces), ensure_ascii=False), json.dumps(list(member.keywords), ensure_ascii=False),
        member.sentiment, member.emotion,
    )  # fmt: skip


def _member(row: Sequence[Any]) -> Member:
    return Member(
        item_id=row[0], story_id=row[1], published_at=from_micros(row[2]), method=row[3], similarity=row[4],
        source=row[5], platform=row[6], kind=row[7], author=row[8], title=row[9], provinces=tuple(json.loads(row[10])),
        keywords=tuple(json.loads(row[11])), sentiment=row[12], emotion=row[13],
    )  # fmt: skip


def _story_row(story: StoryState) -> tuple[Any, ...]:
    centroid, places = json.dumps(story.centroid, ensure_ascii=False), json.dumps(story.places, ensure_ascii=False)
    return (story.id, story.founder, story.first_seen, story.last_seen, story.size, centroid, places)


def _story_state(row: Sequence[Any]) -> StoryState:
    return StoryState(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), json.loads(row[6]))


def _micros(moment: datetime | None, default: int) -> int:
    if moment is None:
        return default
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(f"story time {moment.isoformat()} must be timezone-aware")
    return to_micros(moment)


class StoryStore:
    """Stories in one SQLite file (see module docs). One instance may be shared by threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL"):
            self._db.execute(f"PRAGMA {pragma}")
        with self._transaction() as db:
            known = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
            if known is None:
                for statement in _SCHEMA:
                    db.execute(statement)
                db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema_version", str(SCHEMA_VERSION)), ("docs", "0")])
            version = int(db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise InputError(f"{self.path}: story store version {version} is newer than this langnghe; upgrade it")

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self._db, self._lock)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> StoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the clustering job's side ------------------------------------------------------

    def load_state(self, since: datetime, params: StoryParams) -> ClusterState:
        """What clustering items from ``since`` on needs: stories and signatures of the
        longer window before it (and anything later), and all document frequencies."""
        start = _micros(since, 0) - params.memory_us
        stories = [_story_state(r) for r in self._rows("SELECT * FROM stories WHERE last_seen >= ? ORDER BY id", (start,))]
        seen = [
            SeenItem(item_id, ts, story_id, np.frombuffer(blob, dtype="<u4").copy())
            for item_id, ts, story_id, blob in self._rows(
                "SELECT item_id, ts, story_id, signature FROM signatures WHERE ts >= ? ORDER BY ts, item_id", (start,)
            )
        ]
        df = dict(self._rows("SELECT term, n FROM df"))
        return ClusterState(stories=stories, seen=seen, df=df, docs=self._docs())

    def _docs(self) -> int:
        return int(self._rows("SELECT value FROM meta WHERE key = 'docs'")[0][0])

    def save(self, changes: StoryChanges, members: Sequence[Member]) -> None:
        """Write one batch: its members, the stories it touched, signatures, frequencies."""
        signatures = [
            (s.item_id, s.ts, s.story_id, s.signature.astype("<u4").tobytes())
            for s in changes.seen if s.signature is not None
        ]  # fmt: skip
        with self._transaction() as db:
            db.executemany(f"INSERT OR REPLACE INTO members ({_MEMBER_COLUMNS}) VALUES ({placeholders(range(14))})",
                           [_member_row(m) for m in members])
            db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [_story_row(s) for s in changes.stories])
            db.executemany("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?, ?)", signatures)
            db.executemany("INSERT INTO df VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
                           sorted(changes.df.items()))
            db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'docs'", (changes.docs,))

    def clear(self) -> None:
        """Forget every story (before re-clustering from scratch)."""
        with self._transaction() as db:
            for table in ("members", "stories", "signatures", "df"):
                db.execute(f"DELETE FROM {table}")
            db.execute("UPDATE meta SET value = '0' WHERE key = 'docs'")

    def parent_stories(self, item_ids: Sequence[str]) -> dict[str, StoryState]:
        """The saved story of each of these items that has one (comments join their post's)."""
        found: dict[str, StoryState] = {}
        for chunk in in_chunks(list(dict.fromkeys(item_ids))):
            sql = (
                f"SELECT m.item_id, s.* FROM members m JOIN stories s ON s.id = m.story_id "
                f"WHERE m.item_id IN ({placeholders(chunk)})"
            )
            found.update((row[0], _story_state(row[1:])) for row in self._rows(sql, chunk))
        return found

    # -- readers (the CLI, emerging issues, the digest) ----------------------------------

    def story_of(self, item_ids: Sequence[str]) -> dict[str, str]:
        """``{item id: story id}`` for the given items that have been clustered."""
        found: dict[str, str] = {}
        for chunk in in_chunks(list(item_ids)):
            found.update(self._rows(f"SELECT item_id, story_id FROM members WHERE item_id IN ({placeholders(chunk)})", chunk))
        return found

    def frontier(self) -> datetime | None:
        """The time of the newest clustered item, or ``None`` when nothing is clustered."""
        newest = self._rows("SELECT max(ts) FROM members")[0][0]
        return None if newest is None else from_micros(newest)

    def totals(self, *, at: datetime | None = None) -> tuple[int, int]:
        """(stories, items) clustered from items published before ``at`` (default: all)."""
        row = self._rows("SELECT count(DISTINCT story_id), count(*) FROM members WHERE ts < ?", (_micros(at, _FOREVER),))
        return int(row[0][0]), int(row[0][1])

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
        ranking = "n DESC, last DESC" if order == "size" else "last DESC, n DESC"
        sql = (
            "SELECT story_id, count(*) AS n, max(ts) AS last FROM members WHERE ts < ? GROUP BY story_id "
            f"HAVING n >= ? AND last >= ? ORDER BY {ranking}, story_id LIMIT ?"
        )
        chosen = [row[0] for row in self._rows(sql, (before, min_size, after, -1 if limit is None else limit))]
        members = self._members_of(chosen, before)
        idf = self._keyword_idf(members.values())
        return [summarize_story(story_id, members[story_id], idf) for story_id in chosen]

    def story(self, story_id: str, *, at: datetime | None = None) -> Story | None:
        """One story as it was at ``at`` (``None`` if it had no item by then)."""
        members = self._members_of([story_id], _micros(at, _FOREVER)).get(story_id)
        return summarize_story(story_id, members, self._keyword_idf([members])) if members else None

    def members(self, story_id: str, *, at: datetime | None = None, since: datetime | None = None) -> list[Member]:
        """A story's members published in [since, at), oldest first."""
        return self.members_of([story_id], at=at, since=since).get(story_id, [])

    def members_of(
        self, story_ids: Sequence[str], *, at: datetime | None = None, since: datetime | None = None
    ) -> dict[str, list[Member]]:
        """``{story id: members published in [since, at), oldest first}``; stories without any are left out."""
        return self._members_of(story_ids, _micros(at, _FOREVER), _micros(since, -_FOREVER))

    def counts(self, since: datetime, until: datetime, *, min_count: int = 1) -> dict[str, int]:
        """Items per story published in [since, until), largest first (for growth figures)."""
        sql = (
            "SELECT story_id, count(*) AS n FROM members WHERE ts >= ? AND ts < ? GROUP BY story_id "
            "HAVING n >= ? ORDER BY n DESC, story_id"
        )
        return dict(self._rows(sql, (_micros(since, 0), _micros(until, 0), min_count)))

    def _keyword_idf(self, groups: Iterable[list[Member]]) -> dict[str, float]:
        """IDF of the members' keywords from the document frequencies (now, also for ``at``:
        it only ranks keywords)."""
        terms = sorted({keyword_term(k) for members in groups for m in members for k in m.keywords})
        docs, found = self._docs(), dict[str, int]()
        for chunk in in_chunks(terms):
            found.update(self._rows(f"SELECT term, n FROM df WHERE term IN ({placeholders(chunk)})", chunk))
        return {term: math.log((docs + 1) / (found.get(term, 0) + 1)) + 1.0 for term in terms}

    def _members_of(self, story_ids: Sequence[str], before: int, after: int = -_FOREVER) -> dict[str, list[Member]]:
        found: dict[str, list[Member]] = {}
        for chunk in in_chunks(list(story_ids)):
            sql = (
                f"SELECT {_MEMBER_COLUMNS} FROM members WHERE story_id IN ({placeholders(chunk)}) AND ts < ? AND ts >= ? "
                "ORDER BY story_id, ts, item_id"
            )
            for row in self._rows(sql, [*chunk, before, after]):
                found.setdefault(row[1], []).append(_member(row))
        return found


def open_story_store(settings: Settings) -> StoryStore:
    """The story store of ``settings``' data folder (``stories.sqlite3``), created if needed."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return StoryStore(settings.paths.stories)
