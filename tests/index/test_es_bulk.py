"""Bulk indexing loses nothing: refusals come back with reasons, faults are retried (real node).

Faults are injected by wrapping the real client's transport: the first bulk requests get a
429, a 503 or a dropped connection instead of reaching the node; every success is real.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig, TransportApiResponse
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import Elasticsearch

from langnghe.errors import BackendUnavailable
from langnghe.index.base import FieldUpdate, WriteOutcome
from langnghe.index.es import BulkIndexer, BulkWriteError, ElasticsearchIndex
from langnghe.index.es.bulk import backoff_delay, describe_error, is_retryable
from langnghe.index.es.setup import drop
from langnghe.testing import build_item

Fault = int | None  # an HTTP status, or None for a dropped connection


class FaultyBulks:
    """Wraps ``client.transport.perform_request``: the next bulk requests meet ``faults``."""

    def __init__(self, client: Elasticsearch, faults: list[Fault]) -> None:
        self.faults = list(faults)
        self.bulk_calls = 0
        self._real = client.transport.perform_request
        client.transport.perform_request = self  # type: ignore[method-assign]

    def __call__(self, method: str, target: str, **kwargs: Any) -> TransportApiResponse:
        if "/_bulk" not in target:
            return self._real(method, target, **kwargs)
        self.bulk_calls += 1
        if not self.faults:
            return self._real(method, target, **kwargs)
        fault = self.faults.pop(0)
        if fault is None:
            raise TransportConnectionError("injected: connection reset by peer")
        meta = ApiResponseMeta(
            status=fault, http_version="1.1", headers=HttpHeaders({"content-type": "application/json"}),
            duration=0.0, node=NodeConfig("http", "127.0.0.1", 9200),
        )  # fmt: skip
        body = {"error": {"type": "injected_fault", "reason": f"injected {fault}"}, "status": fault}
        return TransportApiResponse(meta, body)


@pytest.fixture
def client(es_url: str) -> Iterator[Elasticsearch]:
    own = Elasticsearch(es_url, request_timeout=30)  # its own transport: the wrapper stays here
    yield own
    own.close()


def _index(client: Elasticsearch, prefix: str, **options: Any) -> ElasticsearchIndex:
    settings: dict[str, Any] = {"refresh": "true", "initial_backoff": 0.01, "max_backoff": 0.05, **options}
    return ElasticsearchIndex(client, prefix=prefix, refresh="true", indexer=BulkIndexer(client, **settings))


@pytest.fixture
def es_index(client: Elasticsearch, es_prefix: str) -> Iterator[ElasticsearchIndex]:
    index = _index(client, es_prefix, chunk_size=10)
    yield index
    drop(client, index.names)


def _items(count: int) -> list[Any]:
    return [build_item(title=f"Tin số {n}", text="Giá lúa tăng ở đồng bằng sông Cửu Long.") for n in range(count)]


def test_a_document_the_node_refuses_comes_back_with_its_reason(es_index: ElasticsearchIndex) -> None:
    good = build_item(title="Bài hợp lệ")
    immense = build_item(title="Tác giả quá dài", author="x" * 40_000)  # a keyword term over 32 KB
    result = es_index.replace([good, immense])
    assert result.written == 1 and result.rounds == 1  # a 400 is final: not retried
    [failure] = result.failures
    assert failure.id == immense.id and failure.status == 400
    assert "immense term" in failure.reason and "author" in failure.reason
    assert failure.index == es_index.names.monthly_index(immense.fetched_at)
    assert es_index.get(good.id) == good and es_index.count() == 1
    with pytest.raises(BulkWriteError, match="1 of 2 document"):
        es_index.upsert([good, immense])
    outcomes = es_index.write([good, immense])
    assert outcomes[0] == WriteOutcome(good.id, "ok") and outcomes[1].status == "refused"
    assert "immense term" in outcomes[1].reason and len(outcomes[1].reason) < 1000  # the quoted value is cut


def test_an_id_too_long_for_the_node_is_refused_alone(es_index: ElasticsearchIndex) -> None:
    good = build_item(title="Bài hợp lệ")
    too_long = build_item(id="x" * 600, title="Mã quá dài")  # sent, it would fail the whole request
    result = es_index.replace([good, too_long])
    assert result.written == 1 and [f.id for f in result.failures] == [too_long.id]
    assert "longer than 512" in result.failures[0].reason
    [ok, refused] = es_index.write([good, too_long])
    assert ok.ok and refused.status == "refused" and "longer than 512" in refused.reason


def test_a_strict_mapping_refusal_names_the_field(client: Elasticsearch, es_prefix: str) -> None:
    index = f"{es_prefix}strict"
    client.indices.create(index=index, mappings={"dynamic": "strict", "properties": {"n": {"type": "integer"}}})
    actions = [
        {"_index": index, "_id": "ok", "_source": {"n": 1}},
        {"_index": index, "_id": "not-a-number", "_source": {"n": "mười"}},
        {"_index": index, "_id": "unknown-field", "_source": {"n": 2, "ghi_chu": "thêm"}},
    ]
    result = BulkIndexer(client, refresh="true").index(actions)
    reasons = {failure.id: failure.reason for failure in result.failures}
    assert result.written == 1 and set(reasons) == {"not-a-number", "unknown-field"}
    assert reasons["not-a-number"].startswith("document_parsing_exception") and "[n]" in reasons["not-a-number"]
    assert "strict_dynamic_mapping_exception" in reasons["unknown-field"] and "ghi_chu" in reasons["unknown-field"]
    client.indices.delete(index=index)


@pytest.mark.parametrize("faults", [[429, 429], [503, 502], [None], [None, 503, None]])
def test_transient_faults_are_retried_until_everything_is_written(
    es_index: ElasticsearchIndex, client: Elasticsearch, faults: list[Fault]
) -> None:
    items = _items(25)  # three chunks of 10
    injected = FaultyBulks(client, faults)
    assert es_index.upsert(items) == 25
    assert not injected.faults and injected.bulk_calls > 3  # every fault was met, then retried
    assert es_index.count() == 25
    assert all(es_index.get(item.id) == item for item in items)
    FaultyBulks(client, faults)
    assert all(outcome.ok for outcome in es_index.write(items))  # write goes through the same retries


def test_persistent_faults_are_reported_not_dropped(client: Elasticsearch, es_prefix: str) -> None:
    index = _index(client, es_prefix, max_retries=1, max_rounds=2)
    try:
        [seed] = _items(1)
        assert index.write([seed])[0].ok
        FaultyBulks(client, [503] * 100)
        result = index.replace(_items(4))
        assert result.written == 0 and len(result.failures) == 4
        assert all(f.status == 503 and f.reason.startswith("gave up after 2 round(s)") for f in result.failures)
        assert "injected 503" in result.failures[0].reason or "503" in result.failures[0].reason
        with pytest.raises(BulkWriteError):
            index.upsert(_items(1))
        with pytest.raises(BackendUnavailable, match="503"):  # busy: the caller retries the batch later
            index.write(_items(2))
        with pytest.raises(BackendUnavailable, match="503"):
            index.update_fields([FieldUpdate(seed.id, {"story_id": "s"})])
    finally:
        drop(client, index.names)


def test_retry_policy_is_pure() -> None:
    assert [is_retryable(s) for s in (None, 429, 500, 503, 400, 404, 409)] == [True] * 4 + [False] * 3
    assert [backoff_delay(n, 0.5, 3.0) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    error = {"type": "document_parsing_exception", "reason": "bad", "caused_by": {"type": "x", "reason": "y"}}
    assert describe_error(error) == "document_parsing_exception: bad (caused by x: y)"
