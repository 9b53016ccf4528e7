"""Hourly roll-ups in their own Elasticsearch index, ``<prefix>-trends-v1``, for dashboards.

Same contract as :class:`langnghe.index.trends.SQLiteTrendStore`. One document per
(hour, dimension, value) with a deterministic ``_id``, so rewriting an hour replaces
its documents; rows of an hour that are gone (a value that no longer occurs) are
deleted by id, found with a search, because the test distribution has no
``_delete_by_query``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from elasticsearch import Elasticsearch, helpers

from langnghe.index.es.writes import node_urls, unavailable
from langnghe.index.trends import RollupRow

TRENDS_VERSION = 1
_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "_meta": {"mapping_version": TRENDS_VERSION},
    "properties": {
        "@timestamp": {"type": "date"},
        "dimension": {"type": "keyword"},
        "value": {"type": "keyword"},
        "count": {"type": "long"},
    },
}
_PAGE = 10_000


def _hour_ms(hour: datetime) -> int:
    if hour.tzinfo is None:
        raise ValueError(f"naive datetime {hour.isoformat()}: roll-up hours are UTC instants")
    return int(hour.timestamp() * 1000)


def _doc_id(row: RollupRow) -> str:
    return f"{_hour_ms(row.hour)}|{row.dimension}|{row.value}"


class ElasticsearchTrendStore:
    def __init__(
        self, client_or_url: Elasticsearch | str, *, prefix: str = "langnghe", refresh: str = "wait_for",
        owns_client: bool | None = None,
    ) -> None:
        self._owns_client = isinstance(client_or_url, str) if owns_client is None else owns_client
        client = Elasticsearch(client_or_url, request_timeout=60) if isinstance(client_or_url, str) else client_or_url
        self.client = client
        self.index = f"{prefix}-trends-v{TRENDS_VERSION}"
        self.refresh = refresh
        with unavailable("create the roll-up index", node_urls(client)):
            if not client.indices.exists(index=self.index):
                client.indices.create(
                    index=self.index, mappings=_MAPPINGS, settings={"number_of_shards": 1, "number_of_replicas": 0}
                )

    def _ids_in_hours(self, hours: Sequence[datetime]) -> Iterator[str]:
        query = {"terms": {"@timestamp": [_hour_ms(hour) for hour in hours]}}
        for hit in helpers.scan(self.client, index=self.index, query={"query": query}, _source=False, size=_PAGE):
            yield hit["_id"]

    def replace_hours(self, hours: Sequence[datetime], rows: Iterable[RollupRow]) -> int:
        docs = {_doc_id(r): r for r in rows}
        stale = [i for i in self._ids_in_hours(hours) if i not in docs] if hours else []
        actions: list[dict[str, Any]] = [
            {"_op_type": "delete", "_index": self.index, "_id": doc_id} for doc_id in stale
        ]
        actions += [
            {
                "_index": self.index,
                "_id": doc_id,
                "_source": {"@timestamp": _hour_ms(r.hour), "dimension": r.dimension, "value": r.value, "count": r.count},
            }
            for doc_id, r in docs.items()
        ]
        if actions:
            # raise_on_error: a refused roll-up row is a bug to see, never a silently wrong chart.
            helpers.bulk(self.client, actions, refresh=self.refresh, raise_on_error=True)
        return len(docs)

    def series(self, dimension: str, value: str, since: datetime, until: datetime) -> list[tuple[datetime, int]]:
        response = self.client.search(
            index=self.index,
            query={
                "bool": {
                    "filter": [
                        {"term": {"dimension": dimension}},
                        {"term": {"value": value}},
                        {"range": {"@timestamp": {"gte": _hour_ms(since), "lt": _hour_ms(until), "format": "epoch_millis"}}},
                    ]
                }
            },
            sort=[{"@timestamp": "asc"}],
            size=_PAGE,
        )
        return [
            (datetime.fromtimestamp(hit["_source"]["@timestamp"] / 1000, timezone.utc), hit["_source"]["count"])
            for hit in response["hits"]["hits"]
        ]

    def values(self, dimension: str, since: datetime, until: datetime) -> list[tuple[str, int]]:
        window = {"range": {"@timestamp": {"gte": _hour_ms(since), "lt": _hour_ms(until), "format": "epoch_millis"}}}
        response = self.client.search(
            index=self.index,
            query={"bool": {"filter": [{"term": {"dimension": dimension}}, window]}},
            aggs={"values": {"terms": {"field": "value", "size": 10_000, "order": [{"total": "desc"}, {"_key": "asc"}]},
                             "aggs": {"total": {"sum": {"field": "count"}}}}},
            size=0,
        )
        return [(bucket["key"], int(bucket["total"]["value"])) for bucket in response["aggregations"]["values"]["buckets"]]

    def close(self) -> None:
        """Closes the client only when this store made it from a URL."""
        if self._owns_client:
            self.client.close()
