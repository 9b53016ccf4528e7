"""The monthly report draft: the DOCX opens, follows the report's structure and holds the
demo's figures; the ``langnghe report`` command and its errors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.table import Table
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.index import open_index
from langnghe.index.base import Filters, IndexBackend
from langnghe.item import Item
from langnghe.testing import build_item
from langnghe.app import App
from langnghe.claims.spread import spread_report
from langnghe.claims.store import ClaimStore
from langnghe.reports.monthly import build_monthly, collect_monthly, write_monthly_report
from langnghe.reports.names import load_names
from langnghe.service import QueryService
from langnghe.reports.monthly_docx import PLACEHOLDER, RECOMMENDATIONS, SECTIONS
from langnghe.reports.periods import local_month, previous_month
from langnghe.settings import Settings

MONTH = local_month(date(2026, 11, 1), "Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def report(demo_data: Settings, tmp_path_factory: pytest.TempPathFactory) -> Document:
    """The November 2026 report of the demo data, written by the ``langnghe report`` command."""
    path = tmp_path_factory.mktemp("report") / "bao-cao-2026-11.docx"
    result = CliRunner().invoke(app, ["report", "--month", "2026-11", "-o", str(path), "--data-dir",
                                      str(demo_data.data_dir), "--config-dir", str(demo_data.config_dir)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(path)
    return docx.Document(str(path))


@pytest.fixture(scope="module")
def index(demo_data: Settings) -> Iterator[IndexBackend]:
    backend = open_index(demo_data)
    yield backend
    backend.close()


def _table(document: Document, first_header: str) -> Table:
    return next(table for table in document.tables if table.rows[0].cells[0].text == first_header)


def _figures(table: Table, column: int = 1) -> dict[str, int]:
    return {row.cells[0].text: int(row.cells[column].text.replace(".", "")) for row in table.rows[1:]}


def test_the_report_has_the_sections_of_a_monthly_report_in_order(report: Document) -> None:
    titles = [p.text for p in report.paragraphs if p.style is not None and p.style.name == "Title"]
    assert titles == ["Báo cáo tình hình dư luận xã hội tháng 11/2026"]
    headings = [p.text for p in report.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == list(SECTIONS)
    texts = [p.text for p in report.paragraphs]
    recommendations = texts[texts.index(SECTIONS[5]):]
    assert recommendations.count(PLACEHOLDER) == 3


def test_table_figures_equal_the_index_counts(report: Document, index: IndexBackend) -> None:
    provinces = _figures(_table(report, "Tỉnh/thành"))
    expected = {f.value: f.count for f in index.facets("province", filters=MONTH.filters(), size=100)}
    assert provinces == expected and len(provinces) >= 30
    platforms = _figures(_table(report, "Nền tảng"))
    assert platforms == {"Báo điện tử": index.count(MONTH.filters(platform=("news",))),
                         "Diễn đàn": index.count(MONTH.filters(platform=("forum",)))}  # fmt: skip
    concerns = _figures(_table(report, "Mối quan tâm"))
    assert concerns["Ô nhiễm, môi trường"] == index.count(MONTH.filters(concern=("pollution_environment",)))
    negative = _figures(_table(report, "Mối quan tâm"), column=5)
    filters = MONTH.filters(concern=("pollution_environment",), sentiment=("negative",))
    assert negative["Ô nhiễm, môi trường"] == index.count(filters)
    total = index.count(MONTH.filters())
    assert total > 300 and any(f"ghi nhận {total} tin, bài" in p.text for p in report.paragraphs)


def test_the_report_holds_charts_links_and_the_planted_stories(report: Document) -> None:
    assert len(report.inline_shapes) == 4
    links = [rel for rel in report.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK]
    assert len(links) >= 10 and all(rel.target_ref.startswith("http://127.0.0.") for rel in links)
    claims = _table(report, "Nội dung")
    assert "Clorin-T" in claims.rows[1].cells[0].text and int(claims.rows[1].cells[2].text) >= 5
    body = "\n".join(p.text for p in report.paragraphs)
    assert "Lạch Vàng" in body  # the planted pollution issue, under its concern and its province
    assert "giọng của tin" in body and "thái độ của người viết" in body  # which sentiment is which
    hot = [p.text for p in report.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert "1. Hưng Yên" in hot and "1. Ô nhiễm, môi trường" in hot


def test_headings_tables_and_charts_name_each_dimension_one_way(report: Document) -> None:
    # "các cơ quan, địa phương liên quan" of the recommendations means local authorities, not provinces.
    named = [p.text for p in report.paragraphs if p.style is not None and p.style.name.startswith("Heading")
             and p.text not in RECOMMENDATIONS]
    named += [p.text for p in report.paragraphs if p.text.startswith(("Bảng ", "Biểu đồ "))]
    named += [cell.text for table in report.tables for cell in table.rows[0].cells]
    for old in ("địa phương", "tỉnh, thành phố", "sự kiện", "chuyên mục", "theo chủ đề"):
        assert not [text for text in named if old in text.lower()], old
    assert "Bảng 5: Số tin, bài theo tỉnh/thành" in named and "Biểu đồ 4: Tỉnh/thành được nhắc đến nhiều nhất" in named


def test_an_empty_month_still_gives_every_section(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    path = write_monthly_report(settings, "2026-10", tmp_path / "out" / "r.docx")
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == list(SECTIONS) and len(document.inline_shapes) == 0
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Không có tin, bài nào trong tháng." in body and "Tháng 09/2026 chưa có dữ liệu" in body


def test_report_help_and_the_default_month() -> None:
    result = CliRunner().invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    for option in ("--month", "--output", "-o", "--data-dir", "--config-dir"):
        assert option in result.output
    assert previous_month(date(2027, 1, 5)) == "2026-12" and previous_month(date(2026, 11, 30)) == "2026-10"


@pytest.mark.parametrize("month", ["2026-13", "13/2026", "2026-1"])
def test_a_bad_month_is_one_line_and_status_2(tmp_path: Path, month: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "langnghe.cli", "report", "--month", month, "-o", str(tmp_path / "r.docx"),
         "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.endswith(f"--month: không đọc được tháng {month!r} (viết như 11/2026 hoặc 2026-11)")
    assert not (tmp_path / "r.docx").exists() and not (tmp_path / "data").exists()


def test_the_report_read_through_the_service_is_the_one_the_stores_give(demo_data: Settings, index: IndexBackend) -> None:
    now = datetime(2026, 12, 2, tzinfo=timezone.utc)
    with App(demo_data) as app:
        through_service = collect_monthly(QueryService(app), "2026-11", now=now)
    with ClaimStore(demo_data.paths.claims) as claims:
        spreads = spread_report(claims.claims(), claims.matches(before=MONTH.until), tz=demo_data.timezone, at=MONTH.until)
    direct = build_monthly(index, date(2026, 11, 1), load_names(demo_data), spreads, tz=demo_data.timezone, now=now)
    assert through_service == direct and through_service.claims and through_service.concerns


def test_a_copy_flood_among_the_stories_is_shown_as_such(tmp_path: Path) -> None:
    """Forty near-identical posts by one account are the month's largest story of their concern:
    the report says what they are (issue 15, point 3)."""
    from langnghe.index.sqlite import SQLiteIndex
    from langnghe.reports.monthly_docx import render_docx
    from langnghe.reports.names import Names
    from langnghe.testing_voices import FLOOD_STORY, voice_stream

    with SQLiteIndex(tmp_path / "i.sqlite3") as voices_index:
        voices_index.upsert(voice_stream().items)
        monthly = build_monthly(voices_index, date(2026, 11, 1), Names(), [], tz="Asia/Ho_Chi_Minh",
                                now=datetime(2026, 12, 1, tzinfo=timezone.utc))  # fmt: skip
    stories = [story for part in [*monthly.concerns, *monthly.provinces] for story in part.stories]
    flood_notes = {story.id: story.flood_note for story in stories if story.flood_note}
    assert set(flood_notes) == {FLOOD_STORY} and "40 tin, 1 tài khoản" in flood_notes[FLOOD_STORY]
    document = docx.Document(str(render_docx(monthly, tmp_path / "bao-cao.docx")))
    assert any("40 tin, 1 tài khoản" in p.text and "lan truyền có tổ chức?" in p.text for p in document.paragraphs)


def _daily_items(first: date, last: date) -> list[Item]:
    days = (last - first).days + 1
    return [build_item(published_at=datetime.combine(first + timedelta(days=n), time(3), timezone.utc),
                       sentiment="negative", concerns=["pollution_environment"], provinces=["Hưng Yên"])
            for n in range(days)]  # fmt: skip


def test_a_running_month_is_partial_and_compared_with_as_many_days(tmp_path: Path) -> None:
    """On 15/12 at 10:00 the December report covers 1–14/12 and sets it beside 1–14/11, not beside
    the whole of November, and says so (issue 16)."""
    from langnghe.index.sqlite import SQLiteIndex
    from langnghe.reports.monthly_docx import render_docx
    from langnghe.reports.names import Names

    with SQLiteIndex(tmp_path / "i.sqlite3") as daily:
        daily.upsert(_daily_items(date(2026, 11, 1), date(2026, 12, 20)))  # one item a day
        monthly = build_monthly(daily, date(2026, 12, 1), Names(), [], tz="Asia/Ho_Chi_Minh",
                                now=datetime(2026, 12, 15, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))  # fmt: skip
    assert (monthly.overview.total.current, monthly.overview.total.previous) == (14, 14)
    assert monthly.partial and len(monthly.volume_days) == 14
    body = "\n".join(p.text for p in docx.Document(str(render_docx(monthly, tmp_path / "r.docx"))).paragraphs)
    assert "tạm tính đến hết ngày 14/12/2026" in body and "31/12/2026" not in body
    assert "cùng kỳ tháng 11/2026 (14 ngày đầu tháng, từ 01/11 đến hết ngày 14/11/2026)" in body
    assert "lượng thông tin không đổi" in body


def test_report_at_a_moment_inside_the_month_labels_it_partial(demo_data: Settings, tmp_path: Path,
                                                                  index: IndexBackend) -> None:  # fmt: skip
    path = tmp_path / "giua-thang.docx"
    result = CliRunner().invoke(app, ["report", "--month", "2026-11", "--at", "15/11/2026 10:00", "-o", str(path),
                                      "--data-dir", str(demo_data.data_dir), "--config-dir", str(demo_data.config_dir)])  # fmt: skip
    assert result.exit_code == 0, result.output
    document = docx.Document(str(path))
    so_far = index.count(Filters(since=MONTH.since, until=datetime(2026, 11, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))))
    assert 0 < so_far < index.count(MONTH.filters())
    body = "\n".join(p.text for p in document.paragraphs)
    assert f"ghi nhận {so_far} tin, bài" in body and "tạm tính đến hết ngày 14/11/2026" in body
    assert _table(document, "Nguồn").rows[0].cells[1].text == "01–14/11/2026"
