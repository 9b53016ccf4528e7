"""The Elasticsearch trend store honours the same contract as the SQLite one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from langnghe.index.es.trends import ElasticsearchTrendStore
from langnghe.index.trends import RollupRow, SQLiteTrendStore, TrendStore

T0 = datetime(2026, 11, 20, 8, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


@pytest.fixture(params=["sqlite", "elasticsearch"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TrendStore]:
    if request.param == "sqlite":
        backend = SQLiteTrendStore(tmp_path / "t.sqlite3")
        yield backend
        backend.close()
        return
    client: Elasticsearch = request.getfixturevalue("es_client")
    prefix: str = request.getfixturevalue("es_prefix")
    yield ElasticsearchTrendStore(client, prefix=prefix, refresh="true")


def test_replace_hours_is_idempotent_and_drops_stale_rows(store: TrendStore) -> None:
    rows = [
        RollupRow(T0, "province", "Hưng Yên", 3),
        RollupRow(T0, "province", "Hà Nội", 1),
        RollupRow(T0 + HOUR, "province", "Hưng Yên", 2),
    ]
    assert store.replace_hours([T0, T0 + HOUR], rows) == 3
    assert store.replace_hours([T0, T0 + HOUR], rows) == 3
    window = (T0 - HOUR, T0 + 3 * HOUR)
    assert store.series("province", "Hưng Yên", *window) == [(T0, 3), (T0 + HOUR, 2)]
    # Recounting the first hour: Hà Nội no longer occurs there, Hưng Yên grew.
    store.replace_hours([T0], [RollupRow(T0, "province", "Hưng Yên", 4)])
    assert store.series("province", "Hà Nội", *window) == []
    assert store.series("province", "Hưng Yên", *window) == [(T0, 4), (T0 + HOUR, 2)]
    assert store.series("province", "Hưng Yên", T0 + HOUR, T0 + 2 * HOUR) == [(T0 + HOUR, 2)]


def test_values_total_a_dimension_over_a_window(store: TrendStore) -> None:
    rows = [
        RollupRow(T0, "province", "Hưng Yên", 3),
        RollupRow(T0, "province", "Hà Nội", 1),
        RollupRow(T0 + HOUR, "province", "Hưng Yên", 2),
        RollupRow(T0 + HOUR, "province", "Cần Thơ", 1),
        RollupRow(T0 + HOUR, "section", "health", 7),
    ]
    store.replace_hours([T0, T0 + HOUR], rows)
    assert store.values("province", T0, T0 + 2 * HOUR) == [("Hưng Yên", 5), ("Cần Thơ", 1), ("Hà Nội", 1)]
    assert store.values("province", T0 + HOUR, T0 + 2 * HOUR) == [("Hưng Yên", 2), ("Cần Thơ", 1)]
    assert store.values("province", T0 - HOUR, T0) == []
