"""An index away for "30 minutes" in the middle of a drain (:mod:`langnghe.testing_outage`), on
both backends: the production backoffs and patience on a scaled clock, many backoff rounds,
then the index back. Nothing may be quarantined, lost or doubled, and no attempt spent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from langnghe.index.es.backend import ElasticsearchIndex
from langnghe.index.es.bulk import BulkIndexer
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.testing import build_item
from langnghe.testing_es import TcpRelay
from langnghe.testing_outage import OutagePlan, OutageReport, ReadOnlyOutage, RelayOutage, TimeScale, drain_through_outage

ITEMS = 300
# 1,800 simulated seconds away = 0.9 s; backoffs 1 s doubling to 60 s = 0.5 ms to 30 ms: dozens of rounds
PLAN = OutagePlan(batch_size=20, scale=TimeScale(0.0005))


def _items() -> list[Item]:
    return [build_item(id=f"tin-{n:04d}", text=f"Tin số {n} về tình trạng ngập nước") for n in range(ITEMS)]


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[SQLiteQueue]:
    with SQLiteQueue(tmp_path / "queue.sqlite3") as opened:
        yield opened


def _assert_nothing_lost(report: OutageReport) -> None:
    assert 0 < report.cut_at_done < ITEMS  # the index went away in the middle of the drain
    assert report.outage_seconds >= PLAN.scale(PLAN.outage)
    assert report.transient_failures >= 20  # many backoff rounds while it was away
    assert report.drains >= 2  # patience (300 simulated s) ran out: the drain stopped and started again
    assert (report.quarantined, report.failed) == (0, 0)  # no attempt spent, nothing set aside
    assert (report.missing, report.doubled) == (0, 0)
    assert report.done == report.indexed == ITEMS


def test_a_read_only_sqlite_index_for_30_minutes_loses_nothing(tmp_path: Path, queue: SQLiteQueue) -> None:
    path = tmp_path / "index.sqlite3"
    with SQLiteIndex(path) as index:
        report = drain_through_outage(_items(), queue, index, ReadOnlyOutage(path), PLAN)
    _assert_nothing_lost(report)


def test_an_elasticsearch_node_away_for_30_minutes_loses_nothing(es_url: str, es_prefix: str, queue: SQLiteQueue) -> None:
    relay = TcpRelay(es_url)
    client = Elasticsearch(relay.url, request_timeout=5, max_retries=0)
    indexer = BulkIndexer(client, initial_backoff=PLAN.scale(0.5), max_backoff=PLAN.scale(10.0), refresh="wait_for")
    try:
        index = ElasticsearchIndex(client, prefix=es_prefix, refresh="wait_for", indexer=indexer)
        report = drain_through_outage(_items(), queue, index, RelayOutage(relay), PLAN)
    finally:
        relay.close()
        client.close()
    _assert_nothing_lost(report)
