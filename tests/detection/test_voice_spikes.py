"""A copy flood does not make a spike by itself: fired buckets are checked again on their
independent voices (issue 15, point 3). Items of :mod:`langnghe.testing_voices`."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from langnghe.detection.trends import detect_spikes, explain_spike, index_voices
from langnghe.index.es import ElasticsearchIndex
from langnghe.index.sqlite import SQLiteIndex
from langnghe.index.trends import SQLiteTrendStore
from langnghe.item import Item
from langnghe.stages.rollup import rollup
from langnghe.testing import build_item
from langnghe.testing_voices import DAYS, FLOOD_DAYS, START, day_end, ordinary_text, voice_stream

HOUR = timedelta(hours=1)
BURST_HOUR = START + timedelta(days=16, hours=10)


def _burst() -> list[Item]:
    """Twelve people, each in their own words, in one hour in the flood's province."""
    rng = random.Random(3)
    return [build_item(id=f"burst-{n:02d}", platform="forum", source="dien-dan", author=f"u_burst{n:02d}",
                       text=ordinary_text(rng), provinces=["Bình Dương"], published_at=BURST_HOUR + timedelta(minutes=4 * n))
            for n in range(12)]  # fmt: skip


def _stores(tmp_path: Path) -> tuple[SQLiteIndex, SQLiteTrendStore]:
    index, trends = SQLiteIndex(tmp_path / "i.sqlite3"), SQLiteTrendStore(tmp_path / "t.sqlite3")
    index.upsert(voice_stream().items + _burst())
    rollup(index, trends, START, START + timedelta(days=DAYS))
    return index, trends


def test_a_copy_flood_fires_on_items_but_not_on_voices_while_a_real_burst_still_does(tmp_path: Path) -> None:
    index, trends = _stores(tmp_path)
    try:
        def spikes(day: int, **options: Any) -> set[str]:
            scan = detect_spikes(trends, day_end(day), granularity="day", dimensions=("province",), **options)
            return {spike.value for spike in scan.spikes}

        assert "Bình Dương" in spikes(FLOOD_DAYS[0])  # on raw items, as before: twenty copies look like a spike
        assert "Bình Dương" not in spikes(FLOOD_DAYS[0], voices_of=index_voices(index))
        assert "Bình Dương" in spikes(16, voices_of=index_voices(index))  # twelve people in their own words
        scan = detect_spikes(trends, BURST_HOUR + HOUR, dimensions=("province",), voices_of=index_voices(index))
        assert explain_spike(scan.spikes[0]).startswith("Tỉnh/thành “Bình Dương”: 12 tin, 12 tài khoản (tính 12 tin: gộp tin sao chép hàng loạt")
    finally:
        index.close()
        trends.close()


def test_elasticsearch_counts_a_bucket_s_voices_as_the_embedded_index_does(
    tmp_path: Path, es_client: Elasticsearch, es_prefix: str
) -> None:
    index, trends = _stores(tmp_path)
    production = ElasticsearchIndex(es_client, prefix=es_prefix, refresh="true")
    try:
        production.upsert(voice_stream().items + _burst())
        for day in (FLOOD_DAYS[0], 16):
            start, end = day_end(day) - timedelta(days=1), day_end(day)
            assert index_voices(production)("province", "Bình Dương", start, end) == index_voices(index)(
                "province", "Bình Dương", start, end)
            assert detect_spikes(trends, end, granularity="day", voices_of=index_voices(production)).spikes == (
                detect_spikes(trends, end, granularity="day", voices_of=index_voices(index)).spikes)
    finally:
        production.close()
        index.close()
        trends.close()
