"""The crawl ledger port: what the crawler remembers between runs, behind Protocols.

The crawler (its middlewares, its item pipeline, the collaborators' drop folder) talks to a
:class:`CrawlLedger` and the syndication sketches it hands out, never to a file: the embedded
implementation is :class:`langnghe.crawlers.state.CrawlState` on ``data_dir/crawl_state.sqlite3``
(WAL, shared by the crawl children of one machine); the distributed mode puts another
implementation behind the same methods. What each part holds:

- validators: the ETag and Last-Modified each feed, listing or API URL last answered with (and
  robots.txt bodies), stored only once the response was parsed;
- seen: canonical URLs and native ids already queued, per source;
- files: collaborator drop files already read (path, size, modification time, SHA-256);
- syndication sketches: MinHash signatures of recent article texts, so that a reprint gets its
  original's key.

Content hashes of queued items live with the item stream itself (a re-crawl of unchanged
content is not queued again: :meth:`langnghe.queue.base.ItemQueue.upsert`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

SKETCH_KEEP_DAYS = 14  # how long a text's sketch is kept for matching reprints


@dataclass(frozen=True)
class Validators:
    """What a URL last answered with, for a conditional request."""

    etag: str | None
    last_modified: str | None
    body: bytes | None = None  # robots.txt only: a 304 is answered from here

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True)
class DropFile:
    """A collaborator's file in the drop folder, as it was when read."""

    path: str
    size: int
    mtime: float
    sha256: str


class SyndicationSketches(Protocol):
    def keys_for(self, texts: Sequence[tuple[str, str]]) -> list[str | None]:
        """The shared key of each ``(item_id, text)`` in order: an earlier near-copy's, else
        the item's own id (then remembered); None for a text too short to sketch."""

    def prune(self, keep: timedelta = timedelta(days=SKETCH_KEEP_DAYS)) -> int:
        """Forget sketches older than ``keep``; returns how many went."""

    def close(self) -> None: ...


class CrawlLedger(Protocol):
    def validators(self, url: str) -> Validators | None: ...

    def remember(self, url: str, etag: str | None, last_modified: str | None, body: bytes | None = None) -> None:
        """Store a URL's validators once its response was parsed."""

    def seen(self, source: str, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` already queued for ``source``."""

    def mark_seen(self, entries: Iterable[tuple[str, str, str | None]]) -> None:
        """Remember ``(source, key, item_id)`` entries as queued."""

    def seen_count(self, source: str | None = None) -> int: ...

    def file_done(self, source: str, drop: DropFile) -> bool:
        """Whether this very file (same size, time and hash) was read before."""

    def mark_file(self, source: str, drop: DropFile, items: int) -> None: ...

    def sketches(self) -> SyndicationSketches:
        """The syndication sketches (opened by the caller, closed by it)."""

    def close(self) -> None: ...


def open_crawl_ledger(data_dir: Path) -> CrawlLedger:
    """The ledger of the data folder (the embedded SQLite implementation)."""
    from langnghe.crawlers.state import CrawlState

    return CrawlState.in_dir(data_dir)
