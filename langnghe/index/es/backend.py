"""ElasticsearchIndex: the :class:`~langnghe.index.base.IndexBackend` on an Elasticsearch cluster.

Documents (:mod:`langnghe.index.es.documents`; mappings: ``templates/items-mappings.json``) carry Kibana-friendly fields
(``@timestamp``, one keyword field per facet, ``title``/``text`` with the standard analyzer,
``tokens``: the segmented words joined by spaces and lower-cased here, indexed with the
built-in ``whitespace`` analyzer so ``ô_nhiễm`` is one term; a custom whitespace+lowercase
analyzer would need the analysis-common module, which the test distribution lacks) and
``item``: the exact Item JSON, stored but not indexed, which ``get`` and
``search`` return. Text fields are NFC-normalised before indexing (the cluster has no ICU
normaliser); ``item`` keeps the text as it came.

Writes go to the item's monthly index (:mod:`langnghe.index.es.setup`), auto-created from
the template with the read alias. An item whose month changed since it was last written
(``published_at`` learnt or corrected) is removed from its old index after the write, so an
id is never counted twice. The old copy is found by a search, so it must have been
refreshed: true after any ``upsert`` (``wait_for``); with ``refresh="false"`` (bulk loads)
call :meth:`ElasticsearchIndex.refresh_now` between loads that may move items.
Reads go through the read alias. ``upsert`` waits for a refresh
(``refresh="wait_for"``) so that the next read sees the write, as with the embedded index.

``upsert`` replaces whole documents; :meth:`~ElasticsearchIndex.write` and
:meth:`~ElasticsearchIndex.update_fields` (:mod:`langnghe.index.es.writes`) keep the derived
fields of other stages and check versions, and report each document's outcome.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from elasticsearch import Elasticsearch

from langnghe.errors import InputError
from langnghe.index import timebuckets
from langnghe.index.base import (
    DERIVED_FIELDS,
    Cursor,
    DerivedField,
    DateBucket,
    FacetCount,
    FieldUpdate,
    Filters,
    SearchHit,
    SearchResult,
    SearchSort,
    TermScore,
    Version,
    Versioned,
    WriteOutcome,
    check_field,
)
from langnghe.index.base import SearchPage
from langnghe.index.es.bulk import Action, BulkIndexer, BulkResult, BulkWriteError, Refresh
from langnghe.index.es.documents import item_of, to_document
from langnghe.index.es.dsl import Query, build_query
from langnghe.index.es.paging import PointInTimePager
from langnghe.index.es.setup import Names, ensure_templates
from langnghe.index.es.writes import DocumentWriter, node_urls, unavailable
from langnghe.item import FUTURE_TOLERANCE, Item

__all__ = ["ElasticsearchIndex", "search_query", "to_document"]

MAX_RESULT_WINDOW = 10_000  # index.max_result_window in templates/items-settings.json
SIGNIFICANT_SAMPLE = 20_000  # foreground items sampled per shard for significant terms
log = logging.getLogger(__name__)


def _item(hit: dict[str, Any]) -> Item:
    return item_of(hit["_source"])


def _version(hit: dict[str, Any]) -> Version:
    return Version(int(hit["_seq_no"]), int(hit["_primary_term"]), str(hit["_index"]))


class ElasticsearchIndex:
    """Items in monthly Elasticsearch indices behind one read alias (see module docs)."""

    def __init__(
        self,
        client_or_url: Elasticsearch | str,
        *,
        prefix: str = "langnghe",
        refresh: Refresh = "wait_for",
        indexer: BulkIndexer | None = None,
        owns_client: bool | None = None,
    ) -> None:
        # a client made here, or handed over by open_index (es_client), is closed with the index
        self._owns_client = isinstance(client_or_url, str) if owns_client is None else owns_client
        if isinstance(client_or_url, str):
            self.client = Elasticsearch(client_or_url, request_timeout=60)
        else:
            self.client = client_or_url
        self.names = Names(prefix)
        with unavailable("install templates", node_urls(self.client)):
            self.ilm = ensure_templates(self.client, self.names)
        self.refresh = refresh
        self.indexer = indexer or BulkIndexer(self.client, refresh=refresh)
        self.writer = DocumentWriter(self.client, self.names, self.indexer, refresh)
        self.pager = PointInTimePager(self.client, self.names.read_alias)
        self.drop_future_dates()

    def drop_future_dates(self, now: datetime | None = None) -> int:
        """Write again, as the Item now reads them (undated, in their fetch month), the items an
        earlier version stored with a publication date in the future; a 9999 one overflowed the
        histograms and roll-ups. Only documents dated after ``now`` (plus the tolerance) can be
        such: one search finds none at each open once they are gone."""
        since = (now or datetime.now(timezone.utc)) + FUTURE_TOLERANCE
        found = [item for item in self.scan(Filters(since=since)) if item.future_date]
        if found:
            log.warning("%s: %d items dated in the future made undated", self.names.read_alias, len(found))
            self.write(found)
        return len(found)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> ElasticsearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def upsert(self, items: list[Item]) -> int:
        """Insert or replace whole items by id; raises :class:`BulkWriteError` if any was not written."""
        result = self.replace(items)
        if result.failures:
            raise BulkWriteError(result)
        return result.written

    def write(self, items: Sequence[Item], *, keep: Sequence[DerivedField] = DERIVED_FIELDS) -> list[WriteOutcome]:
        """Insert or replace items by id, keeping the derived fields in ``keep`` of documents
        already indexed (:mod:`langnghe.index.es.writes`); one outcome per item."""
        return self.writer.write(items, keep=keep)

    def update_fields(self, updates: Sequence[FieldUpdate]) -> list[WriteOutcome]:
        """Set derived fields of indexed documents, each guarded by its version (:mod:`langnghe.index.es.writes`)."""
        return self.writer.update_fields(updates)

    def replace(self, items: list[Item]) -> BulkResult:
        """Like :meth:`upsert` (whole documents, unguarded), but returns every document's
        outcome, with the bulk indexer's details, instead of raising."""
        latest = {item.id: item for item in items}  # the last of duplicate ids wins
        actions: list[Action] = [self._action(item) for item in latest.values()]
        result = self.indexer.index(actions)
        self._remove_moved(result.written_ids)
        return result

    def _action(self, item: Item) -> Action:
        index = self.names.monthly_index(item.published_at or item.fetched_at)
        return {"_op_type": "index", "_index": index, "_id": item.id, "_source": to_document(item)}

    def _remove_moved(self, written: list[tuple[str, str]]) -> None:
        """Delete older copies of the written ids that live in another monthly index."""
        if not written:
            return
        by_index: dict[str, list[str]] = {}
        for index, doc_id in written:
            by_index.setdefault(index, []).append(doc_id)
        elsewhere = [
            {"bool": {"filter": [{"ids": {"values": ids}}], "must_not": [{"term": {"_index": index}}]}}
            for index, ids in by_index.items()
        ]
        query = {"bool": {"should": elsewhere, "minimum_should_match": 1}}
        stale = self._search(query=query, size=len(written), source=False)["hits"]["hits"]
        if not stale:  # the common case: one search, nothing to delete
            return
        # delete by (index, id), through the bulk path (the reindex module, home of
        # _delete_by_query, is not in every distribution)
        deletes = [{"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]} for hit in stale]
        result = self.indexer.index(deletes)
        if result.failures:
            raise BulkWriteError(result)

    def delete_before(self, moment: datetime) -> int:
        """Whole monthly indices before ``moment``'s month are dropped (cheap, no tombstones);
        in that month, the older items are deleted by id through the bulk path."""
        cutoff = self.names.monthly_index(moment)
        indices = self.client.indices.get(index=self.names.index_pattern, expand_wildcards="all")
        old = sorted(name for name in indices if name < cutoff)
        removed = 0
        if old:
            counts = self.client.count(index=",".join(old))
            removed += int(counts["count"])
            self.client.indices.delete(index=",".join(old))
        month_start = moment.astimezone(timezone.utc).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        doomed = [item.id for item in self.scan(Filters(since=month_start, until=moment))]
        for start in range(0, len(doomed), 1000):
            chunk = doomed[start:start + 1000]
            result = self.indexer.index([{"_op_type": "delete", "_index": cutoff, "_id": i} for i in chunk])
            if result.failures:
                raise BulkWriteError(result)
            removed += len(chunk)
        if doomed:
            self.refresh_now()
        return removed

    def refresh_now(self) -> None:
        """Make every write so far visible (after writes made with ``refresh="false"``)."""
        self.client.indices.refresh(index=self.names.read_alias, ignore_unavailable=True, allow_no_indices=True)

    # -- reading ------------------------------------------------------------------------

    def get(self, item_id: str) -> Item | None:
        hits = self._search(query={"ids": {"values": [item_id]}}, size=1)["hits"]["hits"]
        return _item(hits[0]) if hits else None

    def count(self, filters: Filters | None = None) -> int:
        query, _ = build_query("", filters)
        response = self.client.count(
            index=self.names.read_alias, query=query, ignore_unavailable=True, allow_no_indices=True
        )
        return int(response["count"])

    def search(
        self, query: str = "", filters: Filters | None = None, *, limit: int = 20, offset: int = 0
    ) -> SearchResult:
        """Relevance-ranked hits for a query (BM25, title weighs double), else newest first (score 0)."""
        if limit < 0 or offset < 0:
            raise InputError(f"search: limit and offset must not be negative (got {limit}, {offset})")
        if limit + offset > MAX_RESULT_WINDOW:
            raise InputError(f"search: offset + limit must not exceed {MAX_RESULT_WINDOW} (got {offset + limit})")
        body, scored = build_query(query, filters)
        by_time: list[Any] = [{"@timestamp": "desc"}, {"id": "desc"}]
        sort = ["_score", *by_time] if scored else by_time
        response = self._search(
            query=body, size=limit, from_=offset, sort=sort, track_scores=scored, track_total_hits=True
        )
        found = response["hits"]["hits"]
        hits = [SearchHit(_item(hit), float(hit["_score"] or 0.0) if scored else 0.0) for hit in found]
        return SearchResult(total=int(response["hits"]["total"]["value"]), hits=hits)

    def search_page(
        self, query: str = "", filters: Filters | None = None, *, size: int = 20,
        after: Cursor | None = None, sort: SearchSort = "time", count_up_to: int | None = None,
    ) -> SearchPage:
        """``search_after`` pages on a point in time (:mod:`langnghe.index.es.paging`)."""
        body, scored = build_query(query, filters)
        return self.pager.page(body, scored, size=size, after=after, sort=sort, count_up_to=count_up_to)

    def facets(
        self, field: str, query: str = "", filters: Filters | None = None, *, size: int = 20
    ) -> list[FacetCount]:
        """Counts per value, largest first, ties by value; items without a value are not counted."""
        return self.facet_counts([field], query, filters, size=size)[field]

    def facet_counts(
        self, fields: Sequence[str], query: str = "", filters: Filters | None = None, *, size: int = 20
    ) -> dict[str, list[FacetCount]]:
        """One request: a terms aggregation per field."""
        for field in fields:
            check_field(field, "facet")
        if size < 1:
            raise InputError(f"facets: size must be at least 1 (got {size})")
        if not fields:
            return {}
        body, _ = build_query(query, filters)
        aggs = {f"f{n}": {"terms": {
            "field": field,
            "size": size,
            "shard_size": max(size * 10, 1000),  # monthly shards: keep the counts exact in practice
            "order": [{"_count": "desc"}, {"_key": "asc"}],
        }} for n, field in enumerate(fields)}  # fmt: skip
        found = self._search(query=body, size=0, aggs=aggs).get("aggregations", {})
        # a boolean field (false_info) answers keys 1/0 and its values as key_as_string
        return {field: [FacetCount(str(b.get("key_as_string", b["key"])), int(b["doc_count"]))
                        for b in found.get(f"f{n}", {}).get("buckets", [])] for n, field in enumerate(fields)}  # fmt: skip

    def significant_terms(
        self, foreground: Filters, background: Filters, *, size: int = 20, min_count: int = 3
    ) -> list[TermScore]:
        """``significant_terms`` (JLH) on ``keyword`` under a ``diversified_sampler`` that keeps one
        foreground item per ``near_dup_key`` (per shard: monthly indices keep copies of one
        day together)."""
        fg_query, _ = build_query("", foreground)
        bg_query, _ = build_query("", background)
        significant = {"field": "keyword", "background_filter": bg_query, "jlh": {}, "size": size,
                       "min_doc_count": min_count, "shard_min_doc_count": 1, "shard_size": max(size * 10, 1000)}
        aggs = {"sample": {"diversified_sampler": {"field": "near_dup_key", "shard_size": SIGNIFICANT_SAMPLE,
                                                   "max_docs_per_value": 1},
                           "aggs": {"terms": {"significant_terms": significant}}}}
        response = self._search(query=fg_query, size=0, aggs=aggs)
        sample = response.get("aggregations", {}).get("sample", {})
        terms = sample.get("terms", {})
        fg_total, bg_total = int(sample.get("doc_count", 0)), int(terms.get("bg_count", 0))
        found = [TermScore(str(b["key"]), round(float(b["score"]), 6), int(b["doc_count"]), int(b["bg_count"]),
                           fg_total, bg_total) for b in terms.get("buckets", [])]
        found.sort(key=lambda term: (-term.score, term.term))
        return found

    def date_histogram(
        self,
        query: str = "",
        filters: Filters | None = None,
        *,
        interval: Literal["hour", "day"] = "day",
        tz: str = "Asia/Ho_Chi_Minh",
    ) -> list[DateBucket]:
        """Counts per local hour or day of ``@timestamp``, oldest first, gaps filled.

        Elasticsearch returns only non-empty buckets (``min_doc_count: 1``, so a stray old
        date cannot ask the cluster for a million empty ones); the gaps are filled here by
        the same code as the embedded index, with the same bucket limit.
        """
        zone, checked = timebuckets.load_zone(tz), timebuckets.check_interval(interval)
        body, _ = build_query(query, filters)
        histogram = {"field": "@timestamp", "calendar_interval": checked, "time_zone": tz, "min_doc_count": 1}
        response = self._search(query=body, size=0, aggs={"days": {"date_histogram": histogram}})
        buckets = response.get("aggregations", {}).get("days", {}).get("buckets", [])
        counts = {int(b["key"]) * 1000: int(b["doc_count"]) for b in buckets}  # ms -> µs
        return timebuckets.fill(counts, zone, checked)

    def get_versioned(self, ids: Sequence[str]) -> dict[str, Versioned]:
        """The items of ``ids``, found through the read alias and read in real time, with their
        versions. While a moved item has two copies, the one in the later month is returned."""
        copies = self.writer.copies(ids)
        return {doc_id: Versioned(item_of(found[0].source), found[0].version) for doc_id, found in copies.items()}

    def scan(self, filters: Filters | None = None, *, batch: int = 1000) -> Iterator[Item]:
        """Matching items oldest first (``@timestamp``, then ``id``), paged with ``search_after``.

        The sort key is unique, so pages neither skip nor repeat an item, also when the
        caller writes the yielded items back meanwhile (no scroll context is kept open).
        """
        return (_item(hit) for hit in self._scan_hits(filters, batch, versions=False))

    def scan_versioned(self, filters: Filters | None = None, *, batch: int = 1000) -> Iterator[Versioned]:
        """:meth:`scan` with each item's version as of the last refresh (a later write makes
        ``update_fields`` answer ``conflict``; :meth:`get_versioned` reads in real time)."""
        return (Versioned(_item(hit), _version(hit)) for hit in self._scan_hits(filters, batch, versions=True))

    def _scan_hits(self, filters: Filters | None, batch: int, *, versions: bool) -> Iterator[dict[str, Any]]:
        if not 1 <= batch <= MAX_RESULT_WINDOW:
            raise InputError(f"scan: batch must be between 1 and {MAX_RESULT_WINDOW} (got {batch})")
        body, _ = build_query("", filters)
        sort: list[Any] = [{"@timestamp": "asc"}, {"id": "asc"}]
        after: list[Any] | None = None
        while True:
            page = self._search(query=body, size=batch, sort=sort, search_after=after,
                                seq_no_primary_term=versions)["hits"]["hits"]  # fmt: skip
            yield from page
            if len(page) < batch:
                return
            after = page[-1]["sort"]

    def _search(self, **body: Any) -> dict[str, Any]:
        # ignore_unavailable: before the first write there is no alias, and reads are empty, not 404
        with unavailable("search"):
            response = self.client.search(
                index=self.names.read_alias, ignore_unavailable=True, allow_no_indices=True, **body
            )
        return dict(response.body)


def search_query(query: str, filters: Filters | None = None) -> Query:
    """The Elasticsearch ``query`` langnghe runs for a search (for Kibana or debugging)."""
    return build_query(query, filters)[0]
