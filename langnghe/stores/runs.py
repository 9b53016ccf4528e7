"""What the scheduler did (``data_dir/scheduler.sqlite3`` by default; any database :mod:`langnghe.db`
opens, the ``runs`` Alembic branch): each job's runs, and which periodic products (digests,
reports) are done.

The run log feeds ``langnghe status``; the product ledger makes the digest and the
report idempotent by period, so a restart, a coalesced misfire or a second process
never sends one day's digest twice. APScheduler keeps its own job store in the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from langnghe.db import Database, Store
from langnghe.db.sql import upsert

KEEP_RUNS_PER_JOB = 50
DETAIL_CHARS = 2000

metadata = sa.MetaData()
job_runs = sa.Table(
    "job_runs", metadata,
    sa.Column("job_id", sa.Text, nullable=False), sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("seconds", sa.Float, nullable=False), sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Index("job_runs_job", "job_id", "started_at"),
)  # fmt: skip
products = sa.Table(
    "products", metadata,
    sa.Column("product", sa.Text, primary_key=True), sa.Column("period", sa.Text, primary_key=True),
    sa.Column("done_at", sa.Text, nullable=False), sa.Column("detail", sa.Text, nullable=False),
)  # fmt: skip


@dataclass(frozen=True)
class JobRun:
    job_id: str
    started_at: datetime
    seconds: float
    outcome: str  # ok | error | stopped
    detail: str


def _run(row: Any) -> JobRun:
    return JobRun(row.job_id, datetime.fromisoformat(row.started_at), row.seconds, row.outcome, row.detail)


class RunLog(Store):
    """Job runs and done products; shareable by threads."""

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target, "runs")

    def record(self, run: JobRun) -> None:
        """Add one run; only the job's latest :data:`KEEP_RUNS_PER_JOB` are kept."""
        oldest_kept = (sa.select(job_runs.c.started_at).where(job_runs.c.job_id == run.job_id)
                       .order_by(job_runs.c.started_at.desc()).limit(1).offset(KEEP_RUNS_PER_JOB - 1)
                       .scalar_subquery())  # fmt: skip
        with self._db.write() as db:
            db.execute(job_runs.insert().values(job_id=run.job_id, started_at=_iso(run.started_at), seconds=run.seconds,
                                                outcome=run.outcome, detail=run.detail[:DETAIL_CHARS]))  # fmt: skip
            db.execute(job_runs.delete().where(job_runs.c.job_id == run.job_id, job_runs.c.started_at < oldest_kept))

    def last_runs(self) -> dict[str, JobRun]:
        """The latest run of every job that ever ran."""
        later = job_runs.alias("later")
        latest = sa.select(sa.func.max(later.c.started_at)).where(later.c.job_id == job_runs.c.job_id).scalar_subquery()
        query = job_runs.select().where(job_runs.c.started_at == latest).order_by(job_runs.c.job_id)
        with self._db.read() as db:
            return {row.job_id: _run(row) for row in db.execute(query)}

    def runs(self, job_id: str) -> list[JobRun]:
        """Runs of one job, newest first."""
        query = job_runs.select().where(job_runs.c.job_id == job_id).order_by(job_runs.c.started_at.desc())
        with self._db.read() as db:
            return [_run(row) for row in db.execute(query)]

    def done(self, product: str, period: str) -> bool:
        query = sa.select(products.c.product).where(products.c.product == product, products.c.period == period)
        with self._db.read() as db:
            return db.execute(query).first() is not None

    def mark_done(self, product: str, period: str, detail: str = "") -> None:
        row = {"product": product, "period": period, "done_at": _iso(datetime.now(timezone.utc)), "detail": detail}
        with self._db.write() as db:
            upsert(db, products, [row])

    def last_period(self, product: str) -> str | None:
        """The latest period done (periods sort as text: ISO dates and YYYY-MM)."""
        with self._db.read() as db:
            return db.execute(sa.select(sa.func.max(products.c.period)).where(products.c.product == product)).scalar()

    def next_runs(self) -> dict[str, datetime | None]:
        """Each job the scheduler holds in this file (APScheduler's ``apscheduler_jobs`` table) and
        its next run, UTC (None: paused); empty when no scheduler ever ran on the file."""
        try:
            with self._db.read() as db:
                rows = db.execute(sa.text("SELECT id, next_run_time FROM apscheduler_jobs")).all()
        except sa.exc.OperationalError:  # no such table: only runs of other kinds
            return {}
        return {str(row.id): datetime.fromtimestamp(float(row.next_run_time), timezone.utc)
                if row.next_run_time is not None else None for row in rows}


def _iso(moment: datetime) -> str:
    # Fixed-width UTC text with microseconds, so that text order is time order.
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
