"""stories: the tables of the plain-sqlite3 version (adopted as they are when they exist)

Revision ID: stories_0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "stories_0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = ("stories",)
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    meta = op.create_table("meta", sa.Column("key", sa.Text, primary_key=True),
                           sa.Column("value", sa.Text, nullable=False), if_not_exists=True)  # fmt: skip
    op.create_table(
        "members",
        sa.Column("item_id", sa.Text, primary_key=True), sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False), sa.Column("method", sa.Text, nullable=False),
        sa.Column("similarity", sa.Float, nullable=False), sa.Column("source", sa.Text, nullable=False),
        sa.Column("platform", sa.Text, nullable=False), sa.Column("kind", sa.Text, nullable=False),
        sa.Column("author", sa.Text), sa.Column("title", sa.Text, nullable=False),
        sa.Column("provinces", sa.Text, nullable=False), sa.Column("keywords", sa.Text, nullable=False),
        sa.Column("sentiment", sa.Text), sa.Column("emotion", sa.Text),
        if_not_exists=True,
    )  # fmt: skip
    op.create_index("members_story", "members", ["story_id", "ts"], if_not_exists=True)
    op.create_index("members_ts", "members", ["ts"], if_not_exists=True)
    op.create_table(
        "stories",
        sa.Column("id", sa.Text, primary_key=True), sa.Column("founder", sa.Text, nullable=False),
        sa.Column("first_seen", sa.BigInteger, nullable=False), sa.Column("last_seen", sa.BigInteger, nullable=False),
        sa.Column("size", sa.Integer, nullable=False), sa.Column("centroid", sa.Text, nullable=False),
        sa.Column("places", sa.Text, nullable=False),
        if_not_exists=True,
    )  # fmt: skip
    op.create_index("stories_last_seen", "stories", ["last_seen"], if_not_exists=True)
    op.create_table(
        "signatures",
        sa.Column("item_id", sa.Text, primary_key=True), sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("story_id", sa.Text, nullable=False), sa.Column("signature", sa.LargeBinary, nullable=False),
        if_not_exists=True,
    )  # fmt: skip
    op.create_index("signatures_ts", "signatures", ["ts"], if_not_exists=True)
    op.create_table("df", sa.Column("term", sa.Text, primary_key=True), sa.Column("n", sa.Integer, nullable=False),
                    sqlite_with_rowid=False, if_not_exists=True)  # fmt: skip
    known = {key for (key,) in op.get_bind().execute(sa.select(meta.c.key))}
    missing = [{"key": key, "value": value} for key, value in (("schema_version", "1"), ("docs", "0")) if key not in known]
    if missing:
        op.bulk_insert(meta, missing)


def downgrade() -> None:
    for table in ("df", "signatures", "stories", "members", "meta"):
        op.drop_table(table)
