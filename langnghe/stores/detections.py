"""Where detections are kept: spikes and emerging issues, with the figures behind them.

One database (``data_dir/detections.sqlite3`` by default; see :mod:`langnghe.db`) for the
digest, alerts, API and UI to read. A detection is keyed by what it is about and when (a spike
by dimension, value, granularity and bucket; an emerging issue by kind, key and the moment of
the ranking), so running a detection job again over the same moment replaces rather than
doubles. Every figure is a column (a spike's per-rule figures are rows of ``spike_checks``,
an emerging issue's signals are columns of ``emerging``); the Vietnamese sentence is not
stored but rendered from them when shown (:func:`langnghe.detection.trends.explain_spike`,
:func:`langnghe.detection.emerging.explain_issue`), so a chart or a table can show the same.
Times are UTC microseconds since the epoch.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from langnghe.db import Database, Store
from langnghe.db.times import from_micros, from_micros_or_none, to_micros, to_micros_or_none
from langnghe.detection.emerging import EmergingIssue, IssueSignals
from langnghe.detection.spikes import SpikeCheck
from langnghe.detection.trends import Spike
from langnghe.detection.voices import Voices

metadata = sa.MetaData()
_KEY = ("dimension", "value", "granularity", "start")
# Independent voices (langnghe.detection.voices), nullable: rows stored before have none.
_SPIKE_VOICES = ("accounts", "voices", "copies", "flood_items", "flood_accounts", "independent")
_ISSUE_VOICES = ("voices_recent", "voices_earlier", "accounts_recent", "copies_recent", "flood_items", "flood_accounts")

spikes = sa.Table(
    "spikes", metadata,
    sa.Column("dimension", sa.Text, primary_key=True), sa.Column("value", sa.Text, primary_key=True),
    sa.Column("granularity", sa.Text, primary_key=True), sa.Column("start", sa.BigInteger, primary_key=True),
    sa.Column("observed", sa.Integer, nullable=False), sa.Column("expected", sa.Float, nullable=False),
    sa.Column("score", sa.Float, nullable=False), sa.Column("methods", sa.JSON, nullable=False),
    sa.Column("name", sa.Text, nullable=False), sa.Column("first_seen", sa.BigInteger),
    sa.Column("item_ids", sa.JSON, nullable=False), sa.Column("keywords", sa.JSON, nullable=False),
    sa.Column("provinces", sa.JSON, nullable=False), sa.Column("stored_explanation", sa.Text),
    *(sa.Column(name, sa.Integer) for name in _SPIKE_VOICES),
    sa.Index("spikes_start", "start"),
)  # fmt: skip
spike_checks = sa.Table(
    "spike_checks", metadata,
    sa.Column("dimension", sa.Text, primary_key=True), sa.Column("value", sa.Text, primary_key=True),
    sa.Column("granularity", sa.Text, primary_key=True), sa.Column("start", sa.BigInteger, primary_key=True),
    sa.Column("method", sa.Text, primary_key=True), sa.Column("observed", sa.Integer, nullable=False),
    sa.Column("expected", sa.Float, nullable=False), sa.Column("score", sa.Float, nullable=False),
    sa.Column("baseline", sa.Text, nullable=False),
    sa.ForeignKeyConstraint(_KEY, [f"spikes.{c}" for c in _KEY], ondelete="CASCADE"),
)  # fmt: skip
emerging = sa.Table(
    "emerging", metadata,
    sa.Column("at", sa.BigInteger, primary_key=True), sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("key", sa.Text, primary_key=True), sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=False), sa.Column("title", sa.Text, nullable=False),
    sa.Column("recent", sa.Integer, nullable=False), sa.Column("earlier", sa.Integer, nullable=False),
    sa.Column("daily", sa.JSON, nullable=False), sa.Column("negative_share", sa.Float, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False), sa.Column("authors", sa.Integer, nullable=False),
    sa.Column("top_author_share", sa.Float, nullable=False), sa.Column("first_social", sa.BigInteger),
    sa.Column("first_news", sa.BigInteger), sa.Column("first_seen", sa.BigInteger),
    sa.Column("keywords", sa.JSON, nullable=False), sa.Column("provinces", sa.JSON, nullable=False),
    sa.Column("item_ids", sa.JSON, nullable=False),
    *(sa.Column(name, sa.Integer) for name in _ISSUE_VOICES), sa.Column("voices_daily", sa.JSON),
    sa.Column("flood", sa.Boolean, nullable=False, server_default=sa.false()),
)  # fmt: skip


def _spike_row(spike: Spike) -> dict[str, Any]:
    return {
        "dimension": spike.dimension, "value": spike.value, "granularity": spike.granularity,
        "start": to_micros(spike.start), "observed": spike.observed, "expected": spike.expected, "score": spike.score,
        "methods": list(spike.methods), "name": spike.name, "first_seen": to_micros_or_none(spike.first_seen),
        "item_ids": list(spike.item_ids), "keywords": list(spike.keywords), "provinces": list(spike.provinces),
        "stored_explanation": spike.stored_explanation,
        **{name: getattr(spike.voices, name) if spike.voices else None for name in _SPIKE_VOICES},
    }  # fmt: skip


def _check_rows(spike: Spike) -> list[dict[str, Any]]:
    key = {"dimension": spike.dimension, "value": spike.value, "granularity": spike.granularity,
           "start": to_micros(spike.start)}  # fmt: skip
    return [{**key, "method": c.method, "observed": c.observed, "expected": c.expected, "score": c.score,
             "baseline": c.baseline} for c in spike.checks]  # fmt: skip


def _spike(row: sa.Row[Any], checks: Sequence[SpikeCheck]) -> Spike:
    return Spike(
        dimension=row.dimension, value=row.value, granularity=row.granularity, start=from_micros(row.start),
        observed=row.observed, expected=row.expected, score=row.score, methods=tuple(row.methods),
        checks=tuple(checks), item_ids=tuple(row.item_ids), keywords=tuple(row.keywords),
        provinces=tuple(row.provinces), first_seen=from_micros_or_none(row.first_seen), name=row.name,
        stored_explanation=row.stored_explanation,
        voices=None if row.voices is None else Voices(row.observed, *(getattr(row, n) or 0 for n in _SPIKE_VOICES)),
    )  # fmt: skip


def _issue_row(at: int, rank: int, issue: EmergingIssue, flood: bool = False) -> dict[str, Any]:
    s = issue.signals
    return {
        **{name: getattr(s, name) for name in _ISSUE_VOICES}, "flood": flood,
        "voices_daily": list(s.voices_daily) if s.voices_daily is not None else None,
        "at": at, "kind": issue.kind, "key": issue.key, "rank": rank, "score": issue.score, "title": issue.title,
        "recent": s.recent, "earlier": s.earlier, "daily": list(s.daily), "negative_share": s.negative_share,
        "sources": s.sources, "authors": s.authors, "top_author_share": s.top_author_share,
        "first_social": to_micros_or_none(s.first_social), "first_news": to_micros_or_none(s.first_news),
        "first_seen": to_micros_or_none(issue.first_seen), "keywords": list(issue.keywords),
        "provinces": list(issue.provinces), "item_ids": list(issue.item_ids),
    }  # fmt: skip


def _issue(row: sa.Row[Any]) -> EmergingIssue:
    signals = IssueSignals(
        recent=row.recent, earlier=row.earlier, daily=tuple(row.daily), negative_share=row.negative_share,
        sources=row.sources, authors=row.authors, top_author_share=row.top_author_share,
        first_social=from_micros_or_none(row.first_social), first_news=from_micros_or_none(row.first_news),
        voices_daily=tuple(row.voices_daily) if row.voices_daily is not None else None,
        **{name: getattr(row, name) for name in _ISSUE_VOICES if getattr(row, name) is not None},
    )  # fmt: skip
    return EmergingIssue(
        kind=row.kind, key=row.key, title=row.title, score=row.score, signals=signals, keywords=list(row.keywords),
        provinces=list(row.provinces), first_seen=from_micros_or_none(row.first_seen), item_ids=list(row.item_ids),
    )  # fmt: skip


class DetectionStore(Store):
    """Spikes and emerging-issue rankings, idempotent by what and when; shareable by threads."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "detections")

    def save_spikes(self, found: list[Spike]) -> int:
        """Store ``found``, each replacing a stored spike of the same value and bucket."""
        with self._db.write() as db:
            for spike in found:
                _delete_spike(db, spike)
            if found:
                db.execute(spikes.insert(), [_spike_row(spike) for spike in found])
                checks = [row for spike in found for row in _check_rows(spike)]
                if checks:
                    db.execute(spike_checks.insert(), checks)
        return len(found)

    def save_emerging(self, at: datetime, issues: list[EmergingIssue], floods: Sequence[EmergingIssue] = ()) -> int:
        """Replace the ranking made at ``at`` with ``issues`` (in rank order) and the copy
        ``floods`` held back from it (ranked after them); returns how many issues."""
        moment = to_micros(at)
        rows = [_issue_row(moment, rank, i) for rank, i in enumerate(issues, start=1)]
        rows += [_issue_row(moment, rank, i, flood=True) for rank, i in enumerate(floods, start=len(rows) + 1)]
        with self._db.write() as db:
            db.execute(emerging.delete().where(emerging.c.at == moment))
            if rows:
                db.execute(emerging.insert(), rows)
        return len(issues)

    def spikes(self, since: datetime, until: datetime) -> list[Spike]:
        """Stored spikes whose bucket starts in [since, until), strongest first."""
        window = (to_micros(since), to_micros(until))
        query = (spikes.select().where(spikes.c.start >= window[0], spikes.c.start < window[1])
                 .order_by(spikes.c.score.desc(), spikes.c.dimension, spikes.c.value))  # fmt: skip
        checks_query = (spike_checks.select()
                        .where(spike_checks.c.start >= window[0], spike_checks.c.start < window[1])
                        .order_by(spike_checks.c.score.desc()))  # fmt: skip
        with self._db.read() as db:
            rows = db.execute(query).all()
            checks: dict[tuple[Any, ...], list[SpikeCheck]] = {}
            for c in db.execute(checks_query):
                checks.setdefault(tuple(c[:4]), []).append(
                    SpikeCheck(c.method, c.observed, c.expected, c.score, True, c.baseline))
        return [_spike(row, _in_order(checks.get(tuple(row[:4]), []), row.methods)) for row in rows]

    def emerging(self, at: datetime | None = None) -> list[EmergingIssue]:
        """The ranking made at ``at`` (default: the latest one), best first."""
        return self._ranking(at, flood=False)

    def floods(self, at: datetime | None = None) -> list[EmergingIssue]:
        """The copy floods held back from the ranking made at ``at`` (default: the latest one)."""
        return self._ranking(at, flood=True)

    def _ranking(self, at: datetime | None, *, flood: bool) -> list[EmergingIssue]:
        with self._db.read() as db:
            moment = db.execute(sa.select(sa.func.max(emerging.c.at))).scalar() if at is None else to_micros(at)
            if moment is None:
                return []
            query = emerging.select().where(emerging.c.at == moment, emerging.c.flood == flood)
            rows = db.execute(query.order_by(emerging.c.rank)).all()
        return [_issue(row) for row in rows]


def _delete_spike(db: Connection, spike: Spike) -> None:
    key = (to_micros(spike.start), spike.dimension, spike.value, spike.granularity)
    for table in (spike_checks, spikes):
        db.execute(table.delete().where(table.c.start == key[0], table.c.dimension == key[1],
                                        table.c.value == key[2], table.c.granularity == key[3]))  # fmt: skip


def _in_order(checks: list[SpikeCheck], methods: Sequence[str]) -> list[SpikeCheck]:
    """The checks in the order the rules fired (the order of ``methods``), as the sentence lists them."""
    order = {method: position for position, method in enumerate(methods)}
    return sorted(checks, key=lambda check: order.get(check.method, len(order)))
