"""Admin, the operator's side: sources with their health (``/quan-tri/nguon``), the quarantine
with retry (``/quan-tri/hang-doi``, each retry audited), the audit log filtered by user, action
and time with a CSV export (``/quan-tri/nhat-ky``), and every field report with who filed it
(``/quan-tri/bao-cao-hien-truong``, the one place that says so); ``/api/v1/admin/...`` alike."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, Field

from langnghe.exports.writers import csv_text
from langnghe.jobs.quarantine import retry_quarantined
from langnghe.service.accounts import AuditFilter, AuditLogResponse
from langnghe.service.field_reports import FieldReportsResponse, FieldReportView
from langnghe.service.operations import QueueResponse
from langnghe.service.views import SourcesResponse
from langnghe.times import parse_local_time
from langnghe.web.audit import record
from langnghe.labels import AUDIT_ACTION_VI
from langnghe.web.auth import ADMIN, Principal
from langnghe.web.deps import api_user, csrf_ok, get_app, get_queries, page_user
from langnghe.web.render import page

router = APIRouter()
AUDIT_PAGE = 100


def _retry(request: Request, principal: Principal, ids: list[str], reason: str | None) -> int:
    released = retry_quarantined(get_app(request), ids or None, reason)
    which = f"{len(ids)} mã: {', '.join(ids[:20])}" if ids else f"tất cả{f' có lý do chứa {reason!r}' if reason else ''}"
    record(request, principal, "retry", f"{released} tin trở lại hàng đợi ({which})")
    return released


def _audit_filter(request: Request, username: str, action: str, since: str, until: str) -> AuditFilter:
    tz = get_app(request).settings.timezone
    return AuditFilter(
        username=username.strip().lower() or None, action=action.strip() or None,
        since=parse_local_time(since, tz, option="Từ") if since.strip() else None,
        until=parse_local_time(until, tz, option="Đến", end=True) if until.strip() else None,
    )  # fmt: skip


# -- pages -------------------------------------------------------------------------------------


@router.get("/quan-tri/nguon", include_in_schema=False)
def sources_page(request: Request, principal: Principal = page_user(ADMIN)) -> HTMLResponse:
    return page(request, "admin/sources.html", principal, found=get_queries(request).sources(), tab="nguon")


def _queue_page(request: Request, principal: Principal, reason: str, message: str | None = None) -> HTMLResponse:
    queries = get_queries(request)
    found = queries.queue(limit=200, reason=reason or None)
    return page(request, "admin/queue.html", principal, found=found, names=queries.source_names(), reason=reason,
                message=message, tab="hang-doi")  # fmt: skip


@router.get("/quan-tri/hang-doi", include_in_schema=False)
def queue_page(request: Request, reason: str = "", principal: Principal = page_user(ADMIN)) -> HTMLResponse:
    return _queue_page(request, principal, reason)


@router.post("/quan-tri/hang-doi/thu-lai", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def queue_retry(
    request: Request, ids: Annotated[list[str], Form()] = [], reason: Annotated[str, Form()] = "",  # noqa: B006
    everything: Annotated[bool, Form()] = False, principal: Principal = page_user(ADMIN),
) -> HTMLResponse:
    if not ids and not everything:
        return _queue_page(request, principal, reason, "Chưa chọn tin nào để thử lại.")
    released = _retry(request, principal, [] if everything else ids, reason or None)
    return _queue_page(request, principal, reason, f"Đã đưa {released} tin trở lại hàng đợi; bước phân tích sẽ xử lý lại.")


@router.get("/quan-tri/nhat-ky", include_in_schema=False)
def audit_page(
    request: Request, username: str = "", action: str = "", since: str = "", until: str = "",
    before_id: int | None = None, principal: Principal = page_user(ADMIN),
) -> HTMLResponse:
    chosen = _audit_filter(request, username, action, since, until)
    found = get_queries(request).audit_log(chosen, limit=AUDIT_PAGE, before_id=before_id)
    return page(request, "admin/audit.html", principal, found=found, actions=AUDIT_ACTION_VI, username=username,
                action=action, since=since, until=until, tab="nhat-ky")  # fmt: skip


def _csv_rows(request: Request, chosen: AuditFilter) -> Iterator[str]:
    """The log as CSV (UTF-8 with a BOM, so Excel reads the accents), times in the app's zone."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(get_app(request).settings.timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["thời điểm", "người dùng", "thao tác", "chi tiết", "địa chỉ"])
    yield "\ufeff" + buffer.getvalue()
    before: int | None = None
    while True:
        found = get_queries(request).audit_log(chosen, limit=1000, before_id=before)
        for entry in found.entries:
            buffer.seek(0)
            buffer.truncate()
            cells = [entry.at.astimezone(zone).strftime("%d/%m/%Y %H:%M:%S"), entry.username,
                     AUDIT_ACTION_VI.get(entry.action, entry.action), entry.detail, entry.address]  # fmt: skip
            writer.writerow([csv_text(cell) for cell in cells])  # a name typed as "=..." stays text
            yield buffer.getvalue()
        if found.before_id is None:
            return
        before = found.before_id


