"""The archive of digests and monthly reports, and the monthly report built on request."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from docx import Document

from langnghe.app import App
from langnghe.errors import InputError
from langnghe.reports.archive import (
    build_report, digest_file, digests, parse_report_month, report_file, reports,
)
from langnghe.service import QueryService
from langnghe.settings import Settings
from langnghe.testing import build_item


def test_digests_are_listed_newest_first_with_their_files(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    assert digests(folder) == []
    folder.mkdir()
    for name in ("ban-tin-2026-11-19.html", "ban-tin-2026-11-19.md", "ban-tin-2026-11-20.md",
                 "ban-tin-2026-13-01.html", "ban-tin-2026-11-21.html.tmp", "ghi-chu.txt"):
        (folder / name).write_text("<p>bản tin</p>", encoding="utf-8")
    listed = digests(folder)
    assert [(entry.day, entry.kinds) for entry in listed] == [(date(2026, 11, 20), ("md",)),
                                                              (date(2026, 11, 19), ("html", "md"))]
    assert digest_file(folder, date(2026, 11, 19), "html") == folder / "ban-tin-2026-11-19.html"
    assert digest_file(folder, date(2026, 11, 20), "html") is None
    assert digest_file(folder, date(2026, 11, 19), "../x") is None


def test_a_month_is_typed_as_mm_yyyy() -> None:
    assert parse_report_month("11/2026") == date(2026, 11, 1) == parse_report_month("2026-11")
    with pytest.raises(InputError, match=r"^Tháng: không đọc được tháng '13/2026'"):
        parse_report_month("13/2026")


def test_a_report_built_on_request_is_written_where_the_scheduler_writes_it(tmp_path: Path) -> None:
    now = datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc)
    with App(Settings(data_dir=tmp_path / "data", config_dir=tmp_path)) as app:
        app.index.upsert([build_item(id=f"thang-11-{n:04d}", published_at=datetime(2026, 11, 10 + n, tzinfo=timezone.utc),
                                     sentiment="negative", section="health") for n in range(5)])
        path = build_report(QueryService(app), date(2026, 11, 1), now=now)
        with pytest.raises(InputError, match="Tháng: 01/2027 chưa bắt đầu"):
            build_report(QueryService(app), date(2027, 1, 1), now=now)
        folder = app.paths.reports
    assert path == folder / "bao-cao-thang-2026-11.docx" == report_file(folder, date(2026, 11, 1))
    assert "11/2026" in "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert [entry.label for entry in reports(folder)] == ["11/2026"]
    assert [p.name for p in folder.iterdir()] == [path.name]  # no partial file left
