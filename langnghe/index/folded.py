"""Searches that ignore diacritics and rank exact accents first, on every backend.

A query matches on the folded text (:func:`langnghe.folding.fold`: "cá chết" and "ca chet" are
the same words there), so ``search "ca chet"`` finds what ``search "cá chết"`` finds, and text
typed without diacritics is found by a query typed with them. What must not match (``-word``,
``NOT``) is folded the same way: a word excludes what it would find. Ranking puts the hits
that also match the query as typed first: their BM25 score is multiplied by :data:`EXACT_FACTOR`
(a factor, not an addition: Elasticsearch's scores are 32-bit floats, and BM25 added to a large
constant would lose the digits that order the hits of a tier). Both backends follow this: SQLite with a
second full-text table over the folded text, Elasticsearch with folded copies of the text
fields (folded here, not by an analyzer: the same function on both sides).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from langnghe.folding import fold
from langnghe.index.query import (
    And,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    QueryError,
    Term,
    parse,
    split_negations,
    to_fts5,
)

EXACT_FACTOR = 1000.0  # multiplies the score of a hit that matches the query as typed


def fold_node(node: Node) -> Node:
    """The same query over folded words.

    >>> fold_node(parse('"cá chết" -đường'))
    And(children=(Phrase(words=('ca', 'chet')), Not(child=Term(text='duong'))))
    """
    if isinstance(node, Term):
        return Term(fold(node.text))
    if isinstance(node, Phrase):
        return Phrase(tuple(fold(word) for word in node.words))
    if isinstance(node, Near):
        return Near(tuple(fold(word) for word in node.words), node.distance)
    if isinstance(node, And):
        return And(tuple(fold_node(child) for child in node.children))
    if isinstance(node, Or):
        return Or(tuple(fold_node(child) for child in node.children))
    if isinstance(node, Not):
        return Not(fold_node(node.child), node.position)
    return node


@dataclass(frozen=True)
class FoldedFts:
    """A query as FTS5 expressions; ``None`` is no constraint.

    ``match``: what must match, on the folded table; ``exact``: the same on the exact table (a hit
    it matches ranks first); ``exclude``: what must not match, on the folded table."""

    match: str | None
    exact: str | None
    exclude: str | None


def compile_folded(query: str) -> FoldedFts:
    """Parse ``query`` (errors name their position in it) into :class:`FoldedFts`.

    >>> compile_folded("cá -đường")
    FoldedFts(match='"ca"', exact='"cá"', exclude='"duong"')
    """
    positive, negative = split_negations(parse(query))
    try:
        return FoldedFts(
            match=None if positive is None else to_fts5(fold_node(positive)),
            exact=None if positive is None else to_fts5(positive),
            exclude=None if negative is None else to_fts5(fold_node(negative)),
        )
    except QueryError as exc:  # to_fts5 sees only the tree; name the text the analyst typed
        raise QueryError(exc.reason, exc.position, unicodedata.normalize("NFC", query)) from None
