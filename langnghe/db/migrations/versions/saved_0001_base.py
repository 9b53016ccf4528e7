"""saved: saved searches made in the web app (watch topics beside topics.yaml's)

Revision ID: saved_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "saved_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("saved",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False), sa.Column("query", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.BigInteger, nullable=False), sa.Column("updated_at", sa.BigInteger, nullable=False),
    )  # fmt: skip
    op.create_index("saved_searches_owner", "saved_searches", ["owner_id"])


def downgrade() -> None:
    op.drop_table("saved_searches")
