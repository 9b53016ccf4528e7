"""A small index to export: items across days, provinces, concerns, sections and sources."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from langnghe.index import open_index
from langnghe.item import Item
from langnghe.settings import Settings
from langnghe.testing import build_item

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 1, 20, 0, tzinfo=timezone.utc)  # 03:00 on 2 March in Hà Nội
PROVINCES = ("Hà Nội", "Cần Thơ", "Thành phố Hồ Chí Minh")
CONCERNS = ("pollution_environment", "traffic_public_order", "prices_livelihoods")
SECTIONS = ("politics_society", "business", "health")


def _item(n: int) -> Item:
    return build_item(
        id=f"export-{n:04d}",
        source=("bao-a", "dien-dan-b")[n % 2],
        platform=("news", "forum")[n % 2],
        url=f"https://bao-a.example/tin/{n}.html",
        title=f"Tin số {n}: người dân phản ánh ô nhiễm ở {PROVINCES[n % 3]}",
        text=f"Nội dung tiếng Việt có dấu, số {n}: “khói bụi”, nước thải; dòng hai.\nDòng ba.",
        published_at=START + timedelta(hours=5 * n),
        author="u_0123456789abcdef" if n % 4 else "Nguyễn Văn An",
        provinces=[PROVINCES[n % 3]],
        concerns=[CONCERNS[n % 3]] + ([CONCERNS[(n + 1) % 3]] if n % 5 == 0 else []),
        section=SECTIONS[n % 3],
        sentiment=("negative", "neutral", "positive")[n % 3],
        watch_topics=["o-nhiem"] if n % 2 else [],
    )


ITEMS = [_item(n) for n in range(24)]  # 03:00 on 2 March to 10:00 on 7 March, local time


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a data folder whose index holds :data:`ITEMS`."""
    chosen = Settings(data_dir=tmp_path / "data", config_dir=REPO / "config")
    index = open_index(chosen)
    try:
        index.upsert(ITEMS)
    finally:
        index.close()
    return chosen
