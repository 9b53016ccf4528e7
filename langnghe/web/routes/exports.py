"""Exports of any search: ``/xuat`` and ``/api/v1/exports``.

The search is read from the query string as the search page writes it (``q``, ``since``,
``until`` and one parameter per filter, :func:`langnghe.web.selection.search_selection`). Up to
:data:`STREAM_LIMIT` items are streamed at once in the columns of ``langnghe export``
(:mod:`langnghe.exports.stream`); a larger export becomes a background job
(:mod:`langnghe.exports.background`) with a page that shows its progress and then its download
link. Every export (streamed or queued) and every download of a job's file is audited.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from langnghe.exports.background import ExportJob, ExportJobs
from langnghe.exports.options import FORMATS, Format
from langnghe.exports.stream import MEDIA_TYPES, SearchSelection, export_chunks, file_name
from langnghe.reports.names import load_names
from langnghe.web.audit import record
from langnghe.web.auth import ADMIN, EXPORT, Principal
from langnghe.web.deps import api_user, csrf_ok, get_app, get_queries, page_user
from langnghe.web.render import page
from langnghe.web.routes.search import State
from langnghe.web.selection import describe, search_selection

router = APIRouter()
STREAM_LIMIT = 20_000  # items streamed while the person waits; more: a background job
FORMAT_VI = {"csv": "CSV (Excel, LibreOffice)", "xlsx": "XLSX (Excel)", "jsonl": "JSON Lines (langnghe ingest)"}
_JOBS_LOCK = threading.Lock()


def export_jobs(request: Request) -> ExportJobs:
    """The web app's background exports, started on first use."""
    state = request.app.state
    with _JOBS_LOCK:
        jobs: ExportJobs | None = getattr(state, "langnghe_exports", None)
        if jobs is None:
            app = get_app(request)
            queries = get_queries(request)
            jobs = ExportJobs(app, app.paths.exports, lambda: load_names(app.settings, queries.saved_search_store()))
            state.langnghe_exports = jobs
        return jobs


def stream_limit(request: Request) -> int:
    return int(getattr(request.app.state, "langnghe_export_stream_limit", STREAM_LIMIT))


def _format(value: str | None) -> Format:
    chosen = (value or "").strip().lower()
    if chosen not in FORMATS:
        raise HTTPException(400, f"Định dạng: cần csv, xlsx hoặc jsonl, nhận {value!r}")
    return chosen  # type: ignore[return-value]


def _stream(request: Request, principal: Principal, selection: SearchSelection, fmt: Format, count: int,
            what: str) -> StreamingResponse:  # fmt: skip
    app = get_app(request)
    names = load_names(app.settings, get_queries(request).saved_search_store())
    record(request, principal, "export", f"{fmt}, {count} tin (tải ngay); {what}"[:500])
    chunks = export_chunks(selection.items(app.index), fmt, ZoneInfo(app.settings.timezone), names,
                           scratch=app.paths.exports)  # fmt: skip
    name = file_name(fmt, datetime.now(timezone.utc), app.settings.timezone)
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers=_download_headers(name))


def _download_headers(name: str) -> dict[str, str]:
    # attachment + nosniff: a crawled "<script>" in a cell is never rendered as a page of this site
    return {"Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store"}  # fmt: skip


def _queue(request: Request, principal: Principal, selection: SearchSelection, fmt: Format, what: str) -> ExportJob:
    job = export_jobs(request).submit(selection, fmt, principal.user_id, description=what)
    record(request, principal, "export", f"{fmt}, {job.expected} tin (chạy nền, việc {job.id[:8]}…); {what}"[:500])
    return job


def _visible_job(request: Request, principal: Principal, job_id: str) -> ExportJob:
    job = export_jobs(request).get(job_id)
    if job is None or job.owner_id != principal.user_id and not principal.can(ADMIN):
        raise HTTPException(404, "Không có việc xuất này (các tệp được giữ 24 giờ).")
    return job


def _job_file(request: Request, principal: Principal, job: ExportJob) -> FileResponse:
    path = export_jobs(request).file(job)
    if path is None:
        raise HTTPException(409, "Tệp xuất chưa sẵn sàng." if job.state in ("queued", "running")
                            else "Việc xuất không thành công; không có tệp.")  # fmt: skip
    record(request, principal, "export_download", f"việc {job.id[:8]}…, {job.format}, {job.written} tin")
    return FileResponse(path, media_type=MEDIA_TYPES[job.format], headers=_download_headers(job.file_name))


# -- pages ---------------------------------------------------------------------------------


