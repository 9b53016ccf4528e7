"""Watch-lists: analysts' saved queries (``config/topics.yaml``) matched against each item.

The same parser as search (:mod:`langnghe.index.query`) and the same reading of text
as the embedded index's FTS5 table (``unicode61``, diacritics kept, ``_`` inside words,
title / text / tokens as separate columns), so an item carries a watch topic exactly
when searching the topic's query finds it with the accents as written: search also finds
the words without their diacritics (:mod:`langnghe.index.folded`) and ranks those hits
after; a watch-list does not, so "bão" (storm) never tags the items that only say "báo"
(newspaper). Matching is pure Python on one item at a time, so it runs in the enrich
stage before any backend sees the item.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from langnghe.config import TopicConfig
from langnghe.errors import ConfigError
from langnghe.index.query import And, MatchAll, Near, Node, Not, Or, Phrase, QueryError, Term, parse
from langnghe.item import Item

# FTS5 unicode61: runs of letters and digits (plus the configured '_') are tokens.
_TOKEN = re.compile(r"[^\W]+", re.UNICODE)
_MAX_COMBINATIONS = 10_000  # NEAR over many repeated words: bounded work per item


def tokenize(text: str) -> tuple[str, ...]:
    """Tokens as the embedded index sees them.

    >>> tokenize("Ô nhiễm ở TP.HCM: ô_nhiễm!")
    ('ô', 'nhiễm', 'ở', 'tp', 'hcm', 'ô_nhiễm')
    """
    return tuple(_TOKEN.findall(unicodedata.normalize("NFC", text).lower()))


@dataclass(frozen=True)
class Document:
    """An item's searchable columns, tokenised once, with each column's token positions."""

    columns: tuple[tuple[str, ...], ...]
    _positions: dict[int, dict[str, list[int]]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, item: Item) -> Document:
        tokens = item.nlp.tokens if item.nlp else []
        return cls((tokenize(item.title), tokenize(item.text), tokenize(" ".join(tokens))))

    def positions(self, number: int) -> dict[str, list[int]]:
        """Token -> where it occurs in column ``number`` (built on first use: a watch-list
        of many phrases then costs one dict lookup per phrase, not a scan)."""
        found = self._positions.get(number)
        if found is None:
            found = {}
            for position, token in enumerate(self.columns[number]):
                found.setdefault(token, []).append(position)
            self._positions[number] = found
        return found


@lru_cache(maxsize=8192)
def _query_tokens(text: str) -> tuple[str, ...]:
    return tokenize(text)  # the same few query strings come back for every item


def _occurrences(doc: Document, number: int, phrase: tuple[str, ...]) -> list[int]:
    if not phrase:
        return []
    column = doc.columns[number]
    size = len(phrase)
    starts = doc.positions(number).get(phrase[0], ())
    return [i for i in starts if size == 1 or column[i : i + size] == phrase]


def _has_phrase(doc: Document, phrase: tuple[str, ...]) -> bool:
    return bool(phrase) and any(_occurrences(doc, number, phrase) for number in range(len(doc.columns)))


def _variants(words: str) -> list[str]:
    """A segmented word also matches its syllables: ``ô_nhiễm`` or ``ô nhiễm``."""
    return [words, words.replace("_", " ")] if "_" in words else [words]


def _near_in_column(doc: Document, number: int, phrases: list[tuple[str, ...]], distance: int) -> bool:
    spots = [[(start, start + len(p) - 1) for start in _occurrences(doc, number, p)] for p in phrases]
    if not all(spots):
        return False
    for combination in itertools.islice(itertools.product(*spots), _MAX_COMBINATIONS):
        first_end = min(end for _, end in combination)
        last_start = max(start for start, _ in combination)
        if last_start - first_end - 1 <= distance:
            return True
    return False


def _near(doc: Document, words: Sequence[str], distance: int) -> bool:
    for variant in _variants(" ".join(words)):
        phrases = [_query_tokens(word) for word in variant.split()]
        if any(_near_in_column(doc, number, phrases, distance) for number in range(len(doc.columns))):
            return True
    return False


def _phrase_variants(node: Term | Phrase) -> list[tuple[str, ...]]:
    text = node.text if isinstance(node, Term) else " ".join(node.words)
    return [_query_tokens(variant) for variant in _variants(text)]


def matches(node: Node, doc: Document, present: frozenset[tuple[str, ...]] | None = None) -> bool:
    """Whether ``doc`` satisfies the query tree ``node``.

    ``present``, when given, is the set of the tree's phrases that occur in ``doc``
    (see :meth:`WatchList.match`): words and phrases are then set lookups.
    """
    if isinstance(node, (Term, Phrase)):
        if present is not None:
            return any(phrase in present for phrase in _phrase_variants(node))
        return any(_has_phrase(doc, phrase) for phrase in _phrase_variants(node))
    if isinstance(node, Near):
        return _near(doc, node.words, node.distance)
    if isinstance(node, And):
        return all(matches(child, doc, present) for child in node.children)
    if isinstance(node, Or):
        return any(matches(child, doc, present) for child in node.children)
    if isinstance(node, Not):
        return not matches(node.child, doc, present)
    assert isinstance(node, MatchAll)
    return True


Matcher = Callable[[Document, frozenset[tuple[str, ...]]], bool]


def compile_matcher(node: Node) -> Matcher:
    """A function equivalent to ``matches(node, doc, present)``, with the tree's phrases
    worked out once: an OR of words and phrases becomes one set intersection."""
    if isinstance(node, (Term, Phrase)):
        leaf = frozenset(_phrase_variants(node))
        return lambda doc, present: not leaf.isdisjoint(present)
    if isinstance(node, Or) and all(isinstance(child, (Term, Phrase)) for child in node.children):
        leaves = frozenset(phrase for child in node.children for phrase in _phrase_variants(child))  # type: ignore[arg-type]
        return lambda doc, present: not leaves.isdisjoint(present)
    if isinstance(node, (And, Or)):
        children = [compile_matcher(child) for child in node.children]
        combine = all if isinstance(node, And) else any
        return lambda doc, present: combine(child(doc, present) for child in children)
    if isinstance(node, Not):
        inner = compile_matcher(node.child)
        return lambda doc, present: not inner(doc, present)
    if isinstance(node, Near):
        return lambda doc, present: _near(doc, node.words, node.distance)
    return lambda doc, present: True


def _phrases(node: Node) -> Iterator[tuple[str, ...]]:
    """Every word and phrase of a query tree, as the token tuples :func:`matches` looks for."""
    if isinstance(node, (Term, Phrase)):
        yield from (phrase for phrase in _phrase_variants(node) if phrase)
    elif isinstance(node, (And, Or)):
        for child in node.children:
            yield from _phrases(child)
    elif isinstance(node, Not):
        yield from _phrases(node.child)


class WatchList:
    """Compiled watch topics; ``topics`` maps a topic id to its query string."""

    def __init__(self, topics: dict[str, str]) -> None:
        self._queries: dict[str, Node] = {}
        for topic_id, query in topics.items():
            try:
                self._queries[topic_id] = parse(query)
            except QueryError as exc:
                raise ConfigError(f"topics.yaml: topic {topic_id!r}: {exc}") from None
        self._matchers = {topic_id: compile_matcher(node) for topic_id, node in self._queries.items()}
        # Phrases by first token: one pass over a document finds every phrase of every topic.
        self._by_first: dict[str, set[tuple[str, ...]]] = {}
        for node in self._queries.values():
            for phrase in _phrases(node):
                self._by_first.setdefault(phrase[0], set()).add(phrase)

    def present(self, doc: Document) -> frozenset[tuple[str, ...]]:
        """The watch-list's words and phrases that occur in ``doc``."""
        found: set[tuple[str, ...]] = set()
        by_first = self._by_first
        for column in doc.columns:
            for start, token in enumerate(column):
                candidates = by_first.get(token)
                if candidates:
                    found.update(p for p in candidates if len(p) == 1 or column[start : start + len(p)] == p)
        return frozenset(found)

    @classmethod
    def from_config(cls, topics: Iterable[TopicConfig]) -> WatchList:
        return cls({topic.id: topic.query for topic in topics})

    def __len__(self) -> int:
        return len(self._queries)

    def match(self, item: Item) -> list[str]:
        """Ids of the topics whose query finds ``item``, in configuration order."""
        return self._matching(Document.of(item))

    def match_text(self, text: str, tokens: Sequence[str] = (), title: str = "") -> list[str]:
        """Ids of the topics whose query finds a bare text (with its segmented tokens)."""
        return self._matching(Document((tokenize(title), tokenize(text), tokenize(" ".join(tokens)))))

    def _matching(self, doc: Document) -> list[str]:
        present = self.present(doc)
        return [topic_id for topic_id, matcher in self._matchers.items() if matcher(doc, present)]

    def tag(self, items: list[Item]) -> list[Item]:
        """Copies of ``items`` with ``watch_topics`` set."""
        return [item.model_copy(update={"watch_topics": self.match(item)}) for item in items]

    def tag_concerns(self, items: list[Item]) -> list[Item]:
        """Copies of ``items`` with ``nlp.concerns`` set (items without ``nlp`` unchanged)."""
        return [
            item.model_copy(update={"nlp": item.nlp.model_copy(update={"concerns": self.match(item)})})
            if item.nlp else item
            for item in items
        ]
