"""health: article pages whose metadata time and visible byline disagreed by whole hours (the byline was kept)

Revision ID: health_0004
Revises: health_0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "health_0004"
down_revision: str | None = "health_0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source_health") as table:
        table.add_column(sa.Column("metadata_off_total", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("source_health") as table:
        table.drop_column("metadata_off_total")
