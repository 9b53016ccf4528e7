"""``langnghe queue`` (the stream and its quarantine) and ``langnghe status``'s scheduler part (the
jobs' last and next runs, the outbox and the alerts of the last day), times in the display zone."""

from __future__ import annotations

import textwrap
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from langnghe.labels import OUTCOME_VI, vi
from langnghe.queue.base import QueueStats
from langnghe.service.operations import AlertView, JobView, OutboxView, QueueResponse

_OUTCOME_STYLE = {"ok": "green", "partial": "bold red", "error": "bold red", "stopped": "yellow"}
DETAIL_CHARS = 160  # a job's line in the table; the whole line is in the run log and the logs


def _local(moment: datetime | None, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%d/%m %H:%M:%S") if moment else "-"


def short(text: str, width: int = DETAIL_CHARS) -> str:
    """``text`` on one line, cut at a word boundary with "…" when longer than ``width``.

    >>> short("đã gửi lại 3 tin nhắn", 14)
    'đã gửi lại 3 …'
    """
    return textwrap.shorten(text, width, placeholder=" …") if text.strip() else ""


def print_jobs(console: Console, jobs: list[JobView], *, tz: str) -> None:
    if not jobs:
        console.print("Bộ lập lịch chưa chạy ở thư mục dữ liệu này (chạy nó bằng `langnghe run`)", markup=False,
                      highlight=False)  # fmt: skip
        return
    table = Table(title=f"Các việc định kỳ (giờ {tz})", title_justify="left")
    for column in ("Việc", "Lần chạy gần nhất", "Thời gian", "Kết quả", "Lần chạy tới", "Chi tiết"):
        table.add_column(column, overflow="fold")
    for job in jobs:
        last = job.last
        outcome = vi(OUTCOME_VI, last.outcome) if last else "-"
        table.add_row(
            escape(job.name or job.job_id) + ("" if job.scheduled else " (không có trong lịch)"),
            _local(last.started_at, tz) if last else "chưa chạy",
            f"{last.seconds:.1f} giây" if last else "-",
            f"[{_OUTCOME_STYLE.get(last.outcome, '')}]{outcome}[/]" if last else "-",
            _local(job.next_run, tz),
            escape(short(last.detail)) if last else "",
        )
    console.print(table)


def print_deliveries(console: Console, outbox: OutboxView, alerts: list[AlertView] | None, *, tz: str) -> None:
    """The outbox's counts and, where the alert job ran, the alerts of the last 24 hours (ten at most)."""
    console.print(f"Hộp thư đi: {outbox.pending} chờ gửi, {outbox.failed} lỗi, {outbox.sent} đã gửi",
                  markup=False, highlight=False)  # fmt: skip
    if alerts is None:
        return
    console.print(f"Cảnh báo trong 24 giờ qua: {len(alerts)}", markup=False, highlight=False)
    for alert in alerts[:10]:
        console.print(f"  {_local(alert.at, tz)}  {alert.title}", markup=False, highlight=False)


def print_queue(console: Console, found: QueueResponse, *, tz: str) -> None:
    """Items per state, the quarantine's reasons with their counts, then the latest quarantined items."""
    stats = found.counts
    console.print(
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
        console.print(reasons)
    if not found.quarantined:
        return
    zone = ZoneInfo(tz)
    console.print(f"Tin bị cách ly (mới nhất trước, {len(found.quarantined)} tin):", highlight=False)
    for entry in found.quarantined:
        item = entry.item
        title = (item.title or item.text[:80]) if item else "(không đọc được nội dung)"
        source = f" [{item.source}]" if item else ""
        console.print(f"- {entry.id}{source} {title}", highlight=False, markup=False, soft_wrap=True)
        console.print(f"  lý do: {entry.reason}; {entry.attempts} lần thử; lúc "
                      f"{entry.since.astimezone(zone):%H:%M %d/%m/%Y}", highlight=False, markup=False, soft_wrap=True)
    console.print("Đưa tin trở lại hàng đợi: langnghe queue retry [--reason TEXT] [MÃ_TIN ...]", highlight=False)


def items_left_line(stats: QueueStats, unavailable: str | None) -> str:
    """Why a drain (``ingest``) ended with items not processed, and how many, in Vietnamese:
    held by another live process, waiting for a retry, or never taken (the index was down)."""
    parts = [f"{count} {what}" for count, what in (
        (stats.leased, "tin đang do một tiến trình khác giữ"),
        (stats.waiting, "tin chờ thử lại"),
        (stats.ready - stats.waiting, "tin chưa được lấy ra"),
    ) if count]
    line = f"còn {stats.pending} tin chưa xử lý xong" + (f" ({', '.join(parts)})" if parts else "")
    if unavailable:
        line += f"; chỉ mục không truy cập được: {unavailable}"
    return line + "; các tin vẫn nằm trong hàng đợi: chạy lại `langnghe ingest`, hoặc `langnghe enrich` khi chỉ mục hoạt động lại"
