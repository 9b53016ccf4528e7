"""Digests and reports: ``/ban-tin`` (the archive of daily digests), ``/bao-cao`` (monthly reports,
built on request for a chosen month) and their ``/api/v1`` endpoints.

The files are those the scheduler and ``langnghe digest`` / ``langnghe report`` write in the data
folder (:mod:`langnghe.reports.archive`). A digest's HTML opens in the browser under a
``sandbox`` content-security policy (no script, no request out: its charts are inline images);
everything else is a download.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from langnghe.errors import InputError
from langnghe.reports.archive import (
    DigestEntry, ReportEntry, build_report, digest_file, digests, parse_report_month, report_file, reports,
)
from langnghe.web.audit import record
from langnghe.web.auth import REPORTS, Principal
from langnghe.web.deps import api_user, csrf_ok, get_app, get_queries, page_user
from langnghe.web.render import page

router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DIGEST_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}
# A digest opened in the browser: its own styles and data: images, nothing else, in a sandbox.
DIGEST_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HTTPException(404, "Không có bản tin của ngày này.") from None


def _month(text: str) -> date:
    try:
        return parse_report_month(text)
    except InputError:
        raise HTTPException(404, "Không có báo cáo của tháng này.") from None


def _digest(request: Request, day: str, kind: str) -> Path:
    found = digest_file(get_app(request).paths.digests, _day(day), kind)
    if found is None:
        raise HTTPException(404, "Không có bản tin của ngày này.")
    return found


def _digest_response(path: Path, kind: str, *, inline: bool) -> FileResponse:
    headers = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": DIGEST_CSP}
    disposition = "inline" if inline and kind == "html" else "attachment"
    return FileResponse(path, media_type=DIGEST_TYPES[kind], headers=headers, content_disposition_type=disposition,
                        filename=path.name)  # fmt: skip


def _report_response(path: Path) -> FileResponse:
    return FileResponse(path, media_type=DOCX, filename=path.name, headers={"X-Content-Type-Options": "nosniff"})


def _build(request: Request, principal: Principal, month: date) -> Path:
    path = build_report(get_queries(request), month)
    record(request, principal, "report_build", f"báo cáo tháng {month:%m/%Y}")
    return path


# -- pages ---------------------------------------------------------------------------------


@router.get("/ban-tin", include_in_schema=False)
def digests_page(request: Request, principal: Principal = page_user(REPORTS)) -> Response:
    return page(request, "digests.html", principal, digests=digests(get_app(request).paths.digests))


@router.get("/ban-tin/{day}.{kind}", include_in_schema=False)
def digest_download(request: Request, day: str, kind: str, principal: Principal = page_user(REPORTS),
                    tai: str | None = None) -> Response:  # fmt: skip
    """A digest's file: the HTML opens in the browser (``?tai=1``: saved), the Markdown is saved."""
    return _digest_response(_digest(request, day, kind), kind, inline=tai is None)


def _reports_page(request: Request, principal: Principal, *, status_code: int = 200, error: str | None = None,
                  typed: str = "", built: str | None = None) -> Response:  # fmt: skip
    found = reports(get_app(request).paths.reports)
    return page(request, "reports.html", principal, status_code=status_code, reports=found, error=error,
                typed=typed, built=built)  # fmt: skip


@router.get("/bao-cao", include_in_schema=False)
def reports_page(request: Request, principal: Principal = page_user(REPORTS), thang: str | None = None) -> Response:
    return _reports_page(request, principal, built=thang)


@router.post("/bao-cao", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def build_from_form(request: Request, principal: Principal = page_user(REPORTS),
                    month: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    typed = month.strip()[:20]
    try:
        first = parse_report_month(typed)
        _build(request, principal, first)
    except InputError as exc:
        return _reports_page(request, principal, status_code=400, error=str(exc), typed=typed)
    return RedirectResponse(f"/bao-cao?thang={first:%Y-%m}", status_code=303)


@router.get("/bao-cao/{month}.docx", include_in_schema=False)
def report_download(request: Request, month: str, principal: Principal = page_user(REPORTS)) -> Response:
    found = report_file(get_app(request).paths.reports, _month(month))
    if found is None:
        raise HTTPException(404, "Không có báo cáo của tháng này.")
    return _report_response(found)


# -- API -----------------------------------------------------------------------------------


class DigestView(BaseModel):
    day: date
    formats: list[str] = Field(description="html, md")
    written_at: datetime
    size: int = Field(description="bytes of the HTML (else the Markdown)")
    links: dict[str, str]

    @classmethod
    def of(cls, entry: DigestEntry) -> DigestView:
        links = {kind: f"/api/v1/digests/{entry.day:%Y-%m-%d}/{kind}" for kind in entry.kinds}
        return cls(day=entry.day, formats=list(entry.kinds), written_at=entry.written_at, size=entry.size, links=links)


class ReportView(BaseModel):
    month: str = Field(description="mm/yyyy")
    written_at: datetime
    size: int
    link: str

    @classmethod
    def of(cls, entry: ReportEntry) -> ReportView:
        return cls(month=entry.label, written_at=entry.written_at, size=entry.size,
                   link=f"/api/v1/reports/{entry.month:%Y-%m}")  # fmt: skip


class ReportAsk(BaseModel):
    month: str = Field(max_length=20, description="mm/yyyy (or yyyy-mm)")


@router.get("/api/v1/digests", response_model=list[DigestView], tags=["reports"])
def api_digests(request: Request, _principal: Principal = api_user(REPORTS)) -> list[DigestView]:
    """The daily digests kept in the data folder, newest first."""
    return [DigestView.of(entry) for entry in digests(get_app(request).paths.digests)]


@router.get("/api/v1/digests/{day}/{kind}", tags=["reports"], response_class=FileResponse)
def api_digest(request: Request, day: str, kind: str, _principal: Principal = api_user(REPORTS)) -> Response:
    """One digest's file (``kind``: html or md), as a download."""
    return _digest_response(_digest(request, day, kind), kind, inline=False)


@router.get("/api/v1/reports", response_model=list[ReportView], tags=["reports"])
def api_reports(request: Request, _principal: Principal = api_user(REPORTS)) -> list[ReportView]:
    """The monthly reports kept in the data folder, newest month first."""
    return [ReportView.of(entry) for entry in reports(get_app(request).paths.reports)]


@router.post("/api/v1/reports", response_model=ReportView, status_code=201, tags=["reports"])
def api_build(request: Request, body: ReportAsk, principal: Principal = api_user(REPORTS)) -> ReportView:
    """Build the report of a month now (a month not over yet: up to the last whole day)."""
    first = parse_report_month(body.month)
    _build(request, principal, first)
    [entry] = [entry for entry in reports(get_app(request).paths.reports) if entry.month == first]
    return ReportView.of(entry)


@router.get("/api/v1/reports/{month}", tags=["reports"], response_class=FileResponse)
def api_report(request: Request, month: str, _principal: Principal = api_user(REPORTS)) -> Response:
    """One month's report (``month``: yyyy-mm or mm/yyyy), a DOCX download."""
    found = report_file(get_app(request).paths.reports, _month(month))
    if found is None:
        raise HTTPException(404, "Không có báo cáo của tháng này.")
    return _report_response(found)
