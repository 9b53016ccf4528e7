"""ElasticsearchIndex against a real node: the backend contract, plus the index design."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import socket

import pytest
from elasticsearch import Elasticsearch

from langnghe.errors import BackendUnavailable
from langnghe.index import IndexBackend
from langnghe.index.base import FieldUpdate
from langnghe.index.es import BulkIndexer, ElasticsearchIndex, MAPPING_VERSION, Names, reindex_to
from langnghe.index.es.documents import to_document
from langnghe.index.es.setup import drop, ensure_templates, load_template
from langnghe.item import Item
from langnghe.testing import DEFAULT_PUBLISHED, build_item
from langnghe.testing_es import TcpRelay

from .contract import *  # noqa: F403  (the shared backend contract runs against this backend)
from .contract_writes import *  # noqa: F403  (and the write contract)
from .contract_paging import *  # noqa: F403  (and the deep-paging contract)
from .contract_filters import *  # noqa: F403  (and the search page's filters and facets)


@pytest.fixture
def backend(es_client: Elasticsearch, es_prefix: str) -> Iterator[ElasticsearchIndex]:
    # "true" refreshes at once; production's "wait_for" waits up to refresh_interval (1 s) per write
    index = ElasticsearchIndex(es_client, prefix=es_prefix, refresh="true")
    yield index
    drop(es_client, index.names)
    index.close()


@pytest.fixture
def refused_item() -> tuple[Item, str]:
    """A keyword term over Lucene's 32 KB limit: the mapping refuses it for good."""
    return build_item(id="tac-gia-qua-dai", title="Tác giả quá dài", author="x" * 40_000), "immense term"


def _closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])  # closed again on leaving: nothing listens there


def test_an_unreachable_cluster_is_unavailable(es_url: str, es_prefix: str) -> None:
    with pytest.raises(BackendUnavailable, match="elasticsearch"):
        ElasticsearchIndex(Elasticsearch(f"http://127.0.0.1:{_closed_port()}", max_retries=0), prefix=es_prefix)
    relay = TcpRelay(es_url)
    client = Elasticsearch(relay.url, request_timeout=5, max_retries=0)
    indexer = BulkIndexer(client, max_rounds=2, initial_backoff=0.01, max_backoff=0.02, refresh="true")
    index = ElasticsearchIndex(client, prefix=es_prefix, refresh="true", indexer=indexer)
    item = build_item(id="mat-ket-noi-giua-chung")
    assert index.write([item])[0].ok
    version = index.get_versioned([item.id])[item.id].version
    relay.close()  # the cluster's port is closed now
    with pytest.raises(BackendUnavailable, match="elasticsearch"):
        index.write([item])
    with pytest.raises(BackendUnavailable, match="elasticsearch"):
        index.update_fields([FieldUpdate(item.id, {"story_id": "s-1"}, version)])
    with pytest.raises(BackendUnavailable, match="elasticsearch"):
        index.get_versioned([item.id])
    client.close()


def test_is_an_index_backend(backend: ElasticsearchIndex) -> None:
    assert isinstance(backend, IndexBackend)


def test_installs_the_versioned_templates(backend: ElasticsearchIndex, es_client: Elasticsearch) -> None:
    names = backend.names
    template = es_client.indices.get_index_template(name=names.index_template)["index_templates"][0]
    body = template["index_template"]
    assert body["_meta"]["mapping_version"] == MAPPING_VERSION
    assert body["index_patterns"] == [names.index_pattern]
    assert names.settings_component in body["composed_of"] and names.mappings_component in body["composed_of"]
    assert backend.ilm is False  # the test distribution has no ILM: skipped, not failed
    component = es_client.cluster.get_component_template(name=names.mappings_component)
    mappings = component["component_templates"][0]["component_template"]["template"]["mappings"]
    assert mappings == load_template("items-mappings.json")["template"]["mappings"]  # the production file


def test_items_land_in_monthly_indices_behind_the_read_alias(
    backend: ElasticsearchIndex, es_client: Elasticsearch
) -> None:
    may, june = DEFAULT_PUBLISHED, DEFAULT_PUBLISHED + timedelta(days=40)
    backend.upsert([build_item(published_at=may), build_item(published_at=june)])
    aliases = es_client.indices.get_alias(name=backend.names.read_alias)
    prefix = f"{backend.names.prefix}-items-v{MAPPING_VERSION}"
    assert sorted(aliases) == [f"{prefix}-2024.05", f"{prefix}-2024.06"]
    mapping = es_client.indices.get_mapping(index=f"{prefix}-2024.05")[f"{prefix}-2024.05"]["mappings"]
    assert mapping["dynamic"] == "false" and mapping["properties"]["tokens"]["analyzer"] == "whitespace"


def test_segmented_tokens_are_single_terms(backend: ElasticsearchIndex, es_client: Elasticsearch) -> None:
    backend.upsert([build_item(id="tach-tu-01", tokens=["Ô_nhiễm", "không_khí"])])
    index = backend.names.monthly_index(DEFAULT_PUBLISHED)
    vectors = es_client.termvectors(index=index, id="tach-tu-01", fields=["tokens"])
    assert sorted(vectors["term_vectors"]["tokens"]["terms"]) == ["không_khí", "ô_nhiễm"]


