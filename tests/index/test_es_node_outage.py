"""Stop the Elasticsearch node in the middle of indexing: nothing is lost once it is back."""

from __future__ import annotations

from pathlib import Path

from elasticsearch import Elasticsearch

from langnghe.index.es import ElasticsearchIndex
from langnghe.index.es.bulk import BulkIndexer
from langnghe.item import Item
from langnghe.stages.base import Backoff, StageRunner
from langnghe.stages.enrich import EnrichStage
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.testing import build_item
from langnghe.testing_es import ScriptNode

ITEMS = 60
BATCH = 20


def test_items_survive_a_node_outage_mid_drain(private_es_node: ScriptNode, tmp_path: Path) -> None:
    url = private_es_node.start()
    client = Elasticsearch(url, request_timeout=5, max_retries=0)
    # Few, short retry rounds: while the node is down the batch must come back to the queue quickly.
    indexer = BulkIndexer(client, max_rounds=2, initial_backoff=0.05, max_backoff=0.2, refresh="true")
    index = ElasticsearchIndex(client, prefix="outage", indexer=indexer)
    queue = SQLiteQueue(tmp_path / "q.sqlite3", retry_backoff=0.0)
    queue.put([build_item(text=f"Tin thứ {n} về mưa lũ miền Trung") for n in range(ITEMS)])
    batches = 0

    def annotate_then_fail_the_node(items: list[Item]) -> list[Item]:
        nonlocal batches
        batches += 1
        if batches == 2:  # the first batch is in the index; the node goes away before the second is written
            private_es_node.stop()
        return items

    quick = Backoff(initial=0.0, maximum=0.0)
    report = StageRunner(EnrichStage(index, annotate_then_fail_the_node), queue, batch_size=BATCH, backoff=quick).drain()
    assert report.done == BATCH
    assert report.unavailable is not None and report.failed == 0 and report.quarantined == 0
    assert queue.stats().ready == ITEMS - BATCH and queue.stats().quarantined == 0

    assert private_es_node.start() == url  # same state dir: same port, data kept
    resumed = StageRunner(EnrichStage(index, lambda items: items), queue, batch_size=BATCH, backoff=quick).drain()
    assert resumed.unavailable is None and resumed.done == ITEMS - BATCH
    assert index.count() == ITEMS
    assert queue.stats().done == ITEMS and queue.stats().ready == 0
    index.close()
    queue.close()
