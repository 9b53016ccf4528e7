"""Match items against the claim base: weighted retrieval plus near-duplicates.

**Retrieval.** Each claim becomes the set of its folded syllable unigrams and bigrams
(:mod:`langnghe.claims.text`), each weighted by ``idf ** idf_power`` with the idf of a
news background (:mod:`langnghe.claims.weights`). An item's score for a claim is the
share of the claim's weight that the item contains: 1.0 when every word and word pair
of the claim occurs in it, whatever else it says. That *coverage* suits the task:
claims are one sentence, the items repeating them are posts and articles around that
sentence, and a long correction article should match as well as a short re-share.
Coverage is finally measured in windows of :data:`WINDOW` syllables (two adjacent
chunks of half that), the item keeping its best window: a claim is repeated in one
passage, and a long article that uses a claim's words here and there ("phạt", "giấy
phép", "cuối năm") must not add them up into a match. One sparse product per batch
scores every item against every claim (binary item rows times the claims' normalised
weights); only pairs that reach the threshold on texts longer than a window are
scored again, window by window.

**Near-duplicates** (:mod:`langnghe.claims.neardup`): a text whose best retrieval
score lies between :attr:`MatcherConfig.candidate_floor` and the threshold is looked up
among the claims' texts and the items already matched to them (exemplars); an estimated
Jaccard similarity of :attr:`MatcherConfig.near_dup_threshold` or more is a match. The
gate keeps MinHash (the costly part) off the great majority of items, and off those
retrieval matches already.

The fused similarity is the larger of the two; ``method`` says which one decided.
Defaults are tuned on ``bench/claims_eval.yaml`` (``python bench/bench_claims.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from datasketch import LeanMinHash
from scipy import sparse

from langnghe.claims.model import Claim
from langnghe.claims.neardup import NearDuplicateIndex, minhash, minhash_batch
from langnghe.claims.text import claim_core, features, fold, syllables
from langnghe.claims.vocabulary import ClaimVocabulary
from langnghe.claims.weights import IdfLookup, claim_idf

Method = Literal["near_duplicate", "retrieval", "reranked"]
CHUNK = 40  # syllables; a window is two adjacent chunks, so any claim up to 40 syllables fits in one
WINDOW = 2 * CHUNK


@dataclass(frozen=True)
class MatcherConfig:
    """The matcher's knobs; the defaults are tuned on the bench set."""

    threshold: float = 0.45
    idf_power: float = 0.5
    bigram_weight: float = 1.0
    candidate_floor: float = 0.25
    near_dup_threshold: float = 0.5
    num_perm: int = 64
    max_exemplars: int = 50
    max_matches: int = 3


@dataclass(frozen=True)
class Reading:
    """A text as the matcher reads it: folded once, shared with stance detection.

    ``threaded``: the text is a forum thread page (the opening post, then its replies); the
    re-ranker reads it as the passage that matches a claim (:func:`langnghe.claims.windows.thread_scope`).
    """

    folded: str
    tokens: list[str]
    threaded: bool = False

    @classmethod
    def of(cls, text: str) -> Reading:
        folded = fold(text)
        return cls(folded, syllables(folded))


@dataclass(frozen=True)
class Found:
    """One claim a text matches, with both scores behind the fused similarity."""

    claim_id: str
    similarity: float
    method: Method
    retrieval: float
    near_duplicate: float
    passage: str | None = None  # what the match and its stance were read on (a thread's scope); None: the whole text


