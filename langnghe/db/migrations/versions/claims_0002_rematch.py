"""claims: entries whose indexed items are still to be matched again (kept across an index outage)

Revision ID: claims_0002
Revises: claims_0001
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "claims_0002"
down_revision: str | None = "claims_0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("claim_rematch", sa.Column("claim_id", sa.Text, primary_key=True), sqlite_with_rowid=False)


def downgrade() -> None:
    op.drop_table("claim_rematch")
