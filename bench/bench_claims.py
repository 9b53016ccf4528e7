"""Claim matching: MAP@5 and recall@1 of langnghe's matcher against plain BM25, and its speed.

    .venv/bin/python bench/bench_claims.py [--claims 2000] [--sweep]

The set is ``bench/claims_eval.yaml``: 38 fictional claims and 170 hand-written posts
(paraphrases, quotes inside longer posts, posts typed without diacritics, corrections,
and unrelated posts, many close to a claim's topic). No dataset text.

- **BM25** (the baseline): SQLite FTS5's ``bm25()`` over the claim texts as written
  (``unicode61``, diacritics kept, as the embedded index reads text), the query being
  every word of the post OR-ed; and the same on folded text (no diacritics, teencode
  expanded), to show what folding alone brings.
- **langnghe**: :class:`langnghe.claims.matcher.ClaimMatcher` (folded text, idf-weighted
  coverage of unigrams and bigrams, MinHash near-duplicates).

Long texts are where scores must stay calibrated: the demo site's 400 items (fictional
news articles and forum posts) repeat none of these claims, and the bench counts how
many each method would match at its threshold.

MAP@5 averages, over posts that repeat a claim, 1/rank of the right claim when it ranks
in the top 5 (one relevant claim per post). The threshold table counts a post as matched
when its best claim reaches the threshold: right claim = true positive, anything else
(wrong claim, or an unrelated post matched) = false positive. Speed: items/s of folding
and matching the demo site's items (about 900 characters each) in batches of 256,
against the 38 claims and against ``--claims`` entries (the 38 plus word soups of their
words: a pessimistic base whose entries share common words with every text).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from langnghe.claims.matcher import ClaimMatcher, MatcherConfig, Reading
from langnghe.claims.model import Claim
from langnghe.claims.stance import read_stance
from langnghe.claims.weights import IdfLookup, background_idf
from langnghe.index.watch import tokenize

EVAL = Path(__file__).with_name("claims_eval.yaml")
Scorer = Callable[[Sequence[str]], np.ndarray]  # texts -> (texts x claims) scores


@dataclass(frozen=True)
class Query:
    claim: str | None
    kind: str
    text: str


def load_set(path: Path = EVAL) -> tuple[list[Claim], list[Query]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Claim.model_validate(c) for c in data["claims"]], [Query(**q) for q in data["queries"]]


def bm25_scorer(claims: Sequence[Claim], prepare: Callable[[str], str] = str) -> Scorer:
    """FTS5 ``bm25()`` over the claims, every word of a post OR-ed; ``prepare`` maps both sides."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE c USING fts5(claim, tokenize=\"unicode61 remove_diacritics 0\")")
    db.executemany("INSERT INTO c (rowid, claim) VALUES (?, ?)", [(i, prepare(c.claim)) for i, c in enumerate(claims)])

    def score(texts: Sequence[str]) -> np.ndarray:
        result = np.zeros((len(texts), len(claims)))
        for row, text in enumerate(texts):
            terms = " OR ".join(f'"{token}"' for token in sorted(set(tokenize(prepare(text)))))
            if terms:
                for rowid, value in db.execute("SELECT rowid, -bm25(c) FROM c WHERE c MATCH ?", (terms,)):
                    result[row, rowid] = value
        return result

    return score


def matcher_scorer(matcher: ClaimMatcher) -> Scorer:
    def score(texts: Sequence[str]) -> np.ndarray:
        readings = [Reading.of(text) for text in texts]
        result = matcher.retrieval_scores(readings).toarray()
        ids = list(matcher.claims)
        for row, reading in enumerate(readings):
            for claim_id, similarity in matcher.near.query(matcher.signature(reading)).items():
                if similarity >= matcher.config.near_dup_threshold:
                    column = ids.index(claim_id)
                    result[row, column] = max(result[row, column], similarity)
        return result

    return score


def ranks(scores: np.ndarray, claims: Sequence[Claim], queries: Sequence[Query]) -> list[int | None]:
    """Rank (1-based) of each query's claim among the claims with a positive score."""
    index = {claim.id: i for i, claim in enumerate(claims)}
    found: list[int | None] = []
    for row, query in zip(scores, queries):
        target = index[query.claim] if query.claim else None
        if target is None or row[target] <= 0:
            found.append(None)
            continue
        found.append(1 + int(np.sum(row > row[target])))
    return found


