"""claims: the tables of the plain-sqlite3 version (adopted as they are when they exist)

Revision ID: claims_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "claims_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("claims",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Text, primary_key=True), sa.Column("claim", sa.Text, nullable=False),
        sa.Column("verdict", sa.Text, nullable=False), sa.Column("published", sa.Text),
        sa.Column("source", sa.Text, nullable=False), sa.Column("url", sa.Text),
        sa.Column("origin", sa.Text, nullable=False), sa.Column("updated_at", sa.Text, nullable=False),
        if_not_exists=True,
    )  # fmt: skip
    op.create_table(
        "claim_matches",
        sa.Column("claim_id", sa.Text, primary_key=True), sa.Column("item_id", sa.Text, primary_key=True),
        sa.Column("similarity", sa.Float, nullable=False), sa.Column("method", sa.Text, nullable=False),
        sa.Column("stance", sa.Text, nullable=False), sa.Column("cues", sa.Text, nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False), sa.Column("published_at", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False), sa.Column("platform", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False), sa.Column("url", sa.Text),
        sa.Column("provinces", sa.Text, nullable=False), sa.Column("keywords", sa.Text, nullable=False),
        sa.Column("matched_at", sa.Text, nullable=False),
        sqlite_with_rowid=False, if_not_exists=True,
    )  # fmt: skip
    op.create_index("claim_matches_item", "claim_matches", ["item_id"], if_not_exists=True)
    op.create_index("claim_matches_ts", "claim_matches", ["ts"], if_not_exists=True)
    op.create_table(
        "claim_exemplars",
        sa.Column("claim_id", sa.Text, primary_key=True), sa.Column("exemplar", sa.Text, primary_key=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sqlite_with_rowid=False, if_not_exists=True,
    )  # fmt: skip


def downgrade() -> None:
    for table in ("claim_exemplars", "claim_matches", "claims"):
        op.drop_table(table)
