"""``langnghe status``'s scheduler part, as rich tables (times shown in the display zone)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from langnghe.scheduler.status import job_statuses
from langnghe.settings import Settings

_OUTCOME_STYLE = {"ok": "green", "error": "bold red", "stopped": "yellow"}


def _local(moment: datetime | None, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%d/%m %H:%M:%S") if moment else "-"


def print_status(console: Console, settings: Settings) -> None:
    statuses = job_statuses(settings)
    if statuses:
        table = Table(title=f"Jobs (times in {settings.timezone})", title_justify="left")
        for column in ("job", "last run", "took", "outcome", "next run", "detail"):
            table.add_column(column, overflow="fold")
        for status in statuses:
            last = status.last
            outcome = last.outcome if last else "-"
            table.add_row(
                status.job_id + ("" if status.scheduled else " (not scheduled)"),
                _local(last.started_at, settings.timezone) if last else "never",
                f"{last.seconds:.1f} s" if last else "-",
                f"[{_OUTCOME_STYLE.get(outcome, '')}]{outcome}[/]" if last else "-",
                _local(status.next_run, settings.timezone),
                (last.detail[:160] if last else ""),
            )
        console.print(table)
    else:
        console.print("scheduler: never ran here (start it with `langnghe run`)")
    _print_deliveries(console, settings)


def _print_deliveries(console: Console, settings: Settings) -> None:
    from langnghe.stores.alerts import AlertLedger
    from langnghe.delivery import outbox_summary

    summary = outbox_summary(settings.data_dir)
    console.print(f"outbox: {summary.line()}", markup=False, highlight=False)
    path = settings.paths.alerts
    if path.exists():
        ledger = AlertLedger(path)
        try:
            recent = ledger.recent(datetime.now(timezone.utc) - timedelta(days=1))
        finally:
            ledger.close()
        console.print(f"alerts in the last 24 h: {len(recent)}", markup=False, highlight=False)
        for alert in recent[:10]:
            console.print(f"  {_local(alert.at, settings.timezone)}  {alert.title}",
                          markup=False, highlight=False)
