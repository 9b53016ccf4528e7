"""The scheduler's run log: latest runs, a bounded history, products done; files of the previous
version adopted in place."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.stores.runs import KEEP_RUNS_PER_JOB, JobRun, RunLog
from langnghe.testing import DbTarget

T0 = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)
OLD_DDL = (
    """CREATE TABLE IF NOT EXISTS job_runs (
        job_id TEXT NOT NULL, started_at TEXT NOT NULL, seconds REAL NOT NULL,
        outcome TEXT NOT NULL, detail TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS job_runs_job ON job_runs(job_id, started_at)",
    """CREATE TABLE IF NOT EXISTS products (
        product TEXT NOT NULL, period TEXT NOT NULL, done_at TEXT NOT NULL, detail TEXT NOT NULL,
        PRIMARY KEY (product, period))""",
)


def _run(job: str, minutes: int, outcome: str = "ok") -> JobRun:
    return JobRun(job, T0 + timedelta(minutes=minutes), 1.5, outcome, f"run {minutes}")


def test_runs_are_kept_per_job_newest_first_and_bounded(db_target: DbTarget, tmp_path: Path) -> None:
    log = RunLog(db_target("scheduler"))
    for minute in range(KEEP_RUNS_PER_JOB + 5):
        log.record(_run("crawl:a", minute))
    log.record(_run("digest", 3, "error"))
    runs = log.runs("crawl:a")
    assert len(runs) == KEEP_RUNS_PER_JOB and runs[0] == _run("crawl:a", KEEP_RUNS_PER_JOB + 4)
    assert log.last_runs() == {"crawl:a": runs[0], "digest": _run("digest", 3, "error")}
    log.mark_done("digest", "2026-11-19")
    log.mark_done("digest", "2026-11-20", "sent")
    log.mark_done("digest", "2026-11-20", "sent again")  # idempotent by period
    assert log.done("digest", "2026-11-20") and not log.done("report", "2026-11-20")
    assert log.last_period("digest") == "2026-11-20" and log.last_period("report") is None
    log.close()


def test_a_log_of_the_previous_version_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "scheduler.sqlite3"
    old = sqlite3.connect(path)
    for statement in OLD_DDL:
        old.execute(statement)
    old.execute("INSERT INTO job_runs VALUES ('crawl:a', '2026-11-20T03:00:00.000000+00:00', 1.5, 'ok', 'run 0')")
    old.execute("INSERT INTO products VALUES ('digest', '2026-11-19', '2026-11-20T00:00:00.000000+00:00', '')")
    old.commit()
    old.close()
    log = RunLog(path)
    assert log.last_runs() == {"crawl:a": _run("crawl:a", 0)} and log.done("digest", "2026-11-19")
    log.record(_run("crawl:a", 1))
    assert [run.started_at for run in log.runs("crawl:a")] == [T0 + timedelta(minutes=1), T0]
    log.close()


def test_next_runs_read_the_scheduler_jobs_of_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "scheduler.sqlite3"
    log = RunLog(path)
    try:
        assert log.next_runs() == {}  # no scheduler ever ran here
        db = sqlite3.connect(path)
        with db:
            db.execute("CREATE TABLE apscheduler_jobs (id TEXT PRIMARY KEY, next_run_time REAL, job_state BLOB)")
            db.executemany("INSERT INTO apscheduler_jobs VALUES (?, ?, x'')", [("detect", 1_795_000_000.5), ("paused", None)])
        db.close()
        assert log.next_runs() == {"detect": datetime(2026, 11, 18, 11, 6, 40, 500000, tzinfo=timezone.utc), "paused": None}
    finally:
        log.close()
