"""Claim matching that survives paraphrase: retrieval, then a re-ranker over the claim's parts.

**Retrieval** is the coverage matcher (:class:`~langnghe.claims.matcher.ClaimMatcher`)
reading the canonical text of :mod:`langnghe.claims.parts` (abbreviations spelled out,
predicate synonyms as one key, numbers as digits), over each claim and over each of its
clauses, with a low floor: each text keeps its :attr:`RerankConfig.candidates` best claims
by whole-claim coverage and as many by best-clause coverage, from
:attr:`RerankConfig.candidate_floor`. A retelling in other words, or a post that repeats
only the fine, covers a part of the claim, not all of it.

**Re-ranking** compares each candidate claim's parts with the post's
(:func:`pair_features`): how much of the claim's words and word pairs the post has, its
rarest words (who/what: the names and things it is about), its amounts, its dates, its
predicates (the consequence: "vô hiệu", "bị phạt"), and whether the post asserts other
amounts, dates or predicates; the words again on the post's passage of one or two
sentences that agrees best with the claim (:mod:`langnghe.claims.windows`: a claim told in one
sentence of a long post), and whether an amount or a date of the claim is there with its
predicate (a partial repetition); features in :mod:`langnghe.claims.compare`. A logistic
regression (:class:`RerankModel`, weights in ``reranker.json``, trained by
``bench/train_claim_reranker.py`` on the development sets only) turns them into the probability that the post is about the claim. A post that
only shares the topic has the claim's nouns without its predicate, amount or date, and
stays below :attr:`RerankModel.threshold`. A post that reads as a correction (the wording of
a debunk, :mod:`langnghe.claims.stance`) is linked from :attr:`RerankModel.refute_threshold`,
lower: corrections mention a claim in passing, and topic-only posts seldom debunk.

A forum thread page (:attr:`Reading.threaded <langnghe.claims.matcher.Reading>`: the opening
post, then its replies) is read as its passage that agrees best with the claim
(:class:`~langnghe.claims.post.PostReading`), its stance on that passage with its first
sentence and the sentences around it: a sceptical reply elsewhere in the thread does not make
the rumour a correction, and replies on other things do not dilute it.

Near-duplicates of exemplars (:mod:`langnghe.claims.neardup`) still match as before:
an item that re-shares a matched post nearly verbatim is that post's claim.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from datasketch import LeanMinHash

from langnghe.claims.matcher import WINDOW, ClaimMatcher, Found, MatcherConfig, Reading
from langnghe.claims.model import Claim
from langnghe.claims.neardup import minhash_batch
from langnghe.claims.compare import (  # noqa: F401 (re-exported: the model's features)
    DEBUNK, DENSITY_HEAD, FEATURES, WORD_FEATURES, ClaimView, TextView, claim_part_features, part_features,
    window_features, word_features,
)
from langnghe.claims.gate import ClaimGate
from langnghe.claims.parts import canonical, canonical_refold, clauses, read_parts, read_tone, spelled_before_folding
from langnghe.claims.post import PostReading
from langnghe.claims.stance import scan, scan_cache_clear, stance_of
from langnghe.claims.text import claim_core, fold, syllables
from langnghe.claims.weights import IdfLookup, claim_idf

MODEL_FILE = Path(__file__).with_name("reranker.json")
WINDOW_WORDS = ("unigrams", "bigrams", "density", "length")  # the best window's word features (``window_`` ones)
STANCE_PARTS = ("debunk", "debunk_rare", "debunk_parts")  # the part features that are 0 unless a post refutes
REMEMBERED = 4096  # texts whose re-ranking a matcher remembers (the last ones)
def _already_canonical(text: str) -> Reading:
    return Reading(text, syllables(text))


def read_canonical(text: str) -> Reading:
    """A text as the re-ranking matcher reads it (:func:`langnghe.claims.parts.canonical`)."""
    folded = canonical(text)
    return Reading(folded, syllables(folded))


@dataclass(frozen=True)
class RerankConfig:
    """Candidate generation; the decision threshold belongs to the model (:class:`RerankModel`)."""

    candidate_floor: float = 0.15
    candidates: int = 4
    gate: bool = False  # :meth:`ClaimReranker.screen` skips texts that cannot reach the floor (:mod:`langnghe.claims.gate`)


@dataclass(frozen=True)
class RerankModel:
    """Logistic regression over :data:`FEATURES`, and the probability at which a pair matches."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    refute_threshold: float  # for a post that reads as a correction of the claim (``debunk``)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> RerankModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: features: expected {list(FEATURES)}, got {data['features']}")
        threshold = float(data["threshold"])
        return cls(tuple(float(w) for w in data["weights"]), float(data["bias"]), threshold,
                   float(data.get("refute_threshold", threshold)))  # fmt: skip

    def save(self, path: Path, **about: object) -> None:
        data = {"features": list(FEATURES), "weights": [round(w, 6) for w in self.weights],
                "bias": round(self.bias, 6), "threshold": round(self.threshold, 4),
                "refute_threshold": round(self.refute_threshold, 4), **about}  # fmt: skip
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def bar(self, features: Sequence[float]) -> float:
        """The threshold for one pair: lower for a post that reads as a correction, since
        posts that only share a topic seldom carry the wording of a debunk."""
        return self.refute_threshold if features[DEBUNK] else self.threshold

    def may_match(self, exact: dict[str, float], at_most: dict[str, float] | None = None) -> bool:
        """Whether a pair can reach the lower bar whatever its other features say: ``exact``
        features are known, ``at_most`` ones lie in [0, value] (a window has at most the whole
        post's words), the others in [0, 1]; each adds at most its positive contribution."""
        weights = dict(zip(FEATURES, self.weights))
        bounded = at_most or {}
        best = self.bias + sum(weights[name] * value for name, value in exact.items())
        best += sum(max(0.0, weights[name] * value) for name, value in bounded.items())
        best += sum(max(0.0, weight) for name, weight in weights.items() if name not in exact and name not in bounded)
        return bool(1.0 / (1.0 + math.exp(-best)) >= min(self.threshold, self.refute_threshold))

    def probability(self, features: np.ndarray) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-(features @ np.asarray(self.weights) + self.bias))))


