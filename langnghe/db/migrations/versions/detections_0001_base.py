"""detections: the tables of the plain-sqlite3 version (adopted as they are when they exist)

Revision ID: detections_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "detections_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("detections",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "spikes",
        sa.Column("dimension", sa.Text, primary_key=True), sa.Column("value", sa.Text, primary_key=True),
        sa.Column("granularity", sa.Text, primary_key=True), sa.Column("start", sa.BigInteger, primary_key=True),
        sa.Column("score", sa.Float, nullable=False), sa.Column("body", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_index("spikes_start", "spikes", ["start"], if_not_exists=True)
    op.create_table(
        "emerging",
        sa.Column("at", sa.BigInteger, primary_key=True), sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True), sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False), sa.Column("body", sa.Text, nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("emerging")
    op.drop_table("spikes")
