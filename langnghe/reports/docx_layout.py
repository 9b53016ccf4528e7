"""Page and table layout of the report DOCX: A4 with the margins of Nghị định 30/2020/NĐ-CP, and
table columns sized to what they hold.

The decree (Phụ lục I) sets administrative documents on A4 (210 × 297 mm) with a top and bottom
margin of 20–25 mm, a left margin of 30–35 mm and a right one of 15–20 mm, in Times New Roman
13–14 pt. We take the smallest margin of each range (20, 20, 30, 15 mm): a 165 mm text column,
the widest the decree allows, which the tables need most.

Column widths are a pure function of the table's text (:func:`column_widths`), estimated from
Times New Roman 13 pt's character widths; :func:`apply_widths` writes them on the table grid
*and* on every cell, with a fixed layout, as Word reads the cells and LibreOffice the grid.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

PAGE_MM = (210.0, 297.0)  # A4, portrait
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165 mm
CHAR_MM = 2.3  # an average Vietnamese letter or a digit of Times New Roman 13 pt (0.5 em), rounded up
BOLD = 1.2  # header cells are bold: wider
PADDING_MM = 4.5  # a cell's left and right inner margins together (2 mm each) and its borders
FIGURE_CHARS = 4  # no figure column narrower than "100%"
SHORT_HEADER = 6  # a figure column's header this short is kept on one line


def set_page(doc: DocumentObject) -> None:
    """A4 portrait with the decree's margins, on every section of ``doc``."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


def is_figure(text: str) -> bool:
    """``1.234``, ``+12``, ``-3``, ``12,5%``: a number as the tables write it."""
    return bool(text) and text.lstrip("+-").replace(".", "").replace(",", "").rstrip("%").isdigit()


def _words(text: str) -> list[str]:
    return text.split() or [""]


def _figure_width(header: str, cells: Sequence[str]) -> float:
    """A column of numbers: as wide as its longest number or the longest word of its header."""
    chars = max([FIGURE_CHARS, *(len(cell) for cell in cells)])
    short = len(header) <= SHORT_HEADER  # "Tỷ lệ" stays on one line; "Tháng 11/2026" may wrap
    header_chars = (len(header) if short else max(len(word) for word in _words(header))) * BOLD
    return max(chars, header_chars) * CHAR_MM + PADDING_MM


def _text_widths(header: str, cells: Sequence[str]) -> tuple[float, float]:
    """A column of text: the width of its longest line unwrapped, and of its longest word."""
    natural = max([len(header) * BOLD, *(len(cell) for cell in cells)])
    word = max([len(w) * BOLD for w in _words(header)] + [len(w) for cell in cells for w in _words(cell)])
    return natural * CHAR_MM + PADDING_MM, word * CHAR_MM + PADDING_MM


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total: float = TEXT_WIDTH_MM) -> list[float]:
    """Widths in mm of a table's columns, summing to ``total``.

    The first column and any column holding words are text; the others hold figures and get
    just their width. Text columns share what is left: in proportion to their unwrapped length
    when it all fits, else short ones whole and long ones wrapped, none narrower than its
    longest word while the page allows.

    >>> [round(w) for w in column_widths(["Nguồn", "Số tin"], [["Báo Sông Hồng - Thời sự", "1.234"]])]
    [144, 21]
    """
    columns = [[row[j] if j < len(row) else "" for row in rows] for j in range(len(header))]
    figures = [j > 0 and all(is_figure(c) or not c for c in cells) for j, cells in enumerate(columns)]
    widths = [_figure_width(header[j], cells) if figures[j] else 0.0 for j, cells in enumerate(columns)]
    text = [j for j, figure in enumerate(figures) if not figure]
    sized = {j: _text_widths(header[j], columns[j]) for j in text}
    free = total - sum(widths)
    natural = sum(sized[j][0] for j in text)
    floors = sum(sized[j][1] for j in text)
    if free < floors:  # not even the longest words fit: keep them, scale everything down below
        chosen = {j: sized[j][1] for j in text}
    elif natural <= free:  # room to spare: the text columns share it by length
        chosen = {j: free * sized[j][0] / natural for j in text}
    else:
        chosen = _shrunk(sized, text, free)
    for j, width in chosen.items():
        widths[j] = width
    return _fit(widths, total)


def _shrunk(sized: dict[int, tuple[float, float]], text: list[int], free: float) -> dict[int, float]:
    """Text columns squeezed into ``free``: those shorter than their share by length stay on one
    line, the others share the rest by length, none narrower than its longest word."""
    chosen: dict[int, float] = {}
    pending = sorted(text, key=lambda j: sized[j][0])
    while pending:
        room, length = free - sum(chosen.values()), sum(sized[j][0] for j in pending)
        if sized[pending[0]][0] > room * sized[pending[0]][0] / length:  # the shortest is wrapped: all are
            return chosen | {j: max(room * sized[j][0] / length, sized[j][1]) for j in pending}
        chosen[pending[0]] = sized[pending.pop(0)][0]
    return chosen


def _fit(widths: list[float], total: float) -> list[float]:
    """Scale to exactly ``total`` (only matters when even the figures and longest words do not fit)."""
    scale = total / sum(widths)
    return [width * scale for width in widths]


def apply_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Set ``widths_mm`` on the grid, on every cell and as the table's width, with a fixed layout."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
    properties = table._tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.append(table_width)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(Mm(sum(widths_mm)).twips))


def keep_rows(table: Table) -> None:
    """The header row repeats on every page a long table spans (the provinces run to 60 rows), and
    no row is split across two pages."""
    for n, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:tblHeader" if n == 0 else "w:cantSplit"))
