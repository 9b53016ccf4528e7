"""detections: independent voices of spikes and emerging issues, and the copy floods held back

Spikes get their bucket's accounts, voices (accounts, a copy flood counting once), copies, copy
floods and independent items (the figure their rules were checked on); emerging issues their voices per day and in the last 48 hours, accounts, copies and
floods, and ``flood`` marks the rows of a ranking's copy floods (held back from its issues).
Every new column is nullable: a row stored before has none, and is shown as it was.

Revision ID: detections_0003
Revises: detections_0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "detections_0003"
down_revision: str | None = "detections_0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SPIKE_COLUMNS = ("accounts", "voices", "copies", "flood_items", "flood_accounts", "independent")
ISSUE_COLUMNS = ("voices_recent", "voices_earlier", "accounts_recent", "copies_recent", "flood_items", "flood_accounts")


def upgrade() -> None:
    for name in SPIKE_COLUMNS:
        op.add_column("spikes", sa.Column(name, sa.Integer))
    for name in ISSUE_COLUMNS:
        op.add_column("emerging", sa.Column(name, sa.Integer))
    op.add_column("emerging", sa.Column("voices_daily", sa.JSON))
    op.add_column("emerging", sa.Column("flood", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("emerging") as batch:
        for name in (*ISSUE_COLUMNS, "voices_daily", "flood"):
            batch.drop_column(name)
    with op.batch_alter_table("spikes") as batch:
        for name in SPIKE_COLUMNS:
            batch.drop_column(name)
