"""Operator commands: ``langnghe queue`` (the stream's states and its quarantine),
``langnghe queue retry`` (bring quarantined items back) and ``langnghe worker STAGE``."""

from __future__ import annotations

import signal
import threading
from typing import Annotated, Optional

import typer

from langnghe.cli import ConfigDir, DataDir, Verbose, _service, _settings, console, out
from langnghe.cli.chrome import Command, Group
from langnghe.errors import LangngheError

queue_app = typer.Typer(no_args_is_help=False, cls=Group)

STAGES = ("enrich", "claims", "stories", "rollup")


@queue_app.callback(invoke_without_command=True, help="Xem dòng tin: số tin theo từng trạng thái, và các tin bị cách ly cùng lý do.")
def queue(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="Số tin bị cách ly liệt kê.")] = 20,
    reason: Annotated[Optional[str], typer.Option(help="Chỉ tin bị cách ly có lý do chứa đoạn chữ này.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Show the item stream: items per state, and the quarantined items with their reasons."""
    if ctx.invoked_subcommand is not None:
        return
    from langnghe.cli.render_status import print_queue

    settings = _settings(data_dir)
    with _service(settings) as service:
        found = service.queue(limit=limit, reason=reason)
    print_queue(out, found, tz=settings.timezone)


@queue_app.command(cls=Command, name="retry", help="Cho các tin bị cách ly (tất cả, các mã IDS, hoặc những tin có lý do chứa TEXT) một lượt thử mới.")
def queue_retry(
    ids: Annotated[Optional[list[str]], typer.Argument(metavar="[IDS]...", help="Mã các tin bị cách ly (mặc định: tất cả).")] = None,
    reason: Annotated[Optional[str], typer.Option(help="Chỉ tin có lý do chứa đoạn chữ này.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Give quarantined items (all, those IDS, or those whose reason contains TEXT) a fresh set of attempts."""
    from langnghe.app import App
    from langnghe.jobs.quarantine import retry_quarantined

    with App(_settings(data_dir)) as application:
        released = retry_quarantined(application, ids, reason)
    out.print(f"Đã đưa {released} tin bị cách ly trở lại hàng đợi; chạy `langnghe enrich` hoặc để `langnghe run` xử lý.",
              highlight=False, soft_wrap=True)
    if ids and released < len(ids):
        console.print(f"{len(ids) - released} mã tin không có trong danh sách cách ly.", style="yellow", highlight=False)


def worker(
    stage: Annotated[str, typer.Argument(help="enrich (dòng tin), claims (thay đổi của claims.yaml), stories hoặc rollup.")],
    interval: Annotated[float, typer.Option(min=0.1, help="Số giây nghỉ giữa các lượt khi không có việc.")] = 10.0,
    once: Annotated[bool, typer.Option("--once", help="Chạy một lượt rồi thoát.")] = False,
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
