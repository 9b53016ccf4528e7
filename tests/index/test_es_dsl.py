"""The query AST as Elasticsearch DSL: pure translation, no cluster needed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from langnghe.errors import InputError
from langnghe.index.base import Filters
from langnghe.index.es.dsl import MATCH_NONE, build_query, compile_query, filter_clauses
from langnghe.index.query import QueryError


def test_proximity_counts_the_words_between_first_and_last() -> None:
    positive, _ = compile_query('"bụi sáng"~4')
    rule = positive["bool"]["should"][0]["intervals"]["title"]["match"]  # type: ignore[index]
    assert rule == {"query": "bụi sáng", "max_gaps": 4, "ordered": False}
    three, _ = compile_query('"a b c"~4')
    assert three["bool"]["should"][0]["intervals"]["title"]["match"]["max_gaps"] == 3  # type: ignore[index]
    assert compile_query('"a b c d"~1')[0] == MATCH_NONE


def test_segmented_word_also_matches_its_syllables() -> None:
    positive, negative = compile_query("ô_nhiễm")
    assert negative is None
    exact, syllables = positive["bool"]["should"]  # type: ignore[index]
    assert exact["bool"]["should"][2] == {"match_phrase": {"tokens": {"query": "ô_nhiễm", "boost": 1.0}}}
    assert syllables["bool"]["should"][1] == {"match_phrase": {"text": {"query": "ô nhiễm", "boost": 1.0}}}


def test_negations_split_off_and_only_negative_is_unscored() -> None:
    query, scored = build_query("-quảng -ma", None)
    assert not scored and "must" not in query["bool"] and len(query["bool"]["must_not"]) == 1
    _, scored = build_query("bụi -mịn", None)
    assert scored


@pytest.mark.parametrize("text", ["a OR -b", 'bụi "mịn', "(a", "a OR"])
def test_refuses_what_the_embedded_index_refuses(text: str) -> None:
    with pytest.raises(QueryError):
        compile_query(text)


def test_filters() -> None:
    since = datetime(2024, 5, 1, tzinfo=timezone.utc)
    clauses = filter_clauses(Filters(terms={"source": ("a", "b"), "kind": ()}, since=since))
    assert clauses == [{"terms": {"source": ["a", "b"]}}, {"range": {"@timestamp": {"gte": since.isoformat()}}}]
    with pytest.raises(InputError, match="timezone-aware"):
        filter_clauses(Filters(until=datetime(2024, 5, 1)))
    with pytest.raises(InputError, match="tinh"):
        filter_clauses(Filters(terms={"tinh": ("x",)}))
