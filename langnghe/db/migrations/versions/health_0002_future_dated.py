"""health: items whose source gave a publication date in the future (the date was dropped)

Revision ID: health_0002
Revises: health_0001
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "health_0002"
down_revision: str | None = "health_0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("source_health", sa.Column("future_dated_total", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("source_health") as batch:
        batch.drop_column("future_dated_total")
