"""Emerging issues count independent voices: a 40-copy flood by one account is not public
opinion, while a slow issue raised by many people still surfaces before the news covers it
(issue 15, point 3). The stream: :mod:`langnghe.testing_voices`."""

from __future__ import annotations

from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from langnghe.detection.emerging import explain_issue, rank_emerging, rank_with_floods
from langnghe.index.es import ElasticsearchIndex
from langnghe.index.sqlite import SQLiteIndex
from langnghe.labels import FLOOD_NOTE_VI
from langnghe.testing_voices import DAYS, FLOOD_CONCERN, FLOOD_DAYS, FLOOD_STORY, SLOW_NEWS_DAY, SLOW_STORY, VoiceStream, day_end, voice_stream

TOP = 5


@pytest.fixture(scope="module")
def stream() -> VoiceStream:
    return voice_stream()


@pytest.fixture(scope="module")
def index(stream: VoiceStream, tmp_path_factory: pytest.TempPathFactory) -> SQLiteIndex:
    found = SQLiteIndex(Path(tmp_path_factory.mktemp("voices")) / "i.sqlite3")
    found.upsert(stream.items)
    return found


def test_a_copy_flood_by_one_account_never_enters_the_top_five(stream: VoiceStream, index: SQLiteIndex) -> None:
    flooded = {("concern", FLOOD_CONCERN), ("story", FLOOD_STORY)}
    for day in range(7, DAYS):
        top = rank_emerging(index, day_end(day), limit=TOP)
        assert not flooded & {(issue.kind, issue.key) for issue in top}, f"day {day}: {[i.key for i in top]}"
        assert not any(stream.flood_ids & set(issue.item_ids) for issue in top), f"day {day}"


def test_the_slow_issue_enters_the_top_five_before_the_news_covers_it(stream: VoiceStream, index: SQLiteIndex) -> None:
    days = [day for day in range(7, DAYS) if day_end(day) <= stream.first_slow_news]
    found = [day for day in days if SLOW_STORY in {issue.key for issue in rank_emerging(index, day_end(day), limit=TOP)}]
    assert found, "the slow issue never reached the top five before the first news item"


def test_the_flood_is_shown_as_such_with_its_numbers(stream: VoiceStream, index: SQLiteIndex) -> None:
    day = FLOOD_DAYS[-1]
    ranking = rank_with_floods(index, day_end(day), limit=TOP)
    flood = next(issue for issue in ranking.floods if (issue.kind, issue.key) == ("concern", FLOOD_CONCERN))
    assert flood.signals.flood and (flood.signals.flood_items, flood.signals.flood_accounts) == (40, 1)
    assert "40 tin, 1 tài khoản" in explain_issue(flood) and FLOOD_NOTE_VI in explain_issue(flood)
    assert ("concern", FLOOD_CONCERN) not in {(issue.kind, issue.key) for issue in ranking.issues}


def test_elasticsearch_ranks_the_stream_as_the_embedded_index_does(
    index: SQLiteIndex, stream: VoiceStream, es_client: Elasticsearch, es_prefix: str
) -> None:
    production = ElasticsearchIndex(es_client, prefix=es_prefix, refresh="true")
    try:
        production.upsert(stream.items)
        for day in (FLOOD_DAYS[-1], SLOW_NEWS_DAY - 1):
            assert rank_with_floods(production, day_end(day), limit=TOP) == rank_with_floods(index, day_end(day), limit=TOP)
    finally:
        production.close()
