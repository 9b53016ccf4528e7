"""Collaborators' drop folders end to end: real crawls in a child process over files written
here (JSON, JSON Lines, CSV with a BOM, a bad row, bad files), re-crawls that read nothing,
a changed file read again (upserts, no duplicates), move_done; and the file readers alone."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.connectors.collaborator import drop_folder
from langnghe.crawlers.connectors.field_reports import DropFileError, read_drop_file
from langnghe.crawlers.state import CrawlState, DropFile
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, queued_items
from langnghe.item import Item, make_item_id
from langnghe.pseudonym import pseudonymise
from langnghe.queue import SQLiteQueue
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

KEY = TEST_AUTHOR_KEY
SOURCE = "ctv-dong-nam-bo"
NOW = datetime(2026, 11, 22, 5, 0, tzinfo=timezone.utc)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")

REPORTS_JSON = [
    {"id": "BC-001", "title": "Cá chết trên sông Bé", "text": "Sáng nay cá chết nổi trắng một đoạn sông Bé.",
     "reported_at": "2026-11-20T08:15:00+07:00", "place": "xã Tân Phú, huyện Đồng Phú, Bình Phước",
     "reporter": "Trần Thị Bình", "url": "https://zalo.example/album/ca-chet"},
    {"id": "BC-002", "text": "Chiều nay nước sông đã bớt mùi, người dân vẫn chưa dám dùng.", "parent_id": "BC-001",
     "reported_at": "20/11/2026 17:30", "reporter": "Lê Văn Cường"},
]
REPORTS_JSONL = [
    {"id": 7, "text": "Đường vào ấp 3 sạt lở sau mưa lớn, xe máy không qua được.", "place": "Bù Đăng, Bình Phước"},
    {"id": 8, "title": "Thiếu nội dung"},
]
REPORTS_CSV = (
    "id,title,text,reported_at,place,reporter\n"
    "CSV-1,Giá điều giảm,Thương lái ép giá hạt điều xuống còn 28.000 đồng/kg.,19/11/2026 07:00,Bình Phước,ctv_hoa\n"
    'CSV-2,,"Chợ xã họp lại sau đợt dịch, bà con đông vui.",2026-11-19,,\n'
    "CSV-3,Dòng lỗi,,19/11/2026,Đồng Xoài,ctv_hoa\n"
    ",,,,,\n"
)


def write_drop_folder(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "bao-cao.json").write_text(json.dumps(REPORTS_JSON, ensure_ascii=False), encoding="utf-8")
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in REPORTS_JSONL)
    (folder / "tin-nhanh.jsonl").write_text(lines + "\n", encoding="utf-8")
    (folder / "bao-cao.csv").write_bytes(b"\xef\xbb\xbf" + REPORTS_CSV.encode("utf-8"))  # as Excel saves it
    (folder / "hong.json").write_text('{"id": "X", "text": "thiếu ngoặc"', encoding="utf-8")
    (folder / "sai-ma.csv").write_bytes("id,text\n1,Sông Bé\n".encode("cp1258"))  # a Windows code page
    (folder / "ghi-chu.txt").write_text("không phải báo cáo", encoding="utf-8")


def make_settings(data_dir: Path) -> Settings:
    return Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=data_dir, download_delay=0.01, author_key=SecretStr(KEY))


def queued(settings: Settings) -> dict[str, Item]:
    return queued_items(settings)


def item_id(report_id: str, source: str = SOURCE) -> str:
    return make_item_id("collaborator", native_id=f"{source}:{report_id}")


@dataclass
class Crawled:
    first: CrawlReport
    second: CrawlReport
    third: CrawlReport
    items: dict[str, Item]
    queue_total: int
    moved_folder: Path


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    root = tmp_path_factory.mktemp("ctv")
    settings = make_settings(root / "data")
    folder, moving = root / "bao-cao", root / "chuyen-di"
    write_drop_folder(folder)
    moving.mkdir()
    (moving / "dot-1.jsonl").write_text('{"id": "M1", "text": "Trạm y tế xã thiếu thuốc."}\n', encoding="utf-8")
    sources = [
        SourceConfig(id=SOURCE, kind="collaborator", url=folder.as_uri()),
        SourceConfig(id="ctv-mat", kind="collaborator", url=str(root / "khong-co")),
        # A relative path: relative to the directory the crawl runs in.
        SourceConfig(id="ctv-chuyen", kind="collaborator", url=os.path.relpath(moving), options={"move_done": True}),
    ]
    first = run_crawl(sources, settings)
    second = run_crawl(sources, settings)
    (folder / "tin-nhanh.jsonl").touch()  # a new time, the same content: still skipped
    changed = [{**REPORTS_JSON[0], "text": "Cá chết trên sông Bé: đã có kết quả xét nghiệm nước."},
               REPORTS_JSON[1], {"id": "BC-003", "text": "Công ty thu mua điều hứa bồi thường cho hộ nuôi cá."}]
    (folder / "bao-cao.json").write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    third = run_crawl(sources, settings)
    with SQLiteQueue(settings.paths.queue) as queue:
        stats = queue.stats()
    yield Crawled(first, second, third, queued(settings), stats.ready + stats.leased, moving)


def test_reports_become_native_posts_and_comments(crawled: Crawled) -> None:
    post = crawled.items[item_id("BC-001")]
    assert (post.platform, post.source, post.kind, post.content_from) == ("collaborator", SOURCE, "post", "native")
    assert post.title == "Cá chết trên sông Bé" and post.url == "https://zalo.example/album/ca-chet"
    assert post.published_at == datetime(2026, 11, 20, 1, 15, tzinfo=timezone.utc)
    assert post.author == pseudonymise("Trần Thị Bình", KEY.encode()) and "Bình" not in (post.author or "")
    reply = crawled.items[item_id("BC-002")]
    assert reply.kind == "comment" and reply.parent_id == post.id
    assert reply.published_at == datetime(2026, 11, 20, 10, 30, tzinfo=timezone.utc)  # naive 17:30 in Hồ Chí Minh


def test_the_place_is_added_to_the_text(crawled: Crawled) -> None:
    text = crawled.items[item_id("BC-001")].text
    assert text.startswith("Cá chết trên sông Bé") and text.endswith("Địa điểm: xã Tân Phú, huyện Đồng Phú, Bình Phước")
    assert crawled.items[item_id("7")].text.endswith("Địa điểm: Bù Đăng, Bình Phước")  # a numeric id in JSON


def test_csv_with_a_bom_is_read(crawled: Crawled) -> None:
    first = crawled.items[item_id("CSV-1")]
    assert first.title == "Giá điều giảm" and first.author == pseudonymise("ctv_hoa", KEY.encode())
    assert first.published_at == datetime(2026, 11, 19, 0, 0, tzinfo=timezone.utc)
    assert crawled.items[item_id("CSV-2")].text == "Chợ xã họp lại sau đợt dịch, bà con đông vui."
    assert item_id("CSV-3") not in crawled.items


def test_bad_rows_and_files_are_warnings_naming_file_row_and_field(crawled: Crawled) -> None:
    report = crawled.first.sources[SOURCE]
    assert report.errors == [] and report.items == 5
    warnings = sorted(report.warnings)
    assert warnings[0] == "bao-cao.csv: hàng 4: text: thiếu khóa bắt buộc"
    assert warnings[1].startswith("hong.json: JSON sai cú pháp")
    assert warnings[2].startswith("sai-ma.csv: không phải văn bản UTF-8")
    assert warnings[3] == "tin-nhanh.jsonl: dòng 2: text: thiếu khóa bắt buộc"
    assert len(warnings) == 4  # ghi-chu.txt does not match the patterns


def test_a_missing_folder_is_the_source_error_while_others_are_read(crawled: Crawled) -> None:
    errors = crawled.first.sources["ctv-mat"].errors
    assert len(errors) == 1 and "khong-co" in errors[0] and "không tồn tại" in errors[0]
    assert crawled.first.sources["ctv-chuyen"].items == 1


def test_a_second_crawl_reads_nothing(crawled: Crawled) -> None:
    second = crawled.second.sources[SOURCE]
    assert second.items == 0 and second.known == 3  # json, jsonl, csv; the unreadable two are tried again
    assert sorted(w.split(":")[0] for w in second.warnings) == ["hong.json", "sai-ma.csv"]
    assert crawled.second.sources["ctv-chuyen"].items == 0


def test_a_changed_file_is_read_again_and_upserts(crawled: Crawled) -> None:
    third = crawled.third.sources[SOURCE]
    assert third.items == 3 and third.items_new == 2 and third.known == 2  # BC-002 unchanged
    assert "kết quả xét nghiệm" in crawled.items[item_id("BC-001")].text
    assert item_id("BC-003") in crawled.items


def test_reruns_never_duplicate(crawled: Crawled) -> None:
    assert crawled.first.items_new == 6
    assert crawled.queue_total == len(crawled.items) == 7  # 5 + 1 in the first crawl, BC-003 in the third
    assert {i.source for i in crawled.items.values()} == {SOURCE, "ctv-chuyen"}


def test_move_done_moves_a_file_once_its_items_are_queued(crawled: Crawled) -> None:
    assert not (crawled.moved_folder / "dot-1.jsonl").exists()
    assert (crawled.moved_folder / "done" / "dot-1.jsonl").is_file()
    assert item_id("M1", "ctv-chuyen") in crawled.items


def test_a_file_marked_but_not_moved_is_moved_by_the_next_crawl(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    folder = tmp_path / "tho"
    folder.mkdir()
    path = folder / "a.json"
    path.write_text('{"id": "1", "text": "Báo cáo đã được đọc."}', encoding="utf-8")
    (folder / "done").mkdir()
    (folder / "done" / "a.json").write_text("{}", encoding="utf-8")  # the name is taken: keep both
    data = path.read_bytes()
    drop = DropFile(str(path.resolve()), len(data), path.stat().st_mtime, hashlib.sha256(data).hexdigest())
    state = CrawlState.in_dir(settings.data_dir)
    state.mark_file("tho", drop, 1)  # as if the crawl that read it died before moving it
    state.close()
    source = SourceConfig(id="tho", kind="collaborator", url=str(folder), options={"move_done": True})
    report = run_crawl([source], settings)
    assert report.ok and report.items == 0 and report.sources["tho"].known == 1
    assert not path.exists() and (folder / "done" / f"a-{drop.sha256[:8]}.json").is_file()


def test_max_entries_leaves_the_next_files_for_the_next_crawl(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    folder = tmp_path / "nhieu"
    folder.mkdir()
    for n in range(1, 4):
        (folder / f"dot-{n}.jsonl").write_text(f'{{"id": "{n}", "text": "Báo cáo số {n}."}}\n', encoding="utf-8")
    source = SourceConfig(id="nhieu", kind="collaborator", url=str(folder), options={"max_entries": 2})
    first, second = run_crawl([source], settings), run_crawl([source], settings)
    assert (first.items, second.items) == (2, 1) and second.sources["nhieu"].known == 2


# -- the readers alone -----------------------------------------------------------------------


def test_drop_folder_takes_paths_and_file_urls(tmp_path: Path) -> None:
    assert drop_folder(tmp_path.as_uri()) == tmp_path
    assert drop_folder("file:///srv/b%C3%A1o-c%C3%A1o") == Path("/srv/báo-cáo")
    assert drop_folder("bao-cao") == Path.cwd() / "bao-cao"
    with pytest.raises(ValueError, match="chỉ đọc được thư mục trên máy này"):
        drop_folder("file://may-chu/thu-muc")


@pytest.mark.parametrize(
    ("name", "body", "problem"),
    [
        ("a.json", b'{"id": "1", "text": "ok", "url": "zalo://x"}', "url: cần một liên kết bắt đầu bằng http"),
        ("a.json", b'[{"id": "1", "text": "ok", "reported_at": "31/02/2026"}]', "reported_at: cần một thời điểm như '20/11/2026 08:15'"),
        ("a.json", b'["chu"]', "cần một đối tượng có ít nhất 'id' và 'text'"),
        ("a.jsonl", b'{"text": "   "}', "id: thiếu khóa bắt buộc (và 1 lỗi khác)"),
        ("a.jsonl", b"<html>", "JSON sai cú pháp"),
    ],
)
def test_bad_records(name: str, body: bytes, problem: str) -> None:
    (row,) = read_drop_file(name, body, tz=HCM, now=NOW)
    assert row.report is None and row.problem is not None and row.problem.startswith(problem)


@pytest.mark.parametrize("when", ["2027-05-01", "01/05/2027 08:00"])
def test_a_date_in_the_future_is_read_and_left_to_the_item(when: str) -> None:
    # The report is kept: the Item it becomes drops the date and counts it (tests/security/test_far_future_dates.py).
    (row,) = read_drop_file("a.json", f'[{{"id": "1", "text": "ok", "reported_at": "{when}"}}]'.encode(), tz=HCM, now=NOW)
    assert row.report is not None and row.report.reported_at is not None and row.report.reported_at.year == 2027


@pytest.mark.parametrize(
    ("name", "body", "problem"),
    [
        ("a.csv", "ten,noi dung\nx,y\n".encode(), "hàng 1 (tiêu đề): không có cột id hoặc text (2 cột)"),
        ("a.json", b"42", "cần một báo cáo (đối tượng JSON) hoặc một danh sách báo cáo, nhận một số"),
        ("a.json", b"", "JSON sai cú pháp"),
        ("a.xml", b"<x/>", "không rõ định dạng"),
        ("a.csv", b"id,text\n1,\xe0\n", "không phải văn bản UTF-8 (byte 10)"),
    ],
)
def test_unreadable_files(name: str, body: bytes, problem: str) -> None:
    with pytest.raises(DropFileError, match="^" + re.escape(problem)):
        read_drop_file(name, body, tz=HCM, now=NOW)


def test_semicolon_csv_and_decomposed_text() -> None:
    decomposed = "Nu\u031bo\u031b\u0301c sa\u0323ch"  # "Nước sạch" typed as base letters and combining marks
    (row,) = read_drop_file("a.csv", f"id;text;place\n1;{decomposed};Hà Nội\n".encode(), tz=HCM, now=NOW)
    assert row.where == "hàng 2" and row.report is not None
    assert row.report.text == "Nước sạch" and row.report.full_text() == "Nước sạch\n\nĐịa điểm: Hà Nội"
