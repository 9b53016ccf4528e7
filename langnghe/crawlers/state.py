"""What the crawler remembers between runs, in ``data_dir/crawl_state.sqlite3``: the embedded
implementation of the crawl ledger port (:mod:`langnghe.crawlers.ledger`).

- ``validators``: the ETag and Last-Modified each feed, listing or API URL last answered
  with, sent back as If-None-Match / If-Modified-Since so an unchanged source answers 304.
  A validator is stored only after its response was parsed (:meth:`CrawlState.remember`),
  so a crawl that died half-way asks again in full. robots.txt bodies are kept beside
  their validators: a 304 for robots.txt is answered from here.
- ``seen``: canonical URLs (and native ids) already queued, per source, so a re-crawl does
  not download an article again.
- ``files``: collaborator drop files already read (path, size, modification time, hash).

Several crawl children may run at once (one per scheduled source): WAL and short
``BEGIN IMMEDIATE`` transactions keep them out of each other's way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from langnghe.crawlers.ledger import DropFile, Validators
from langnghe.item import utcnow
from langnghe.paths import DataPaths
from langnghe.storage import in_chunks, open_store, placeholders, write_transaction

if TYPE_CHECKING:
    from langnghe.crawlers.syndication import SyndicationIndex

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS validators (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, body BLOB, updated_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS seen (
        source TEXT NOT NULL, key TEXT NOT NULL, item_id TEXT, first_seen TEXT NOT NULL,
        PRIMARY KEY (source, key))""",
    """CREATE TABLE IF NOT EXISTS files (
        source TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, mtime REAL NOT NULL,
        sha256 TEXT NOT NULL, items INTEGER NOT NULL, read_at TEXT NOT NULL, PRIMARY KEY (source, path))""",
)


class CrawlState:
    """The embedded :class:`~langnghe.crawlers.ledger.CrawlLedger`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_store(path, _SCHEMA)
        self._lock = threading.Lock()

    @classmethod
    def in_dir(cls, data_dir: Path) -> CrawlState:
        return cls(DataPaths(data_dir).crawl_state)

    def close(self) -> None:
        self._db.close()

    def sketches(self) -> SyndicationIndex:
        """The syndication sketches, in the same file."""
        from langnghe.crawlers.syndication import SyndicationIndex

        return SyndicationIndex(self.path)

    # -- conditional requests ---------------------------------------------------------

    def validators(self, url: str) -> Validators | None:
        with self._lock:
            row = self._db.execute(
                "SELECT etag, last_modified, body FROM validators WHERE url = ?", (url,)
            ).fetchone()
        return Validators(row[0], row[1], row[2]) if row and (row[0] or row[1]) else None

    def remember(self, url: str, etag: str | None, last_modified: str | None, body: bytes | None = None) -> None:
        """Store what ``url`` answered with; without any validator, forget it (the server changed)."""
        with write_transaction(self._db, self._lock) as db:
            if not (etag or last_modified):
                db.execute("DELETE FROM validators WHERE url = ?", (url,))
                return
            db.execute(
                "INSERT INTO validators VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "etag = excluded.etag, last_modified = excluded.last_modified, body = excluded.body, "
                "updated_at = excluded.updated_at",
                (url, etag, last_modified, body, _now()),
            )

    # -- seen URLs ---------------------------------------------------------------------

    def seen(self, source: str, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` this source already queued."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self._lock:
            for chunk in in_chunks(wanted):
                rows = self._db.execute(
                    f"SELECT key FROM seen WHERE source = ? AND key IN ({placeholders(chunk)})", (source, *chunk)
                ).fetchall()
                found.update(row[0] for row in rows)
        return found

    def mark_seen(self, entries: Iterable[tuple[str, str, str | None]]) -> None:
        """``(source, key, item_id)`` rows, called once their items are committed to the queue."""
        rows = [(source, key, item_id, _now()) for source, key, item_id in entries]
        if not rows:
            return
        with write_transaction(self._db, self._lock) as db:
            db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?, ?)", rows)

    def seen_count(self, source: str | None = None) -> int:
        with self._lock:
            if source is None:
                return int(self._db.execute("SELECT count(*) FROM seen").fetchone()[0])
            return int(self._db.execute("SELECT count(*) FROM seen WHERE source = ?", (source,)).fetchone()[0])

    # -- collaborator drop files -------------------------------------------------------

    def file_done(self, source: str, drop: DropFile) -> bool:
        """True when this exact file (same size, time and hash) was read before."""
        with self._lock:
            row = self._db.execute(
                "SELECT size, mtime, sha256 FROM files WHERE source = ? AND path = ?", (source, drop.path)
            ).fetchone()
        return row is not None and row[2] == drop.sha256

    def mark_file(self, source: str, drop: DropFile, items: int) -> None:
        with write_transaction(self._db, self._lock) as db:
            db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                (source, drop.path, drop.size, drop.mtime, drop.sha256, items, _now()),
            )


def _now() -> str:
    return utcnow().isoformat()
