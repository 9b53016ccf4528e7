"""outbox: the delivery outbox of the plain-sqlite3 version (adopted as it is when it exists)

Revision ID: outbox_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "outbox_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("outbox",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("key", sa.Text, primary_key=True), sa.Column("channel", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False), sa.Column("message", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False), sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("queued_at", sa.Text, nullable=False), sa.Column("last_attempt_at", sa.Text),
        sa.Column("next_attempt_at", sa.Text), sa.Column("sent_at", sa.Text), sa.Column("last_error", sa.Text),
        sa.Column("detail", sa.Text),
        if_not_exists=True,
    )  # fmt: skip
    op.create_index("outbox_due", "outbox", ["state", "next_attempt_at"], if_not_exists=True)


def downgrade() -> None:
    op.drop_table("outbox")
