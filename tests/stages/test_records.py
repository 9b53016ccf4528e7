"""``langnghe ingest`` of other tools' records: JSONL with nulls and missing fields, CSV and XLSX
with a column mapping; bad rows named by file and row; reruns add nothing."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import Workbook

from langnghe.errors import InputError
from langnghe.item import Item
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.stages.ingest import IngestReport, queue_file
from langnghe.stages.records import RecordDefaults, parse_mapping

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc)
TZ = "Asia/Ho_Chi_Minh"


def _defaults(**mapping: str) -> RecordDefaults:
    return RecordDefaults(source="doi-tac", fetched_at=NOW, tz=TZ, mapping=mapping)


def _queue(tmp_path: Path, path: Path, defaults: RecordDefaults) -> tuple[IngestReport, list[Item], list[str]]:
    warned: list[str] = []
    with SQLiteQueue(tmp_path / "queue.sqlite3") as queue:
        report = queue_file(path, queue, warned.append, lambda _: None, defaults)
        lease = queue.lease(100)
        items = list(lease.items) if lease else []
    return report, sorted(items, key=lambda item: item.text), warned


def test_minimal_jsonl_records_with_nulls_and_without_fetched_at_are_ingested(tmp_path: Path) -> None:
    path = tmp_path / "partner.jsonl"
    records = [
        {"id": "p-1", "text": "Bài đăng về ngập lụt ở Cần Thơ", "title": None, "published_at": "07/12/2026 08:30"},
        {"url": "https://bao.example/tin-1.html?utm_source=x", "text": "Tin về giá xăng", "published_at": 1796601600},
        {"id": 7, "text": "Bình luận ngắn", "published_at": "2026-12-06T21:00:00+00:00", "author": "Nguyễn Văn A",
         "likes": 12},
        {"id": "p-4", "title": "Không có nội dung", "published_at": "07/12/2026"},
        {"id": "p-5", "text": "Ngày sai", "published_at": "31/02/2026"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    report, items, warned = _queue(tmp_path, path, _defaults())
    assert (report.read, report.queued, report.rejected) == (5, 3, 2)
    assert [w.split(": bỏ qua")[0] for w in warned] == [f"{path}:4", f"{path}:5"]
    assert "text: thiếu nội dung" in warned[0] and "không có ngày" in warned[1]
    by_text = {item.text[:3]: item for item in items}
    post, price, comment = by_text["Bài"], by_text["Tin"], by_text["Bìn"]
    assert post.title == "" and post.kind == "post" and post.fetched_at == NOW and post.source == "doi-tac"
    assert post.published_at == datetime(2026, 12, 7, 1, 30, tzinfo=timezone.utc)  # 08:30 in Vietnam
    assert price.published_at == datetime(2026, 12, 7, 0, 0, tzinfo=timezone.utc)  # epoch seconds
    assert price.canonical_url == "https://bao.example/tin-1.html"
    assert comment.author is not None and comment.published_at == datetime(2026, 12, 6, 21, 0, tzinfo=timezone.utc)


def test_a_rerun_of_the_same_records_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "partner.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "p-1", "text": "Một", "published_at": "07/12/2026"},
        {"text": "Không id, không link: id từ nội dung", "published_at": "07/12/2026"},
    ]), encoding="utf-8")  # fmt: skip
    warned: list[str] = []
    with SQLiteQueue(tmp_path / "queue.sqlite3") as queue:
        first = queue_file(path, queue, warned.append, lambda _: None, _defaults())
        later = RecordDefaults(source="doi-tac", fetched_at=datetime(2026, 12, 8, tzinfo=timezone.utc), tz=TZ)
        again = queue_file(path, queue, warned.append, lambda _: None, later)
        assert queue.stats().ready == 2
    assert (first.queued, again.queued, again.unchanged) == (2, 0, 2)


def test_csv_rows_with_a_mapping_bad_rows_named_by_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "khao-sat.csv"
    path.write_text("ma;noi_dung;thoi_gian;ghi_chu\n"
                    "1;Người dân phản ánh đường hỏng;07/12/2026 09:00;x\n"
                    "2;;07/12/2026 09:00;thiếu nội dung\n"
                    "3;Rác thải bốc mùi;hôm qua;ngày sai\n"
                    "4;Nước sạch bị cắt;2026-12-07;\n", encoding="utf-8-sig")  # fmt: skip
    report, items, warned = _queue(tmp_path, path, _defaults(**parse_mapping("id=ma,text=noi_dung,published_at=thoi_gian")))
    assert (report.read, report.queued, report.rejected) == (4, 2, 2)
    assert [w.split(": bỏ qua dòng")[0] for w in warned] == [f"{path}:3", f"{path}:4"]
    assert [item.text for item in items] == ["Người dân phản ánh đường hỏng", "Nước sạch bị cắt"]
    assert items[1].published_at == datetime(2026, 12, 6, 17, 0, tzinfo=timezone.utc)  # local midnight


def test_xlsx_rows_with_date_cells_and_number_ids(tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["STT", "Nội dung", "Thời gian", "Tiêu đề"])
    sheet.append([1, "Ý kiến về giá điện tăng", datetime(2026, 12, 7, 8, 0), None])
    sheet.append([2, "Phản ánh ô nhiễm tiếng ồn", "07/12/2026 10:15", "Tiếng ồn khu công nghiệp"])
    sheet.append([None, None, None, None])
    book.save(path)
    defaults = _defaults(**parse_mapping("id=STT,text=Nội dung,published_at=Thời gian,title=Tiêu đề"))
    report, items, warned = _queue(tmp_path, path, defaults)
    assert (report.read, report.queued, report.rejected, warned) == (2, 2, 0, [])
    opinion, noise = (next(item for item in items if item.text.startswith(start)) for start in ("Ý", "Phản"))
    assert (opinion.kind, noise.kind) == ("post", "article")
    assert opinion.published_at == datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)  # a date cell, local time
    assert noise.title == "Tiếng ồn khu công nghiệp"


def test_a_mapping_to_an_unknown_column_is_one_vietnamese_line_naming_file_and_column(tmp_path: Path) -> None:
    path = tmp_path / "khao-sat.csv"
    path.write_text("noi_dung,thoi_gian\nMột ý kiến,07/12/2026\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        _queue(tmp_path, path, _defaults(text="noi_dung", published_at="ngay"))
    assert str(raised.value) == f"{path}: không có cột 'ngay' (các cột: noi_dung, thoi_gian)"
    with pytest.raises(InputError, match="--map: không có trường 'noidung'"):
        parse_mapping("noidung=noi_dung")
