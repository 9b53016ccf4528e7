"""What ``langnghe status`` shows of the scheduler: every job's last run and next run.

Read straight from ``scheduler.sqlite3`` (no scheduler is started): the run log, and
the ``next_run_time`` column of APScheduler's ``apscheduler_jobs`` table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from langnghe.stores.runs import JobRun, RunLog
from langnghe.settings import Settings


@dataclass(frozen=True)
class JobStatus:
    job_id: str
    last: JobRun | None
    next_run: datetime | None
    scheduled: bool  # still in the job store (a removed source's crawl job is not)


def job_statuses(settings: Settings) -> list[JobStatus]:
    path = settings.paths.scheduler
    if not path.exists():
        return []
    runs = RunLog(path)
    try:
        last = runs.last_runs()
    finally:
        runs.close()
    scheduled: dict[str, datetime | None] = {}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        rows = db.execute("SELECT id, next_run_time FROM apscheduler_jobs").fetchall()
    except sqlite3.OperationalError:  # no scheduler ever ran here: only runs of other kinds
        rows = []
    finally:
        db.close()
    for job_id, next_ts in rows:
        scheduled[job_id] = datetime.fromtimestamp(next_ts, timezone.utc) if next_ts is not None else None
    names = sorted(set(last) | set(scheduled), key=_order)
    return [JobStatus(n, last.get(n), scheduled.get(n), n in scheduled) for n in names]


def _order(job_id: str) -> tuple[int, str]:
    kinds = ["crawl", "enrich", "rollup", "detect", "health", "digest", "report", "retention"]
    kind = job_id.split(":", 1)[0]
    return (kinds.index(kind) if kind in kinds else len(kinds), job_id)
