"""``langnghe status``: Vietnamese throughout, jobs and sources by name, a crawl in which sources
failed shown as such, long details shortened at a word boundary."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from langnghe.app import App
from langnghe.cli import app
from langnghe.settings import Settings
from langnghe.stores.runs import JobRun

SOURCES_YAML = """sources:
  - {id: bao-a, kind: rss, name: Báo Ánh Sáng, url: "https://a.example/rss", platform: news}
"""
# words of the English status that an analyst read before
ENGLISH = re.compile(r"\b(queue|ready|leased|index|items|outbox|pending|failed|sent|never|job|last run|took|"
                     r"outcome|next run|detail|alerts|scheduled)\b", re.IGNORECASE)


def _status(tmp_path: Path, *runs: JobRun) -> str:
    (tmp_path / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", config_dir=tmp_path)
    with App(settings) as application:
        for run in runs:
            application.runs.record(run)
    result = CliRunner().invoke(app, ["status", "--data-dir", str(settings.data_dir), "--config-dir", str(tmp_path)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_status_is_vietnamese_and_names_jobs_and_sources(tmp_path: Path) -> None:
    now = datetime.now(timezone.utc)
    output = _status(
        tmp_path,
        JobRun("crawl:bao-a", now - timedelta(minutes=3), 2.0, "partial", "lỗi 1/2 nguồn: Báo Ánh Sáng"),
        JobRun("health", now - timedelta(minutes=2), 0.3, "ok", "gửi lại được 0/0 tin nhắn chưa gửi"),
        JobRun("detect", now - timedelta(minutes=1), 1.0, "error", "chỉ mục không truy cập được"),
    )
    assert "Thu thập: Báo Ánh Sáng" in output and "crawl:bao-a" not in output
    assert "lỗi một phần" in output  # the crawl in which a source failed is not "ok"
    assert "Hộp thư đi: 0 chờ gửi, 0 lỗi, 0 đã gửi" in output
    assert output.count("Hộp thư đi") == 1  # no doubled label
    found = ENGLISH.findall(output.replace(str(tmp_path), ""))
    assert found == [], found


def test_status_on_a_fresh_folder_says_in_vietnamese_that_nothing_ran(tmp_path: Path) -> None:
    output = _status(tmp_path)
    assert "chưa chạy" in output and "langnghe run" in output
    found = ENGLISH.findall(output.replace(str(tmp_path), ""))
    assert found == [], found


def test_a_long_detail_is_shortened_at_a_word_boundary() -> None:
    from langnghe.cli.render_status import print_jobs
    from langnghe.service.operations import JobRunView, JobView

    words = [f"từ{n}" for n in range(80)]
    detail = " ".join(words)
    run = JobRunView(started_at=datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc), seconds=1.0, outcome="ok",
                     detail=detail)
    console = Console(width=400, record=True)
    print_jobs(console, [JobView(job_id="rollup", name="Tổng hợp", last=run, next_run=None, scheduled=True)],
               tz="Asia/Ho_Chi_Minh")
    row = next(line for line in console.export_text().splitlines() if "từ0 " in line)
    shown = row[row.index("từ0"):].split("…")[0].split()
    assert "…" in row and 5 < len(shown) < len(words)
    assert shown == words[:len(shown)]  # whole words only: none cut in the middle


def test_status_with_a_broken_sources_file_still_shows_the_jobs(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=tmp_path)
    with App(settings) as application:
        application.runs.record(JobRun("crawl:bao-a", datetime.now(timezone.utc), 1.0, "ok", "3 tin"))
    (tmp_path / "sources.yaml").write_text("sources: [{id: bao-a}]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["status", "--data-dir", str(settings.data_dir), "--config-dir", str(tmp_path)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Thu thập: bao-a" in result.output
