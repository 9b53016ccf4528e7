"""detections: figures as columns (per-rule figures of spikes, signals of emerging issues)

The explanation sentence is no longer stored: it is rendered from these figures when shown.
Rows of the JSON-body tables are carried over; a spike stored before per-rule figures were
kept keeps its sentence in ``stored_explanation``. Times become UTC microseconds.

Revision ID: detections_0002
Revises: detections_0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "detections_0002"
down_revision: str | None = "detections_0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_SPIKE_KEY = ("dimension", "value", "granularity", "start")


def _spike_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("dimension", sa.Text, primary_key=True), sa.Column("value", sa.Text, primary_key=True),
        sa.Column("granularity", sa.Text, primary_key=True), sa.Column("start", sa.BigInteger, primary_key=True),
        sa.Column("observed", sa.Integer, nullable=False), sa.Column("expected", sa.Float, nullable=False),
        sa.Column("score", sa.Float, nullable=False), sa.Column("methods", sa.JSON, nullable=False),
        sa.Column("name", sa.Text, nullable=False), sa.Column("first_seen", sa.BigInteger),
        sa.Column("item_ids", sa.JSON, nullable=False), sa.Column("keywords", sa.JSON, nullable=False),
        sa.Column("provinces", sa.JSON, nullable=False), sa.Column("stored_explanation", sa.Text),
    ]  # fmt: skip


def _check_columns() -> list[Any]:
    return [
        sa.Column("dimension", sa.Text, primary_key=True), sa.Column("value", sa.Text, primary_key=True),
        sa.Column("granularity", sa.Text, primary_key=True), sa.Column("start", sa.BigInteger, primary_key=True),
        sa.Column("method", sa.Text, primary_key=True), sa.Column("observed", sa.Integer, nullable=False),
        sa.Column("expected", sa.Float, nullable=False), sa.Column("score", sa.Float, nullable=False),
        sa.Column("baseline", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(_SPIKE_KEY, [f"spikes.{c}" for c in _SPIKE_KEY], ondelete="CASCADE"),
    ]  # fmt: skip


def _emerging_columns() -> list[sa.Column[Any]]:
    return [
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
    ]  # fmt: skip


def _micros(text: str | None) -> int | None:
    return None if not text else int(datetime.fromisoformat(text).timestamp() * 1_000_000)


def _old_spike(start: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "dimension": body["dimension"], "value": body["value"], "granularity": body["granularity"],
        "start": start * 1_000_000, "observed": int(body["observed"]), "expected": float(body["expected"]),
        "score": float(body["score"]), "methods": list(body.get("methods") or ()), "name": body.get("name") or "",
        "first_seen": _micros(body.get("first_seen")), "item_ids": list(body.get("item_ids") or ()),
        "keywords": list(body.get("keywords") or ()), "provinces": list(body.get("provinces") or ()),
        "stored_explanation": body.get("explanation") or "",
    }  # fmt: skip


def _old_issue(at: int, rank: int, body: dict[str, Any]) -> dict[str, Any]:
    signals = body["signals"]
    return {
        "at": at * 1_000_000, "kind": body["kind"], "key": body["key"], "rank": rank, "score": float(body["score"]),
        "title": body.get("title") or "", "recent": signals["recent"], "earlier": signals["earlier"],
        "daily": list(signals["daily"]), "negative_share": signals["negative_share"], "sources": signals["sources"],
        "authors": signals["authors"], "top_author_share": signals["top_author_share"],
        "first_social": _micros(signals.get("first_social")), "first_news": _micros(signals.get("first_news")),
        "first_seen": _micros(body.get("first_seen")), "keywords": list(body.get("keywords") or ()),
        "provinces": list(body.get("provinces") or ()), "item_ids": list(body.get("item_ids") or ()),
    }  # fmt: skip


def upgrade() -> None:
    op.drop_index("spikes_start", table_name="spikes")
    op.rename_table("spikes", "spikes_json")
    op.rename_table("emerging", "emerging_json")
    spikes = op.create_table("spikes", *_spike_columns())
    op.create_index("spikes_start", "spikes", ["start"])
    op.create_table("spike_checks", *_check_columns())
    emerging = op.create_table("emerging", *_emerging_columns())
    bind = op.get_bind()
    old_spikes = [_old_spike(row.start, json.loads(row.body))
                  for row in bind.execute(sa.text("SELECT start, body FROM spikes_json"))]
    if old_spikes:
        op.bulk_insert(spikes, old_spikes)
    old_issues = [_old_issue(row.at, row.rank, json.loads(row.body))
                  for row in bind.execute(sa.text("SELECT at, rank, body FROM emerging_json"))]
    if old_issues:
        op.bulk_insert(emerging, old_issues)
    op.drop_table("spikes_json")
    op.drop_table("emerging_json")


def downgrade() -> None:
    raise NotImplementedError("detections_0002 keeps figures the JSON-body tables cannot hold: restore a backup")
