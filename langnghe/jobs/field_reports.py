"""Filing collaborators' field reports: the writes the web app's field-report pages and API make,
over the App's ports (README: "Field reports").

Reports become items of the stream (:mod:`langnghe.stages.field_reports`); the enrich stage
(``langnghe run``, ``langnghe worker enrich``, or :func:`langnghe.jobs.core.run_enrich`) takes
them from there like every other item.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from langnghe.app import App
from langnghe.pseudonym import author_value
from langnghe.stages.field_reports import FIELDS, Filed, FieldReportInput, Filing, UploadReport, file_report, put_reports, queue_upload
from langnghe.stages.records import parse_mapping
from langnghe.stores.field_reports import Via


def filing(app: App, user_id: str, via: Via, now: datetime | None = None) -> Filing:
    """Who files now, with the deployment's zone and author pseudonymiser."""
    settings = app.settings
    return Filing(user_id=user_id, via=via, filed_at=now or datetime.now(timezone.utc), tz=settings.timezone,
                  author=lambda handle: author_value(handle, settings))  # fmt: skip


def submit_report(app: App, report: FieldReportInput, user_id: str, via: Via = "form") -> tuple[Filed, bool]:
    """File one report; True when it was new or changed (False: the same report filed again).
    :class:`~langnghe.stages.field_reports.ReportError` says what is wrong with it."""
    filed = file_report(report, filing(app, user_id, via))
    (changed,) = put_reports([filed], app.queue, app.field_reports)
    return filed, changed


def submit_upload(app: App, path: Path, mapping: str | None, user_id: str) -> UploadReport:
    """File every good row of a CSV/XLSX file (``mapping``: ``field=column,...`` as ``ingest --map``
    takes it); each bad row is one line of the report's ``problems``."""
    fields = parse_mapping(mapping, FIELDS, option="Cột")
    return queue_upload(path, fields, filing(app, user_id, "upload"), app.queue, app.field_reports)
