"""alerts: the history keeps each sent alert's fields as columns (the JSON body goes)

Revision ID: alerts_0002
Revises: alerts_0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "alerts_0002"
down_revision: str | None = "alerts_0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.BigInteger, nullable=False), sa.Column("rule_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False), sa.Column("subject", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False), sa.Column("detail", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False), sa.Column("samples", sa.JSON, nullable=False),
        sa.Column("item_ids", sa.JSON, nullable=False), sa.Column("also", sa.JSON, nullable=False),
    ]  # fmt: skip


def _row(body: dict[str, Any]) -> dict[str, Any]:
    at = datetime.fromisoformat(body["at"])
    return {
        "at": int(at.timestamp() * 1_000_000), "rule_id": body["rule_id"], "kind": body["kind"],
        "subject": body["subject"], "title": body["title"], "detail": body["detail"], "value": float(body["value"]),
        "samples": list(body.get("samples") or ()), "item_ids": list(body.get("item_ids") or ()),
        "also": list(body.get("also") or ()),
    }  # fmt: skip


def upgrade() -> None:
    op.drop_index("history_at", table_name="history")
    op.rename_table("history", "history_json")
    history = op.create_table("history", *_columns())
    op.create_index("history_at", "history", ["at"])
    bodies = op.get_bind().execute(sa.text("SELECT body FROM history_json ORDER BY at_ts"))
    rows = [_row(json.loads(str(body))) for (body,) in bodies]
    if rows:
        op.bulk_insert(history, rows)
    op.drop_table("history_json")


def downgrade() -> None:
    raise NotImplementedError("alerts_0002: restore a backup to go back to JSON bodies")
