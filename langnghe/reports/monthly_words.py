"""How the monthly report names its period and what it is compared with, in Vietnamese: a
whole month ("tháng 11/2026"), or a month still running, up to its last complete day and set
beside as many first days of the month before ("cùng kỳ tháng 11/2026")."""

from __future__ import annotations

from langnghe.reports.monthly import MonthlyReport


def months(report: MonthlyReport) -> tuple[str, str]:
    """The tables' column headers: "Tháng 11/2026", or the days of a running month: "01–14/12/2026"."""
    if not report.partial:
        return f"Tháng {report.label}", f"Tháng {report.previous_label}"
    since, before = report.period.since, report.period.previous.since
    return f"{since:%d}–{report.last_day:%d/%m/%Y}", f"{before:%d}–{report.previous_last_day:%d/%m/%Y}"


def compared(report: MonthlyReport) -> str:
    """What the month is set beside: "tháng 10/2026", or for a running month "cùng kỳ tháng
    11/2026 (14 ngày đầu tháng, từ 01/11 đến hết ngày 14/11/2026)"."""
    if not report.partial:
        return f"tháng {report.previous_label}"
    previous = report.period.previous
    span = f"từ {previous.since:%d/%m} đến hết ngày {report.previous_last_day:%d/%m/%Y}"
    if previous.until == report.period.since:  # a shorter month before: all of it
        return f"cả tháng {report.previous_label} ({len(previous.days)} ngày, {span})"
    return f"cùng kỳ tháng {report.previous_label} ({len(previous.days)} ngày đầu tháng, {span})"


def this_month(report: MonthlyReport) -> str:
    """The month as a sentence names it: "tháng 11/2026", or "tháng 12/2026 (tạm tính đến hết ngày 14/12/2026)"."""
    if not report.partial:
        return f"tháng {report.label}"
    return f"tháng {report.label} (tạm tính đến hết ngày {report.last_day:%d/%m/%Y})"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def last_month(report: MonthlyReport) -> str:
    return "cùng kỳ tháng trước" if report.partial else "tháng trước"