def map_at_5(found: Sequence[int | None]) -> float:
    return statistics.fmean(1.0 / r if r is not None and r <= 5 else 0.0 for r in found) if found else 0.0


def recall_at_1(found: Sequence[int | None]) -> float:
    return statistics.fmean(1.0 if r == 1 else 0.0 for r in found) if found else 0.0


def threshold_counts(scores: np.ndarray, claims: Sequence[Claim], queries: Sequence[Query], threshold: float) -> tuple[int, int, int]:
    """True positives, false positives, false negatives when the best claim must reach ``threshold``."""
    tp = fp = fn = 0
    for row, query in zip(scores, queries):
        best = int(np.argmax(row))
        matched = row[best] >= threshold
        right = query.claim is not None and claims[best].id == query.claim
        tp += matched and right
        fp += matched and not right
        fn += query.claim is not None and not (matched and right)
    return tp, fp, fn


def report_ranking(name: str, scores: np.ndarray, claims: Sequence[Claim], queries: Sequence[Query]) -> None:
    relevant = [(q, r) for q, r in zip(queries, ranks(scores, claims, queries)) if q.claim]
    kinds = sorted({q.kind for q, _ in relevant})
    by_kind = "  ".join(f"{k} {map_at_5([r for q, r in relevant if q.kind == k]):.3f}" for k in kinds)
    found = [r for _, r in relevant]
    print(f"{name:<34} MAP@5 {map_at_5(found):.3f}  recall@1 {recall_at_1(found):.3f}   ({by_kind})")


def best_f1(scores: np.ndarray, claims: Sequence[Claim], queries: Sequence[Query], grid: np.ndarray) -> tuple[float, float, int, int, int]:
    best = (0.0, 0.0, 0, 0, 0)
    for threshold in grid:
        tp, fp, fn = threshold_counts(scores, claims, queries, float(threshold))
        f1 = 2 * tp / max(1, 2 * tp + fp + fn)
        if f1 > best[1]:
            best = (float(threshold), f1, tp, fp, fn)
    return best


def synthetic_claims(claims: Sequence[Claim], count: int, seed: int = 11) -> list[Claim]:
    """``claims`` plus word soups of 10-16 of their words, up to ``count`` (speed runs only:
    a pessimistic base, whose entries share common words with every text)."""
    rng = random.Random(seed)
    words = " ".join(claim.claim for claim in claims).split()
    extra = [Claim(id=f"s{n:05d}", claim=" ".join(rng.choices(words, k=rng.randint(10, 16))))
             for n in range(max(0, count - len(claims)))]  # fmt: skip
    return [*claims, *extra]


def demo_texts() -> list[str]:
    """The bundled demo site's 400 items (fictional articles and forum posts), title + lead + text."""
    from datetime import date

    from langnghe.demo import build_site

    return [f"{item.title}\n{item.summary}\n{item.text}" for item in build_site(date(2026, 11, 20)).items]


