"""Field reports (README: "Field reports"): the collaborators' form and upload at
``/bao-cao-hien-truong``, their own reports with where each is in the pipeline, and
``/api/v1/field-reports``. A report becomes a ``platform: collaborator`` item of the stream
(:mod:`langnghe.stages.field_reports`); who filed it is shown to admins only."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from langnghe.errors import InputError
from langnghe.jobs.field_reports import submit_report, submit_upload
from langnghe.service import QueryService
from langnghe.service.field_reports import FieldReportsResponse, FieldReportView
from langnghe.stages.field_reports import FieldReportInput, ReportError, UploadReport
from langnghe.stages.tables import TABLE_SUFFIXES
from langnghe.web.auth import FIELD_REPORT, Principal
from langnghe.web.deps import api_user, csrf_ok, get_app, get_queries, page_user
from langnghe.web.render import page

router = APIRouter()
PAGE = "/bao-cao-hien-truong"
MAX_UPLOAD = 5 * 1024 * 1024  # bytes; a survey of a few thousand rows is far below
_SAFE_NAME = re.compile(r"[^\w.-]+")


class FieldReportFiled(BaseModel):
    """A report as filed: ``new`` is false when the same report was filed before (nothing doubled)."""

    new: bool
    report: FieldReportView


class UploadResult(BaseModel):
    """What an upload gave: rows read, reports queued, unchanged ones, and each bad row in one line."""

    read: int
    queued: int
    unchanged: int
    problems: list[str]


def _own(queries: QueryService, principal: Principal) -> list[FieldReportView]:
    return queries.field_reports(user_id=str(principal.user_id), limit=100).reports


def _page(request: Request, principal: Principal, *, status_code: int = 200, **context: object) -> HTMLResponse:
    values: dict[str, object] = {"form": FieldReportInput(), "message": None, "error": None, "upload": None,
                                 "upload_error": None, "mapping": ""}  # fmt: skip
    values.update(context)
    return page(request, "field_reports.html", principal, status_code=status_code,
                reports=_own(get_queries(request), principal), suffixes=", ".join(TABLE_SUFFIXES), **values)  # fmt: skip


@router.get(PAGE, include_in_schema=False)
def field_page(request: Request, principal: Principal = page_user(FIELD_REPORT)) -> HTMLResponse:
    return _page(request, principal)


@router.post(PAGE, include_in_schema=False, dependencies=[Depends(csrf_ok)])
def field_submit(
    request: Request, text: Annotated[str, Form()] = "", place: Annotated[str, Form()] = "",
    reported_at: Annotated[str, Form()] = "", url: Annotated[str, Form()] = "", caption: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "", principal: Principal = page_user(FIELD_REPORT),
) -> HTMLResponse:
    typed = FieldReportInput(text=text, place=place, reported_at=reported_at, url=url, caption=caption, title=title)
    try:
        _, new = submit_report(get_app(request), typed, str(principal.user_id), "form")
    except ReportError as exc:
        return _page(request, principal, status_code=400, form=typed, error=str(exc))
    message = "Đã gửi báo cáo; hệ thống sẽ phân tích trong ít phút." if new else "Báo cáo này đã được gửi trước đó."
    return _page(request, principal, message=message)


@contextmanager
def _saved(upload: UploadFile) -> Iterator[Path]:
    """The upload in a private temporary folder, under (a safe form of) its own name."""
    name = _SAFE_NAME.sub("-", PurePath(upload.filename or "").name).strip("-.") or "tep"
    if PurePath(name).suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(f"{name}: cần tệp {', '.join(TABLE_SUFFIXES)}")
    data = upload.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InputError(f"{name}: tệp lớn hơn {MAX_UPLOAD // (1024 * 1024)} MiB; hãy chia nhỏ")
    with tempfile.TemporaryDirectory(prefix="langnghe-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def _upload(request: Request, principal: Principal, upload: UploadFile, mapping: str) -> UploadReport:
    with _saved(upload) as path:
        return submit_upload(get_app(request), path, mapping or None, str(principal.user_id))


@router.post(f"{PAGE}/tai-len", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def field_upload(
    request: Request, file: Annotated[UploadFile, File()], mapping: Annotated[str, Form()] = "",
    principal: Principal = page_user(FIELD_REPORT),
) -> HTMLResponse:
    try:
        result = _upload(request, principal, file, mapping)
    except InputError as exc:
        return _page(request, principal, status_code=400, upload_error=str(exc), mapping=mapping)
    return _page(request, principal, upload=result, mapping=mapping)


# -- API -----------------------------------------------------------------------------------


@router.post("/api/v1/field-reports", response_model=FieldReportFiled, status_code=201,
             summary="Gửi một báo cáo hiện trường", responses={400: {"description": "Báo cáo không hợp lệ"}})  # fmt: skip
def api_submit(request: Request, report: FieldReportInput, principal: Principal = api_user(FIELD_REPORT)) -> JSONResponse:
    try:
        filed, new = submit_report(get_app(request), report, str(principal.user_id), "api")
    except ReportError as exc:
        raise HTTPException(400, str(exc)) from None
    shown = get_queries(request).field_report(filed.item.id)
    assert shown is not None  # recorded before it was queued
    return JSONResponse(FieldReportFiled(new=new, report=shown).model_dump(mode="json"), status_code=201 if new else 200)


@router.post("/api/v1/field-reports/upload", response_model=UploadResult, summary="Tải lên báo cáo hiện trường (CSV/XLSX)")
def api_upload(
    request: Request, file: Annotated[UploadFile, File(description="tệp .csv, .tsv hoặc .xlsx, hàng đầu là tên cột")],
    mapping: Annotated[str, Form(description="trường=cột,... như text=noi_dung,place=dia_diem (tùy chọn)")] = "",
    principal: Principal = api_user(FIELD_REPORT),
) -> UploadResult:
    result = _upload(request, principal, file, mapping)
    return UploadResult(read=result.read, queued=result.queued, unchanged=result.unchanged, problems=result.problems)


@router.get("/api/v1/field-reports", response_model=FieldReportsResponse, summary="Báo cáo hiện trường của tôi")
def api_own(
    request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 100, principal: Principal = api_user(FIELD_REPORT),
) -> FieldReportsResponse:
    return get_queries(request).field_reports(user_id=str(principal.user_id), limit=limit)
