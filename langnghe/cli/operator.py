"""Operator commands: ``langnghe queue`` (the stream's states and its quarantine),
``langnghe queue retry`` (bring quarantined items back) and ``langnghe worker STAGE``."""

from __future__ import annotations

import signal
import threading
from typing import Annotated, Optional
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.table import Table

from langnghe.cli import ConfigDir, DataDir, Verbose, _settings, console, out
from langnghe.errors import LangngheError

queue_app = typer.Typer(no_args_is_help=False)

STAGES = ("enrich", "claims", "stories", "rollup")


@queue_app.callback(invoke_without_command=True)
def queue(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="How many quarantined items to list.")] = 20,
    reason: Annotated[Optional[str], typer.Option(help="Only quarantined items whose reason contains this text.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Show the item stream: items per state, and the quarantined items with their reasons."""
    if ctx.invoked_subcommand is not None:
        return
    from langnghe.app import App

    settings = _settings(data_dir)
    with App(settings) as application:
        stats = application.queue.stats()
        held = application.queue.quarantined(limit=limit, reason=reason)
    out.print(
        f"Hàng đợi: {stats.ready} chờ xử lý ({stats.waiting} đang chờ thử lại), {stats.leased} đang xử lý, "
        f"{stats.done} đã xong, {stats.quarantined} bị cách ly",
        highlight=False, soft_wrap=True,
    )
    if stats.by_reason:
        reasons = Table(title="Lý do cách ly", show_lines=False)
        reasons.add_column("Lý do")
        reasons.add_column("Số tin", justify="right")
        for text, count in sorted(stats.by_reason.items(), key=lambda pair: -pair[1]):
            reasons.add_row(escape(text), str(count))
        out.print(reasons)
    if held:
        tz = ZoneInfo(settings.timezone)
        out.print(f"Tin bị cách ly (mới nhất trước, {len(held)} tin):", highlight=False)
        for entry in held:
            item = entry.item
            title = (item.title or item.text[:80]) if item else "(không đọc được nội dung)"
            source = f" [{item.source}]" if item else ""
            out.print(f"- {entry.id}{source} {title}", highlight=False, markup=False, soft_wrap=True)
            out.print(f"  lý do: {entry.reason}; {entry.attempts} lần thử; lúc "
                      f"{entry.since.astimezone(tz):%H:%M %d/%m/%Y}", highlight=False, markup=False, soft_wrap=True)
        out.print("Đưa tin trở lại hàng đợi: langnghe queue retry [--reason TEXT] [MÃ_TIN ...]", highlight=False)


@queue_app.command(name="retry")
def queue_retry(
    ids: Annotated[Optional[list[str]], typer.Argument(metavar="[IDS]...", help="Quarantined item ids (default: all).")] = None,
    reason: Annotated[Optional[str], typer.Option(help="Only items whose reason contains this text.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Give quarantined items (all, those IDS, or those whose reason contains TEXT) a fresh set of attempts."""
    from langnghe.app import App

    with App(_settings(data_dir)) as application:
        released = application.queue.release(ids or None, reason)
    out.print(f"Đã đưa {released} tin bị cách ly trở lại hàng đợi; chạy `langnghe enrich` hoặc để `langnghe run` xử lý.",
              highlight=False, soft_wrap=True)
    if ids and released < len(ids):
        console.print(f"{len(ids) - released} mã tin không có trong danh sách cách ly.", style="yellow", highlight=False)


def worker(
    stage: Annotated[str, typer.Argument(help="enrich (the item stream), claims (claims.yaml changes), stories or rollup.")],
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between passes when there is nothing to do.")] = 10.0,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
    verbose: Verbose = False,
) -> None:
    """Run one stage by itself until SIGTERM or Ctrl-C (`langnghe run` runs them all in one process)."""
    from langnghe.app import App
    from langnghe.jobs.worker import run_worker

    if stage not in STAGES:
        raise LangngheError(f"worker: không có bước {stage!r} (chọn một trong: {', '.join(STAGES)})")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    with App(_settings(data_dir, config_dir, verbose)) as application:
        for line in run_worker(application, stage, stop=stop, interval=interval, once=once):
            console.print(line, highlight=False, markup=False, soft_wrap=True)
