"""Watch-lists: analysts' saved queries (``config/topics.yaml``) matched against each item.

The same parser as search (:mod:`langnghe.index.query`) and the same reading of text
as the embedded index's FTS5 table (``unicode61``, diacritics kept, ``_`` inside words,
title / text / tokens as separate columns), so an item carries a watch topic exactly
when searching the topic's query would find it. Matching is pure Python on one item at
a time, so it runs in the enrich stage before any backend sees the item.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    """An item's searchable columns, tokenised once."""

    columns: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, item: Item) -> Document:
        tokens = item.nlp.tokens if item.nlp else []
        return cls((tokenize(item.title), tokenize(item.text), tokenize(" ".join(tokens))))


def _occurrences(column: tuple[str, ...], phrase: tuple[str, ...]) -> list[int]:
    size = len(phrase)
    if not size:
        return []
    return [i for i in range(len(column) - size + 1) if column[i : i + size] == phrase]


def _has_phrase(doc: Document, phrase: tuple[str, ...]) -> bool:
    return bool(phrase) and any(_occurrences(column, phrase) for column in doc.columns)


def _variants(words: str) -> list[str]:
    """A segmented word also matches its syllables: ``ô_nhiễm`` or ``ô nhiễm``."""
    return [words, words.replace("_", " ")] if "_" in words else [words]


def _near_in_column(column: tuple[str, ...], phrases: list[tuple[str, ...]], distance: int) -> bool:
    spots = [[(start, start + len(p) - 1) for start in _occurrences(column, p)] for p in phrases]
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
        phrases = [tokenize(word) for word in variant.split()]
        if any(_near_in_column(column, phrases, distance) for column in doc.columns):
            return True
    return False


def matches(node: Node, doc: Document) -> bool:
    """Whether ``doc`` satisfies the query tree ``node``."""
    if isinstance(node, Term):
        return any(_has_phrase(doc, tokenize(v)) for v in _variants(node.text))
    if isinstance(node, Phrase):
        return any(_has_phrase(doc, tokenize(v)) for v in _variants(" ".join(node.words)))
    if isinstance(node, Near):
        return _near(doc, node.words, node.distance)
    if isinstance(node, And):
        return all(matches(child, doc) for child in node.children)
    if isinstance(node, Or):
        return any(matches(child, doc) for child in node.children)
    if isinstance(node, Not):
        return not matches(node.child, doc)
    assert isinstance(node, MatchAll)
    return True


class WatchList:
    """Compiled watch topics; ``topics`` maps a topic id to its query string."""

    def __init__(self, topics: dict[str, str]) -> None:
        self._queries: dict[str, Node] = {}
        for topic_id, query in topics.items():
            try:
                self._queries[topic_id] = parse(query)
            except QueryError as exc:
                raise ConfigError(f"topics.yaml: topic {topic_id!r}: {exc}") from None

    @classmethod
    def from_config(cls, topics: Iterable[TopicConfig]) -> WatchList:
        return cls({topic.id: topic.query for topic in topics})

    def __len__(self) -> int:
        return len(self._queries)

    def match(self, item: Item) -> list[str]:
        """Ids of the topics whose query finds ``item``, in configuration order."""
        doc = Document.of(item)
        return [topic_id for topic_id, node in self._queries.items() if matches(node, doc)]

    def tag(self, items: list[Item]) -> list[Item]:
        return [item.model_copy(update={"watch_topics": self.match(item)}) for item in items]
