"""health: URLs the SSRF guard refused (internal addresses, not http(s)), counted per source with the last reason

Revision ID: health_0003
Revises: health_0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "health_0003"
down_revision: str | None = "health_0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source_health") as table:
        table.add_column(sa.Column("blocked_total", sa.Integer, nullable=False, server_default="0"))
        table.add_column(sa.Column("last_blocked", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("source_health") as table:
        table.drop_column("last_blocked")
        table.drop_column("blocked_total")
