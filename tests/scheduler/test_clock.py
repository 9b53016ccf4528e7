"""The digest fires once at 07:00 local time, on a controlled clock, and after downtime too:
missed days are sent once each, a restart sends nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from langnghe.stores.runs import RunLog
from langnghe.scheduler.service import Service
from langnghe.scheduler.tasks import due_digest_days
from langnghe.settings import Settings
from .conftest import wait_for

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
QUIET = {"enrich_every": "1d", "rollup_every": "1d", "detect_every": "1d", "health_every": "1d",
         "digest": {"at": "07:00"}}  # fmt: skip
START_JOBS = ("enrich", "rollup", "detect", "health")


def _start(settings: Settings, services: list[Service]) -> Service:
    service = Service(settings)
    services.append(service)
    service.start()
    return service


def _runs(service: Service, job: str) -> int:
    return len(service.runs.runs(job))


def _settle(service: Service, counts: dict[str, int]) -> None:
    """Wait until each job in ``counts`` has run that many times."""
    for job, n in counts.items():
        wait_for(lambda: _runs(service, job) >= n, f"{job} to run {n} time(s)")


def test_digest_fires_once_at_seven_local_and_catches_up_after_downtime(
    make_settings: Callable[..., Settings], services: list[Service]
) -> None:
    settings = make_settings(schedule=QUIET)
    digests = settings.paths.digests
    with time_machine.travel(datetime(2026, 11, 20, 6, 58, tzinfo=HCM), tick=False) as clock:
        service = _start(settings, services)
        _settle(service, {job: 1 for job in START_JOBS})  # interval jobs run once at start
        assert _runs(service, "digest") == 0

        clock.move_to(datetime(2026, 11, 20, 6, 59, 59, tzinfo=HCM))
        service.scheduler.wakeup()
        time_wait = datetime.now(HCM)
        assert time_wait.hour == 6 and _runs(service, "digest") == 0

        clock.move_to(datetime(2026, 11, 20, 7, 0, 1, tzinfo=HCM))
        service.scheduler.wakeup()
        _settle(service, {"digest": 1})
        run = service.runs.runs("digest")[0]
        assert run.outcome == "ok", run.detail
        assert run.started_at.astimezone(HCM).strftime("%H:%M") == "07:00"
        assert sorted(p.name for p in digests.glob("*.html")) == ["ban-tin-2026-11-19.html"]

        clock.move_to(datetime(2026, 11, 20, 13, 0, tzinfo=HCM))  # later that day: nothing more
        service.scheduler.wakeup()
        _settle(service, {"health": 1})
        assert _runs(service, "digest") == 1
        service.stop()

        # down through the 21st's and the 22nd's 07:00; back at 09:30 on the 22nd
        clock.move_to(datetime(2026, 11, 22, 9, 30, tzinfo=HCM))
        service = _start(settings, services)
        _settle(service, {"digest": 2})
        assert service.runs.runs("digest")[0].outcome == "ok"
        assert sorted(p.name for p in digests.glob("*.html")) == [
            "ban-tin-2026-11-19.html", "ban-tin-2026-11-20.html", "ban-tin-2026-11-21.html"
        ]
        next_digest = dict(service.jobs())["digest"]
        assert next_digest is not None and next_digest.astimezone(HCM) == datetime(2026, 11, 23, 7, 0, tzinfo=HCM)
        service.stop()

        # another restart the same morning sends nothing again
        clock.move_to(datetime(2026, 11, 22, 9, 40, tzinfo=HCM))
        service = _start(settings, services)
        service.scheduler.wakeup()
        service.stop()  # waits for any job that was due
        log = RunLog(settings.paths.scheduler)
        try:
            assert len(log.runs("digest")) == 2
        finally:
            log.close()


def test_due_days_are_bounded_and_never_repeat() -> None:
    tz = "Asia/Ho_Chi_Minh"
    at = datetime(2026, 11, 20, 7, 0, tzinfo=HCM)
    assert due_digest_days(at - timedelta(minutes=1), tz, "07:00", 3, None) == [date(2026, 11, 18)]
    assert due_digest_days(at, tz, "07:00", 3, None) == [date(2026, 11, 19)]
    assert due_digest_days(at, tz, "07:00", 3, "2026-11-19") == []
    # a week down: the last three days only, oldest first
    assert due_digest_days(at, tz, "07:00", 3, "2026-11-10") == [date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 19)]
    assert due_digest_days(at, tz, "07:00", 3, "2026-11-17") == [date(2026, 11, 18), date(2026, 11, 19)]


def test_a_changed_schedule_moves_the_job_and_a_removed_source_loses_its_job(
    make_settings: Callable[..., Settings], services: list[Service]
) -> None:
    source = {"id": "bao-a", "kind": "rss", "url": "http://127.0.0.1:9/rss.xml", "interval": "1d"}
    settings = make_settings(schedule=QUIET, sources=[source])
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=HCM), tick=False):
        service = _start(settings, services)
        assert "crawl:bao-a" in dict(service.jobs())
        _settle(service, {"crawl:bao-a": 1})
        service.stop()
    settings = make_settings(schedule={**QUIET, "digest": {"at": "06:30"}}, sources=[])
    with time_machine.travel(datetime(2026, 11, 20, 11, 0, tzinfo=HCM), tick=False):
        service = _start(settings, services)
        jobs = dict(service.jobs())
        assert "crawl:bao-a" not in jobs
        assert jobs["digest"] is not None and jobs["digest"].astimezone(HCM) == datetime(2026, 11, 21, 6, 30, tzinfo=HCM)
