"""accounts: the web app's users, API keys and append-only audit log

Revision ID: accounts_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "accounts_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("accounts",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Text, nullable=False), sa.Column("updated_at", sa.Text, nullable=False),
    )  # fmt: skip
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("prefix", sa.Text, nullable=False, unique=True),
        sa.Column("key_hash", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("revoked_at", sa.Text), sa.Column("last_used_at", sa.Text),
    )  # fmt: skip
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer), sa.Column("username", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False), sa.Column("detail", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
    )  # fmt: skip
    op.create_index("audit_at", "audit", ["at"])
    if op.get_bind().dialect.name == "sqlite":  # append-only: the file refuses edits and deletions
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_append_only_{verb.lower()} BEFORE {verb} ON audit "
                       "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_table("api_keys")
    op.drop_table("users")
