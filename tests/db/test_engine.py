"""The typed stores' engine: SQLite habits, URLs, and migrations that end where the tables say."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from langnghe.db import Database, database_url
from langnghe.db.migrate import branch_head, current
from langnghe.claims import store as claims
from langnghe.delivery import outbox
from langnghe.errors import InputError
from langnghe.stores import alerts, detections, field_reports, health, runs, saved_searches, stories

# Every typed store: (its Alembic branch, its tables).
STORES: list[tuple[str, sa.MetaData]] = [
    ("detections", detections.metadata), ("stories", stories.metadata), ("claims", claims.metadata),
    ("health", health.metadata), ("alerts", alerts.metadata), ("runs", runs.metadata),
    ("outbox", outbox.metadata), ("field_reports", field_reports.metadata), ("saved", saved_searches.metadata),
]


def test_a_path_becomes_a_sqlite_url_and_a_url_stays_itself(tmp_path: Path) -> None:
    assert database_url(tmp_path / "a.sqlite3") == f"sqlite+pysqlite:///{tmp_path / 'a.sqlite3'}"
    assert database_url("postgresql+psycopg://u@db/langnghe") == "postgresql+psycopg://u@db/langnghe"


@pytest.mark.parametrize(("synchronous", "level"), [("FULL", 2), ("NORMAL", 1)])
def test_sqlite_connections_have_the_stores_habits(tmp_path: Path, synchronous: str, level: int) -> None:
    db = Database(tmp_path / "sub" / "d.sqlite3", "detections", synchronous=synchronous)  # type: ignore[arg-type]
    with db.read() as connection:
        pragmas = [connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")]  # fmt: skip
    db.close()
    assert pragmas == ["wal", level, 30000, 1]


@pytest.mark.parametrize(("branch", "metadata"), STORES, ids=[branch for branch, _ in STORES])
def test_migrations_build_exactly_the_declared_tables(tmp_path: Path, branch: str, metadata: sa.MetaData) -> None:
    db = Database(tmp_path / f"{branch}.sqlite3", branch)
    with db.read() as connection:
        assert current(connection) == {branch_head(branch)}
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    db.close()
    assert differences == []


def test_a_database_stamped_by_a_newer_langnghe_is_refused(tmp_path: Path) -> None:
    Database(tmp_path / "d.sqlite3", "detections").close()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'detections_9999'"))
    engine.dispose()
    with pytest.raises(InputError, match="detections_9999.*nâng cấp langnghe"):
        Database(tmp_path / "d.sqlite3", "detections")


def test_stores_opened_at_once_on_a_fresh_file_migrate_it_once(tmp_path: Path) -> None:
    path, opened, failures = tmp_path / "d.sqlite3", list[Database](), list[BaseException]()

    def open_one() -> None:
        try:
            opened.append(Database(path, "detections"))
        except BaseException as error:  # collected: a thread's exception would otherwise vanish
            failures.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len(opened) == 4
    with opened[0].read() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [
            branch_head("detections")]
    for db in opened:
        db.close()


def test_a_write_that_fails_leaves_nothing_behind(tmp_path: Path) -> None:
    db = Database(tmp_path / "d.sqlite3", "detections")
    table = detections.emerging
    with pytest.raises(sa.exc.IntegrityError), db.write() as connection:
        connection.execute(sa.text("DELETE FROM emerging"))
        connection.execute(table.insert(), [_issue_row(1), _issue_row(1)])
    with db.read() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0
    db.close()


def test_threads_write_one_store_at_once(tmp_path: Path) -> None:
    db = Database(tmp_path / "d.sqlite3", "detections")

    def write(start: int) -> None:
        for at in range(start, start + 25):
            with db.write() as connection:
                connection.execute(detections.emerging.insert(), [_issue_row(at)])

    threads = [threading.Thread(target=write, args=(n * 100,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with db.read() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(detections.emerging)).scalar() == 100
    db.close()


def _issue_row(at: int) -> dict[str, object]:
    return {"at": at, "kind": "story", "key": "k", "rank": 1, "score": 1.0, "title": "", "recent": 1, "earlier": 0,
            "daily": [1], "negative_share": 0.0, "sources": 1, "authors": 1, "top_author_share": 1.0,
            "first_social": None, "first_news": None, "first_seen": None, "keywords": [], "provinces": [],
            "item_ids": []}  # fmt: skip


def test_stores_opened_at_once_by_threads_each_get_their_own_tables(tmp_path: Path) -> None:
    """Alembic's ``op`` and ``context`` are process-wide: threads migrating two fresh files at
    once (the scheduler's jobs at start) must not create one store's tables in the other's file."""
    for attempt in range(8):
        folder = tmp_path / str(attempt)
        start = threading.Barrier(len(STORES))

        def open_store(branch: str) -> None:
            start.wait()
            Database(folder / f"{branch}.sqlite3", branch).engine.dispose()

        threads = [threading.Thread(target=open_store, args=(branch,)) for branch, _ in STORES]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for branch, metadata in STORES:
            engine = sa.create_engine(database_url(folder / f"{branch}.sqlite3"))
            try:
                found = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
            finally:
                engine.dispose()
            assert found == set(metadata.tables), (attempt, branch)


def test_many_fresh_files_opened_by_threads_at_once_never_report_locked(tmp_path: Path) -> None:
    # the switch to WAL raced: about one fresh file in twenty answered "database is locked"
    failures = list[BaseException]()

    def open_one(path: Path) -> None:
        try:
            Database(path, "detections").close()
        except BaseException as error:  # collected: a thread's exception would otherwise vanish
            failures.append(error)

    for round_ in range(40):
        path = tmp_path / f"d{round_}.sqlite3"
        threads = [threading.Thread(target=open_one, args=(path,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
