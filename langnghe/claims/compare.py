"""What the re-ranker compares of a (post, claim) pair: the features of :mod:`langnghe.claims.rerank`.

Words (:func:`word_features`: the claim's weight, word pairs and rarest words the post has,
how dense the claim's words are in it), parts and tone (:func:`part_features`: amounts, dates,
predicates, whether the post asks how, says how things stand or denies the claim), and the
same words on the post's passage that agrees best with the claim (:func:`window_features`,
:mod:`langnghe.claims.windows`). :func:`pair_features` computes them all one by one, the
reference for the vectorised path of :class:`~langnghe.claims.rerank.ClaimReranker`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from langnghe.claims.matcher import Reading
from langnghe.claims.parts import PREDICATE_KEYS, Parts, Tone, read_parts, read_tone
from langnghe.claims.stance import Scan, scan
from langnghe.claims.text import claim_core, syllables
from langnghe.claims.weights import IdfLookup
from langnghe.claims.windows import window_score

FEATURES = (
    "coverage", "clause", "debunk", "unigrams", "bigrams", "rare", "density", "length",
    "numbers_in_claim", "numbers_agree", "numbers_differ",
    "dates_in_claim", "dates_agree", "dates_differ",
    "predicates_in_claim", "predicates_agree", "predicates_other",
    "asks_how", "stands", "denies", "asserted", "asserts_none", "anchor",
    "window_unigrams", "window_bigrams", "window_density", "window_length",
    "debunk_rare", "debunk_parts",
)  # fmt: skip
DEBUNK = FEATURES.index("debunk")
WORD_FEATURES = ("coverage", "clause", "unigrams", "bigrams", "rare", "density", "length")
RARE = 3  # the claim's rarest words stand for who/what it is about
DENSITY_HEAD = 80  # syllables of a post read for density



@dataclass(frozen=True)
class TextView:
    """What the re-ranker reads of a text (a claim or a post): words, word pairs, and (read when
    first asked, since most candidates are settled by their words) its parts and tone."""

    tokens: frozenset[str]
    bigrams: frozenset[str]
    head: tuple[str, ...]
    folded: str

    @classmethod
    def of(cls, reading: Reading) -> TextView:
        tokens = reading.tokens
        bigrams = frozenset(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
        return cls(frozenset(tokens), bigrams, tuple(tokens[:DENSITY_HEAD]), reading.folded)

    @cached_property
    def head_counts(self) -> Counter[str]:
        return Counter(self.head)

    @cached_property
    def parts(self) -> Parts:
        return read_parts(self.folded)

    @cached_property
    def tone(self) -> Tone:
        return read_tone(self.folded)


@dataclass(frozen=True)
class ClaimView:
    """A claim's view plus its word weights (idf) and rarest words."""

    text: TextView
    weights: dict[str, float]
    rare: frozenset[str]
    folded: str  # the canonical claim text, for stance

    @cached_property
    def said(self) -> Scan:
        """What stance detection reads of the claim, once per claim base (:func:`~langnghe.claims.stance.stance_of`)."""
        return scan(self.folded)

    @classmethod
    def of(cls, reading: Reading, idf: IdfLookup) -> ClaimView:
        core = Reading(reading.folded, syllables(claim_core(reading.folded)))
        view = TextView.of(core)
        words = sorted(view.tokens)
        weights = dict(zip(words, (float(v) for v in idf(words)))) if words else {}
        content = [w for w in words if w not in PREDICATE_KEYS and not w.isdigit()]
        rare = frozenset(sorted(content, key=lambda w: (-weights[w], w))[:RARE])
        return cls(view, weights, rare, reading.folded)


def _share(part: frozenset[str] | frozenset[int] | frozenset[tuple[int, int]], whole: frozenset) -> float:  # type: ignore[type-arg]
    return len(part & whole) / len(part) if part else 0.0


def pair_features(
    post: TextView, claim: ClaimView, coverage: float, clause: float, debunk: bool,
    windows: Sequence[TextView] = (),
) -> list[float]:
    """The :data:`FEATURES` of one (post, claim) pair, in that order: read on the whole post, and
    the ``window_`` ones (and ``anchor``) on its passage that agrees best with the claim
    (:func:`best_window` among ``windows``; the whole post when none). None depends on the other
    claims of the base (no margin over the runner-up), so a probability means the same in a base
    of ten claims as in one of thousands."""
    found = word_features(post, claim, coverage, clause) | part_features(post, claim, debunk)
    found |= window_features(*best_window([post, *windows], claim, coverage, clause), claim)
    return [found[name] for name in FEATURES]


