"""runs: the scheduler's run log and product ledger of the plain-sqlite3 version (adopted as they are)

Revision ID: runs_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "runs_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("runs",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("job_id", sa.Text, nullable=False), sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False), sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        if_not_exists=True,
    )  # fmt: skip
    op.create_index("job_runs_job", "job_runs", ["job_id", "started_at"], if_not_exists=True)
    op.create_table(
        "products",
        sa.Column("product", sa.Text, primary_key=True), sa.Column("period", sa.Text, primary_key=True),
        sa.Column("done_at", sa.Text, nullable=False), sa.Column("detail", sa.Text, nullable=False),
        if_not_exists=True,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("products")
    op.drop_table("job_runs")
