"""Alembic, run from code: every store's migrations live in ``langnghe/db/migrations``.

Each store is one branch (labelled with its name: ``detections``, ``stories``...). Opening a
store calls :func:`upgrade` inside its opening write transaction, so two processes opening a
fresh file one beside the other migrate it once: the second waits on the lock, then finds it
at head. No ``alembic.ini`` is needed at run time; ``alembic -c langnghe/db/alembic.ini`` is for
writing new revisions (``revision --head <branch>@head -m ...``).
"""

from __future__ import annotations

import logging
import threading
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from langnghe.errors import InputError

SCRIPTS = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)
# Alembic says "Context impl SQLiteImpl" and each step at INFO whenever a store file is made: noise on a
# command's stderr. One debug line of ours says what was migrated; alembic's warnings still show.
logging.getLogger("alembic").setLevel(logging.WARNING)
# Alembic's ``op`` and ``context`` proxies are module globals: two threads running migrations at
# once (the scheduler's jobs opening fresh stores at start) would write one store's tables into
# the other's file and stamp both. Migrations in one process run one at a time.
_MIGRATING = threading.Lock()


def alembic_config(connection: Connection | None = None) -> Config:
    """A configuration built in code; ``connection`` is handed to ``env.py``."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def branch_head(branch: str) -> str:
    """The newest revision of one store's branch."""
    head = _scripts().get_revision(f"{branch}@head")
    assert head is not None, f"no migrations for {branch}"
    return head.revision


def current(connection: Connection) -> set[str]:
    """The revisions stamped in ``connection``'s database (one per migrated store branch)."""
    return set(MigrationContext.configure(connection).get_current_heads())


def at_head(connection: Connection, branch: str) -> bool:
    """Whether ``branch`` is at its head in ``connection``'s database (a read: no lock taken)."""
    return branch_head(branch) in current(connection)


def upgrade(connection: Connection, branch: str) -> None:
    """Bring ``branch`` to its head in ``connection``'s database (nothing when it is there).

    A database stamped by a newer langnghe (a revision this one does not know) is refused."""
    stamped = current(connection)
    if branch_head(branch) in stamped:
        return
    unknown = sorted(stamped - {script.revision for script in _scripts().walk_revisions()})
    if unknown:
        where = connection.engine.url.render_as_string(hide_password=True)
        raise InputError(f"{where}: cơ sở dữ liệu do một phiên bản langnghe mới hơn tạo ra (bản sửa đổi "
                         f"{', '.join(unknown)}); hãy nâng cấp langnghe")
    with _MIGRATING:
        command.upgrade(alembic_config(connection), f"{branch}@head")
    log.debug("database %s: %s migrated from %s to %s", connection.engine.url.render_as_string(hide_password=True),
             branch, ", ".join(sorted(stamped)) or "nothing", branch_head(branch))
