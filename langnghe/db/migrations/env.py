"""Alembic's environment for the typed stores: always online, on the connection the caller opened.

:func:`langnghe.db.migrate.upgrade` passes its connection (inside the store's opening write
transaction) through ``config.attributes``; all revisions then run in that one transaction.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("langnghe migrations run through langnghe.db.migrate.upgrade (on an open connection)")
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