def speed(claims: Sequence[Claim], texts: Sequence[str], idf: IdfLookup | None, batch: int = 256) -> tuple[float, float]:
    """(items/s, build seconds) of folding and matching ``texts`` in batches (best of 3 passes)."""
    started = time.perf_counter()
    matcher = ClaimMatcher(claims, idf)
    built = time.perf_counter() - started
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for first in range(0, len(texts), batch):
            matcher.match([Reading.of(text) for text in texts[first : first + batch]])
        best = min(best, time.perf_counter() - started)
    return len(texts) / best, built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=2000, help="claim base size with distractors (ranking, speed)")
    parser.add_argument("--sweep", action="store_true", help="also compare weighting variants")
    args = parser.parse_args()
    claims, queries = load_set()
    texts = [q.text for q in queries]
    idf = background_idf()
    config = MatcherConfig()
    print(f"{len(claims)} claims, {len(queries)} posts ({sum(q.claim is not None for q in queries)} repeat a claim)\n")
    folded: Callable[[str], str] = lambda text: Reading.of(text).folded  # noqa: E731
    bm25 = bm25_scorer(claims)(texts)
    bm25_folded = bm25_scorer(claims, folded)(texts)
    ours = matcher_scorer(ClaimMatcher(claims, idf, config))(texts)
    report_ranking("BM25 (SQLite FTS5, plain)", bm25, claims, queries)
    report_ranking("BM25 on folded text", bm25_folded, claims, queries)
    report_ranking("langnghe matcher", ours, claims, queries)
    big = synthetic_claims(claims, args.claims)
    print(f"\nthe same posts against the {len(claims)} claims plus {len(big) - len(claims)} distractors (word soups of their words):")
    report_ranking("BM25 (SQLite FTS5, plain)", bm25_scorer(big)(texts), big, queries)
    report_ranking("BM25 on folded text", bm25_scorer(big, folded)(texts), big, queries)
    report_ranking("langnghe matcher", matcher_scorer(ClaimMatcher(big, idf, config))(texts), big, queries)
    if args.sweep:
        for weighting, lookup in (("claim-base idf", None), ("background idf", idf)):
            for power, bigram in ((0.5, 1.0), (1.0, 1.0), (1.0, 1.5), (1.0, 2.0)):
                variant = ClaimMatcher(claims, lookup, MatcherConfig(bigram_weight=bigram, idf_power=power))
                report_ranking(f"  {weighting}^{power}, bigrams x{bigram}", matcher_scorer(variant)(texts), claims, queries)
    print()
    grids = (("BM25", bm25, np.linspace(0.5, 30, 60)), ("BM25 folded", bm25_folded, np.linspace(0.5, 30, 60)),
             ("langnghe", ours, np.linspace(0.1, 0.9, 33)))  # fmt: skip
    for name, scores, grid in grids:
        threshold, f1, tp, fp, fn = best_f1(scores, claims, queries, grid)
        print(f"{name:<11} best-F1 threshold on this set {threshold:.2f}: F1 {f1:.3f} (tp {tp}, fp {fp}, fn {fn})")
    table = "  ".join(f"{t:.2f}: {tp}/{fp}" for t in (0.35, 0.4, 0.45, 0.5, 0.55)
                      for tp, fp, _ in [threshold_counts(ours, claims, queries, t)])  # fmt: skip
    print(f"langnghe    true/false positives by threshold: {table}  (shipped: {config.threshold:.2f})")
    claim_text = {claim.id: Reading.of(claim.claim).folded for claim in claims}
    stance_right = [
        (read_stance(Reading.of(q.text).folded, claim_text[q.claim]).stance == "refutes") == (q.kind == "refutes")
        for q in queries if q.claim
    ]  # fmt: skip
    print(f"stance (refutes vs spreads) accuracy on posts that repeat a claim: {statistics.fmean(stance_right):.3f}\n")
    corpus = demo_texts()
    size = statistics.fmean(len(text) for text in corpus)
    ours_tp, ours_fp, _ = threshold_counts(ours, claims, queries, config.threshold)
    demo_ours = int((matcher_scorer(ClaimMatcher(claims, idf, config))(corpus).max(axis=1) >= config.threshold).sum())
    lines = [f"langnghe at {config.threshold:.2f}: {ours_tp} true / {ours_fp} false on the set, {demo_ours} demo items"]
    for name, scores, prepare in (("BM25", bm25, str), ("BM25 folded", bm25_folded, folded)):
        threshold = next(t for t in np.arange(0.5, 100, 0.5) if threshold_counts(scores, claims, queries, t)[1] <= ours_fp)
        tp, fp, _ = threshold_counts(scores, claims, queries, threshold)
        demo = int((bm25_scorer(claims, prepare)(corpus).max(axis=1) >= threshold).sum())
        lines.append(f"{name} at {threshold:.1f}: {tp} true / {fp} false on the set, {demo} demo items")
    print(f"at equal precision on the set, false matches among the {len(corpus)} demo items (which repeat none of "
          f"these claims):\n  " + "\n  ".join(lines) + "\n")
    for base in (list(claims), synthetic_claims(claims, args.claims)):
        rate, built = speed(base, corpus, idf)
        print(f"speed: {rate:,.0f} items/s, one core ({len(corpus)} demo items of {size:,.0f} characters; "
              f"{len(base)} claims, built in {built:.2f} s)")


if __name__ == "__main__":
    main()
