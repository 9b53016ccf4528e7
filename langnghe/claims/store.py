"""The claim store, ``data_dir/claims.sqlite3``: the claim base, its matches over time, exemplars.

Tables:

- ``claims``: the claim base (``origin`` ``config`` for ``config/claims.yaml`` entries,
  re-synced at each enrich run; ``import`` for ``langnghe claims import``).
- ``claim_matches``: one row per (claim, item) the enrich stage matched, with the
  similarity, method, stance (``spreads``/``refutes``) and cues, and what the spread
  report needs of the item (publication time, source, platform, title, URL,
  provinces, keywords). Re-enriching an item replaces its rows, so reruns are
  idempotent and a changed claim base drops stale matches.
- ``claim_exemplars``: MinHash signatures (bytes) of items that spread a claim, so
  near-duplicate matching keeps learning across runs.

Times are stored as ISO 8601 in UTC plus integer microseconds (``ts``) for ranges:
``--at`` reads only matches of items published before a moment.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from langnghe.claims.model import Claim
from langnghe.claims.stance import Stance
from langnghe.settings import Settings
from langnghe.storage import in_chunks, placeholders


_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS claims (
        id TEXT PRIMARY KEY, claim TEXT NOT NULL, verdict TEXT NOT NULL, published TEXT,
        source TEXT NOT NULL, url TEXT, origin TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS claim_matches (
        claim_id TEXT NOT NULL, item_id TEXT NOT NULL, similarity REAL NOT NULL, method TEXT NOT NULL,
        stance TEXT NOT NULL, cues TEXT NOT NULL, ts INTEGER NOT NULL, published_at TEXT NOT NULL,
        source TEXT NOT NULL, platform TEXT NOT NULL, title TEXT NOT NULL, url TEXT,
        provinces TEXT NOT NULL, keywords TEXT NOT NULL, matched_at TEXT NOT NULL,
        PRIMARY KEY (claim_id, item_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS claim_matches_item ON claim_matches(item_id)",
    "CREATE INDEX IF NOT EXISTS claim_matches_ts ON claim_matches(ts)",
    """CREATE TABLE IF NOT EXISTS claim_exemplars (
        claim_id TEXT NOT NULL, exemplar TEXT NOT NULL, signature BLOB NOT NULL,
        PRIMARY KEY (claim_id, exemplar)) WITHOUT ROWID""",
)


@dataclass(frozen=True)
class MatchRecord:
    """One item matched to one claim, as the spread report reads it."""

    claim_id: str
    item_id: str
    similarity: float
    method: str
    stance: Stance
    published_at: datetime  # the item's publication time (fetch time when unknown), UTC
    source: str
    platform: str
    title: str
    url: str | None = None
    cues: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass
class UpsertReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    ids: list[str] = field(default_factory=list)  # new or updated


def _micros(moment: datetime) -> int:
    return int(moment.astimezone(timezone.utc).timestamp() * 1_000_000)


class ClaimStore:
    """SQLite store of the claim base and its matches; one connection, WAL, short transactions."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        for statement in _SCHEMA:
            self._db.execute(statement)

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _transaction(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def _finish(self, ok: bool) -> None:
        self._db.execute("COMMIT" if ok else "ROLLBACK")

    # --- the claim base -----------------------------------------------------------------

    def upsert_claims(self, claims: Sequence[Claim], origin: str) -> UpsertReport:
        """Insert or replace claims by id; an entry equal to the stored one is left alone."""
        report = UpsertReport()
        now = datetime.now(timezone.utc).isoformat()
        db, ok = self._transaction(), False
        try:
            for claim in claims:
                row = _claim_row(claim)
                old = db.execute("SELECT claim, verdict, published, source, url, origin FROM claims WHERE id = ?",
                                 (claim.id,)).fetchone()  # fmt: skip
                if old is not None and tuple(old) == (*row[1:], origin):
                    report.unchanged += 1
                    continue
                db.execute("INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (*row, origin, now))
                report.ids.append(claim.id)
                report.new += old is None
                report.updated += old is not None
            ok = True
        finally:
            self._finish(ok)
        return report

    def sync_config(self, claims: Sequence[Claim]) -> UpsertReport:
        """Make the ``config`` claims equal to ``claims``: upsert them, drop config ones now gone."""
        report = self.upsert_claims(claims, "config")
        keep = {claim.id for claim in claims}
        stored = self._db.execute("SELECT id FROM claims WHERE origin = 'config'")
        gone = [row[0] for row in stored if row[0] not in keep]
        for chunk in in_chunks(gone):
            self._db.execute(f"DELETE FROM claims WHERE id IN ({placeholders(chunk)})", chunk)
        report.removed = len(gone)
        return report

    def claims(self) -> list[Claim]:
        rows = self._db.execute("SELECT id, claim, verdict, published, source, url FROM claims ORDER BY id")
        return [_claim(row) for row in rows]

    def claim(self, claim_id: str) -> Claim | None:
        row = self._db.execute(
            "SELECT id, claim, verdict, published, source, url FROM claims WHERE id = ?", (claim_id,)
        ).fetchone()
        return _claim(row) if row else None

    # --- matches ------------------------------------------------------------------------

    def record(self, item_ids: Sequence[str], records: Sequence[MatchRecord]) -> None:
        """Replace the matches of ``item_ids`` (items just enriched) with ``records``."""
        now = datetime.now(timezone.utc).isoformat()
        db, ok = self._transaction(), False
        try:
            for chunk in in_chunks(list(item_ids)):
                db.execute(f"DELETE FROM claim_matches WHERE item_id IN ({placeholders(chunk)})", chunk)
            db.executemany(
                "INSERT OR REPLACE INTO claim_matches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_match_row(record, now) for record in records],
            )
            ok = True
        finally:
            self._finish(ok)

    def matches(self, before: datetime | None = None) -> list[MatchRecord]:
        """Every recorded match, oldest item first; with ``before``, only items published before it."""
        query = "SELECT * FROM claim_matches"
        params: tuple[int, ...] = ()
        if before is not None:
            query, params = query + " WHERE ts < ?", (_micros(before),)
        return [_record(row) for row in self._db.execute(query + " ORDER BY ts, item_id, claim_id", params)]

    def count_matches(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM claim_matches").fetchone()[0])

    # --- near-duplicate exemplars -------------------------------------------------------

    def add_exemplars(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep ``(claim_id, exemplar key, signature bytes)``; known keys are left as they are."""
        if rows:
            db, ok = self._transaction(), False
            try:
                db.executemany("INSERT OR IGNORE INTO claim_exemplars VALUES (?, ?, ?)", rows)
                ok = True
            finally:
                self._finish(ok)

    def exemplars(self) -> Iterator[tuple[str, str, bytes]]:
        yield from self._db.execute(
            "SELECT claim_id, exemplar, signature FROM claim_exemplars ORDER BY claim_id, exemplar"
        )


def open_claim_store(settings: Settings) -> ClaimStore:
    return ClaimStore(settings.paths.claims)


def _claim_row(claim: Claim) -> tuple[str, str, str, str | None, str, str | None]:
    published = claim.published.isoformat() if claim.published else None
    return (claim.id, claim.claim, claim.verdict, published, claim.source, claim.url)


def _claim(row: Sequence[str | None]) -> Claim:
    keys = ("id", "claim", "verdict", "published", "source", "url")
    return Claim.model_validate({key: value for key, value in zip(keys, row) if value is not None})


def _match_row(record: MatchRecord, now: str) -> tuple[object, ...]:
    return (
        record.claim_id, record.item_id, record.similarity, record.method, record.stance,
        json.dumps(list(record.cues), ensure_ascii=False), _micros(record.published_at),
        record.published_at.astimezone(timezone.utc).isoformat(), record.source, record.platform, record.title,
        record.url, json.dumps(list(record.provinces), ensure_ascii=False),
        json.dumps(list(record.keywords), ensure_ascii=False), now,
    )  # fmt: skip


def _record(row: Sequence[object]) -> MatchRecord:
    (claim_id, item_id, similarity, method, stance, cues, _ts, published, source, platform, title, url,
     provinces, keywords, _matched) = row  # fmt: skip
    return MatchRecord(
        claim_id=str(claim_id), item_id=str(item_id), similarity=float(similarity),  # type: ignore[arg-type]
        method=str(method), stance="refutes" if stance == "refutes" else "spreads",
        published_at=datetime.fromisoformat(str(published)), source=str(source), platform=str(platform),
        title=str(title), url=None if url is None else str(url), cues=tuple(json.loads(str(cues))),
        provinces=tuple(json.loads(str(provinces))), keywords=tuple(json.loads(str(keywords))),
    )  # fmt: skip
