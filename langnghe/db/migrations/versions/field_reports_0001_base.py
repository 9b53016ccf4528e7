"""field_reports: who filed which collaborator's field report

Revision ID: field_reports_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "field_reports_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("field_reports",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "field_reports",
        sa.Column("item_id", sa.Text, primary_key=True), sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("filed_at", sa.BigInteger, nullable=False), sa.Column("via", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False), sa.Column("place", sa.Text, nullable=False),
        sa.Column("province", sa.Text), sa.Column("reported_at", sa.BigInteger),
        if_not_exists=True,
    )  # fmt: skip
    op.create_index("field_reports_user", "field_reports", ["user_id", "filed_at"], if_not_exists=True)
    op.create_index("field_reports_filed", "field_reports", ["filed_at"], if_not_exists=True)


def downgrade() -> None:
    op.drop_table("field_reports")
