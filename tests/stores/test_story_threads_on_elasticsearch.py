"""Event threads are linked from the story store when read: the story job over either index
backend gives the same stories, hence the same threads and the same emerging ranking."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from elasticsearch import Elasticsearch

from langnghe.detection.emerging import rank_emerging
from langnghe.index.es import ElasticsearchIndex
from langnghe.index.sqlite import SQLiteIndex
from langnghe.stages.stories import update_stories
from langnghe.stores.stories import StoryStore
from langnghe.testing_threads import planted_stream


def test_threads_are_the_same_over_sqlite_and_elasticsearch(tmp_path: Path, es_client: Elasticsearch,
                                                            es_prefix: str) -> None:  # fmt: skip
    stream = planted_stream(4, seed=5)
    items = [p.item for p in stream]
    at = max(p.item.published_at for p in stream if p.item.published_at) + timedelta(hours=1)
    production = ElasticsearchIndex(es_client, prefix=es_prefix, refresh="true")
    found = []
    with SQLiteIndex(tmp_path / "i.sqlite3") as embedded:
        for name, index in (("sqlite", embedded), ("es", production)):
            index.upsert(items)
            with StoryStore(tmp_path / f"{name}.sqlite3") as store:
                update_stories(index, store)
                tags = {item.id: item.story_id for item in index.scan()}
                asked = sorted({story_id for story_id in tags.values() if story_id})
                threads = store.threads_of(asked, at)
                ranked = rank_emerging(index, at, kinds=("story",), threads=store.threads_of)
                found.append((tags, threads, [(i.key, i.thread_id, i.title, i.item_ids) for i in ranked]))
    production.close()
    (sqlite_tags, sqlite_threads, sqlite_ranked), (es_tags, es_threads, es_ranked) = found
    assert sqlite_tags == es_tags and all(sqlite_tags.values())
    assert sqlite_threads == es_threads
    assert any(len(thread.timeline) > 1 for thread in sqlite_threads.values())
    assert sqlite_ranked == es_ranked
