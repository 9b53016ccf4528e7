"""The scheduler's jobs. Each is a plain function referenced by name from the persistent job
store (``langnghe.scheduler.tasks:<name>``) and takes only ids, so stored jobs survive
restarts and upgrades; what they need (settings, the stop flag) is the running
:class:`Runtime`. Every job records its run (``langnghe status``) and logs one structured
line; an exception is recorded and logged, never lost in a thread.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import ParamSpec
from zoneinfo import ZoneInfo

from langnghe.instance import InstanceLock
from langnghe.scheduler import details
from langnghe.scheduler.config import ScheduleFile, clock_time
from langnghe.scheduler.details import STOPPED, Done
from langnghe.stores.runs import JobRun, RunLog
from langnghe.settings import Settings

log = logging.getLogger("langnghe.jobs")

HOUR = timedelta(hours=1)
DETECT_CATCH_UP = timedelta(hours=48)
ROLLUP_LOOKBACK = timedelta(hours=6)


@dataclass
class Runtime:
    settings: Settings
    schedule: ScheduleFile
    runs: RunLog
    stop: threading.Event = field(default_factory=threading.Event)
    lock: InstanceLock | None = None  # held while the runtime is open: one scheduler per data folder

    def close(self) -> None:
        """Close the run log, then let the next scheduler of the data folder in."""
        self.runs.close()
        if self.lock is not None:
            self.lock.release()


_runtime: Runtime | None = None


def install(runtime: Runtime | None) -> None:
    global _runtime
    _runtime = runtime


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("no scheduler runtime installed (jobs run inside `langnghe run`)")
    return _runtime


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


Args = ParamSpec("Args")


def recorded(name: str) -> Callable[[Callable[Args, Done]], Callable[Args, str]]:
    """Record the job's run (start, duration, outcome, its one-line result) and log it; the
    wrapped job returns its line."""

    def wrap(job: Callable[Args, Done]) -> Callable[Args, str]:
        @functools.wraps(job)
        def run(*args: Args.args, **kwargs: Args.kwargs) -> str:
            rt = runtime()
            job_id = name + (f":{args[0]}" if args else "")
            started, clock = now_utc(), time.monotonic()
            try:
                done = job(*args, **kwargs)
                if done.detail.startswith(STOPPED):
                    done = Done(done.detail, "stopped")
            except Exception as exc:  # a job's failure must not take the scheduler down
                done = Done(f"{type(exc).__name__}: {exc}", "error")
                log.error("job failed", extra={"event": "job", "job": job_id, "outcome": done.outcome,
                                               "error": done.detail, "traceback": traceback.format_exc()})
                rt.runs.record(JobRun(job_id, started, time.monotonic() - clock, done.outcome, done.detail))
                return done.detail
            seconds = time.monotonic() - clock
            rt.runs.record(JobRun(job_id, started, seconds, done.outcome, done.detail))
            level = logging.INFO if done.outcome in ("ok", "stopped") else logging.WARNING
            log.log(level, "job finished", extra={"event": "job", "job": job_id, "outcome": done.outcome,
                                                  "seconds": round(seconds, 3), "detail": done.detail})
            return done.detail

        return run

    return wrap


@recorded("crawl")
def crawl(source_id: str) -> Done:
    from langnghe.config import load_config
    from langnghe.crawlers import run_crawl
    from langnghe.stores.health import record_crawl_health

    rt = runtime()
    config = load_config(rt.settings.config_dir)
    source = next((s for s in config.sources if s.id == source_id), None)
    if source is None or not source.enabled:
        return Done("nguồn đã bị xóa hoặc tắt: bỏ qua")
    report = run_crawl([source], rt.settings, stop=rt.stop)
    names = {s.id: s.name or s.id for s in config.sources}
    if rt.stop.is_set() and not report.finished:
        # cut short by our own shutdown: no fault of the source, so no failure in its health
        # (what was fetched is queued; the next run crawls it again)
        log.info("crawl stopped by shutdown", extra={"event": "crawl", "source": source_id})
        return details.crawl_stopped(report, names)
    record_crawl_health(rt.settings.store_target("health"), report)
    for problem in report.problems():
        log.warning("crawl problem", extra={"event": "crawl", "source": source_id, "problem": problem})
    return details.crawl_done(report, names)


@recorded("enrich")
def enrich() -> Done:
    from langnghe.app import App
    from langnghe.jobs.core import run_enrich

    rt = runtime()
    with App(rt.settings) as app:
        report = run_enrich(app, should_stop=rt.stop.is_set)
    line = details.enrich_line(report.done, report.batches, report.failed, report.quarantined)
    if report.unavailable:  # the items wait in the queue, no attempt spent; the next run goes on
        return Done(f"chỉ mục không truy cập được: {report.unavailable} ({report.done} tin đã lập chỉ mục "
                    "trước đó; phần còn lại chờ trong hàng đợi)", "error")
    if rt.stop.is_set():
        line = STOPPED + line + "; phần còn lại chờ trong hàng đợi"
    return Done(line)


@recorded("rollup")
def rollup() -> Done:
    from langnghe.jobs.core import run_rollup, run_stories

    rt = runtime()
    now = now_utc()
    stories = run_stories(rt.settings)
    rolled = run_rollup(rt.settings, now - ROLLUP_LOOKBACK, now)
    return Done(details.rollup_line(rolled.busy_hours, stories.clustered, stories.scanned, stories.new_stories))


@recorded("detect")
def detect() -> Done:
    """Spikes at every hour (and local day) end since the last run (at most 48 h back), the
    emerging-issue ranking at the last hour end, then the alert rules."""
    from langnghe.alerts.job import run_alerts
    from langnghe.app import App
    from langnghe.jobs.detect import detect_period
    from langnghe.jobs.core import run_emerging
    from langnghe.detection.trends import last_boundary

    rt = runtime()
    now = now_utc()
    end = last_boundary(now, "hour", rt.settings.timezone)
    done = rt.runs.last_period("detect")
    since = max(datetime.fromisoformat(done), end - DETECT_CATCH_UP) if done else end - HOUR
    found = detect_period(rt.settings, since, end - HOUR) if end > since else None
    issues = run_emerging(rt.settings, end)
    rt.runs.mark_done("detect", end.isoformat())
    with App(rt.settings) as app:
        alerts = run_alerts(app, now)
    if alerts.delivery_errors:
        log.warning("alert delivery failed", extra={"event": "alerts", "errors": alerts.delivery_errors})
    spikes = found.spikes if found else 0
    return Done(details.detect_line(spikes, len(issues), alerts.fired, len(alerts.sent)))


def due_digest_days(now: datetime, tz: str, at: str, catch_up: int, last_done: str | None) -> list[date]:
    """Local days whose digest is due at ``now`` and not yet sent, oldest first.

    A day's digest is due at ``at`` (local) the next morning. After downtime, the missed
    days are sent too, at most ``catch_up`` of them; days before the first digest ever sent
    are not backfilled.
    """
    local = now.astimezone(ZoneInfo(tz))
    hour, minute = clock_time(at)
    latest = local.date() - timedelta(days=1 if (local.hour, local.minute) >= (hour, minute) else 2)
    first = latest - timedelta(days=catch_up - 1)
    if last_done is None:
        first = latest
    else:
        first = max(first, date.fromisoformat(last_done) + timedelta(days=1))
    return [first + timedelta(days=n) for n in range((latest - first).days + 1)]


@recorded("digest")
def digest() -> Done:
    from langnghe.scheduler.products import send_digest

    rt = runtime()
    plan = rt.schedule.digest
    days = due_digest_days(now_utc(), rt.settings.timezone, plan.at, plan.catch_up_days, rt.runs.last_period("digest"))
    sent: list[str] = []
    for day in days:
        if rt.stop.is_set():
            return Done(STOPPED + "; ".join(sent + [f"{len(days) - len(sent)} ngày để lần chạy sau"]))
        detail = send_digest(rt.settings, day, plan.channels)
        rt.runs.mark_done("digest", day.isoformat(), detail)
        sent.append(details.digest_day_line(day, detail))
    return Done("; ".join(sent) or "chưa đến hạn")


@recorded("report")
def report() -> Done:
    from langnghe.reports.periods import previous_month
    from langnghe.scheduler.products import send_report

    rt = runtime()
    now = now_utc()
    month = previous_month(now.astimezone(ZoneInfo(rt.settings.timezone)).date())
    shown = f"báo cáo tháng {month[5:]}/{month[:4]}"
    if rt.runs.done("report", month):
        return Done(f"{shown}: đã viết trước đó")
    detail = send_report(rt.settings, month, rt.schedule.report.channels, now=now)
    rt.runs.mark_done("report", month, detail)
    return Done(f"{shown}: {detail}")


@recorded("retention")
def retention() -> Done:
    from langnghe.scheduler.products import apply_retention

    rt = runtime()
    return Done(apply_retention(rt.settings, now_utc() - rt.schedule.retention.keep))


@recorded("health")
def health() -> Done:
    """Retry undelivered messages; give back queue leases of crawlers or workers that died."""
    from langnghe.delivery import retry_outbox
    from langnghe.queue import open_queue
    from langnghe.alerts.channels import configured_channels

    rt = runtime()
    results = retry_outbox(configured_channels(rt.settings), rt.settings.data_dir, tz=rt.settings.timezone)
    queue = open_queue(rt.settings)
    try:
        released = queue.release_dead_owners()
    finally:
        queue.close()
    delivered = sum(1 for r in results if r.ok)
    return Done(details.health_line(delivered, len(results), released))