def _parts_but_stance(parts: dict[str, float], known: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """The features of a pair whose parts are read as if it refuted the claim (``part_features(..., True)``):
    those known, and those that depend on the stance, between 0 and their value then."""
    bounded = {name: parts[name] for name in STANCE_PARTS}
    return {name: value for name, value in (known | parts).items() if name not in bounded}, bounded


def clear_caches() -> None:
    """Forget the texts read so far (speed measurements read the same texts more than once)."""
    read_parts.cache_clear()
    read_tone.cache_clear()
    scan_cache_clear()


@lru_cache(maxsize=1)
def shipped_model() -> RerankModel:
    return RerankModel.load()


@dataclass(frozen=True)
class Candidate:
    """One (text, claim) pair retrieval proposes, with its features."""

    row: int
    claim_id: str
    coverage: float
    features: list[float]
    passage: str | None = None  # what a thread's stance is read on (:mod:`langnghe.claims.post`); None: the whole text


@dataclass
class Reranked:
    """What re-ranking found of one text (:meth:`ClaimReranker.match`), kept for the text's next match."""

    found: tuple[Found, ...]
    close: bool  # retrieval came close to a claim: the text may be a near-duplicate of an exemplar
    signature: LeanMinHash | None = None  # its MinHash, once a near-duplicate check needed it


class ClaimReranker:
    """The claim matcher of the enrich stage: retrieval candidates re-ranked by their parts.

    Same interface as :class:`~langnghe.claims.matcher.ClaimMatcher` (``claims``,
    :meth:`match`, :meth:`match_texts`, exemplars); ``read`` is the canonical reading.
    """

    def __init__(
        self, claims: Sequence[Claim], idf: IdfLookup | None = None, config: MatcherConfig | None = None,
        model: RerankModel | None = None, rerank: RerankConfig | None = None,
    ) -> None:
        self.rerank = rerank or RerankConfig()
        self.config = config or MatcherConfig()
        self.model = model or shipped_model()
        whole = replace(self.config, threshold=math.inf)  # windows only for the shortlist (candidates)
        self.retrieval = ClaimMatcher(claims, idf, whole, read=read_canonical)
        self._seen: dict[tuple[str, bool], Reranked] = {}
        self.claims = self.retrieval.claims
        self.read = read_canonical
        readings = {claim.id: read_canonical(claim.claim) for claim in claims}
        lookup = idf or claim_idf([reading.tokens for reading in readings.values()])
        self._views = {claim_id: ClaimView.of(reading, lookup) for claim_id, reading in readings.items()}
        self._known_parts = {claim_id: claim_part_features(view) for claim_id, view in self._views.items()}
        pieces = [(claim_id, n, clause) for claim_id, reading in readings.items()
                  for n, clause in enumerate(clauses(claim_core(reading.folded))) if len(clauses(reading.folded)) > 1]
        self._clause_owner = [claim_id for claim_id, _, _ in pieces]
        self._split = frozenset(self._clause_owner)
        self._clauses = ClaimMatcher([Claim(id=f"{claim_id}~{n}", claim=clause) for claim_id, n, clause in pieces], idf,
                                     whole, read=_already_canonical) if pieces else None  # fmt: skip
        matchers = [self.retrieval, *([self._clauses] if self._clauses else [])]
        self.gate = ClaimGate(matchers, self.rerank.candidate_floor) if self.rerank.gate else None

    def screen(self, texts: Sequence[str]) -> list[Reading | None]:
        """Each text's canonical reading, or ``None`` for a text that cannot reach any claim's
        candidate floor (:mod:`langnghe.claims.gate`): it matches nothing, near-duplicates included."""
        if self.gate is None:
            return [self.read(text) for text in texts]
        folded = [fold(text) for text in texts]
        checked = [not spelled_before_folding(text) for text in texts]
        may = iter(self.gate.passes([f for f, check in zip(folded, checked) if check]).tolist())
        passes = [next(may) if check else True for check in checked]
        readings: list[Reading | None] = []
        for text, folded_text, keep in zip(texts, folded, passes):
            canonical_text = canonical_refold(text, folded_text) if keep else None
            readings.append(None if canonical_text is None else Reading(canonical_text, syllables(canonical_text)))
        return readings

    def __len__(self) -> int:
        return len(self.retrieval)

    def signature(self, reading: Reading) -> LeanMinHash:
        return self.retrieval.signature(reading)

    def add_exemplar(self, claim_id: str, key: str, signature: LeanMinHash) -> bool:
        return self.retrieval.add_exemplar(claim_id, key, signature)

    def has_exemplar(self, claim_id: str, key: str) -> bool:
        return self.retrieval.has_exemplar(claim_id, key)

    def best_coverage(self, readings: Sequence[Reading]) -> np.ndarray:
        """Each text's best whole-text coverage of a claim or of a clause: a text becomes a candidate
        from :attr:`RerankConfig.candidate_floor` only (what :mod:`langnghe.claims.gate` bounds)."""
        best = np.zeros(len(readings))
        for matcher in (self.retrieval, self._clauses):
            if matcher is not None and len(matcher) and readings:
                best = np.maximum(best, matcher.retrieval_scores(readings).max(axis=1).toarray().ravel())
        return best

    def candidates(self, readings: Sequence[Reading]) -> list[Candidate]:
        """Every text's best retrieval candidates, with their features (:meth:`_candidates`)."""
        return self._candidates(readings, prune=False)[0]

    def _candidates(self, readings: Sequence[Reading], prune: bool) -> tuple[list[Candidate], set[int]]:
        """Every text's best retrieval candidates, with their features; with ``prune``, only
        those that may match (:meth:`RerankModel.may_match`, what :meth:`match` needs). Also
        the rows close enough to a claim for a near-duplicate check (as the previous matcher's gate).

        A claim is proposed by its whole-text coverage or by that of its best clause (a
        post that repeats only the fine covers one clause well). Whole-text coverage is an
        upper bound of the best window's: it picks twice :attr:`RerankConfig.candidates`
        claims per text, and only those are scored window by window on long texts."""
        whole = self._shortlist(self.retrieval, readings, None)
        parts = self._shortlist(self._clauses, readings, self._clause_owner) if self._clauses else {}
        found: list[Candidate] = []
        close: set[int] = set()
        for row in sorted(set(whole) | set(parts)):
            scores = {claim_id: (value, parts.get(row, {}).get(claim_id, value if claim_id not in self._split else 0.0))
                      for claim_id, value in whole.get(row, {}).items()}  # a claim of one clause is its clause
            for claim_id, value in parts.get(row, {}).items():
                scores.setdefault(claim_id, (0.0, value))
            floor, count = self.rerank.candidate_floor, self.rerank.candidates
            by_whole = sorted((p for p in scores.items() if p[1][0] >= floor), key=lambda p: (-p[1][0], p[0]))[:count]
            by_clause = sorted((p for p in scores.items() if p[1][1] >= floor), key=lambda p: (-p[1][1], p[0]))[:count]
            ranked = sorted(dict(by_whole + by_clause).items(), key=lambda p: (-max(p[1]), p[0]))
            if ranked:
                found += self._features(row, readings[row], ranked, prune)
                close |= {row} if max(max(scores) for _, scores in ranked) >= self.config.candidate_floor else set()
        return found, close

    def _features(
        self, row: int, reading: Reading, ranked: list[tuple[str, tuple[float, float]]], prune: bool,
    ) -> list[Candidate]:
        post, found = PostReading(reading), []
        for claim_id, (coverage, clause) in ranked:
            claim = self._views[claim_id]
            exact = word_features(post.whole, claim, coverage, clause)
            if prune and not self._may_match(exact, reading.threaded, self._known_parts[claim_id]):
                continue  # cannot match, whatever its parts and its best window: not read further
            window, best_words, scope = post.best_window(claim, exact)
            text = post.whole if scope is None else window  # a thread is read as its passage that matches
            if scope is not None:
                exact = word_features(window, claim, coverage, clause)
            known = exact | {f"window_{name}": best_words[name] for name in WINDOW_WORDS} | self._known_parts[claim_id]
            if prune and not self.model.may_match(known):
                continue  # every word feature known, the parts (read last, the costly part) cannot lift it
            known |= window_features(window, best_words, claim)
            if prune and not self.model.may_match(*_parts_but_stance(part_features(text, claim, True), known)):
                continue  # the parts known too, a stance that refutes the claim cannot lift it: not read
            debunk = stance_of(scan(scope or text.folded), claim.said).stance == "refutes"
            features = known | part_features(text, claim, debunk)
            found.append(Candidate(row, claim_id, max(coverage, clause), [features[name] for name in FEATURES], scope))
        return found

    def _may_match(self, words: dict[str, float], threaded: bool, parts: dict[str, float]) -> bool:
        """:meth:`RerankModel.may_match` with the whole post's word features known, and its best
        window's bounded by them (a window has at most the whole post's words and length). A
        thread is read as a passage (:mod:`langnghe.claims.post`): its words are bounded by the whole
        post's, its density and length are not known yet. ``parts``: those the claim alone decides."""
        bounded = {f"window_{name}": words[name] for name in ("unigrams", "bigrams", "length")}
        if not threaded:
            return self.model.may_match(words | parts, bounded)
        exact = {name: words[name] for name in ("coverage", "clause")}
        bounded |= {name: words[name] for name in ("unigrams", "bigrams", "rare")}
        return self.model.may_match(exact | parts, bounded)

    def _shortlist(
        self, matcher: ClaimMatcher, readings: Sequence[Reading], owner: list[str] | None,
    ) -> dict[int, dict[str, float]]:
        """Row -> claim id -> coverage (windowed on long texts) of each text's best claims (or
        clauses, ``owner`` naming each clause's claim) above the floor."""
        scores = matcher.retrieval_scores(readings)
        rows, columns, values = [], [], []
        for row in range(len(readings)):
            start, end = scores.indptr[row], scores.indptr[row + 1]
            data = scores.data[start:end]
            keep = np.flatnonzero(data >= self.rerank.candidate_floor)
            keep = keep[np.argsort(-data[keep], kind="stable")][: 2 * self.rerank.candidates]
            rows += [row] * len(keep)
            columns += scores.indices[start:end][keep].tolist()
            values += data[keep].tolist()
        found: dict[int, dict[str, float]] = {}
        if not rows:
            return found
        row_of, column_of, value_of = np.asarray(rows), np.asarray(columns), np.asarray(values, dtype=np.float32)
        long_text = np.array([len(readings[row].tokens) > WINDOW for row in rows])
        if long_text.any():
            value_of[long_text] = matcher.window_scores(readings, row_of[long_text], column_of[long_text])
        ids = owner or matcher.ids
        for row, column, value in zip(rows, columns, value_of.tolist()):
            best = found.setdefault(row, {})
            best[ids[column]] = max(best.get(ids[column], 0.0), value)
        return found

    def match(self, readings: Sequence[Reading]) -> list[list[Found]]:
        """The claims each text matches, best first (at most :attr:`MatcherConfig.max_matches`)."""
        settled = {n: seen for n, reading in enumerate(readings) if (seen := self._known(reading)) is not None}
        todo = [n for n in range(len(readings)) if n not in settled]
        for n, seen in zip(todo, self._rerank([readings[n] for n in todo])):
            settled[n] = self._remember(readings[n], seen)
        known = [settled[n] for n in range(len(readings))]
        rows = [list(seen.found) for seen in known]
        self._near_duplicates(readings, rows, known)
        return [sorted(row, key=lambda f: (-f.similarity, f.claim_id))[: self.config.max_matches] for row in rows]

    def _rerank(self, readings: Sequence[Reading]) -> list[Reranked]:
        """What re-ranking finds of each text: its matches, and whether retrieval came close enough
        to a claim for a near-duplicate check (as the previous matcher: MinHash only near a claim)."""
        candidates, close = self._candidates(readings, prune=True)
        rows: list[list[Found]] = [[] for _ in readings]
        if candidates:
            probability = self.model.probability(np.array([c.features for c in candidates]))
            for candidate, p in zip(candidates, probability):
                if p >= self.model.bar(candidate.features):
                    rows[candidate.row].append(Found(candidate.claim_id, round(float(p), 4), "reranked",
                                                     round(candidate.coverage, 4), 0.0, candidate.passage))  # fmt: skip
        return [Reranked(tuple(row), n in close) for n, row in enumerate(rows)]

    def _known(self, reading: Reading) -> Reranked | None:
        return self._seen.get((reading.folded, reading.threaded))

    def _remember(self, reading: Reading, seen: Reranked) -> Reranked:
        """Re-ranking depends on the text and the claim base only: the enrich stage matches the rest
        of a batch again after each new exemplar, and only near-duplicates can change then."""
        if len(self._seen) >= REMEMBERED:
            del self._seen[next(iter(self._seen))]  # the oldest
        self._seen[(reading.folded, reading.threaded)] = seen
        return seen

    def _near_duplicates(self, readings: Sequence[Reading], rows: list[list[Found]], known: list[Reranked]) -> None:
        """Texts retrieval proposed but the re-ranker did not match may re-share an exemplar."""
        gated = [n for n, seen in enumerate(known) if seen.close and not rows[n]]
        missing = [n for n in gated if known[n].signature is None]
        for n, signature in zip(missing, minhash_batch([readings[n].tokens for n in missing], self.config.num_perm)):
            known[n].signature = signature
        for n in gated:
            for claim_id, similarity in self.retrieval.near.query(known[n].signature).items():
                if similarity >= self.config.near_dup_threshold:
                    rows[n].append(Found(claim_id, round(min(1.0, similarity), 4), "near_duplicate", 0.0,
                                         round(similarity, 4)))  # fmt: skip

    def match_texts(self, texts: Iterable[str]) -> list[list[Found]]:
        """:meth:`match` on raw texts.

        >>> matcher = ClaimReranker([Claim(id="c1", claim="Căn cước cũ hết hiệu lực từ 1/7, không đổi phạt 500.000 đồng")])
        >>> [f.claim_id for f in matcher.match_texts(["nghe noi tu 1/7 cccd cu bi vo hieu, ai chua doi bi phat 500k"])[0]]
        ['c1']
        """
        return self.match([read_canonical(text) for text in texts])
