"""Exports too large to stream while a person waits: written by one worker thread into
``data_dir/exports`` and kept a while for their download.

Each job is two files named by its id (random, unguessable): ``<id>.json``, its
:class:`ExportJob` record (who asked, what, its state, how far it got), and ``<id>.<format>``, the
export once complete (written as ``<id>.<format>.part`` and renamed, as ``langnghe export``
does). Jobs run one at a time, oldest first, over the app's index. A job still queued or running
when its process stopped is marked failed when the next one starts; jobs and their files older
than :data:`KEEP` are removed (at start and at each new job).
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from langnghe.app import App
from langnghe.exports.options import Format
from langnghe.exports.stream import SearchSelection, file_name
from langnghe.exports.writers import WRITERS
from langnghe.index.base import Filters
from langnghe.item import Item
from langnghe.reports.names import Names

log = logging.getLogger(__name__)

KEEP = timedelta(hours=24)
PROGRESS_EVERY = 1000  # items between two saves of a running job's count
JobState = Literal["queued", "running", "done", "failed"]
STATE_VI: dict[str, str] = {"queued": "Đang chờ", "running": "Đang xuất", "done": "Xong", "failed": "Lỗi"}


INTERRUPTED = "máy chủ đã dừng khi đang xuất; hãy xuất lại"


class Stopped(Exception):
    """The app is stopping: a running export ends at its next item."""


class SelectionRecord(BaseModel):
    """A :class:`SearchSelection` as JSON: the query, the filters' values, the time range (UTC)."""

    model_config = ConfigDict(extra="forbid")

    query: str = ""
    terms: dict[str, list[str]] = {}
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def of(cls, selection: SearchSelection) -> SelectionRecord:
        filters = selection.filters
        return cls(query=selection.query, terms={name: list(values) for name, values in filters.terms.items()},
                   since=filters.since, until=filters.until)  # fmt: skip

    def selection(self) -> SearchSelection:
        terms = {name: tuple(values) for name, values in self.terms.items()}
        return SearchSelection(self.query, Filters(terms=terms, since=self.since, until=self.until))


class ExportJob(BaseModel):
    """One background export."""

    model_config = ConfigDict(extra="forbid")

    id: str
    owner_id: int  # the user who asked (an account id): the only one, with admins, who may download it
    format: Format
    selection: SelectionRecord
    description: str = ""  # what was asked, in words, for the list of jobs
    state: JobState = "queued"
    expected: int = 0  # items matching when it was asked
    written: int = 0
    created_at: datetime
    finished_at: datetime | None = None
    error: str = ""
    file_name: str  # the name the download is saved under

    @property
    def state_vi(self) -> str:
        return STATE_VI[self.state]


