"""Where enriched Items are stored and queried, behind :class:`IndexBackend`.

:func:`open_index` builds the configured backend: the embedded SQLite index in
``<data_dir>/index.sqlite3`` (:mod:`langnghe.index.sqlite`, the default) or Elasticsearch
(:mod:`langnghe.index.es`, ``LANGNGHE_INDEX_BACKEND=elasticsearch`` with ``LANGNGHE_ES_URL``). The query string
language is parsed by :mod:`langnghe.index.query`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from langnghe.index.base import (
    FACET_FIELDS,
    DateBucket,
    FacetCount,
    Filters,
    IndexBackend,
    SearchHit,
    SearchResult,
)

from langnghe.errors import ConfigError

if TYPE_CHECKING:
    from langnghe.index.trends import TrendStore
    from langnghe.settings import Settings


def _uses_es(settings: Settings) -> bool:
    """Whether the Elasticsearch backend is chosen; else the data folder is made ready."""
    if settings.index_backend != "elasticsearch":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return False
    if not settings.es_url:
        raise ConfigError("LANGNGHE_INDEX_BACKEND=elasticsearch needs LANGNGHE_ES_URL (e.g. http://127.0.0.1:9200)")
    return True


def open_index(settings: Settings | None = None) -> IndexBackend:
    """Open (creating if needed) the index that ``settings`` point to.

    >>> from langnghe.settings import load_settings
    >>> index = open_index(load_settings(data_dir="/tmp/langnghe-doctest"))  # doctest: +SKIP
    """
    from langnghe.settings import default_settings

    settings = settings or default_settings()
    if _uses_es(settings):
        from langnghe.index.es import ElasticsearchIndex
        from langnghe.index.es.client import es_client

        return ElasticsearchIndex(es_client(settings), prefix=settings.es_prefix, owns_client=True)
    from langnghe.index.sqlite import SQLiteIndex  # imported here: the CLI starts fast without it

    return SQLiteIndex(settings.paths.index)


def open_trend_store(settings: Settings | None = None) -> TrendStore:
    """The hourly roll-up store beside the configured index backend."""
    from langnghe.settings import default_settings

    settings = settings or default_settings()
    if _uses_es(settings):
        from langnghe.index.es.client import es_client
        from langnghe.index.es.trends import ElasticsearchTrendStore

        return ElasticsearchTrendStore(es_client(settings), prefix=settings.es_prefix, owns_client=True)
    from langnghe.index.trends import SQLiteTrendStore

    return SQLiteTrendStore(settings.paths.trends)


__all__ = [
    "FACET_FIELDS",
    "DateBucket",
    "FacetCount",
    "Filters",
    "IndexBackend",
    "SearchHit",
    "SearchResult",
    "open_index",
    "open_trend_store",
]
