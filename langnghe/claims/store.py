"""The claim store, ``data_dir/claims.sqlite3`` by default: the claim base, its matches over time, exemplars.

Any database :mod:`langnghe.db` opens (the ``claims`` Alembic branch). Tables (SQLAlchemy Core):

- ``claims``: the claim base (``origin`` ``config`` for ``config/claims.yaml`` entries,
  re-synced at each enrich run; ``import`` for ``langnghe claims import``).
- ``claim_matches``: one row per (claim, item) the enrich stage matched, with the
  similarity, method, stance (``spreads``/``refutes``) and cues, and what the spread
  report needs of the item (publication time, source, platform, title, URL,
  provinces, keywords). Re-enriching an item replaces its rows, so reruns are
  idempotent and a changed claim base drops stale matches.
- ``claim_rematch``: entries new or changed whose indexed items are not yet matched again:
  written with the entry, cleared once the rematch is written to the index, so an edit of
  the claim base met by an index outage is rematched on a later pass.
- ``claim_exemplars``: MinHash signatures (bytes) of items that spread a claim, so
  near-duplicate matching keeps learning across runs.

Times are stored as ISO 8601 in UTC plus integer microseconds (``ts``) for ranges:
``--at`` reads only matches of items published before a moment.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from langnghe.claims.model import Claim
from langnghe.claims.stance import Stance
from langnghe.db import Database, Store
from langnghe.db.sql import insert_missing, upsert
from langnghe.settings import Settings
from langnghe.storage import in_chunks

metadata = sa.MetaData()
claims_table = sa.Table(
    "claims", metadata,
    sa.Column("id", sa.Text, primary_key=True), sa.Column("claim", sa.Text, nullable=False),
    sa.Column("verdict", sa.Text, nullable=False), sa.Column("published", sa.Text),
    sa.Column("source", sa.Text, nullable=False), sa.Column("url", sa.Text),
    sa.Column("origin", sa.Text, nullable=False), sa.Column("updated_at", sa.Text, nullable=False),
)  # fmt: skip
matches_table = sa.Table(
    "claim_matches", metadata,
    sa.Column("claim_id", sa.Text, primary_key=True), sa.Column("item_id", sa.Text, primary_key=True),
    sa.Column("similarity", sa.Float, nullable=False), sa.Column("method", sa.Text, nullable=False),
    sa.Column("stance", sa.Text, nullable=False), sa.Column("cues", sa.Text, nullable=False),
    sa.Column("ts", sa.BigInteger, nullable=False), sa.Column("published_at", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False), sa.Column("platform", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False), sa.Column("url", sa.Text),
    sa.Column("provinces", sa.Text, nullable=False), sa.Column("keywords", sa.Text, nullable=False),
    sa.Column("matched_at", sa.Text, nullable=False),
    sa.Index("claim_matches_item", "item_id"), sa.Index("claim_matches_ts", "ts"),
    sqlite_with_rowid=False,
)  # fmt: skip
exemplars_table = sa.Table(
    "claim_exemplars", metadata,
    sa.Column("claim_id", sa.Text, primary_key=True), sa.Column("exemplar", sa.Text, primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
    sqlite_with_rowid=False,
)  # fmt: skip
rematch_table = sa.Table(
    "claim_rematch", metadata, sa.Column("claim_id", sa.Text, primary_key=True), sqlite_with_rowid=False,
)
_CLAIM_FIELDS = ("id", "claim", "verdict", "published", "source", "url")
_CLAIM_COLUMNS = [claims_table.c[name] for name in _CLAIM_FIELDS]


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


class ClaimStore(Store):
    """The claim base and its matches in one database; short transactions; shareable by threads."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "claims")

    # --- the claim base -----------------------------------------------------------------

    def upsert_claims(self, claims: Sequence[Claim], origin: str) -> UpsertReport:
        """Insert or replace claims by id; an entry equal to the stored one is left alone."""
        with self._db.write() as db:
            return _upsert_claims(db, claims, origin)

    def sync_config(self, claims: Sequence[Claim]) -> UpsertReport:
        """Make the ``config`` claims equal to ``claims``: upsert them, drop config ones now gone."""
        keep = {claim.id for claim in claims}
        with self._db.write() as db:
            report = _upsert_claims(db, claims, "config")
            stored = db.execute(sa.select(claims_table.c.id).where(claims_table.c.origin == "config"))
            gone = [row.id for row in stored if row.id not in keep]
            for chunk in in_chunks(gone):
                db.execute(claims_table.delete().where(claims_table.c.id.in_(chunk)))
        report.removed = len(gone)
        return report

    def pending_rematch(self) -> list[str]:
        """Ids of the entries whose indexed items are still to be matched again."""
        with self._db.read() as db:
            return [row.claim_id for row in db.execute(rematch_table.select().order_by(rematch_table.c.claim_id))]

    def rematched(self, claim_ids: Sequence[str]) -> None:
        """The indexed items of ``claim_ids`` are matched again and written: nothing pending for them."""
        with self._db.write() as db:
            for chunk in in_chunks(list(claim_ids)):
                db.execute(rematch_table.delete().where(rematch_table.c.claim_id.in_(chunk)))

    def orphaned_items(self) -> list[str]:
        """Items with recorded matches of entries no longer in the claim base."""
        query = (sa.select(matches_table.c.item_id).distinct()
                 .where(matches_table.c.claim_id.not_in(sa.select(claims_table.c.id)))
                 .order_by(matches_table.c.item_id))  # fmt: skip
        with self._db.read() as db:
            return [row.item_id for row in db.execute(query)]

    def drop_orphaned_matches(self) -> None:
        """Forget the matches of entries no longer in the claim base (after their items were
        matched again: what stays is of items the index no longer holds)."""
        with self._db.write() as db:
            db.execute(matches_table.delete().where(matches_table.c.claim_id.not_in(sa.select(claims_table.c.id))))

    def claims(self) -> list[Claim]:
        with self._db.read() as db:
            return [_claim(row) for row in db.execute(sa.select(*_CLAIM_COLUMNS).order_by(claims_table.c.id))]

    def claim(self, claim_id: str) -> Claim | None:
        with self._db.read() as db:
            row = db.execute(sa.select(*_CLAIM_COLUMNS).where(claims_table.c.id == claim_id)).first()
        return _claim(row) if row else None

    # --- matches ------------------------------------------------------------------------

    def record(self, item_ids: Sequence[str], records: Sequence[MatchRecord]) -> None:
        """Replace the matches of ``item_ids`` (items just enriched) with ``records``."""
        now = datetime.now(timezone.utc).isoformat()
        with self._db.write() as db:
            for chunk in in_chunks(list(item_ids)):
                db.execute(matches_table.delete().where(matches_table.c.item_id.in_(chunk)))
            upsert(db, matches_table, [_match_row(record, now) for record in records])

    def matches(self, before: datetime | None = None) -> list[MatchRecord]:
        """Every recorded match, oldest item first; with ``before``, only items published before it."""
        query = matches_table.select().order_by(matches_table.c.ts, matches_table.c.item_id, matches_table.c.claim_id)
        if before is not None:
            query = query.where(matches_table.c.ts < _micros(before))
        with self._db.read() as db:
            return [_record(row) for row in db.execute(query)]

    def count_matches(self) -> int:
        with self._db.read() as db:
            return int(db.execute(sa.select(sa.func.count()).select_from(matches_table)).scalar_one())

    # --- near-duplicate exemplars -------------------------------------------------------

    def add_exemplars(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep ``(claim_id, exemplar key, signature bytes)``; known keys are left as they are."""
        if rows:
            with self._db.write() as db:
                insert_missing(db, exemplars_table, [
                    {"claim_id": claim_id, "exemplar": key, "signature": signature} for claim_id, key, signature in rows
                ])  # fmt: skip

    def exemplars(self) -> Iterator[tuple[str, str, bytes]]:
        query = sa.select(exemplars_table).order_by(exemplars_table.c.claim_id, exemplars_table.c.exemplar)
        with self._db.read() as db:
            rows = [(row.claim_id, row.exemplar, bytes(row.signature)) for row in db.execute(query)]
        yield from rows


def open_claim_store(settings: Settings) -> ClaimStore:
    return ClaimStore(settings.store_target("claims"))


def _upsert_claims(db: Connection, claims: Sequence[Claim], origin: str) -> UpsertReport:
    report = UpsertReport()
    now = datetime.now(timezone.utc).isoformat()
    for claim in claims:
        row = _claim_row(claim)
        old = db.execute(sa.select(*_CLAIM_COLUMNS[1:], claims_table.c.origin).where(claims_table.c.id == claim.id)).first()
        if old is not None and tuple(old) == (*row[1:], origin):
            report.unchanged += 1
            continue
        upsert(db, claims_table, [{**dict(zip(_CLAIM_FIELDS, row)), "origin": origin, "updated_at": now}])
        report.ids.append(claim.id)
        insert_missing(db, rematch_table, [{"claim_id": claim.id}])
        report.new += old is None
        report.updated += old is not None
    return report


def _claim_row(claim: Claim) -> tuple[str, str, str, str | None, str, str | None]:
    published = claim.published.isoformat() if claim.published else None
    return (claim.id, claim.claim, claim.verdict, published, claim.source, claim.url)


def _claim(row: Sequence[Any]) -> Claim:
    return Claim.model_validate({key: value for key, value in zip(_CLAIM_FIELDS, row) if value is not None})


def _match_row(record: MatchRecord, now: str) -> dict[str, Any]:
    return {
        "claim_id": record.claim_id, "item_id": record.item_id, "similarity": record.similarity,
        "method": record.method, "stance": record.stance, "cues": json.dumps(list(record.cues), ensure_ascii=False),
        "ts": _micros(record.published_at), "published_at": record.published_at.astimezone(timezone.utc).isoformat(),
        "source": record.source, "platform": record.platform, "title": record.title, "url": record.url,
        "provinces": json.dumps(list(record.provinces), ensure_ascii=False),
        "keywords": json.dumps(list(record.keywords), ensure_ascii=False), "matched_at": now,
    }  # fmt: skip


def _record(row: Any) -> MatchRecord:
    return MatchRecord(
        claim_id=row.claim_id, item_id=row.item_id, similarity=float(row.similarity), method=row.method,
        stance="refutes" if row.stance == "refutes" else "spreads",
        published_at=datetime.fromisoformat(row.published_at), source=row.source, platform=row.platform,
        title=row.title, url=row.url, cues=tuple(json.loads(row.cues)), provinces=tuple(json.loads(row.provinces)),
        keywords=tuple(json.loads(row.keywords)),
    )  # fmt: skip
