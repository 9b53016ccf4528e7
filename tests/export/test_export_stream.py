"""Exports of any search: streamed chunks hold the bytes ``langnghe export`` writes, a query picks
its items, and background jobs write the same file, keep it a while and survive a restart."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from langnghe.app import App
from langnghe.exports import ExportRequest, export_items
from langnghe.exports.background import ExportJobs
from langnghe.exports.stream import SearchSelection, export_chunks
from langnghe.index.base import Filters
from langnghe.reports.names import Names, load_names
from langnghe.settings import Settings
from langnghe.testing import build_item
from .conftest import ITEMS

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SINCE = datetime(2026, 3, 3, 17, 0, tzinfo=timezone.utc)


def _streamed(app: App, selection: SearchSelection, fmt: str) -> bytes:
    names = load_names(app.settings)
    items = selection.items(app.index)
    return b"".join(export_chunks(items, fmt, HANOI, names, scratch=app.paths.exports))  # type: ignore[arg-type]


def _xlsx_rows(data: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(data))["items"].iter_rows(values_only=True))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_a_stream_without_a_query_holds_what_langnghe_export_writes(settings: Settings, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"out.{fmt}"
    export_items(settings, ExportRequest(since=SINCE, sentiments=("negative",)), fmt, output)  # type: ignore[arg-type]
    with App(settings) as app:
        streamed = _streamed(app, SearchSelection("", Filters(terms={"sentiment": ("negative",)}, since=SINCE)), fmt)
        assert not app.paths.exports.exists() or not any(app.paths.exports.iterdir())  # no scratch file left
    if fmt == "xlsx":
        assert _xlsx_rows(streamed) == _xlsx_rows(output.read_bytes()) and len(_xlsx_rows(streamed)) > 2
    else:
        assert streamed == output.read_bytes() and streamed.count(b"\n") > 2


def test_a_query_exports_only_its_matches_newest_first(settings: Settings) -> None:
    with App(settings) as app:
        lines = _streamed(app, SearchSelection("Cần Thơ"), "jsonl").decode().splitlines()
    wanted = sorted((i for i in ITEMS if "Cần Thơ" in (i.title or "")), key=lambda i: i.published_at, reverse=True)
    assert [json.loads(line)["id"] for line in lines] == [i.id for i in wanted] and wanted


def test_a_query_export_pages_past_one_search_page(tmp_path: Path) -> None:
    many = [build_item(id=f"nhieu-tin-{n:05d}", title="Ngập sâu", text=f"Ngập lần {n}",
                       published_at=datetime(2026, 3, 1, tzinfo=timezone.utc) + timedelta(minutes=n))
            for n in range(1203)]  # fmt: skip
    with App(Settings(data_dir=tmp_path / "data", config_dir=tmp_path)) as app:
        app.index.upsert(many)
        assert SearchSelection("ngập").count(app.index) == 1203
        rows = list(csv.reader(io.StringIO(_streamed(app, SearchSelection("ngập"), "csv").decode("utf-8-sig"))))
    assert len(rows) == 1204 and len({row[0] for row in rows[1:]}) == 1203


def test_cells_that_would_be_formulas_or_markup_stay_text(tmp_path: Path) -> None:
    hostile = build_item(id="doc-hai-0001", title='=HYPERLINK("http://x.example","bấm") <script>alert(1)</script>',
                         text="+cmd|' /C calc'!A0", author="@ke-xau")
    with App(Settings(data_dir=tmp_path / "data", config_dir=tmp_path)) as app:
        app.index.upsert([hostile])
        [header, row] = list(csv.reader(io.StringIO(_streamed(app, SearchSelection(), "csv").decode("utf-8-sig"))))
        sheet = load_workbook(io.BytesIO(_streamed(app, SearchSelection(), "xlsx")))["items"]
    cells = dict(zip(header, row))
    assert cells["title"] == "'" + hostile.title  # type: ignore[operator]
    assert cells["text"].startswith("'+cmd")
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert title.data_type == "s" and title.value == hostile.title


def _jobs(app: App, **options: object) -> ExportJobs:
    return ExportJobs(app, app.paths.exports, lambda: load_names(app.settings), **options)  # type: ignore[arg-type]


def test_a_background_job_writes_the_file_langnghe_export_writes(settings: Settings, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    export_items(settings, ExportRequest(), "csv", output)
    with App(settings) as app:
        jobs = _jobs(app)
        try:
            job = jobs.submit(SearchSelection(), "csv", owner_id=3, description="tất cả")
            assert (job.state, job.expected) == ("queued", len(ITEMS))
            jobs.wait(60)
            done = jobs.get(job.id)
            assert done is not None and (done.state, done.written, done.owner_id) == ("done", len(ITEMS), 3)
            path = jobs.file(done)
            assert path is not None and path.read_bytes() == output.read_bytes()
            assert [j.id for j in jobs.jobs(3)] == [job.id] and jobs.jobs(4) == []
        finally:
            jobs.close()


def test_jobs_are_kept_a_while_then_removed(settings: Settings) -> None:
    with App(settings) as app:
        jobs = _jobs(app, keep=timedelta(hours=1))
        try:
            job = jobs.submit(SearchSelection("Hà Nội"), "xlsx", owner_id=1)
            jobs.wait(60)
            path = jobs.file(jobs.get(job.id))  # type: ignore[arg-type]
            assert path is not None and path.exists()
            assert jobs.purge(job.created_at + timedelta(minutes=59)) == 0
            assert jobs.purge(job.created_at + timedelta(minutes=61)) == 1
            assert jobs.get(job.id) is None and not path.exists()
        finally:
            jobs.close()


def test_a_job_left_unfinished_by_a_stopped_server_is_marked_failed(settings: Settings) -> None:
    with App(settings) as app:
        jobs = _jobs(app)
        jobs.close()  # no worker: the job stays queued, as when the process stops
        with pytest.raises(RuntimeError):
            jobs.submit(SearchSelection(), "csv", owner_id=1)
        record = app.paths.exports / "AbCdEf0123.json"
        record.write_text(json.dumps({"id": "AbCdEf0123", "owner_id": 1, "format": "csv", "selection": {},
                                      "created_at": datetime.now(timezone.utc).isoformat(), "state": "running",
                                      "file_name": "x.csv"}), encoding="utf-8")
        again = _jobs(app)
        try:
            found = again.get("AbCdEf0123")
            assert found is not None and found.state == "failed" and "máy chủ đã dừng" in found.error
            assert again.get("../AbCdEf0123") is None
        finally:
            again.close()


def test_closing_stops_a_running_job_before_returning(settings: Settings) -> None:
    """The web app closes its exports before its stores: close() waits for the worker, which stops
    the job at its next item, marks it failed and leaves no partial file."""
    with App(settings) as app:
        started = threading.Event()

        def names() -> Names:  # called by the job before its first item: it goes on once close() began
            started.set()
            for _ in range(3000):
                if jobs._stopping.is_set():
                    break
                time.sleep(0.01)
            return load_names(app.settings)

        jobs = ExportJobs(app, app.paths.exports, names)
        job = jobs.submit(SearchSelection(), "csv", owner_id=1)
        assert started.wait(30)
        jobs.close()
        stopped = jobs.get(job.id)
        assert stopped is not None and (stopped.state, stopped.error) == ("failed", "máy chủ đã dừng khi đang xuất; hãy xuất lại")
        assert list(app.paths.exports.glob("*.csv*")) == []