class ClaimMatcher:
    """Scores batches of texts against a fixed claim base (rebuilt when the base changes)."""

    def __init__(
        self, claims: Sequence[Claim], idf: IdfLookup | None = None, config: MatcherConfig | None = None,
        read: Callable[[str], Reading] | None = None,
    ):
        """``read`` reads claims (and should read the texts passed to :meth:`match`):
        :meth:`Reading.of` by default; the re-ranker passes its canonical reading."""
        self.config = config or MatcherConfig()
        self.claims = {claim.id: claim for claim in claims}
        self._ids = list(self.claims)
        self.read = read or Reading.of
        readings = [self.read(claim.claim) for claim in self.claims.values()]
        cores = [syllables(claim_core(reading.folded)) for reading in readings]
        self._vocabulary = ClaimVocabulary(cores) if cores else None
        self._coverage = self._weights(cores, idf)
        self.near = NearDuplicateIndex(self.config.near_dup_threshold, self.config.num_perm, self.config.max_exemplars)
        for claim_id, reading in zip(self._ids, readings):
            self.near.add(claim_id, "claim", self.signature(reading))

    def _weights(self, cores: list[list[str]], idf: IdfLookup | None) -> sparse.csr_matrix:
        """Features x claims: each claim's weights, normalised to sum 1 (transposed for products)."""
        if self._vocabulary is None:
            return sparse.csr_matrix((0, 0), dtype=np.float32)
        names = self._vocabulary.names
        weights = (idf or claim_idf([features(core) for core in cores]))(names) ** self.config.idf_power
        weights *= np.array([self.config.bigram_weight if " " in name else 1.0 for name in names])
        weighted = sparse.csr_matrix(self._vocabulary.claim_rows.multiply(weights[np.newaxis, :]))
        totals = np.asarray(weighted.sum(axis=1)).ravel()
        totals[totals == 0.0] = 1.0
        return sparse.csr_matrix((sparse.diags(1.0 / totals) @ weighted).T, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def vocabulary(self) -> ClaimVocabulary | None:
        """The claim features (``None`` without claims)."""
        return self._vocabulary

    def feature_weights(self) -> tuple[list[str], sparse.csr_matrix]:
        """The claim features (syllables and syllable pairs) and their normalised weights, features x claims."""
        return (self._vocabulary.names if self._vocabulary is not None else []), self._coverage

    @property
    def ids(self) -> list[str]:
        """Claim ids in the column order of :meth:`retrieval_scores`."""
        return self._ids

    def signature(self, reading: Reading) -> LeanMinHash:
        return minhash(reading.tokens, self.config.num_perm)

    def add_exemplar(self, claim_id: str, key: str, signature: LeanMinHash) -> bool:
        """Index a matched item's signature for ``claim_id``; ``False`` when full, known or unknown."""
        return claim_id in self.claims and self.near.add(claim_id, key, signature)

    def has_exemplar(self, claim_id: str, key: str) -> bool:
        """Whether ``key`` is indexed as an exemplar of ``claim_id``."""
        return self.near.has(claim_id, key)

    def retrieval_scores(self, readings: Sequence[Reading]) -> sparse.csr_matrix:
        """Texts x claims coverage scores in [0, 1], one sparse product for the batch.

        A score that reaches the threshold on a text longer than one window is replaced
        by the text's best window (:meth:`window_scores`); scores below the threshold
        are whole-text values, upper bounds of the window score.
        """
        if self._vocabulary is None or not readings:
            return sparse.csr_matrix((len(readings), len(self._ids)), dtype=np.float32)
        presence = self._vocabulary.presence([reading.tokens for reading in readings])
        coo = sparse.coo_matrix(presence @ self._coverage)
        long_text = np.array([len(reading.tokens) > WINDOW for reading in readings])
        check = (coo.data >= self.config.threshold) & long_text[coo.row]
        if check.any():
            coo.data[check] = self.window_scores(readings, coo.row[check], coo.col[check])
        return sparse.csr_matrix(coo)

    def window_scores(self, readings: Sequence[Reading], rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Best-window coverage of each (text row, claim column) pair."""
        assert self._vocabulary is not None
        texts = np.unique(rows)
        chunks, owners = _chunked([readings[i] for i in texts])
        presence = self._vocabulary.presence(chunks)
        first, second, window_owner = _windows(owners)
        windows = presence[first] + presence[second]
        windows.data[:] = 1.0  # a feature in both chunks is present once
        claims = np.unique(columns)
        scores = np.asarray((windows @ self._coverage[:, claims]).toarray())
        text_of = {int(row): position for position, row in enumerate(texts)}
        claim_of = {int(column): position for position, column in enumerate(claims)}
        return np.array([
            scores[window_owner == text_of[int(row)], claim_of[int(column)]].max()
            for row, column in zip(rows, columns)
        ], dtype=np.float32)  # fmt: skip

    def match(self, readings: Sequence[Reading]) -> list[list[Found]]:
        """The claims each text matches, best first (at most :attr:`MatcherConfig.max_matches`)."""
        scores = self.retrieval_scores(readings)
        scores.data[scores.data < min(self.config.threshold, self.config.candidate_floor)] = 0.0
        scores.eliminate_zeros()  # most pairs share a few common words, nothing more
        bounds = zip(scores.indptr, scores.indptr[1:])
        rows = [(scores.indices[start:end], scores.data[start:end]) for start, end in bounds]
        gated = [n for n, (_, values) in enumerate(rows) if len(values) and self._near_dup_may_decide(values.max())]
        signatures = dict(zip(gated, minhash_batch([readings[n].tokens for n in gated], self.config.num_perm)))
        return [self._row_matches(columns, values, signatures.get(n)) for n, (columns, values) in enumerate(rows)]

    def _near_dup_may_decide(self, best_retrieval: float) -> bool:
        return self.config.candidate_floor <= best_retrieval < self.config.threshold

    def screen(self, texts: Sequence[str]) -> list[Reading | None]:
        """Each text's reading (the re-ranker's leaves out those that cannot match: ``None``)."""
        return [self.read(text) for text in texts]

    def match_texts(self, texts: Iterable[str]) -> list[list[Found]]:
        """:meth:`match` on raw texts.

        >>> matcher = ClaimMatcher([Claim(id="c1", claim="Uống nước chanh nóng chữa khỏi ung thư")])
        >>> [found.claim_id for found in matcher.match_texts(["uong nuoc chanh nong chua khoi ung thu!!!"])[0]]
        ['c1']
        """
        return self.match([self.read(text) for text in texts])

    def _row_matches(self, columns: np.ndarray, values: np.ndarray, signature: LeanMinHash | None) -> list[Found]:
        retrieval = {self._ids[column]: float(value) for column, value in zip(columns, values)}
        near = self.near.query(signature) if signature is not None else {}
        found = [self._fuse(claim_id, retrieval.get(claim_id, 0.0), near.get(claim_id, 0.0))
                 for claim_id in set(retrieval) | set(near)]  # fmt: skip
        kept = sorted((f for f in found if f is not None), key=lambda f: (-f.similarity, f.claim_id))
        return kept[: self.config.max_matches]

    def _fuse(self, claim_id: str, retrieval: float, near: float) -> Found | None:
        by_near = near >= self.config.near_dup_threshold
        if retrieval < self.config.threshold and not by_near:
            return None
        method: Method = "near_duplicate" if by_near and near >= retrieval else "retrieval"
        similarity = round(min(1.0, max(retrieval, near if by_near else 0.0)), 4)
        return Found(claim_id, similarity, method, round(retrieval, 4), round(near, 4))


def _chunked(readings: Sequence[Reading]) -> tuple[list[list[str]], np.ndarray]:
    """Each text's chunks of :data:`CHUNK` syllables (each with the next syllable too, so the
    bigram across a boundary counts), and the index of the text each chunk belongs to."""
    chunks: list[list[str]] = []
    owners: list[int] = []
    for number, reading in enumerate(readings):
        tokens = reading.tokens
        for start in range(0, max(1, len(tokens)), CHUNK):
            chunks.append(tokens[start : start + CHUNK + 1])
            owners.append(number)
    return chunks, np.asarray(owners, dtype=np.int64)


def _windows(owners: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Windows as row pairs (a chunk, the next chunk of the same text); a one-chunk text pairs
    with itself. Returns the first rows, the second rows and the text of each window."""
    rows = np.arange(len(owners))
    has_next = np.zeros(len(owners), dtype=bool)
    has_next[:-1] = owners[:-1] == owners[1:]
    alone = ~has_next
    alone[1:] &= owners[1:] != owners[:-1]
    first = np.concatenate([rows[has_next], rows[alone]])
    second = np.concatenate([rows[has_next] + 1, rows[alone]])
    return first, second, owners[first]
