"""Syndicated copies across outlets: one shared ``near_dup_key`` instead of a dropped item.

Provincial papers reprint national wire stories with a new headline, a trimmed lead or an
added paragraph; an exact-text hash misses those. Each crawled text gets a MinHash
(datasketch) of its word 3-shingles; LSH bands (16 x 4 of 64 permutations: pairs from
a Jaccard of about 0.5 become candidates) are kept in the crawl state, and a candidate whose
estimated Jaccard reaches :data:`THRESHOLD` is the same story. The key is the id of the
first item seen with that text, so every copy, from any outlet and any crawl, carries it
in ``item.nlp.near_dup_key`` (the NLP stage keeps it). Every copy is still stored.

Texts under :data:`MIN_WORDS` words (a caption, a one-line post) get no key: short texts
share shingles by chance. Entries older than :data:`KEEP_DAYS` are pruned: syndication
happens within days.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path

import numpy as np

from langnghe.crawlers.ledger import SKETCH_KEEP_DAYS, SyndicationSketches
from langnghe.item import Item, NlpResult, utcnow
from langnghe.storage import in_chunks, open_store, placeholders, write_transaction

NUM_PERM = 64
BANDS, ROWS = 16, 4
THRESHOLD = 0.6
MIN_WORDS = 40
KEEP_DAYS = SKETCH_KEEP_DAYS
SEED = 7

_WORD = re.compile(r"[^\W\d_]+")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS syndication_band (band INTEGER NOT NULL, hash BLOB NOT NULL, key TEXT NOT NULL,"
    " PRIMARY KEY (band, hash, key))",
    "CREATE TABLE IF NOT EXISTS syndication_text (key TEXT PRIMARY KEY, signature BLOB NOT NULL, at TEXT NOT NULL)",
    # prune() runs at the start of every crawl: find the old entries without reading them all
    "CREATE INDEX IF NOT EXISTS syndication_text_at ON syndication_text (at)",
)


def shingles(text: str, size: int = 3) -> set[str]:
    """Word ``size``-grams of the text, lower-cased, NFC, letters only (numbers and punctuation vary between copies)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return {" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


def signature(text: str) -> np.ndarray | None:
    """The text's MinHash values, or None when the text is too short to compare."""
    grams = shingles(text)
    if len(grams) < MIN_WORDS - 2:
        return None
    from datasketch import MinHash  # 0.8 s to import (scipy): only once a text is long enough

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([gram.encode("utf-8") for gram in grams])
    values: np.ndarray = minhash.hashvalues.astype(np.uint64)
    return values


def _bands(values: np.ndarray) -> list[bytes]:
    return [values[b * ROWS : (b + 1) * ROWS].tobytes() for b in range(BANDS)]


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


class SyndicationIndex:
    """The LSH index in ``crawl_state.sqlite3``, shared by every crawl process: the embedded
    :class:`~langnghe.crawlers.ledger.SyndicationSketches`."""

    def __init__(self, path: Path) -> None:
        self._db = open_store(path, _SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def key_for(self, item_id: str, text: str) -> str | None:
        """The shared key of this text: an earlier near-copy's, else ``item_id`` (then remembered)."""
        return self.keys_for([(item_id, text)])[0]

    def keys_for(self, texts: Sequence[tuple[str, str]]) -> list[str | None]:
        """:meth:`key_for` of each ``(item_id, text)``, in order (a copy may follow its original), one transaction."""
        signed = [(item_id, signature(text)) for item_id, text in texts]
        if all(values is None for _, values in signed):
            return [None] * len(signed)
        keys: list[str | None] = []
        with write_transaction(self._db, self._lock) as db:
            for item_id, values in signed:
                keys.append(None if values is None else self._key(db, item_id, values))
        return keys

    def _key(self, db: sqlite3.Connection, item_id: str, values: np.ndarray) -> str:
        bands = _bands(values)
        found = self._best_match(db, item_id, values, bands)
        key = found or item_id
        if found is None or found == item_id:
            db.execute("INSERT OR REPLACE INTO syndication_text VALUES (?, ?, ?)", (key, values.tobytes(), utcnow().isoformat()))
            db.executemany(
                "INSERT OR IGNORE INTO syndication_band VALUES (?, ?, ?)",
                [(band, digest, key) for band, digest in enumerate(bands)],
            )
        return key

    def _best_match(self, db: sqlite3.Connection, item_id: str, values: np.ndarray, bands: list[bytes]) -> str | None:
        candidates: set[str] = set()
        for band, digest in enumerate(bands):
            rows = db.execute("SELECT key FROM syndication_band WHERE band = ? AND hash = ?", (band, digest))
            candidates.update(row[0] for row in rows)
        if item_id in candidates:
            return item_id  # the same article again (a re-crawl): its own key
        best, best_score = None, THRESHOLD
        for key in sorted(candidates):
            row = db.execute("SELECT signature FROM syndication_text WHERE key = ?", (key,)).fetchone()
            if row is None:
                continue
            score = _similarity(values, np.frombuffer(row[0], dtype=np.uint64))
            if score >= best_score:
                best, best_score = key, score
        return best

    def prune(self, keep: timedelta = timedelta(days=KEEP_DAYS)) -> int:
        cutoff = (utcnow() - keep).isoformat()
        with write_transaction(self._db, self._lock) as db:
            old = [row[0] for row in db.execute("SELECT key FROM syndication_text WHERE at < ?", (cutoff,))]
            for chunk in in_chunks(old):
                db.execute(f"DELETE FROM syndication_band WHERE key IN ({placeholders(chunk)})", chunk)
                db.execute(f"DELETE FROM syndication_text WHERE key IN ({placeholders(chunk)})", chunk)
        return len(old)


def with_syndication_keys(items: Iterable[Item], index: SyndicationSketches) -> list[Item]:
    """Copies of ``items`` whose ``nlp.near_dup_key`` is their syndication key (when they have one)."""
    items = list(items)
    keys = index.keys_for([(item.id, f"{item.title}\n{item.text}") for item in items])
    out = []
    for item, key in zip(items, keys):
        if key is None:
            out.append(item)
            continue
        nlp = item.nlp.model_copy(update={"near_dup_key": key}) if item.nlp else NlpResult(near_dup_key=key)
        out.append(item.model_copy(update={"nlp": nlp}))
    return out
