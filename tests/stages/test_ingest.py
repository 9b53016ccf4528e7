"""``langnghe ingest``: Item lines replayed through the queue, enrich, index and roll-ups."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.index import open_index, open_trend_store
from langnghe.jobs.core import ingest_file
from langnghe.settings import Settings
from langnghe.testing import build_item

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)


def _file(tmp_path: Path) -> tuple[Path, list[str]]:
    items = [
        build_item(id=f"replay-{n:04d}", published_at=START + timedelta(hours=n),
                   text=f"Người dân phản ánh nước thải gây ô nhiễm kênh số {n} ở Cần Thơ.")
        for n in range(5)
    ]  # fmt: skip
    lines = [item.to_json() for item in items]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"id": "x", "source": "a"}))
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, [item.id for item in items]


def test_ingest_keeps_ids_and_times_skips_bad_lines_and_reruns_add_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=REPO / "config")
    path, ids = _file(tmp_path)
    first = ingest_file(settings, path)
    assert (first.ingest.read, first.ingest.rejected, first.ingest.queued) == (7, 2, 5)
    assert [problem.split(": bỏ qua")[0] for problem in first.ingest.problems] == [f"{path}:3", f"{path}:5"]
    assert first.enrich.done == 5
    # The detection jobs ran over the hours and days the file covers, as if live.
    assert first.detections is not None and first.detections.hours >= 5 and first.detections.days >= 1
    index = open_index(settings)
    try:
        assert index.count() == 5
        stored = index.get(ids[3])
        assert stored is not None and stored.published_at == START + timedelta(hours=3)
        assert stored.nlp is not None and "pollution_environment" in stored.nlp.concerns
    finally:
        index.close()
    store = open_trend_store(settings)
    try:
        series = store.series("all", "*", START, START + timedelta(hours=6))
        assert [count for _, count in series] == [1, 1, 1, 1, 1]
    finally:
        store.close()
    again = ingest_file(settings, path)
    assert (again.ingest.queued, again.ingest.unchanged, again.enrich.done) == (0, 5, 0)


def test_ingest_command_reports_and_exits_1_on_bad_lines(tmp_path: Path) -> None:
    path, _ = _file(tmp_path)
    result = CliRunner().invoke(app, ["ingest", str(path), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1, result.output
    assert "5 tin vào hàng đợi" in result.output and "bỏ qua 2 dòng" in result.output


def test_ingest_command_takes_other_tools_records_and_a_mapped_spreadsheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    partner = tmp_path / "doi-tac.jsonl"  # no fetched_at, source or platform; a post's title is null
    partner.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in [
        {"id": "a1", "title": None, "text": "Nước thải gây ô nhiễm kênh ở Cần Thơ, người dân bức xúc.",
         "published_at": "02/03/2026 08:00"},
        {"url": "https://bao.example/tin.html", "text": "Kênh bị ô nhiễm nặng vì nước thải.",
         "published_at": "2026-03-02T09:00:00+07:00"},
    ]) + "\n", encoding="utf-8")  # fmt: skip
    data = tmp_path / "d"
    result = CliRunner().invoke(app, ["ingest", str(partner), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "2 tin vào hàng đợi" in result.output and "lập chỉ mục 2 tin" in result.output

    survey = tmp_path / "khao-sat.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["noi_dung", "thoi_gian"])
    sheet.append(["Người dân phản ánh rác thải gây ô nhiễm.", "02/03/2026 10:00"])
    book.save(survey)
    wrong = CliRunner().invoke(app, ["ingest", str(survey), "--map", "text=noi_dung,published_at=ngay",
                                     "--data-dir", str(data)])  # fmt: skip
    assert wrong.exit_code != 0 and "Traceback" not in wrong.output
    assert f"{survey}: không có cột 'ngay' (các cột: noi_dung, thoi_gian)" in " ".join(wrong.output.split())
    mapped = CliRunner().invoke(app, ["ingest", str(survey), "--map", "text=noi_dung,published_at=thoi_gian",
                                      "--data-dir", str(data)])  # fmt: skip
    assert mapped.exit_code == 0, mapped.output
    assert "1 tin vào hàng đợi" in mapped.output
    index = open_index(Settings(data_dir=data, config_dir=REPO / "config"))
    try:
        assert index.count() == 3
    finally:
        index.close()
