"""The Elasticsearch backend of :class:`~langnghe.index.base.IndexBackend` (issue 3).

- :mod:`~langnghe.index.es.setup`: versioned templates (``templates/*.json``), monthly
  indices, the read alias, ILM where the cluster has it, the reindex path;
- :mod:`~langnghe.index.es.dsl`: the query AST and filters as Elasticsearch DSL;
- :mod:`~langnghe.index.es.bulk`: bulk indexing with bounded retries and per-document failures;
- :mod:`~langnghe.index.es.backend`: :class:`ElasticsearchIndex`.

Needs the ``elasticsearch`` client (major version = the server's, 8).
"""

from __future__ import annotations

from langnghe.index.es.backend import ElasticsearchIndex, to_document
from langnghe.index.es.bulk import BulkFailure, BulkIndexer, BulkResult, BulkWriteError
from langnghe.index.es.setup import MAPPING_VERSION, Names, ensure_templates, reindex_to

__all__ = [
    "MAPPING_VERSION",
    "BulkFailure",
    "BulkIndexer",
    "BulkResult",
    "BulkWriteError",
    "ElasticsearchIndex",
    "Names",
    "ensure_templates",
    "reindex_to",
    "to_document",
]
