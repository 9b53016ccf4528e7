"""The query AST of :mod:`langnghe.index.query` and :class:`Filters` as Elasticsearch DSL.

Pure functions: no client, so the translation is tested without a cluster. The matches
follow the embedded index (FTS5) exactly where the analyzers agree:

- a word or a phrase matches in ``title``, ``text`` or ``tokens`` (``match_phrase``, one
  field at a time, as FTS5 phrases stay within a column); a title match weighs double;
- a segmented word (``ô_nhiễm``) also matches its syllables as a phrase (``ô nhiễm``);
- ``"a b"~N`` is an unordered ``intervals`` query: FTS5 allows N tokens between the first
  and the last word, that is ``N - (k - 2)`` unmatched positions for ``k`` words, which is
  what ``max_gaps`` counts;
- a query is accepted or refused exactly as by the embedded index (same parser, same
  rules for stand-alone ``NOT``), so an analyst's saved query works on both;
- diacritics are ignored as on the embedded index (:mod:`langnghe.index.folded`): words match
  (and exclude) in the folded copies ``folded.title``, ``folded.text``, ``folded.tokens``, and a
  hit that matches the query as typed in ``title``/``text``/``tokens`` gets
  its score multiplied by :data:`~langnghe.index.folded.EXACT_FACTOR` (``function_score``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from langnghe.errors import InputError
from langnghe.index.base import Filters, check_field
from langnghe.index.folded import EXACT_FACTOR, compile_folded, fold_node
from langnghe.index.query import And, MatchAll, Near, Node, Not, Or, Phrase, Term, parse, split_negations

Query = dict[str, Any]
Fields = tuple[tuple[str, float], ...]

TEXT_FIELDS: Fields = (("title", 2.0), ("text", 1.0), ("tokens", 1.0))
FOLDED_FIELDS: Fields = tuple((f"folded.{name}", boost) for name, boost in TEXT_FIELDS)
MATCH_NONE: Query = {"match_none": {}}


def compile_query(query: str) -> tuple[Query | None, Query | None]:
    """(must match, must not match) for a query string; ``None`` means no constraint.

    >>> compile_query("-bụi")[1]["bool"]["should"][0]
    {'match_phrase': {'folded.title': {'query': 'bui', 'boost': 2.0}}}
    """
    compile_folded(query)  # the embedded index's checks, so both refuse the same queries
    positive, negative = split_negations(parse(query))
    matched = None
    if positive is not None:
        matched = {"function_score": {
            "query": to_dsl(fold_node(positive), FOLDED_FIELDS),
            "functions": [{"filter": to_dsl(positive), "weight": EXACT_FACTOR}],
            "score_mode": "multiply", "boost_mode": "multiply"}}
    return matched, None if negative is None else to_dsl(fold_node(negative), FOLDED_FIELDS)


def to_dsl(node: Node, fields: Fields = TEXT_FIELDS) -> Query:
    """Translate one AST node, matching words in ``fields`` (see the module docs for the semantics)."""
    if isinstance(node, Term):
        return _with_syllables(node.text, lambda words: _phrase(words, fields))
    if isinstance(node, Phrase):
        return _with_syllables(" ".join(node.words), lambda words: _phrase(words, fields))
    if isinstance(node, Near):
        distance = node.distance
        return _with_syllables(" ".join(node.words), lambda words: _near(words, distance, fields))
    if isinstance(node, Or):
        return {"bool": {"should": [to_dsl(child, fields) for child in node.children], "minimum_should_match": 1}}
    if isinstance(node, And):
        return _and(node, fields)
    if isinstance(node, Not):
        return {"bool": {"must_not": [to_dsl(node.child, fields)]}}
    if isinstance(node, MatchAll):
        return {"match_all": {}}
    raise TypeError(f"not a query node: {node!r}")


def _and(node: And, fields: Fields) -> Query:
    must = [to_dsl(child, fields) for child in node.children if not isinstance(child, Not)]
    must_not = [to_dsl(child.child, fields) for child in node.children if isinstance(child, Not)]
    clause: dict[str, Any] = {"must": must}
    if must_not:
        clause["must_not"] = must_not
    return {"bool": clause}


def _phrase(words: str, fields: Fields) -> Query:
    should = [{"match_phrase": {name: {"query": words, "boost": boost}}} for name, boost in fields]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _near(words: str, distance: int, fields: Fields) -> Query:
    gaps = distance - (len(words.split()) - 2)
    if gaps < 0:  # more words than the window holds: FTS5 matches nothing either
        return MATCH_NONE
    rule = {"match": {"query": words, "max_gaps": gaps, "ordered": False}}
    should = [{"intervals": {name: rule}} for name, _ in fields]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _with_syllables(words: str, render: Any) -> Query:
    exact: Query = render(words)
    if "_" not in words:
        return exact
    return {"bool": {"should": [exact, render(words.replace("_", " "))], "minimum_should_match": 1}}


def filter_clauses(filters: Filters | None) -> list[Query]:
    """Facet terms (OR within a field, AND across) and the time range on ``@timestamp``."""
    if filters is None:
        return []
    clauses: list[Query] = []
    for field, raw in filters.terms.items():
        check_field(field, "filter")
        values = [raw] if isinstance(raw, str) else list(raw)
        if values:  # nothing selected in a field means no constraint, as in a UI
            clauses.append({"terms": {field: values}})
    bounds = {op: _iso(bound) for op, bound in (("gte", filters.since), ("lt", filters.until)) if bound is not None}
    if bounds:
        clauses.append({"range": {"@timestamp": bounds}})
    return clauses


def _iso(bound: datetime) -> str:
    if bound.tzinfo is None or bound.utcoffset() is None:
        raise InputError(f"time filter {bound.isoformat()} must be timezone-aware")
    return bound.isoformat()


def build_query(query: str, filters: Filters | None) -> tuple[Query, bool]:
    """The whole search body's ``query`` and whether it is scored (has a positive part)."""
    positive, negative = compile_query(query)
    clause: dict[str, Any] = {"filter": filter_clauses(filters)}
    if positive is not None:
        clause["must"] = [positive]
    if negative is not None:
        clause["must_not"] = [negative]
    return {"bool": clause}, positive is not None
