"""Tables that lay a page out, not data: read as blocks before text extraction.

Pages of the 2000s and early 2010s (and vBulletin 3, ASP.NET portals) put their whole layout in
``<table>``s: the header, the menu, the article and the footer are cells. trafilatura reads a
table as data, row by row with "|" between cells, so the text of such a page starts with the
footer or the menu. A table is a layout table when one of its cells holds blocks (paragraphs,
headings, lists, another table) or when it holds a lot of text; those tables, and the tables
inside them, become ``<div>``s. A data table in an article (prices, results) has neither and
stays a table.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html

_BLOCKS = "self::p or self::div or self::table or self::h1 or self::h2 or self::h3 or self::ul or self::ol or self::form"
_LAYOUT = f"//table[tr/td[.//*[{_BLOCKS}]] or */tr/td[.//*[{_BLOCKS}]]]"
_TABLE_PARTS = ("table", "tbody", "thead", "tfoot", "tr", "td", "th")


def without_layout_tables(html: str) -> str | None:
    """``html`` with its layout tables written as ``<div>``s; None when it has none (use it as it is)."""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    layout = root.xpath(_LAYOUT)
    if not layout:
        return None
    for table in layout:
        for element in _own_parts(table):
            element.tag = "div"
            for attribute in ("cellpadding", "cellspacing", "border", "width", "align", "valign"):
                element.attrib.pop(attribute, None)
    return str(lxml.html.tostring(root, encoding="unicode"))


def _own_parts(table: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """The table, its rows and cells; a table inside it is judged on its own (in ``_LAYOUT``)."""
    yield table
    stack = list(table)
    while stack:
        element = stack.pop()
        if element.tag == "table":
            continue
        if element.tag in _TABLE_PARTS:
            yield element
        stack.extend(element)
