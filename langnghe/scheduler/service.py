"""``langnghe run``: APScheduler with a persistent job store, one long-running process.

Jobs live in ``data_dir/scheduler.sqlite3`` (SQLAlchemy job store) with ``coalesce`` and
no misfire limit: after downtime each job runs once, not once per missed turn, and
nothing is skipped (the digest job then sends each missed day once, see
:func:`~langnghe.scheduler.tasks.due_digest_days`). At start the jobs the configuration
asks for are reconciled with the stored ones: a job whose trigger is unchanged keeps its
stored next run time (so a missed 07:00 is still due), a changed one is rescheduled, a
job no longer configured (a removed source) is removed. ``max_instances=1``: a slow
crawl is never run twice at once. SIGTERM or SIGINT sets the stop flag (the enrich job
finishes and acks its batch, a crawl shuts its crawler down gracefully) and waits for
running jobs before exiting.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import FrameType
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from langnghe.config import load_config
from langnghe.instance import InstanceLock
from langnghe.scheduler import tasks
from langnghe.scheduler.config import ScheduleFile, clock_time, load_schedule
from langnghe.stores.runs import RunLog
from langnghe.settings import Settings

log = logging.getLogger("langnghe.scheduler")

_TASKS = "langnghe.scheduler.tasks:"


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: str  # textual reference: stored jobs must not pickle code
    trigger: BaseTrigger
    args: tuple[str, ...] = ()
    run_at_start: bool = False  # a new interval job runs now rather than one interval from now

    @property
    def signature(self) -> str:
        return f"{self.func}|{self.args}|{_describe(self.trigger)}"


def _describe(trigger: BaseTrigger) -> str:
    # str() of a trigger names its fields but not its zone; the zone matters for a 07:00 job
    return f"{trigger}|{getattr(trigger, 'timezone', '')}"


def job_specs(settings: Settings, schedule: ScheduleFile) -> list[JobSpec]:
    """The jobs the configuration asks for."""
    tz = settings.timezone
    specs = [
        JobSpec(f"crawl:{source.id}", _TASKS + "crawl", IntervalTrigger(seconds=source.interval.total_seconds(), timezone=tz),
                (source.id,), run_at_start=True)
        for source in load_config(settings.config_dir).sources
        if source.enabled
    ]

    def every(name: str, interval: timedelta) -> JobSpec:
        return JobSpec(name, _TASKS + name, IntervalTrigger(seconds=interval.total_seconds(), timezone=tz),
                       run_at_start=True)

    specs += [
        every("enrich", schedule.enrich_every),
        every("rollup", schedule.rollup_every),
        every("detect", schedule.detect_every),
        every("health", schedule.health_every),
    ]
    hour, minute = clock_time(schedule.digest.at)
    specs.append(JobSpec("digest", _TASKS + "digest", CronTrigger(hour=hour, minute=minute, timezone=tz)))
    hour, minute = clock_time(schedule.report.at)
    specs.append(JobSpec("report", _TASKS + "report",
                         CronTrigger(day=schedule.report.day, hour=hour, minute=minute, timezone=tz)))
    hour, minute = clock_time(schedule.retention.at)
    specs.append(JobSpec("retention", _TASKS + "retention", CronTrigger(hour=hour, minute=minute, timezone=tz)))
    return specs


def open_runtime(settings: Settings) -> tasks.Runtime:
    """What the jobs read: settings, the schedule, the run log (``data_dir/scheduler.sqlite3``);
    first the data folder's lock, so a second scheduler stops here, before it runs or sends
    anything (:class:`~langnghe.instance.AlreadyRunning`)."""
    schedule = load_schedule(settings.config_dir)
    lock = InstanceLock(settings.paths.run_lock, "langnghe run")
    lock.acquire()
    try:
        return tasks.Runtime(settings, schedule, RunLog(settings.store_target("scheduler")), lock=lock)
    except BaseException:
        lock.release()
        raise


class Service:
    """The scheduler process. ``start()`` returns at once (jobs run on worker threads);
    ``run_forever()`` blocks until SIGTERM/SIGINT; ``stop()`` shuts down gracefully."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runtime = open_runtime(settings)
        self.schedule, self.runs = self.runtime.schedule, self.runtime.runs
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{settings.paths.scheduler}")},
            executors={"default": ThreadPoolExecutor(self.schedule.workers)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=settings.timezone,
        )
        self._stopped = threading.Event()

    def start(self) -> list[str]:
        """Install the runtime, reconcile the stored jobs, start; returns a line per job."""
        tasks.install(self.runtime)
        self.scheduler.start(paused=True)
        lines = self.reconcile(job_specs(self.settings, self.schedule))
        self.scheduler.resume()
        log.info("scheduler started", extra={"event": "start", "jobs": len(lines)})
        return lines

    def reconcile(self, specs: list[JobSpec]) -> list[str]:
        stored = {job.id: job for job in self.scheduler.get_jobs()}
        wanted = {spec.id for spec in specs}
        for job_id in sorted(set(stored) - wanted):
            self.scheduler.remove_job(job_id)
            log.info("job removed", extra={"event": "reconcile", "job": job_id})
        lines = []
        now = datetime.now(timezone.utc)
        for spec in specs:
            job = stored.get(spec.id)
            kwargs: dict[str, Any] = {}
            if job is not None and _signature(job) == spec.signature:
                lines.append(f"{spec.id}: kept, next run {job.next_run_time:%Y-%m-%d %H:%M %Z}")
                continue
            if spec.run_at_start:
                kwargs["next_run_time"] = now
            added = self.scheduler.add_job(spec.func, spec.trigger, args=spec.args, id=spec.id, name=spec.id,
                                           replace_existing=True, **kwargs)
            when = added.next_run_time
            lines.append(f"{spec.id}: {'changed' if job else 'added'}, next run "
                         f"{when:%Y-%m-%d %H:%M %Z}" if when else f"{spec.id}: added")
        return lines

    def jobs(self) -> list[tuple[str, datetime | None]]:
        return [(job.id, job.next_run_time) for job in self.scheduler.get_jobs()]

    def stop(self) -> None:
        """Ask running jobs to finish what they hold, wait for them, close the stores."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        self.runtime.stop.set()
        log.info("stopping: waiting for running jobs", extra={"event": "stop"})
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        tasks.install(None)
        self.runtime.close()
        log.info("stopped", extra={"event": "stopped"})

    def run_forever(self) -> None:
        """Block until SIGTERM or SIGINT, then stop gracefully."""
        wake = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            log.info("signal received", extra={"event": "signal", "signal": signal.Signals(signum).name})
            wake.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            while not wake.wait(1.0):
                pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.stop()


def _signature(job: Any) -> str:
    args = tuple(job.args)
    return f"{job.func_ref}|{args}|{_describe(job.trigger)}"


ONCE_ORDER = ("enrich", "rollup", "detect", "digest", "report", "retention", "health")


def run_once(settings: Settings) -> list[str]:
    """Every job once, in pipeline order (crawls first), on this thread; a line per job."""
    runtime = open_runtime(settings)
    tasks.install(runtime)
    lines = []
    try:
        for source in load_config(settings.config_dir).sources:
            if source.enabled:
                lines.append(f"crawl:{source.id}: {tasks.crawl(source.id)}")
        for name in ONCE_ORDER:
            lines.append(f"{name}: {getattr(tasks, name)()}")
    finally:
        tasks.install(None)
        runtime.close()
    return lines
