"""The passage of a post that a claim is compared with: its best window of one or two sentences.

A claim is one sentence; a post that repeats it may be that sentence alone, or a long
story with the claim told in one sentence among many ("embedded"). Read whole, such a
post has the claim's words but thinly (low density), with other amounts, dates and
predicates around them, and reads like a post that only shares the topic. So the
re-ranker (:mod:`langnghe.claims.rerank`) compares a claim with each post's
:func:`sentence_windows` (the whole text, each sentence, each pair of adjacent
sentences) and keeps the window whose words agree best with the claim
(:func:`window_score`): an embedded retelling then reads like a short one.

Posts of at most :data:`WHOLE_UP_TO` syllables are read whole: a retelling that short is
the claim, whatever its sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from langnghe.claims.text import syllables

T = TypeVar("T", str, int)
Score = TypeVar("Score", float, np.ndarray)  # one window, or every window of a post at once
WHOLE_UP_TO = 40  # syllables
_SENTENCE_BREAK = re.compile(r"[!?;\n\u2026]+|\.(?!\d)")  # a dot between digits is an amount or a date
_LETTER = re.compile(r"[^\W_]")


def sentences(folded: str) -> list[str]:
    """The sentences of a folded text (pieces between sentence punctuation and line breaks).

    >>> sentences("hom nay troi dep. nghe noi 1.5 trieu bi phat! that khong?")
    ['hom nay troi dep', 'nghe noi 1.5 trieu bi phat', 'that khong']
    """
    return [piece.strip() for piece in _SENTENCE_BREAK.split(folded) if _LETTER.search(piece)]


def sentence_windows(folded: str) -> list[str]:
    """The passages of a folded text a claim may be told in: the whole text first, then (for a
    text longer than :data:`WHOLE_UP_TO` syllables) each sentence and each pair of adjacent ones.

    >>> sentence_windows("a b c")
    ['a b c']
    >>> sentence_windows(" ".join(["mot hai ba bon nam."] * 9))[1:3]
    ['mot hai ba bon nam', 'mot hai ba bon nam. mot hai ba bon nam']
    """
    return [passage.text for passage in passages(folded)]


@dataclass(frozen=True)
class Passage:
    """A window of :func:`sentence_windows` with the sentences it spans (``first`` to ``last``,
    indices into :func:`sentences`; the whole text spans them all)."""

    text: str
    first: int
    last: int


def passages(folded: str) -> list[Passage]:
    """:func:`sentence_windows` with the sentences each spans."""
    found = sentences(folded) if len(syllables(folded)) > WHOLE_UP_TO else []
    if len(found) < 2:
        return [Passage(folded, 0, max(0, len(found) - 1))]
    windows = {folded: Passage(folded, 0, len(found) - 1)}
    for n, sentence in enumerate(found):
        windows.setdefault(sentence, Passage(sentence, n, n))
        if n + 1 < len(found):
            pair = f"{sentence}. {found[n + 1]}"
            windows.setdefault(pair, Passage(pair, n, n + 1))
    return list(windows.values())


def thread_scope(folded: str, passage: Passage) -> str:
    """What a forum thread is read as once ``passage`` matched a claim: its first sentence (the
    title, or the opening post's first words) and the passage with the sentence on each side.

    A thread page is the opening post followed by its replies (``crawlers/extract.py``): a reply
    that doubts the rumour ("đừng share tin chưa kiểm chứng"), or talks of other things, is not
    what the thread says of the claim; a correction names its verdict next to the claim it
    corrects.

    >>> thread_scope("tieu de. a b. c d. e f. g h", Passage("e f", 3, 3))
    'tieu de. c d. e f. g h'
    """
    found = sentences(folded)
    if not found:
        return folded
    around = range(max(0, passage.first - 1), min(len(found), passage.last + 2))
    return ". ".join(found[n] for n in dict.fromkeys([0, *around]))


def window_score(unigrams: Score, bigrams: Score, density: Score) -> Score:
    """How well a window's words agree with a claim: its share of the claim's weight and word
    pairs, and the share of its own words that are the claim's (a short window that says the
    claim beats the whole post that says it among other things)."""
    return unigrams + bigrams + density


class WindowWords:
    """The word features of every window of one post against any claim, as a few small matrix
    products (windows x the post's own words), instead of set operations per window and claim.

    Row 0 is the whole post. For a claim (its word weights, words, word pairs, rarest words),
    :meth:`features` gives each window's ``unigrams`` (share of the claim's weight present),
    ``bigrams`` (share of its word pairs), ``rare`` (share of its rarest words), ``density``
    (share of the window's first ``head`` syllables that are the claim's) and ``length``.
    """

    def __init__(self, windows: list[list[str]], head: int) -> None:
        self.head = head
        tokens = [token for window in windows for token in window]  # every window, one after the other
        self._words: dict[str, int] = {word: n for n, word in enumerate(dict.fromkeys(tokens))}
        ids = np.array(list(map(self._words.__getitem__, tokens)), dtype=np.int64)
        size = self._size = max(1, len(self._words))
        lengths = np.array([len(window) for window in windows], dtype=np.int64)
        rows = len(windows)
        row = np.repeat(np.arange(rows), lengths)  # the window of each token
        offset = np.arange(len(tokens)) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # its place in the window
        self.presence = np.zeros((rows, size))
        self.presence[row, ids] = 1.0
        head_of = row[offset < head] * size + ids[offset < head]
        self.counts = np.bincount(head_of, minlength=rows * size).reshape(rows, size).astype(np.float64)
        inside = row[:-1] == row[1:]  # pairs inside a window only
        keys, pair_of = np.unique(ids[:-1][inside] * size + ids[1:][inside], return_inverse=True)
        self._pairs = {int(key): n for n, key in enumerate(keys.tolist())}
        self.pair_presence = np.zeros((rows, max(1, len(keys))))
        self.pair_presence[row[:-1][inside], pair_of.ravel()] = 1.0
        self.head_length = np.minimum(head, lengths).astype(np.float64)

    def features(
        self, weights: dict[str, float], words: frozenset[str], pairs: frozenset[str], rare: frozenset[str],
    ) -> dict[str, np.ndarray]:
        """Each window's word features against one claim (arrays, one value per window)."""
        weight = np.zeros(self.presence.shape[1])
        for word, value in weights.items():
            if word in self._words:
                weight[self._words[word]] = value
        total = sum(weights.values()) or 1.0
        return {
            "unigrams": self.presence @ weight / total,
            "bigrams": self._share(self.pair_presence, self._pairs, frozenset(map(self._pair_key, pairs)), len(pairs)),
            "rare": self._share(self.presence, self._words, rare),
            "density": self.counts @ self._indicator(self._words, words) / np.maximum(1.0, self.head_length),
            "length": np.log1p(self.head_length) / np.log1p(self.head),
        }  # fmt: skip

    def _pair_key(self, pair: str) -> int:
        """The key of a word pair ("a b") in :attr:`_pairs`; -1 when a word is not in the post."""
        first, _, second = pair.partition(" ")
        if first not in self._words or second not in self._words:
            return -1
        return self._words[first] * self._size + self._words[second]

    @staticmethod
    def _indicator(index: dict[T, int], words: frozenset[T]) -> np.ndarray:
        found = np.zeros(max(1, len(index)))
        found[[index[w] for w in words if w in index]] = 1.0
        return found

    def _share(self, matrix: np.ndarray, index: dict[T, int], words: frozenset[T], count: int = 0) -> np.ndarray:
        """Each window's share of ``words`` (of ``count`` of them, when some were not keyed)."""
        if not words:
            return np.zeros(matrix.shape[0])
        return matrix @ self._indicator(index, words) / (count or len(words))

