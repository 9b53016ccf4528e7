"""What the daily, monthly and nightly jobs make: the digest of a day (files, then channels),
the monthly report draft (DOCX, then channels), and retention."""

from __future__ import annotations

import logging
from datetime import date, datetime

from langnghe.alerts.channels import check_channel_names, configured_channels
from langnghe.delivery import Attachment, Message, deliver
from langnghe.scheduler.details import delivery_line
from langnghe.settings import Settings

log = logging.getLogger("langnghe.jobs")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _deliver(settings: Settings, message: Message, names: list[str]) -> str:
    if not names:
        return "chưa cấu hình kênh gửi"
    channels = configured_channels(settings)
    check_channel_names(names, channels, str(settings.config_dir / "schedule.yaml"))
    results = deliver(message, names, channels, data_dir=settings.data_dir, tz=settings.timezone)
    for result in results:
        if not result.ok:
            log.warning("delivery failed", extra={"event": "delivery", "key": message.key,
                                                  "channel": result.channel, "error": result.error})
    return "; ".join(delivery_line(result.channel, result.status, result.error) for result in results)


def send_digest(settings: Settings, day: date, channels: list[str]) -> str:
    """Write the digest of the local ``day`` under data_dir/digests and send it to ``channels``."""
    from langnghe.reports.digest_render import build_digest_message, write_digest_files

    message = build_digest_message(settings, day)
    path = write_digest_files(message, settings.paths.digests, day)
    return f"{path.name}; {_deliver(settings, message, channels)}"


def send_report(settings: Settings, month: str, channels: list[str], *, now: datetime | None = None) -> str:
    """Write the monthly report draft of ``month`` (YYYY-MM) as of ``now`` under data_dir/reports and send it."""
    from langnghe.reports.monthly import write_monthly_report

    path = write_monthly_report(settings, month, settings.paths.reports / f"bao-cao-thang-{month}.docx", now=now)
    shown = f"{month[5:]}/{month[:4]}"
    message = Message(
        key=f"report:{month}",
        subject=f"Dự thảo báo cáo tình hình dư luận xã hội tháng {shown}",
        text=(f"Dự thảo báo cáo tháng {shown} đính kèm (DOCX). Phần kiến nghị, đề xuất để trống "
              "cho người viết báo cáo hoàn thiện.\n"),
        attachments=(Attachment(path.name, path.read_bytes(), DOCX_MIME),),
    )
    return f"{path.name}; {_deliver(settings, message, channels)}"


def apply_retention(settings: Settings, cutoff: datetime) -> str:
    """Remove items older than ``cutoff`` from the index; drop the bodies of queue rows done
    before it (their ids and hashes stay, so old pages are not re-queued)."""
    from langnghe.index import open_index
    from langnghe.queue import open_queue

    index = open_index(settings)
    try:
        removed = index.delete_before(cutoff)
    finally:
        index.close()
    queue = open_queue(settings)
    try:
        compacted = queue.compact_done(cutoff)
    finally:
        queue.close()
    return (f"xóa {removed} tin đăng trước {cutoff:%d/%m/%Y} khỏi chỉ mục; "
            f"bỏ nội dung của {compacted} tin đã xử lý trong hàng đợi")
