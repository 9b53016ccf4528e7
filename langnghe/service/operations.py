"""Response models of what an operator checks: the item stream and its quarantine (``langnghe
queue``), the scheduled jobs' last and next runs, the delivery outbox and the alerts sent lately
(``langnghe status``); the web app's operator pages will show the same."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from langnghe.item import Item
from langnghe.labels import JOB_VI
from langnghe.service.types import IsoTime, Response
from langnghe.service.views import QueueCounts

if TYPE_CHECKING:
    from langnghe.queue.base import Quarantined
    from langnghe.stores.alerts import Alert
    from langnghe.stores.runs import JobRun

JOB_KINDS = ("crawl", "enrich", "rollup", "detect", "health", "digest", "report", "retention")  # the order shown


class JobRunView(Response):
    started_at: IsoTime
    seconds: float
    outcome: str  # ok, partial (a crawl in which some sources failed), error or stopped
    detail: str


class JobView(Response):
    """One scheduled job (or one that ran and is no longer scheduled, such as a removed source's crawl)."""

    job_id: str
    name: str = ""  # in Vietnamese, a crawl named with its source's name (labels.JOB_VI)
    last: JobRunView | None  # None: never ran
    next_run: IsoTime | None
    scheduled: bool


class OutboxView(Response):
    """Messages of the delivery outbox per state."""

    pending: int = 0
    failed: int = 0
    sent: int = 0


class AlertView(Response):
    """An alert that was sent."""

    rule_id: str
    kind: str
    title: str
    detail: str
    at: IsoTime


class QuarantinedView(Response):
    """An item set aside by the stream, with why and since when."""

    id: str
    reason: str
    attempts: int
    since: IsoTime  # UTC
    item: Item | None  # None when the stored JSON no longer validates


class QueueResponse(Response):
    """The stream's items per state and the latest quarantined items (most recent first)."""

    counts: QueueCounts
    quarantined: list[QuarantinedView]


def quarantined_view(entry: Quarantined) -> QuarantinedView:
    return QuarantinedView(id=entry.id, reason=entry.reason, attempts=entry.attempts, since=entry.since, item=entry.item)


def job_order(job_id: str) -> tuple[int, str]:
    kind = job_id.split(":", 1)[0]
    return (JOB_KINDS.index(kind) if kind in JOB_KINDS else len(JOB_KINDS), job_id)


def job_name(job_id: str, sources: dict[str, str]) -> str:
    """``Thu thập: Báo Ánh Sáng`` for ``crawl:bao-a``; a job of an unknown kind keeps its id.

    >>> job_name("crawl:bao-a", {"bao-a": "Báo Ánh Sáng"}), job_name("digest", {})
    ('Thu thập: Báo Ánh Sáng', 'Bản tin ngày')
    """
    kind, _, arg = job_id.partition(":")
    name = JOB_VI.get(kind, kind)
    return f"{name}: {sources.get(arg, arg)}" if arg else name


def job_views(
    last: dict[str, JobRun], scheduled: dict[str, datetime | None], sources: dict[str, str] | None = None
) -> list[JobView]:
    """Every job that ran or is scheduled, in the order of :data:`JOB_KINDS`; ``sources``: names by id."""
    views = []
    for job_id in sorted(set(last) | set(scheduled), key=job_order):
        run = last.get(job_id)
        shown = JobRunView(started_at=run.started_at, seconds=run.seconds, outcome=run.outcome,
                           detail=run.detail) if run else None  # fmt: skip
        views.append(JobView(job_id=job_id, name=job_name(job_id, sources or {}), last=shown, next_run=scheduled.get(job_id), scheduled=job_id in scheduled))
    return views


def alert_view(alert: Alert) -> AlertView:
    return AlertView(rule_id=alert.rule_id, kind=alert.kind, title=alert.title, detail=alert.detail, at=alert.at)
