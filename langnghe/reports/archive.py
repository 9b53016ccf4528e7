"""The archive of what the reports wrote: daily digests (``data_dir/digests``, one
``ban-tin-YYYY-MM-DD.html`` and ``.md`` per day, by the scheduler or ``langnghe digest``) and
monthly reports (``data_dir/reports``, ``bao-cao-thang-YYYY-MM.docx``), and the monthly report
built on request, for the web app's pages.

Only files named as the reports name them are listed or handed out: a name is parsed into a
day or a month, never joined to a folder as it came.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from langnghe.errors import InputError
from langnghe.reports.monthly import collect_monthly
from langnghe.service import QueryService
from langnghe.times import parse_local_month

_DIGEST = re.compile(r"^ban-tin-(\d{4})-(\d{2})-(\d{2})\.(html|md)$")
_REPORT = re.compile(r"^bao-cao-thang-(\d{4})-(\d{2})\.docx$")
DIGEST_KINDS = ("html", "md")


@dataclass(frozen=True)
class DigestEntry:
    """One day's digest: which of its files exist, and when the newest was written (UTC)."""

    day: date
    kinds: tuple[str, ...]  # "html", "md"
    written_at: datetime
    size: int  # bytes of the HTML (else the Markdown)


@dataclass(frozen=True)
class ReportEntry:
    month: date  # its first day
    written_at: datetime
    size: int

    @property
    def label(self) -> str:
        return f"{self.month:%m/%Y}"


def _written(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def digests(folder: Path) -> list[DigestEntry]:
    """The digests in ``folder``, newest day first (none when it does not exist)."""
    files: dict[date, dict[str, Path]] = {}
    for path in folder.glob("ban-tin-*") if folder.is_dir() else ():
        match = _DIGEST.match(path.name)
        if match is None or not path.is_file():
            continue
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        files.setdefault(day, {})[match[4]] = path
    return [_digest_entry(day, found) for day, found in sorted(files.items(), reverse=True)]


def _digest_entry(day: date, found: dict[str, Path]) -> DigestEntry:
    main = found.get("html") or found["md"]
    written = max(_written(path) for path in found.values())
    return DigestEntry(day, tuple(kind for kind in DIGEST_KINDS if kind in found), written, main.stat().st_size)


def digest_file(folder: Path, day: date, kind: str) -> Path | None:
    """The ``kind`` file (html or md) of ``day``'s digest; None when there is none."""
    if kind not in DIGEST_KINDS:
        return None
    path = folder / f"ban-tin-{day:%Y-%m-%d}.{kind}"
    return path if path.is_file() else None


def reports(folder: Path) -> list[ReportEntry]:
    """The monthly reports in ``folder``, newest month first."""
    found = []
    for path in folder.glob("bao-cao-thang-*.docx") if folder.is_dir() else ():
        match = _REPORT.match(path.name)
        if match is not None and 1 <= int(match[2]) <= 12 and path.is_file():
            found.append(ReportEntry(date(int(match[1]), int(match[2]), 1), _written(path), path.stat().st_size))
    return sorted(found, key=lambda entry: entry.month, reverse=True)


def report_path(folder: Path, month: date) -> Path:
    """Where the report of ``month`` is written (the name the scheduler gives it)."""
    return folder / f"bao-cao-thang-{month:%Y-%m}.docx"


def report_file(folder: Path, month: date) -> Path | None:
    path = report_path(folder, month)
    return path if path.is_file() else None


def parse_report_month(text: str, *, field: str = "Tháng") -> date:
    """A month typed as mm/yyyy (or yyyy-mm), by the shared parser; a bad one is one Vietnamese line."""
    return parse_local_month(text, option=field)


def build_report(service: QueryService, month: date, *, now: datetime | None = None) -> Path:
    """Build the report of ``month`` now (a month not over yet: up to the last whole day) from what
    ``service`` reads, and write it where the scheduler writes it, replacing the file whole.
    A month that has not begun is an :class:`InputError`."""
    from langnghe.reports.monthly_docx import render_docx

    settings = service.app.settings
    moment = now or datetime.now(ZoneInfo(settings.timezone))
    if month > moment.astimezone(ZoneInfo(settings.timezone)).date().replace(day=1):
        raise InputError(f"Tháng: {month:%m/%Y} chưa bắt đầu")
    report = collect_monthly(service, f"{month:%Y-%m}", now=moment)
    path = report_path(settings.paths.reports, month)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        render_docx(report, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