class ExportJobs:
    """The background exports of one data folder, run by one worker thread over ``app``'s index;
    ``names`` gives the display names (sources, concerns, watch topics) when a job starts."""

    def __init__(self, app: App, folder: Path, names: Callable[[], Names], *, keep: timedelta = KEEP) -> None:
        self.app, self.folder, self.keep, self._names = app, folder, keep, names
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
        self._stopping = threading.Event()
        folder.mkdir(parents=True, exist_ok=True)
        self._fail_interrupted()
        self.purge(datetime.now(timezone.utc))

    def submit(self, selection: SearchSelection, fmt: Format, owner_id: int, *, description: str = "",
               now: datetime | None = None) -> ExportJob:  # fmt: skip
        """Queue the export of ``selection``; the job as recorded (state ``queued``)."""
        moment = now or datetime.now(timezone.utc)
        self.purge(moment)
        job = ExportJob(id=secrets.token_urlsafe(12), owner_id=owner_id, format=fmt,
                        selection=SelectionRecord.of(selection), description=description,
                        expected=selection.count(self.app.index), created_at=moment,
                        file_name=file_name(fmt, moment, self.app.settings.timezone))  # fmt: skip
        self._save(job)
        self._pool.submit(self._run, job.id)
        return job

    def get(self, job_id: str) -> ExportJob | None:
        if not job_id or not all(c.isalnum() or c in "-_" for c in job_id):
            return None  # never a path of another folder
        path = self.folder / f"{job_id}.json"
        try:
            return ExportJob.model_validate_json(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def jobs(self, owner_id: int | None = None) -> list[ExportJob]:
        """The kept jobs (of ``owner_id``, or all), newest first."""
        found = [job for job in (self.get(path.stem) for path in self.folder.glob("*.json")) if job is not None]
        mine = [job for job in found if owner_id is None or job.owner_id == owner_id]
        return sorted(mine, key=lambda job: job.created_at, reverse=True)

    def file(self, job: ExportJob) -> Path | None:
        """The finished export's file; None while it is not done (or was removed)."""
        path = self._output(job)
        return path if job.state == "done" and path.is_file() else None

    def purge(self, now: datetime) -> int:
        """Remove the jobs (and files) created more than :attr:`keep` before ``now``; how many."""
        removed = 0
        for job in self.jobs():
            if job.state in ("done", "failed") and now - job.created_at > self.keep:
                self._output(job).unlink(missing_ok=True)
                (self.folder / f"{job.id}.json").unlink(missing_ok=True)
                removed += 1
        return removed

    def wait(self, timeout: float | None = None) -> None:
        """Block until the jobs queued so far are finished (for tests and shutdown)."""
        self._pool.submit(lambda: None).result(timeout)

    def close(self) -> None:
        """Stop: no new job, queued ones dropped (marked failed at the next start), a running one
        stopped at its next item (marked failed, its partial file removed); returns once the worker
        thread is gone, so the app's stores can be closed after it."""
        self._stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job_id: str) -> None:
        job = self.get(job_id)
        if job is None:
            return
        job = self._save(job.model_copy(update={"state": "running"}))
        output = self._output(job)
        partial = output.with_name(output.name + ".part")
        try:
            items = self._counting(job, job.selection.selection().items(self.app.index))
            written = WRITERS[job.format](items, partial, ZoneInfo(self.app.settings.timezone), self._names())
            os.replace(partial, output)
            job = job.model_copy(update={"state": "done", "written": written})
        except Stopped:
            partial.unlink(missing_ok=True)
            job = job.model_copy(update={"state": "failed", "error": INTERRUPTED})
        except Exception as exc:  # the job fails, the worker goes on with the next one
            log.exception("export %s failed", job.id)
            partial.unlink(missing_ok=True)
            job = job.model_copy(update={"state": "failed", "error": f"xuất không thành công: {exc}"})
        self._save(job.model_copy(update={"finished_at": datetime.now(timezone.utc)}))

    def _counting(self, job: ExportJob, items: Iterable[Item]) -> Iterator[Item]:
        for number, item in enumerate(items, start=1):
            if self._stopping.is_set():
                raise Stopped
            yield item
            if number % PROGRESS_EVERY == 0:
                self._save(job.model_copy(update={"state": "running", "written": number}))

    def _fail_interrupted(self) -> None:
        for job in self.jobs():
            if job.state in ("queued", "running"):
                self._output(job).with_name(self._output(job).name + ".part").unlink(missing_ok=True)
                self._save(job.model_copy(update=dict(state="failed", finished_at=datetime.now(timezone.utc),
                                                      error=INTERRUPTED)))

    def _output(self, job: ExportJob) -> Path:
        return self.folder / f"{job.id}.{job.format}"

    def _save(self, job: ExportJob) -> ExportJob:
        path = self.folder / f"{job.id}.json"
        temporary = path.with_name(f".{path.name}.{threading.get_ident()}.tmp")
        with self._lock:
            temporary.write_text(job.model_dump_json(), encoding="utf-8")
            os.replace(temporary, path)
        return job
