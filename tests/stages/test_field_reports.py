"""Field reports as items of the stream: ids, places, errors that say where, uploads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from langnghe.errors import InputError
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.stages.field_reports import (
    FieldReportInput,
    Filing,
    ReportError,
    file_report,
    put_reports,
    queue_upload,
)
from langnghe.stores.field_reports import FieldReportStore

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc)
TZ = "Asia/Ho_Chi_Minh"


def _filing(user_id: str = "7") -> Filing:
    return Filing(user_id=user_id, via="form", filed_at=NOW, tz=TZ, author=lambda handle: f"pseudo({handle})")


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[SQLiteQueue, FieldReportStore]]:
    queue, store = SQLiteQueue(tmp_path / "q.sqlite3"), FieldReportStore(tmp_path / "f.sqlite3")
    yield queue, store
    queue.close()
    store.close()


def test_a_report_is_a_collaborator_post_with_its_place_caption_and_local_time() -> None:
    report = FieldReportInput(text="Cá chết trắng kênh", place="ấp 3, xã Tân Phú, hà nội", reported_at="06/12/2026 08:30",
                              caption="Cá nổi dọc bờ", url="https://example.org/anh")  # fmt: skip
    filed = file_report(report, _filing())
    item = filed.item
    assert (item.platform, item.source, item.kind) == ("collaborator", "bao-cao-hien-truong", "post")
    assert item.text == "Cá chết trắng kênh\n\nĐịa điểm: ấp 3, xã Tân Phú, hà nội (Hà Nội)\n\nẢnh: Cá nổi dọc bờ"
    assert item.published_at == datetime(2026, 12, 6, 1, 30, tzinfo=timezone.utc)
    assert item.url == "https://example.org/anh"
    assert item.author == "pseudo(cong-tac-vien:7)"  # a pseudonym, never the user id itself
    assert (filed.record.user_id, filed.record.province, filed.record.text) == ("7", "Hà Nội", "Cá chết trắng kênh")


def test_a_former_province_name_is_mapped_and_an_unknown_place_is_kept_as_written() -> None:
    merged = file_report(FieldReportInput(text="Sạt lở", place="huyện Đồng Phú, tỉnh Bình Phước"), _filing())
    assert merged.record.province == "Đồng Nai" and "(Đồng Nai)" in merged.item.text
    unknown = file_report(FieldReportInput(text="Sạt lở", place="bản Nà Hẩu"), _filing())
    assert unknown.record.province is None and unknown.item.text.endswith("Địa điểm: bản Nà Hẩu")


def test_without_a_time_the_report_is_dated_when_first_filed(stores: tuple[SQLiteQueue, FieldReportStore]) -> None:
    queue, store = stores
    report = FieldReportInput(text="Ngập sâu")
    first = file_report(report, _filing())
    assert first.item.published_at == NOW and put_reports([first], queue, store) == [True]
    later = Filing(user_id="7", via="form", filed_at=NOW + timedelta(hours=2), tz=TZ, author=lambda handle: handle)
    assert put_reports([file_report(report, later)], queue, store) == [False]
    assert store.get([first.item.id])[first.item.id].filed_at == NOW


@pytest.mark.parametrize(("fields", "message"), [
    ({"text": "  "}, "Nội dung: cần nội dung báo cáo"),
    ({"text": "x", "url": "javascript:alert(1)"}, "Liên kết: cần một liên kết bắt đầu bằng http:// hoặc https://"),
    ({"text": "x", "reported_at": "31/02/2026"}, "Thời gian: không có ngày '31/02/2026'"),
    ({"text": "x", "place": "p" * 301}, "Địa điểm: dài quá 300 ký tự"),
])  # fmt: skip
def test_a_bad_report_is_one_vietnamese_line_naming_the_field(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ReportError) as caught:
        file_report(FieldReportInput(**fields), _filing())
    assert str(caught.value).startswith(message)


def test_filing_the_same_report_again_does_not_double_it(stores: tuple[SQLiteQueue, FieldReportStore]) -> None:
    queue, store = stores
    report = FieldReportInput(text="Khói bụi từ lò gạch", place="Cần Thơ", reported_at="2026-12-06T10:00")
    assert put_reports([file_report(report, _filing())], queue, store) == [True]
    assert put_reports([file_report(report, _filing())], queue, store) == [False]
    # Another collaborator saying the same is another report.
    assert put_reports([file_report(report, _filing("8"))], queue, store) == [True]
    assert queue.stats().ready == 2 and sorted(r.user_id for r in store.latest()) == ["7", "8"]


def test_an_own_id_makes_a_corrected_report_an_update(stores: tuple[SQLiteQueue, FieldReportStore]) -> None:
    queue, store = stores
    first = file_report(FieldReportInput(id="BC-1", text="Ngập 30 cm"), _filing())
    again = file_report(FieldReportInput(id="BC-1", text="Ngập 50 cm"), _filing())
    assert first.item.id == again.item.id
    assert put_reports([first], queue, store) == [True] and put_reports([again], queue, store) == [True]
    assert queue.stats().ready == 1 and store.get([first.item.id])[first.item.id].text == "Ngập 50 cm"


def test_an_upload_names_each_bad_row_and_column_and_files_the_good_rows(
    tmp_path: Path, stores: tuple[SQLiteQueue, FieldReportStore]
) -> None:
    queue, store = stores
    path = tmp_path / "khao-sat.csv"
    path.write_text(
        "Nội dung;Địa điểm;thoi_gian\n"
        "Cá chết ở hồ;Huế;06/12/2026 07:00\n"
        ";Huế;06/12/2026 07:00\n"
        "Nước đục;Đà Nẵng;32/12/2026\n"
        "Rác thải ven biển;Đà Nẵng;2026-12-05\n",
        encoding="utf-8",
    )
    report = queue_upload(path, {"reported_at": "thoi_gian"}, _filing(), queue, store)
    assert (report.read, report.queued, report.unchanged) == (4, 2, 0)
    assert report.problems == [
        "hàng 3, cột 'Nội dung': cần nội dung báo cáo",
        "hàng 4, cột 'thoi_gian': không có ngày '32/12/2026' (ngày/tháng/năm, như 07/12/2026)",
    ]
    assert sorted(r.province or "" for r in store.latest()) == ["Huế", "Đà Nẵng"]
    again = queue_upload(path, {"reported_at": "thoi_gian"}, _filing(), queue, store)
    assert (again.queued, again.unchanged) == (0, 2)


def test_an_xlsx_upload_reads_date_cells_in_local_time(tmp_path: Path, stores: tuple[SQLiteQueue, FieldReportStore]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["text", "place", "reported_at", "link"])
    sheet.append(["Sạt lở đất ven đồi", "Lào Cai", datetime(2026, 12, 6, 9, 0), "https://example.org/a"])
    path = tmp_path / "bao-cao.xlsx"
    book.save(path)
    queue, store = stores
    report = queue_upload(path, {}, _filing(), queue, store)
    assert (report.queued, report.problems) == (1, [])
    lease = queue.lease(10)
    assert lease is not None
    (item,) = lease.items
    assert item.published_at == datetime(2026, 12, 6, 2, 0, tzinfo=timezone.utc) and item.url == "https://example.org/a"


def test_an_upload_without_a_text_column_or_with_a_missing_mapped_column_is_refused(
    tmp_path: Path, stores: tuple[SQLiteQueue, FieldReportStore]
) -> None:
    queue, store = stores
    path = tmp_path / "a.csv"
    path.write_text("tieu_de,dia_diem\nA,Huế\n", encoding="utf-8")
    with pytest.raises(InputError, match="a.csv: không có cột nội dung"):
        queue_upload(path, {}, _filing(), queue, store)
    with pytest.raises(InputError, match="a.csv: không có cột 'noi_dung'"):
        queue_upload(path, {"text": "noi_dung"}, _filing(), queue, store)
    assert queue.stats().ready == 0
