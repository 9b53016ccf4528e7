"""The query AST as Elasticsearch DSL: pure translation, no cluster needed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from langnghe.errors import InputError
from langnghe.index.base import Filters
from langnghe.index.es.dsl import MATCH_NONE, build_query, compile_query, filter_clauses
from langnghe.index.query import QueryError


def _parts(query: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """(what must match, on the folded fields; the exact clause that ranks first) of a query."""
    positive, _ = compile_query(query)
    assert positive is not None
    scored = positive["function_score"]
    (exact,) = scored["functions"]
    assert exact["weight"] == 1000.0 and scored["boost_mode"] == "multiply"
    return scored["query"], exact["filter"]


def test_proximity_counts_the_words_between_first_and_last() -> None:
    folded, exact = _parts('"bụi sáng"~4')
    assert folded["bool"]["should"][0]["intervals"]["folded.title"]["match"] == {
        "query": "bui sang", "max_gaps": 4, "ordered": False}
    assert exact["bool"]["should"][0]["intervals"]["title"]["match"]["query"] == "bụi sáng"
    assert _parts('"a b c"~4')[0]["bool"]["should"][0]["intervals"]["folded.title"]["match"]["max_gaps"] == 3
    assert _parts('"a b c d"~1')[0] == MATCH_NONE


def test_segmented_word_also_matches_its_syllables() -> None:
    folded, exact = _parts("ô_nhiễm")
    assert compile_query("ô_nhiễm")[1] is None
    whole, syllables = exact["bool"]["should"]
    assert whole["bool"]["should"][2] == {"match_phrase": {"tokens": {"query": "ô_nhiễm", "boost": 1.0}}}
    assert syllables["bool"]["should"][1] == {"match_phrase": {"text": {"query": "ô nhiễm", "boost": 1.0}}}
    whole, syllables = folded["bool"]["should"]
    assert whole["bool"]["should"][2] == {"match_phrase": {"folded.tokens": {"query": "o_nhiem", "boost": 1.0}}}
    assert syllables["bool"]["should"][1] == {"match_phrase": {"folded.text": {"query": "o nhiem", "boost": 1.0}}}


def test_words_match_folded_and_are_excluded_folded() -> None:
    folded, exact = _parts("Đà -lạt")
    assert folded["bool"]["should"][0] == {"match_phrase": {"folded.title": {"query": "da", "boost": 2.0}}}
    assert exact["bool"]["should"][1] == {"match_phrase": {"text": {"query": "đà", "boost": 1.0}}}
    excluded = compile_query("Đà -lạt")[1]
    assert excluded["bool"]["should"][1] == {"match_phrase": {"folded.text": {"query": "lat", "boost": 1.0}}}  # type: ignore[index]


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
