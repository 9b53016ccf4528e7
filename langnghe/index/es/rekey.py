"""Stored pseudonyms of an Elasticsearch index rewritten through a new author-key layer
(``langnghe rekey``, :mod:`langnghe.jobs.rekey`).

Each document's ``author`` and ``item.author`` are changed by a partial update (no script: a
cluster may run without one) that also records the layer's id in the document (``rekey_layer``,
kept in ``_source`` only: the mapping is not dynamic); a document read with that id is skipped.
A partial update is atomic per document, so a run cut short and started again rewrites each
document once, with no transaction across the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from elasticsearch import helpers

from langnghe.index.es.backend import ElasticsearchIndex
from langnghe.index.es.writes import node_urls, unavailable
from langnghe.pseudonym import is_pseudonym

_PAGE = 1000


def rekey_authors(index: ElasticsearchIndex, through: Callable[[str], str], layer: str) -> int:
    """Rewrite every pseudonymous author through ``through``, once per ``layer`` id; how many changed."""
    where = node_urls(index.client)
    with unavailable("rekey", where):
        index.client.indices.refresh(index=index.names.read_alias, ignore_unavailable=True, allow_no_indices=True)
        done, _ = helpers.bulk(index.client, _updates(index, through, layer), chunk_size=_PAGE, refresh=True,
                               raise_on_error=True, stats_only=True)  # fmt: skip
    return int(done)


def _updates(index: ElasticsearchIndex, through: Callable[[str], str], layer: str) -> Iterator[dict[str, Any]]:
    query = {"query": {"bool": {"filter": {"exists": {"field": "author"}}}}}
    hits = helpers.scan(index.client, index=index.names.read_alias, query=query, size=_PAGE,
                        _source=["author", "rekey_layer"], ignore_unavailable=True)  # fmt: skip
    for hit in hits:
        source = hit.get("_source") or {}
        old = source.get("author")
        if source.get("rekey_layer") == layer or not (isinstance(old, str) and is_pseudonym(old)):
            continue
        new = through(old)
        yield {"_op_type": "update", "_index": hit["_index"], "_id": hit["_id"],
               "doc": {"author": new, "item": {"author": new}, "rekey_layer": layer}}  # fmt: skip
