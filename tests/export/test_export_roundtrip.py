"""JSON Lines export -> ``langnghe ingest`` into a fresh data folder gives the same items."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.exports import ExportRequest, export_items
from langnghe.index import open_index
from langnghe.item import Item
from langnghe.jobs.core import ingest_file
from langnghe.settings import Settings
from langnghe.testing import build_item

from .conftest import REPO

START = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
TEXTS = (
    "Người dân phản ánh nước thải của nhà máy gây ô nhiễm kênh Xáng ở Cần Thơ, cá chết hàng loạt.",
    "Giá xăng tăng lần thứ ba trong tháng khiến chi phí sinh hoạt của nhiều gia đình ở Hà Nội tăng theo.",
    "Ùn tắc kéo dài trên cầu Sài Gòn vào giờ cao điểm sáng nay, nhiều người đi làm trễ.",
)


def _items(settings: Settings) -> dict[str, Item]:
    index = open_index(settings)
    try:
        return {item.id: item for item in index.scan()}
    finally:
        index.close()


def test_jsonl_export_replays_into_the_same_items(tmp_path: Path) -> None:
    stream = tmp_path / "stream.jsonl"
    items = [build_item(id=f"vong-{n:04d}", published_at=START + timedelta(hours=n), text=TEXTS[n % 3],
                        title=f"Phản ánh số {n}", url=f"https://bao-a.example/{n}.html") for n in range(6)]
    stream.write_text("".join(item.to_json() + "\n" for item in items), encoding="utf-8")
    first = Settings(data_dir=tmp_path / "first", config_dir=REPO / "config")
    ingest_file(first, stream)
    exported = tmp_path / "export.jsonl"
    assert export_items(first, ExportRequest(), "jsonl", exported).items == 6

    second = Settings(data_dir=tmp_path / "second", config_dir=REPO / "config")
    outcome = ingest_file(second, exported)
    assert (outcome.ingest.read, outcome.ingest.rejected, outcome.enrich.done) == (6, 0, 6)
    before, after = _items(first), _items(second)
    assert sorted(after) == sorted(before) == [item.id for item in items]
    for item_id, item in before.items():
        assert item.nlp is not None and after[item_id].model_dump() == item.model_dump()
    assert "Xáng" in after["vong-0000"].text
