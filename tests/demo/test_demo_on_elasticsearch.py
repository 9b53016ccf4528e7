"""The demo pipeline with the production backend gives the same picture as the embedded one."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from langnghe.index.es import ElasticsearchIndex
from langnghe.index.es.trends import ElasticsearchTrendStore
from langnghe.index.sqlite import SQLiteIndex

pytestmark = pytest.mark.slow
END = date(2026, 11, 20)


def _demo(data_dir: Path, **env: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "langnghe.cli", "demo", "--end-date", END.isoformat(), "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=420, check=False, env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_same_counts_on_both_backends(tmp_path: Path, es_url: str, es_client: Elasticsearch, es_prefix: str,
                                      demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    sqlite_dir, sqlite_run = demo_run  # the embedded run, shared with test_demo_e2e (same end date)
    assert sqlite_run.returncode == 0, sqlite_run.stderr[-3000:]
    _demo(tmp_path / "es", LANGNGHE_INDEX_BACKEND="elasticsearch", LANGNGHE_ES_URL=es_url, LANGNGHE_ES_PREFIX=es_prefix)
    with SQLiteIndex(sqlite_dir / "index.sqlite3") as embedded:
        production = ElasticsearchIndex(es_client, prefix=es_prefix)
        total = embedded.count()
        assert production.count() == total > 300
        for facet in ("source", "section", "sentiment", "province", "watch_topic"):
            assert production.facets(facet, size=100) == embedded.facets(facet, size=100), facet
        assert production.date_histogram() == embedded.date_histogram()
        query = '"cá chết" OR "nước thải"'
        assert production.search(query).total == embedded.search(query).total > 0
    trends = ElasticsearchTrendStore(es_client, prefix=es_prefix)
    since, until = datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 12, 1, tzinfo=timezone.utc)
    assert sum(count for _, count in trends.series("all", "*", since, until)) == total
