"""Rich tables for spikes and emerging issues (labels in Vietnamese, as analysts read them)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from langnghe.service.detection_views import IssueView, TrendsResponse
from langnghe.labels import DIMENSION_VI, FLOOD_NOTE_VI, FLOODS_VI, GRANULARITY_VI, ISSUE_KIND_VI, in_sentence


def print_spikes(console: Console, scan: TrendsResponse, *, tz: str) -> None:
    local = scan.end.astimezone(ZoneInfo(tz))
    unit = in_sentence(GRANULARITY_VI[scan.granularity])
    console.rule(f"Đột biến theo {unit}, tính đến {local:%H:%M %d/%m/%Y}")
    if scan.terms:
        terms = ", ".join(f"{term.term} ({term.foreground})" for term in scan.terms[:12])
        console.print(f"Từ khóa nổi lên trong 24 giờ (số tin): {escape(terms)}")
    if not scan.spikes:
        console.print(f"Không có đột biến ({scan.values_tested} giá trị đã kiểm tra).")
        return
    table = Table(show_edge=False, show_lines=True)
    for column, justify in (("Nhóm", "left"), ("Giá trị", "left"), ("Số tin", "right"), ("Kỳ vọng", "right"),
                            ("Điểm", "right"), ("Giải thích", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for spike in scan.spikes:
        table.add_row(DIMENSION_VI.get(spike.dimension, spike.dimension), escape(spike.name or spike.value),
                      str(spike.observed), f"{spike.expected:.1f}", f"{spike.score:.1f}", escape(spike.explanation))
    console.print(table)


def _with_timeline(issue: IssueView, tz: str) -> str:
    """The issue's title, and its event thread's stories below it (dd/mm/yyyy: title), oldest first."""
    if len(issue.timeline) < 2:
        return escape(issue.title)
    zone = ZoneInfo(tz)
    steps = [f"[dim]{entry.first_seen.astimezone(zone):%d/%m/%Y}[/dim] {escape(entry.title)}" for entry in issue.timeline]
    return escape(issue.title) + "\n[dim]Diễn biến:[/dim]\n" + "\n".join(f"• {step}" for step in steps)


def print_emerging(
    console: Console, issues: list[IssueView], *, at_text: str, floods: Sequence[IssueView] = (),
    tz: str = "Asia/Ho_Chi_Minh",
) -> None:
    console.rule(f"Dư luận tiềm ẩn, tính đến {at_text}")
    if not issues:
        console.print("Chưa phát hiện vấn đề đang nổi lên (cần dữ liệu của ít nhất 7 ngày trước thời điểm này).")
    else:
        _issue_table(console, issues, tz)
    if floods:
        console.rule(f"{FLOODS_VI} ({FLOOD_NOTE_VI}): không tính là dư luận")
        table = Table(show_edge=False, show_lines=True)
        for column in ("Loại", "Vấn đề", "Giải thích"):
            table.add_column(column)
        for flood in floods:
            table.add_row(ISSUE_KIND_VI.get(flood.kind, flood.kind), escape(flood.title), escape(flood.explanation))
        console.print(table)


def _issue_table(console: Console, issues: list[IssueView], tz: str) -> None:
    table = Table(show_edge=False, show_lines=True)
    for column, justify in (("#", "right"), ("Loại", "left"), ("Vấn đề", "left"), ("Điểm", "right"),
                            (DIMENSION_VI["province"], "left"), ("Giải thích", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for rank, issue in enumerate(issues, start=1):
        table.add_row(str(rank), ISSUE_KIND_VI.get(issue.kind, issue.kind), _with_timeline(issue, tz), f"{issue.score:.1f}",
                      escape(", ".join(issue.provinces[:3])), escape(issue.explanation))
    console.print(table)
