"""``langnghe status``'s scheduler part: the jobs' last and next runs, the outbox and the alerts
of the last day, as rich tables (times shown in the display zone)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from langnghe.service.operations import AlertView, JobView, OutboxView

_OUTCOME_STYLE = {"ok": "green", "error": "bold red", "stopped": "yellow"}


def _local(moment: datetime | None, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%d/%m %H:%M:%S") if moment else "-"


def print_jobs(console: Console, jobs: list[JobView], *, tz: str) -> None:
    if not jobs:
        console.print("scheduler: never ran here (start it with `langnghe run`)")
        return
    table = Table(title=f"Jobs (times in {tz})", title_justify="left")
    for column in ("job", "last run", "took", "outcome", "next run", "detail"):
        table.add_column(column, overflow="fold")
    for job in jobs:
        last = job.last
        table.add_row(
            job.job_id + ("" if job.scheduled else " (not scheduled)"),
            _local(last.started_at, tz) if last else "never",
            f"{last.seconds:.1f} s" if last else "-",
            f"[{_OUTCOME_STYLE.get(last.outcome, '')}]{last.outcome}[/]" if last else "-",
            _local(job.next_run, tz),
            (last.detail[:160] if last else ""),
        )
    console.print(table)


def print_deliveries(console: Console, outbox: OutboxView, alerts: list[AlertView] | None, *, tz: str) -> None:
    """The outbox's counts and, where the alert job ran, the alerts of the last 24 hours (ten at most)."""
    console.print(f"outbox: {outbox.pending} pending, {outbox.failed} failed, {outbox.sent} sent",
                  markup=False, highlight=False)  # fmt: skip
    if alerts is None:
        return
    console.print(f"alerts in the last 24 h: {len(alerts)}", markup=False, highlight=False)
    for alert in alerts[:10]:
        console.print(f"  {_local(alert.at, tz)}  {alert.title}", markup=False, highlight=False)