def word_features(post: TextView, claim: ClaimView, coverage: float, clause: float) -> dict[str, float]:
    """The features read from words alone (:data:`WORD_FEATURES`), cheap."""
    c = claim.text
    total = sum(claim.weights.values()) or 1.0
    return {
        "coverage": coverage, "clause": clause,
        "unigrams": sum(w for word, w in claim.weights.items() if word in post.tokens) / total,
        "bigrams": _share(c.bigrams, post.bigrams), "rare": _share(claim.rare, post.tokens),
        "density": sum(post.head_counts[token] for token in c.tokens) / max(1, len(post.head)),
        "length": math.log1p(len(post.head)) / math.log1p(DENSITY_HEAD),
    }  # fmt: skip


def best_window(windows: Sequence[TextView], claim: ClaimView, coverage: float, clause: float) -> tuple[TextView, dict[str, float]]:
    """The window of a post (:func:`~langnghe.claims.windows.sentence_windows`) whose words agree
    best with the claim, and its word features."""
    scored = [(view, word_features(view, claim, coverage, clause)) for view in windows]
    return max(scored, key=lambda pair: window_score(pair[1]["unigrams"], pair[1]["bigrams"], pair[1]["density"]))


def window_features(window: TextView, words: dict[str, float], claim: ClaimView) -> dict[str, float]:
    """The words of the best window, and ``anchor``: a distinctive part of the claim (an amount,
    or a day and month) is in the window with the claim's predicate and one of its rarest words,
    as in a partial repetition ("only the fine", "the deadline and its subject")."""
    c, p = claim.text.parts, window.parts
    anchored = bool(c.numbers & p.numbers or c.dates & p.dates) and bool(c.predicates & p.predicates)
    return {
        "window_unigrams": words["unigrams"], "window_bigrams": words["bigrams"],
        "window_density": words["density"], "window_length": words["length"],
        "anchor": float(anchored and bool(claim.rare & window.tokens)),
    }  # fmt: skip


def claim_part_features(claim: ClaimView) -> dict[str, float]:
    """The features of :func:`part_features` (and ``anchor``) that the claim alone decides, whatever
    the post: whether it has amounts, dates, predicates, and the zeros of those it has not. The
    re-ranker's pruning counts them as known (:meth:`~langnghe.claims.rerank.RerankModel.may_match`)."""
    c = claim.text.parts
    known = {"numbers_in_claim": float(bool(c.numbers)), "dates_in_claim": float(bool(c.months or c.years)),
             "predicates_in_claim": float(bool(c.predicates))}  # fmt: skip
    if not c.numbers:
        known |= {"numbers_agree": 0.0, "numbers_differ": 0.0}
    if not (c.dates or c.months or c.years):
        known |= {"dates_agree": 0.0, "dates_differ": 0.0}
    if not c.predicates:
        known |= {"predicates_agree": 0.0, "denies": 0.0}
    if not (c.numbers or c.months or c.predicates):
        known |= {"asserted": 0.0, "asserts_none": 0.0}
    if not (c.numbers or c.dates or c.months or c.years or c.predicates):
        known["debunk_parts"] = 0.0
    if not c.predicates or not (c.numbers or c.dates):
        known["anchor"] = 0.0
    return known


def part_features(post: TextView, claim: ClaimView, debunk: bool) -> dict[str, float]:
    """The features read from the parts, tone and stance of the post (each in [0, 1])."""
    c, p = claim.text.parts, post.parts
    numbers_agree = _share(c.numbers, p.numbers)
    dates_agree = (1.0 if c.dates & p.dates else 0.5 if c.months & p.months
                   else 0.25 if c.years & p.years else 0.0)  # fmt: skip
    predicates_agree = _share(c.predicates, p.predicates)
    asserted = [agree for has, agree in ((c.numbers, numbers_agree), (c.months, dates_agree),
                                         (c.predicates, predicates_agree)) if has]  # fmt: skip
    return {
        "debunk": float(debunk),
        "numbers_in_claim": float(bool(c.numbers)), "numbers_agree": numbers_agree,
        "numbers_differ": float(bool(c.numbers and p.numbers) and not numbers_agree),
        "dates_in_claim": float(bool(c.months or c.years)), "dates_agree": dates_agree,
        "dates_differ": float(bool((c.months or c.years) and (p.months or p.years)) and not dates_agree),
        "predicates_in_claim": float(bool(c.predicates)), "predicates_agree": predicates_agree,
        "predicates_other": float(bool(p.predicates - c.predicates)),
        "asks_how": float(post.tone.asks_how), "stands": float(post.tone.stands),
        "denies": float(bool(post.tone.denies & c.predicates)),
        "asserted": sum(asserted) / len(asserted) if asserted else 0.0,
        "asserts_none": float(bool(asserted) and not any(asserted)),
        # a correction names what it corrects (who/what, the amount or date) without the claim's wording
        "debunk_rare": float(debunk) * _share(claim.rare, post.tokens),
        "debunk_parts": float(debunk) * max(numbers_agree, dates_agree, predicates_agree),
    }  # fmt: skip
