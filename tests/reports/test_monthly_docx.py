"""The report DOCX's page and tables: A4 with the margins of Nghị định 30/2020/NĐ-CP, Times New
Roman 13–14 pt, and table columns sized to their content on both the grid and the cells."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length, Twips
from docx.table import Table

from langnghe.reports.docx_layout import CHAR_MM, PADDING_MM, column_widths, is_figure
from langnghe.reports.monthly import write_monthly_report
from langnghe.reports.names import load_names
from langnghe.settings import Settings

TEXT_WIDTH_MM = 165.0  # A4's 210 mm less the 30 and 15 mm side margins


@pytest.fixture(scope="module")
def settings(demo_data: Settings) -> Settings:
    return demo_data


@pytest.fixture(scope="module")
def report(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("docx") / "bao-cao.docx"
    write_monthly_report(settings, "2026-11", path, now=datetime(2026, 12, 2, tzinfo=timezone.utc))
    return docx.Document(str(path))


def _mm(length: Length | int | None) -> float:
    assert length is not None
    return round(Length(length).mm, 1)


def _grid(table: Table) -> list[float]:
    return [_mm(Twips(int(col.get(qn("w:w"))))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def _lines(text: str, width_mm: float) -> int:
    """Lines ``text`` takes in a column ``width_mm`` wide (words kept whole), at Times New Roman 13 pt."""
    per_line = (width_mm - PADDING_MM) / CHAR_MM
    lines, used = 1, 0.0
    for word in text.split():
        needed = len(word) if not used else used + 1 + len(word)
        if needed > per_line and used:
            lines, used = lines + 1, float(len(word))
        else:
            used = needed
    return lines


def test_the_page_is_a4_with_the_margins_of_decree_30(report: Document) -> None:
    for section in report.sections:
        assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)
        assert 20 <= _mm(section.top_margin) <= 25 and 20 <= _mm(section.bottom_margin) <= 25
        assert 30 <= _mm(section.left_margin) <= 35 and 15 <= _mm(section.right_margin) <= 20
    normal = report.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size is not None and 13 <= normal.size.pt <= 14


def test_every_table_has_its_widths_on_the_grid_and_on_each_cell(report: Document) -> None:
    assert len(report.tables) >= 5
    for table in report.tables:
        grid = _grid(table)
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        for row in table.rows:
            assert [_mm(cell.width) for cell in row.cells] == grid
        assert math.isclose(sum(grid), TEXT_WIDTH_MM, abs_tol=0.5), grid
        assert len(set(grid)) > 1, "equal columns: widths were not fitted to the content"


def test_long_tables_repeat_their_header_row_and_keep_rows_whole(report: Document) -> None:
    for table in report.tables:
        first, *others = table.rows
        assert first._tr.trPr is not None and first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in others)


def test_source_names_take_at_most_two_lines_and_figures_stay_narrow(report: Document, settings: Settings) -> None:
    table = next(t for t in report.tables if t.rows[0].cells[0].text == "Nguồn")
    grid = _grid(table)
    names = [row.cells[0].text for row in table.rows[1:]]
    assert set(names) <= set(load_names(settings).sources.values()) and max(map(len, names)) >= 30
    assert max(_lines(name, grid[0]) for name in names) <= 2
    assert grid[0] > 2 * max(grid[1:]) and max(grid[1:]) <= 25


def test_column_widths_keep_figures_whole_and_share_the_rest_among_text_by_length() -> None:
    header = ["Nội dung", "Kết luận", "Số nguồn", "Bác bỏ"]
    rows = [["Một tin đồn rất dài " * 6, "Sai sự thật", "12", "Trung tâm Xử lý tin giả"]]
    widths = column_widths(header, rows)
    assert math.isclose(sum(widths), TEXT_WIDTH_MM)
    assert len("nguồn") * CHAR_MM + PADDING_MM <= widths[2] <= 20  # a figure column: its header word, no more
    assert widths[0] > widths[3] > widths[1] >= len("luận") * CHAR_MM + PADDING_MM  # by length, words whole
    # when the long text is shorter, the short column is no longer squeezed: it stays on one line
    roomy = column_widths(header, [["Một tin đồn", "Sai sự thật", "12", "Trung tâm Xử lý tin giả"]])
    assert roomy[1] >= len("Sai sự thật") * CHAR_MM + PADDING_MM
    assert is_figure("12,5%") and is_figure("+3") and is_figure("1.234") and not is_figure("Hà Nội")
