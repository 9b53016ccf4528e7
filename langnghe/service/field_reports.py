"""Response models of the field reports as filed: a collaborator's own list (with where each is in
the pipeline) and the admins' list, the only one that says who filed each (README: "Field reports")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from langnghe.service.types import IsoTime, Response

if TYPE_CHECKING:
    from langnghe.stores.field_reports import FiledReport

ReportState = Literal["waiting", "done", "quarantined", "unknown"]
STATE_VI: dict[str, str] = {
    "waiting": "Đang chờ xử lý", "done": "Đã xử lý", "quarantined": "Bị cách ly (chờ quản trị viên xem)",
    "unknown": "Không rõ",
}  # fmt: skip
# The queue's states as a collaborator sees them.
_FROM_QUEUE: dict[str | None, ReportState] = {"ready": "waiting", "leased": "waiting", "done": "done", "quarantined": "quarantined"}


class FilerView(Response):
    """Who filed a report (admins' views only)."""

    user_id: str
    username: str | None = None  # None: the account is gone
    display_name: str | None = None


class FieldReportView(Response):
    """One filed report: the item it became, what it said, and where it is in the pipeline."""

    item_id: str
    filed_at: IsoTime  # UTC, the first filing
    via: str  # form, upload or api
    text: str
    place: str
    province: str | None
    reported_at: IsoTime | None
    state: ReportState
    state_name: str  # in Vietnamese
    filed_by: FilerView | None = None  # only in admins' views


class FieldReportsResponse(Response):
    """Filed reports, newest first."""

    reports: list[FieldReportView]


def report_state(queue_state: str | None) -> ReportState:
    return _FROM_QUEUE.get(queue_state, "unknown")


def field_report_view(report: FiledReport, state: ReportState, filer: FilerView | None = None) -> FieldReportView:
    return FieldReportView(
        item_id=report.item_id, filed_at=report.filed_at, via=report.via, text=report.text, place=report.place,
        province=report.province, reported_at=report.reported_at, state=state, state_name=STATE_VI[state],
        filed_by=filer,
    )  # fmt: skip
