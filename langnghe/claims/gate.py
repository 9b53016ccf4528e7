"""A lossless pre-filter of the claims step: which items cannot reach any claim's candidate floor.

The re-ranker (:mod:`langnghe.claims.rerank`) reads every text canonically (abbreviations spelled
out, predicate wordings as their group key, spelled numbers as digits: :func:`~langnghe.claims.parts.canonical`)
before retrieval, and most items of a stream share nothing with any claim. A text becomes a
candidate only when the claim features it holds (canonical syllables and syllable pairs) carry
:attr:`~langnghe.claims.rerank.RerankConfig.candidate_floor` of a claim's (or a clause's) weight;
near-duplicate checks too need a candidate first.

The gate bounds that coverage from above on the plain folded words, before the canonical reading.
:func:`~langnghe.claims.parts.may_read_as` gives every word the canonical reading may hold (the
words, the abbreviations' expansions, the predicate keys whose wording's words are all there, any
digits where number words are) and the words it may gain. A claim's syllable may be there if it is
one of those; a pair of syllables if it is a pair of the plain text, or if one of its syllables is
a gained one and the other may be there (a replaced span is replaced by gained words, so two
syllables that were not neighbours can only become neighbours of a gained one). The bound of a
claim is the weight of the features that may be there: one sparse product per batch, never below
the true coverage, equal to it for a text that gains nothing. Texts below the floor for every
claim and clause are not read further. Near-duplicate checks (MinHash) need no bound of their own:
the re-ranker looks up only texts that retrieval brought close to a claim, above the same floor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from langnghe.claims.matcher import ClaimMatcher
from langnghe.claims.parts import may_read_as
from langnghe.claims.text import DIALECT, words
from langnghe.claims.vocabulary import ClaimVocabulary

MARGIN = 1e-4  # float32 sums in another order: the bound may come that much below an equal coverage


@dataclass(frozen=True)
class _Table:
    """One matcher's claim features: syllable columns, and the pairs each syllable is in."""

    vocabulary: ClaimVocabulary
    weights: sparse.csr_matrix  # features x claims
    unigram: dict[str, int]
    pairs_of: dict[str, list[tuple[str, int]]]  # syllable -> (the other syllable, pair column)
    digits: frozenset[str]

    @classmethod
    def of(cls, matcher: ClaimMatcher) -> _Table | None:
        vocabulary, weights = matcher.vocabulary, matcher.feature_weights()[1]
        if vocabulary is None or not len(vocabulary):
            return None
        unigram, pairs_of = {}, defaultdict(list)
        for column, name in enumerate(vocabulary.names):
            first, _, second = name.partition(" ")
            if second:
                pairs_of[first].append((second, column))
                pairs_of[second].append((first, column))
            else:
                unigram[name] = column
        return cls(vocabulary, weights, unigram, dict(pairs_of), frozenset(w for w in unigram if w.isdigit()))

    def bounds(self, texts: Sequence[list[str]], possible: Sequence[tuple[set[str], set[str]]]) -> np.ndarray:
        """Each text's bound of its best coverage of any claim of the table: ``texts`` are the plain
        syllables, ``possible`` what the canonical reading may hold and what it may gain."""
        presence = self.vocabulary.presence(texts)
        rows, columns = [], []
        for row, (may, gained) in enumerate(possible):
            found = [self.unigram[word] for word in gained if word in self.unigram]  # the others: in presence
            found += [column for word in gained for other, column in self.pairs_of.get(word, ()) if other in may]
            rows += [row] * len(found)
            columns += found
        extra = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=presence.shape)
        features = presence + extra
        features.data[:] = 1.0
        return np.asarray((features @ self.weights).max(axis=1).toarray()).ravel()


class ClaimGate:
    """Upper bounds of a text's coverage of the claims of some matchers, from its folded words."""

    def __init__(self, matchers: Sequence[ClaimMatcher], floor: float) -> None:
        self.floor = floor
        self._tables = [table for matcher in matchers if (table := _Table.of(matcher)) is not None]
        self._digits = frozenset(word for table in self._tables for word in table.digits)

    def possible(self, folded: str) -> tuple[list[str], set[str], set[str]]:
        """A text's plain syllables (:func:`~langnghe.claims.text.syllables`), the syllables its
        canonical reading may hold, and those it may gain."""
        written = words(folded)
        plain = [DIALECT.get(word, word) for word in written]
        found, gained, numbers = may_read_as(set(written))
        may = set(plain) | {DIALECT.get(word, word) for word in found - set(written)}
        gains = {DIALECT.get(word, word) for word in gained}
        return plain, (may | self._digits if numbers else may), (gains | self._digits if numbers else gains)

    def bounds(self, folded: Sequence[str]) -> np.ndarray:
        """Each text's upper bound of its best coverage of any claim or clause (0 without claims)."""
        read = [self.possible(text) for text in folded]
        texts, possible = [plain for plain, _, _ in read], [(may, gains) for _, may, gains in read]
        best = np.zeros(len(folded), dtype=np.float64)
        for table in self._tables:
            best = np.maximum(best, table.bounds(texts, possible))
        return best

    def passes(self, folded: Sequence[str]) -> np.ndarray:
        """Whether each text may reach the floor: ``False`` only for texts that cannot."""
        return np.asarray(self.bounds(folded) >= self.floor - MARGIN)
