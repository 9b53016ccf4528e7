"""Charts: valid PNGs, the same bytes for the same figures, Vietnamese text with every glyph."""

from __future__ import annotations

import io
import warnings
from datetime import date, timedelta

from PIL import Image

from langnghe.labels import SENTIMENT_VI
from langnghe.reports import charts

DAYS = [date(2026, 11, 7) + timedelta(days=n) for n in range(14)]
ROWS = [("Ô nhiễm, môi trường", {"negative": 30, "neutral": 10, "positive": 5}),
        ("Giá cả, đời sống, việc làm", {"negative": 3, "positive": 15})]  # fmt: skip


def _all_charts() -> list[bytes]:
    return [
        charts.volume_chart(DAYS, {"Tất cả": list(range(14)), "Diễn đàn": [n // 2 for n in range(14)]}, "Số tin, bài"),
        charts.share_chart(ROWS, ("negative", "neutral", "positive"), SENTIMENT_VI, charts.SENTIMENT_COLORS,
                           "Sắc thái"),
        charts.top_chart([("Hưng Yên", 40), ("Thừa Thiên Huế", 8)], "Địa phương", previous=[10, 3]),
        charts.top_chart([], "Trống"),
    ]


def test_charts_are_valid_pngs_of_a_fixed_width() -> None:
    for png in _all_charts():
        with Image.open(io.BytesIO(png)) as image:
            image.verify()
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG" and image.size[0] == charts.WIDTH * charts.DPI
            assert "Software" not in image.info  # nothing that changes between versions or runs


def test_same_figures_same_bytes() -> None:
    assert _all_charts() == _all_charts()


def test_vietnamese_labels_have_every_glyph() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        charts.top_chart([("Bà Rịa - Vũng Tàu: ắ ằ ẳ ẵ ặ ệ ộ ự ỹ Đ", 1)], "Tiếng Việt có dấu: ỗ ữ ỵ")
