"""What each of ``langnghe run``'s jobs did, as the one Vietnamese line ``langnghe status`` and
``langnghe run --once`` show (the run log's ``detail``), and the outcome it amounts to.

A crawl in which a source failed is not "ok": ``partial`` when some of its sources failed,
``error`` when all did or the crawler process stopped early. Sources are named by their
``sources.yaml`` name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from langnghe.crawlers.events import CrawlReport


@dataclass(frozen=True)
class Done:
    """A job's result: its line for a person and its outcome (``ok``, ``partial``, ``stopped``;
    ``error`` when it failed without raising)."""

    detail: str
    outcome: str = "ok"


STOPPED = "dừng sớm: "  # a detail starting so left work for the next run (outcome ``stopped``)


def crawl_done(report: CrawlReport, names: dict[str, str]) -> Done:
    """The line of one crawl: sources that failed first (how many of how many, by name), then counts."""
    failed = [ident for ident, source in report.sources.items() if source.errors]
    parts = []
    if failed:
        shown = ", ".join(names.get(ident, ident) for ident in failed)
        parts.append(f"lỗi {len(failed)}/{len(report.sources)} nguồn: {shown} (lý do: `langnghe sources`)")
    if report.child_error:
        parts.append("tiến trình thu thập dừng giữa chừng (tin đã vào hàng đợi vẫn được giữ)")
    parts.append(f"{report.items} tin ({report.items_new} mới hoặc đã đổi), {report.pages_fetched} trang đã tải, "
                 f"{report.pages_failed} trang lỗi")
    if report.not_modified:
        parts.append(f"{report.not_modified} không đổi từ lần trước")
    if report.items_undated:
        parts.append(f"{report.items_undated} tin không có ngày đăng")
    everything = bool(failed) and len(failed) == len(report.sources)
    outcome = "error" if report.child_error or everything else "partial" if failed else "ok"
    return Done("; ".join(parts), outcome)


def crawl_stopped(report: CrawlReport, names: dict[str, str]) -> Done:
    """A crawl cut short by ``langnghe run`` shutting down: ``stopped``, with what it had done."""
    shown = ", ".join(names.get(ident, ident) for ident in report.sources) or "chưa bắt đầu nguồn nào"
    return Done(f"{STOPPED}tắt giữa lượt thu thập ({shown}); {report.items} tin đã vào hàng đợi được giữ, "
                "lượt sau thu thập lại", "stopped")


def enrich_line(done: int, batches: int, failed: int, quarantined: int) -> str:
    line = f"{done} tin đã phân tích và lập chỉ mục ({batches} lô)"
    if failed or quarantined:
        line += f", {failed} tin lỗi, {quarantined} tin bị cách ly"
    return line


def detect_line(spikes: int, issues: int, fired: int, sent: int) -> str:
    return f"{spikes} đột biến, {issues} vấn đề nổi lên; cảnh báo: {fired} phát hiện, {sent} đã gửi"


def digest_day_line(day: date, detail: str) -> str:
    return f"bản tin {day:%d/%m/%Y}: {detail}"


def health_line(delivered: int, retried: int, released: int) -> str:
    return (f"gửi lại được {delivered}/{retried} tin nhắn chưa gửi; "
            f"trả lại {released} lượt giữ tin của tiến trình đã dừng")


_DELIVERY_VI = {"sent": "đã gửi", "already_sent": "đã gửi trước đó", "queued": "chưa gửi được, sẽ thử lại",
                "failed": "gửi lỗi"}


def delivery_line(channel: str, status: str, error: str | None) -> str:
    """One channel's outcome, the channel named as in alerts.yaml; an error's own text follows."""
    line = f"{channel}: {_DELIVERY_VI.get(status, status)}"
    return line + (f" ({error})" if error and status not in ("sent", "already_sent") else "")


def rollup_line(busy_hours: int, clustered: int, scanned: int, new_stories: int) -> str:
    return (f"{busy_hours} giờ có tin được đếm lại; chuyện: {clustered}/{scanned} tin được gom, "
            f"{new_stories} chuyện mới")