@router.get("/xuat", include_in_schema=False)
def export_page(request: Request, state: State, principal: Principal = page_user(EXPORT),
                format: Annotated[str | None, Query()] = None) -> Response:  # fmt: skip
    """Without ``format``: the export form for the search of the query string. With it: the file,
    streamed when small enough, else the form saying a background job is needed."""
    asked = search_selection(request, state)
    selection, what = asked.selection, describe(asked)
    count = selection.count(get_app(request).index)
    limit = stream_limit(request)
    if format is not None and count <= limit:
        return _stream(request, principal, selection, _format(format), count, what)
    return page(request, "export.html", principal, what=what, count=count, limit=limit, formats=FORMAT_VI,
                chosen=format if format in FORMATS else "csv", query_string=asked.query_string,
                jobs=export_jobs(request).jobs(principal.user_id)[:10])  # fmt: skip


@router.post("/xuat", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def export_in_background(request: Request, state: State, principal: Principal = page_user(EXPORT),
                         format: Annotated[str, Form()] = "csv") -> Response:  # fmt: skip
    asked = search_selection(request, state)
    job = _queue(request, principal, asked.selection, _format(format), describe(asked))
    return RedirectResponse(f"/xuat/viec/{job.id}", status_code=303)


@router.get("/xuat/viec/{job_id}", include_in_schema=False)
def job_page(request: Request, job_id: str, principal: Principal = page_user(EXPORT)) -> Response:
    job = _visible_job(request, principal, job_id)
    return page(request, "export_job.html", principal, job=job, formats=FORMAT_VI)


@router.get("/xuat/viec/{job_id}/tai-ve", include_in_schema=False)
def job_download(request: Request, job_id: str, principal: Principal = page_user(EXPORT)) -> Response:
    return _job_file(request, principal, _visible_job(request, principal, job_id))


# -- API -----------------------------------------------------------------------------------


class ExportJobView(BaseModel):
    id: str
    format: Format
    description: str = Field(description="the search exported, in words")
    state: Literal["queued", "running", "done", "failed"]
    expected: int = Field(description="items matching when the job was asked")
    written: int
    created_at: datetime
    finished_at: datetime | None
    error: str
    download: str | None = Field(description="the file's URL once done (kept 24 hours)")

    @classmethod
    def of(cls, job: ExportJob) -> ExportJobView:
        link = f"/api/v1/exports/{job.id}/file" if job.state == "done" else None
        return cls(id=job.id, format=job.format, description=job.description, state=job.state, expected=job.expected,
                   written=job.written, created_at=job.created_at, finished_at=job.finished_at, error=job.error,
                   download=link)  # fmt: skip


@router.get("/api/v1/exports/stream", tags=["exports"], response_class=StreamingResponse,
            responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}})  # fmt: skip
def api_stream(request: Request, format: Annotated[str, Query(description="csv, xlsx or jsonl")],
               state: State, principal: Principal = api_user(EXPORT)) -> Response:  # fmt: skip
    """The export of the search given by the query string (the search page's parameters), streamed;
    400 when it holds more than the stream limit (ask a job: POST /api/v1/exports)."""
    asked = search_selection(request, state)
    count = asked.selection.count(get_app(request).index)
    if count > stream_limit(request):
        raise HTTPException(400, f"Kết quả có {count} tin, quá {stream_limit(request)} tin để tải ngay; "
                                 "hãy tạo việc xuất chạy nền (POST /api/v1/exports).")  # fmt: skip
    return _stream(request, principal, asked.selection, _format(format), count, describe(asked))


@router.post("/api/v1/exports", response_model=ExportJobView, status_code=202, tags=["exports"])
def api_queue(request: Request, format: Annotated[str, Query(description="csv, xlsx or jsonl")],
              state: State, principal: Principal = api_user(EXPORT)) -> ExportJobView:  # fmt: skip
    """Queue a background export of the search given by the query string; poll the job, then
    download its file."""
    asked = search_selection(request, state)
    return ExportJobView.of(_queue(request, principal, asked.selection, _format(format), describe(asked)))


@router.get("/api/v1/exports", response_model=list[ExportJobView], tags=["exports"])
def api_jobs(request: Request, principal: Principal = api_user(EXPORT)) -> list[ExportJobView]:
    """The caller's background exports kept (24 hours), newest first."""
    return [ExportJobView.of(job) for job in export_jobs(request).jobs(principal.user_id)]


@router.get("/api/v1/exports/{job_id}", response_model=ExportJobView, tags=["exports"])
def api_job(request: Request, job_id: str, principal: Principal = api_user(EXPORT)) -> ExportJobView:
    return ExportJobView.of(_visible_job(request, principal, job_id))


@router.get("/api/v1/exports/{job_id}/file", tags=["exports"], response_class=FileResponse)
def api_job_file(request: Request, job_id: str, principal: Principal = api_user(EXPORT)) -> Response:
    return _job_file(request, principal, _visible_job(request, principal, job_id))
