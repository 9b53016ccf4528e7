"""alerts: the tables of the plain-sqlite3 version (adopted as they are when they exist)

Revision ID: alerts_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "alerts_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("alerts",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quiet_until",
        sa.Column("rule_id", sa.Text, primary_key=True), sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("until_ts", sa.Float, nullable=False),
        if_not_exists=True,
    )  # fmt: skip
    op.create_table(
        "history",
        sa.Column("at_ts", sa.Float, nullable=False), sa.Column("rule_id", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False), sa.Column("body", sa.Text, nullable=False),
        if_not_exists=True,
    )  # fmt: skip
    op.create_index("history_at", "history", ["at_ts"], if_not_exists=True)


def downgrade() -> None:
    op.drop_table("history")
    op.drop_table("quiet_until")
