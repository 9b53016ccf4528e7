"""``langnghe rekey`` on an Elasticsearch index (a real node): every document's ``author`` and the
Item kept under ``item`` go through the new layer, once, even when the rewrite is run again."""

from __future__ import annotations

from pathlib import Path

from langnghe.index import open_index
from langnghe.index.es import ElasticsearchIndex
from langnghe.index.es.rekey import rekey_authors
from langnghe.jobs.rekey import rekey
from langnghe.pseudonym import author_value, rekeyed
from langnghe.settings import Settings
from langnghe.testing import build_item

HANDLES = ("Nguyễn Văn An", "meo_con_q8")


def _authors(settings: Settings) -> dict[str, tuple[str | None, str | None]]:
    index = open_index(settings)
    try:
        assert isinstance(index, ElasticsearchIndex)
        index.client.indices.refresh(index=index.names.read_alias)
        hits = index.client.search(index=index.names.read_alias, size=100, _source=["author", "item.author"])
        return {hit["_id"]: (hit["_source"].get("author"), hit["_source"].get("item", {}).get("author"))
                for hit in hits["hits"]["hits"]}  # fmt: skip
    finally:
        index.close()


def test_rekey_rewrites_the_elasticsearch_index_once(es_url: str, es_prefix: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", index_backend="elasticsearch", es_url=es_url, es_prefix=es_prefix)
    items = [build_item(text=f"Ý kiến số {n} về giá điện.", author=author_value(HANDLES[n % 2], settings)) for n in range(4)]
    items.append(build_item(text="Tin không có tác giả."))
    index = open_index(settings)
    try:
        assert all(outcome.status == "ok" for outcome in index.write(items))
    finally:
        index.close()
    report = rekey(settings)
    assert {s.name: s.rows for s in report.stores}["index"] == 4
    expected = {author_value(handle, settings) for handle in HANDLES}  # through both layers now
    after = _authors(settings)
    assert {pair for pair in after.values() if pair[0]} == {(value, value) for value in expected}
    assert sum(1 for pair in after.values() if pair == (None, None)) == 1
    index = open_index(settings)
    try:
        assert isinstance(index, ElasticsearchIndex)
        from langnghe.jobs.rekey import layer_id
        from langnghe.pseudonym import author_key

        layer = author_key(settings).layers[-1]
        assert rekey_authors(index, lambda value: rekeyed(value, layer), layer_id(layer)) == 0  # done once
    finally:
        index.close()
    assert _authors(settings) == after