@router.get("/quan-tri/nhat-ky.csv", include_in_schema=False)
def audit_csv(
    request: Request, username: str = "", action: str = "", since: str = "", until: str = "",
    principal: Principal = page_user(ADMIN),
) -> StreamingResponse:
    chosen = _audit_filter(request, username, action, since, until)
    return StreamingResponse(_csv_rows(request, chosen), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="nhat-ky.csv"'})  # fmt: skip


@router.get("/quan-tri/bao-cao-hien-truong", include_in_schema=False)
def field_reports_page(request: Request, principal: Principal = page_user(ADMIN)) -> HTMLResponse:
    found = get_queries(request).field_reports(limit=200, show_filer=True)
    return page(request, "admin/field_reports.html", principal, reports=found.reports, tab="bao-cao-hien-truong")


# -- API ---------------------------------------------------------------------------------------


class RetryRequest(BaseModel):
    """Which quarantined items: those ``ids``, else all whose reason contains ``reason``, else all."""

    ids: list[str] = Field(default_factory=list)
    reason: str | None = None


class RetryResult(BaseModel):
    released: int  # items back in the stream


@router.get("/api/v1/admin/sources", response_model=SourcesResponse, summary="Nguồn và tình trạng thu thập")
def api_sources(request: Request, principal: Principal = api_user(ADMIN)) -> SourcesResponse:
    return get_queries(request).sources()


@router.get("/api/v1/admin/queue", response_model=QueueResponse, summary="Hàng đợi và các tin bị cách ly")
def api_queue(
    request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100, reason: str | None = None,
    principal: Principal = api_user(ADMIN),
) -> QueueResponse:
    return get_queries(request).queue(limit=limit, reason=reason)


@router.post("/api/v1/admin/queue/retry", response_model=RetryResult, summary="Thử lại các tin bị cách ly")
def api_retry(request: Request, body: RetryRequest, principal: Principal = api_user(ADMIN)) -> RetryResult:
    return RetryResult(released=_retry(request, principal, body.ids, body.reason))


@router.get("/api/v1/admin/audit", response_model=AuditLogResponse, summary="Nhật ký kiểm toán")
def api_audit(
    request: Request, username: str = "", action: str = "", since: str = "", until: str = "",
    before_id: int | None = None, limit: Annotated[int, Query(ge=1, le=1000)] = AUDIT_PAGE,
    principal: Principal = api_user(ADMIN),
) -> AuditLogResponse:
    chosen = _audit_filter(request, username, action, since, until)
    return get_queries(request).audit_log(chosen, limit=limit, before_id=before_id)


@router.get("/api/v1/admin/field-reports", response_model=FieldReportsResponse, summary="Báo cáo hiện trường và người gửi")
def api_field_reports(
    request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 200, principal: Principal = api_user(ADMIN),
) -> FieldReportsResponse:
    return get_queries(request).field_reports(limit=limit, show_filer=True)


@router.get("/api/v1/admin/field-reports/{item_id}", response_model=FieldReportView,
            summary="Báo cáo hiện trường của một tin và người gửi", responses={404: {"description": "Không phải báo cáo hiện trường"}})  # fmt: skip
def api_field_report(request: Request, item_id: str, principal: Principal = api_user(ADMIN)) -> FieldReportView:
    found = get_queries(request).field_report(item_id, show_filer=True)
    if found is None:
        raise HTTPException(404, "Tin này không phải báo cáo hiện trường.")
    return found
