"""health: the table of the plain-sqlite3 version (adopted as it is, with the date counts added to
files made before them)

Revision ID: health_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "health_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("health",)
depends_on: Sequence[str] | None = None

_COUNTS = ("items_total", "undated_total")  # added after the first release


def upgrade() -> None:
    op.create_table(
        "source_health",
        sa.Column("source", sa.Text, primary_key=True), sa.Column("runs", sa.Integer, nullable=False),
        sa.Column("last_run_at", sa.Text, nullable=False), sa.Column("last_success_at", sa.Text),
        sa.Column("last_new_item_at", sa.Text), sa.Column("last_error_at", sa.Text), sa.Column("last_error", sa.Text),
        sa.Column("items_last_run", sa.Integer, nullable=False), sa.Column("new_last_run", sa.Integer, nullable=False),
        sa.Column("consecutive_failures", sa.Integer, nullable=False),
        *[sa.Column(name, sa.Integer, nullable=False, server_default="0") for name in _COUNTS],
        if_not_exists=True,
    )  # fmt: skip
    have = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("source_health")}
    for name in _COUNTS:
        if name not in have:
            op.add_column("source_health", sa.Column(name, sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_table("source_health")