def test_an_item_whose_month_changes_is_moved_not_doubled(backend: ElasticsearchIndex) -> None:
    unknown = build_item(id="chua-biet-ngay-dang", published_at=None, fetched_at=DEFAULT_PUBLISHED + timedelta(days=60))
    backend.upsert([unknown])
    known = unknown.model_copy(update={"published_at": DEFAULT_PUBLISHED})
    assert backend.upsert([known]) == 1
    assert backend.count() == 1
    assert backend.get(unknown.id) == known


def test_decomposed_text_is_indexed_as_composed(backend: ElasticsearchIndex) -> None:
    item = build_item(title="Tho\u0302n qu\u00ea", text="Lu\u0301a chi\u0301n")  # "Thôn quê", "Lúa chín"
    backend.upsert([item])
    assert backend.search("thôn lúa").total == 1
    assert backend.get(item.id) == item  # the stored Item keeps its text as it came


def test_reindex_to_a_new_version_swaps_the_alias(es_client: Elasticsearch, es_prefix: str) -> None:
    old = Names(es_prefix, MAPPING_VERSION)
    new = Names(es_prefix, MAPPING_VERSION + 1)
    try:
        index = ElasticsearchIndex(es_client, prefix=es_prefix)
        index.upsert([build_item(title=f"Bài {n}") for n in range(3)])
        ensure_templates(es_client, new)
        copied = reindex_to(es_client, es_prefix, MAPPING_VERSION + 1, old_version=MAPPING_VERSION)
        assert copied == {new.monthly_index(DEFAULT_PUBLISHED): 3}
        assert sorted(es_client.indices.get_alias(name=new.read_alias)) == [new.monthly_index(DEFAULT_PUBLISHED)]
        assert index.count() == 3 and index.search("bài").total == 3
    finally:
        drop(es_client, new)
        drop(es_client, old)


def test_reindex_from_version_2_fills_the_folded_fields(es_client: Elasticsearch, es_prefix: str) -> None:
    old = Names(es_prefix, 2)  # documents as version 2 wrote them: no folded copies
    item = build_item(id="ca-chet-ban-cu", title="Cá chết trắng sông Đáy", text="Người dân vớt cá chết.")
    try:
        ensure_templates(es_client, old)
        document = {key: value for key, value in to_document(item).items() if key != "folded"}
        es_client.index(index=old.monthly_index(DEFAULT_PUBLISHED), id=item.id, document=document, refresh=True)
        index = ElasticsearchIndex(es_client, prefix=es_prefix)
        assert index.search("ca chet").total == 0 and index.search("cá chết").total == 0  # v2: no folded field
        copied = reindex_to(es_client, es_prefix, MAPPING_VERSION, old_version=2)
        assert copied == {index.names.monthly_index(DEFAULT_PUBLISHED): 1}
        assert [hit.item for hit in index.search("ca chet song day").hits] == [item]
    finally:
        drop(es_client, Names(es_prefix, MAPPING_VERSION))
        drop(es_client, old)


def test_a_cursor_whose_point_in_time_expired_goes_on(backend: ElasticsearchIndex, es_client: Elasticsearch) -> None:
    items = [build_item(id=f"con-tro-{n:02d}", published_at=DEFAULT_PUBLISHED + timedelta(minutes=n // 2)) for n in range(9)]
    backend.upsert(items)
    first = backend.search_page("", size=2)
    assert first.next is not None and not first.next.pit  # one page read: no search context held
    second = backend.search_page("", size=2, after=first.next)
    assert second.next is not None and second.next.pit
    es_client.close_point_in_time(id=second.next.pit)  # as if kept past its keep-alive
    rest = backend.search_page("", size=10, after=second.next)
    walked = [hit.item.id for hit in [*first.hits, *second.hits, *rest.hits]]
    assert walked == sorted((item.id for item in items), key=lambda i: (int(i[-2:]) // 2, i), reverse=True)
    assert rest.next is None


def _open_contexts(es_client: Elasticsearch) -> int:
    stats = es_client.nodes.stats(metric="indices", index_metric="search")
    return sum(int(node["indices"]["search"]["open_contexts"]) for node in stats["nodes"].values())


def test_a_walk_to_the_last_page_leaves_no_point_in_time_open(
    backend: ElasticsearchIndex, es_client: Elasticsearch
) -> None:
    backend.upsert([build_item(id=f"mo-ngu-canh-{n}", published_at=DEFAULT_PUBLISHED + timedelta(minutes=n))
                    for n in range(7)])
    before = _open_contexts(es_client)
    page = backend.search_page("", size=2)
    assert _open_contexts(es_client) == before  # the first page reads the alias
    walked = len(page.hits)
    while page.next is not None:
        page = backend.search_page("", size=2, after=page.next)
        walked += len(page.hits)
        assert page.next is None or _open_contexts(es_client) > before  # a walk holds its snapshot
    assert walked == 7 and _open_contexts(es_client) == before
