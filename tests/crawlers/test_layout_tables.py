"""Layout tables become blocks before extraction; a data table in an article stays a table."""

from __future__ import annotations

from parsel import Selector

from langnghe.crawlers.layout_tables import without_layout_tables

DATA_TABLE = """<table><tr><th>Loại</th><th>Giá</th></tr><tr><td>Lúa IR50404</td><td>7.200 đ/kg</td></tr></table>"""


def test_a_page_laid_out_in_tables_is_read_as_blocks() -> None:
    html = f"""<html><body><table><tr><td class="footer">Bản quyền</td></tr>
<tr><td><table><tr><td><p>Bà con thu hoạch lúa sớm.</p>{DATA_TABLE}</td></tr></table></td></tr></table></body></html>"""
    unwrapped = without_layout_tables(html)
    assert unwrapped is not None
    sel = Selector(text=unwrapped)
    assert sel.xpath("count(//table)").get() == "1.0"  # only the price table is left
    assert sel.xpath("//table//td/text()").getall() == ["Lúa IR50404", "7.200 đ/kg"]
    assert sel.xpath("//div[@class='footer']/text()").get() == "Bản quyền"


def test_a_page_with_only_data_tables_is_left_alone() -> None:
    assert without_layout_tables(f"<html><body><p>Giá lúa hôm nay.</p>{DATA_TABLE}</body></html>") is None
