"""What the scheduler did (``data_dir/scheduler.sqlite3``): each job's runs, and which periodic
products (digests, reports) are done.

The run log feeds ``langnghe status``; the product ledger makes the digest and the
report idempotent by period, so a restart, a coalesced misfire or a second process
never sends one day's digest twice.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from langnghe.storage import open_store, write_transaction

KEEP_RUNS_PER_JOB = 50

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS job_runs (
        job_id TEXT NOT NULL, started_at TEXT NOT NULL, seconds REAL NOT NULL,
        outcome TEXT NOT NULL, detail TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS job_runs_job ON job_runs(job_id, started_at)",
    """CREATE TABLE IF NOT EXISTS products (
        product TEXT NOT NULL, period TEXT NOT NULL, done_at TEXT NOT NULL, detail TEXT NOT NULL,
        PRIMARY KEY (product, period))""",
)


@dataclass(frozen=True)
class JobRun:
    job_id: str
    started_at: datetime
    seconds: float
    outcome: str  # ok | error | stopped
    detail: str


class RunLog:
    def __init__(self, path: Path) -> None:
        self._db = open_store(path, _SCHEMA)
        self._lock = threading.Lock()

    def record(self, run: JobRun) -> None:
        with write_transaction(self._db, self._lock) as db:
            db.execute(
                "INSERT INTO job_runs VALUES (?, ?, ?, ?, ?)",
                (run.job_id, _iso(run.started_at), run.seconds, run.outcome, run.detail[:2000]),
            )
            db.execute(
                """DELETE FROM job_runs WHERE job_id = ? AND started_at < (
                   SELECT started_at FROM job_runs WHERE job_id = ? ORDER BY started_at DESC LIMIT 1 OFFSET ?)""",
                (run.job_id, run.job_id, KEEP_RUNS_PER_JOB - 1),
            )

    def last_runs(self) -> dict[str, JobRun]:
        """The latest run of every job that ever ran."""
        with self._lock:
            rows = self._db.execute(
                """SELECT job_id, started_at, seconds, outcome, detail FROM job_runs r
                   WHERE started_at = (SELECT MAX(started_at) FROM job_runs WHERE job_id = r.job_id)
                   ORDER BY job_id"""
            ).fetchall()
        return {row[0]: JobRun(row[0], datetime.fromisoformat(row[1]), row[2], row[3], row[4]) for row in rows}

    def runs(self, job_id: str) -> list[JobRun]:
        """Runs of one job, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT job_id, started_at, seconds, outcome, detail FROM job_runs WHERE job_id = ? ORDER BY started_at DESC",
                (job_id,),
            ).fetchall()
        return [JobRun(row[0], datetime.fromisoformat(row[1]), row[2], row[3], row[4]) for row in rows]

    def done(self, product: str, period: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM products WHERE product = ? AND period = ?", (product, period)
            ).fetchone()
        return row is not None

    def mark_done(self, product: str, period: str, detail: str = "") -> None:
        with write_transaction(self._db, self._lock) as db:
            db.execute(
                "INSERT OR REPLACE INTO products VALUES (?, ?, ?, ?)",
                (product, period, _iso(datetime.now(timezone.utc)), detail),
            )

    def last_period(self, product: str) -> str | None:
        """The latest period done (periods sort as text: ISO dates and YYYY-MM)."""
        with self._lock:
            row = self._db.execute("SELECT MAX(period) FROM products WHERE product = ?", (product,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _iso(moment: datetime) -> str:
    # Fixed-width UTC text with microseconds, so that text order is time order.
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
