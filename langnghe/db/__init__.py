"""The typed stores' database layer: engines from a URL or a path, and their Alembic migrations.

The stories, detections, claims, source-health, alert, outbox and run-log stores are written
once on SQLAlchemy Core (``Table``/``MetaData``, no ORM) and open through :class:`Database`:

- **Where**: a path means an embedded SQLite file (``sqlite+pysqlite:///path``) in WAL mode with
  a busy timeout, foreign keys on and the ``synchronous`` level the store had before (FULL, or
  NORMAL for the story store); a URL (``postgresql+psycopg://...``) runs the same code on a server.
- **One file per store**, as :class:`langnghe.paths.DataPaths` names them. Keeping the files of the
  previous version means an upgrade never moves rows between files, a store can be backed up or
  reset alone, and writers of different stores never wait on one another's lock. Each store's
  migrations are one Alembic *branch* (its label is the store's name), so the same revisions
  also run side by side in one PostgreSQL database, where every branch has its row in the one
  ``alembic_version`` table.
- **Migrations** (:mod:`langnghe.db.migrate`, scripts in ``langnghe/db/migrations/versions``) run
  when a store opens, in one transaction, in order; the first revision of each branch adopts a
  file made by the previous version (plain sqlite3, same tables) without touching its rows.

Docs: README "The application core".
"""

from langnghe.db.engine import Database, Store, Synchronous, database_url, make_engine
from langnghe.db.migrate import upgrade

__all__ = ["Database", "Store", "Synchronous", "database_url", "make_engine", "upgrade"]
