"""Claim matching on retold claims: plain BM25, the previous matcher and the re-ranking matcher, in one run.

    .venv/bin/python bench/bench_claims.py [--no-test]

Sets (:mod:`claims_sets`), each matched against its own claims plus the 2,000 distractor
claims of ``bench/data/claims_blind/distractors.jsonl``:

- ``claims_eval.yaml``: 38 claims, 170 posts written by the matcher's authors (development);
- ``claims_dev``, ``claims_dev2``, ``claims_dev3``: 40 claims, 520 posts each, written blind by
  three other writers (development: the re-ranker is trained on them and on ``claims_eval.yaml``,
  its thresholds chosen leaving one blind set out, ``bench/train_claim_reranker.py``; their
  figures here are in-sample);
- ``claims_blind``: 64 claims, 832 posts written blind: the TEST set, never tuned on
  (``--no-test`` leaves it out while developing).

Blind posts are 8 retellings per claim (label ``spreads``; kinds paraphrase, reorder,
partial, partial2, informal, embedded, question_share, numbers_changed), 3 topic-only decoys
and 2 corrections (``refutes``). Each method links a post to its best-scoring claim when the
score reaches a threshold. Figures: **precision** (of posts linked, the share linked to the
claim they spread or correct; a linked decoy is wrong), **recall** of spreading posts (right
claim), **decoys** matched (share linked to any claim), **refuting** (share of corrections
linked to their claim with stance ``refutes``), recall per retelling kind. Each is given at
the threshold with the best recall at precision >= 0.95 on that set (an oracle threshold,
chosen on the set itself) and at the shipped threshold (chosen on development data; the
re-ranker's has a lower bar for posts read as corrections, :attr:`RerankModel.refute_threshold`).

- **BM25 folded**: SQLite FTS5 ``bm25()`` over folded claim texts (no diacritics, teencode
  expanded), the post's words OR-ed (no shipped threshold: oracle only);
- **previous matcher**: :class:`~langnghe.claims.matcher.ClaimMatcher` as shipped before
  (idf-weighted coverage of folded unigrams and bigrams, MinHash near-duplicates), 0.45;
- **re-ranker**: :class:`~langnghe.claims.rerank.ClaimReranker` (that coverage on the
  canonical text as retrieval, then logistic regression over the claim's parts).

Stance is read by the current rule (:func:`~langnghe.claims.stance.read_stance`) for all
three, on each method's own reading of the text. Speed: items/s of matching the demo
site's 400 items (about 900 characters each) in batches of 256 against the test set's
claim base (64 + 2,000 claims) and against the 38 claims of ``claims_eval.yaml`` (a base of
the size a deployment starts with), previous and new matcher in the same run, one core.

First run with the test set (2026-12-07, thresholds and weights fixed before; nothing changed
since, figures as they came): re-ranker at precision >= 0.95 recall 0.926 (previous matcher
0.713, BM25 folded 0.812), decoys matched 0.125 (0.083, 0.125), corrections refuting 0.703
(0.547, 0.688); at the shipped threshold precision 0.987, recall 0.732, decoys 0.016,
refuting 0.617 (previous: 0.978, 0.385, 0.021, 0.172); 79 items/s vs 292 (a loaded machine).
After exact pruning in ``match`` (the figures above unchanged): 114 items/s vs 359 (0.32) with
2,064 claims; with 38 claims 429 vs 1,458 (0.29, measured apart from this script).
Second scoring of the test set (2026-12-07, after a follow-up chosen on development data only:
best-window features for embedded retellings, an anchor for partial repetitions, more correction
cues, two more blind development sets and leave-one-set-out thresholds; the test set was not
looked at in between, figures as they came): at the shipped threshold (0.576, corrections 0.311)
precision 0.986, recall 0.795, decoys 0.021, refuting 0.680 (first scoring 0.987, 0.732, 0.016,
0.617; previous matcher 0.978, 0.385, 0.021, 0.172); embedded retellings 0.78 (0.55), partial
0.48 / 0.67 (0.41 / 0.58); at precision >= 0.95 recall 0.926 with decoys 0.125, as before.
Leave-one-set-out on the blind development sets (bench/train_claim_reranker.py) had predicted
recall 0.80-0.85, decoys 0.03-0.07, refuting 0.43-0.86. Speed in the same run: 161 items/s vs 736
(0.22) with 2,064 claims, 229 vs 1,477 (0.16) with 38: slower than before relative to the
previous matcher (the window features), short of the goal of half its speed.
Third scoring of the test set (2026-12-07, after the follow-up that brought the re-ranker back:
forum threads read as their matching passage, doubt ("chưa kiểm chứng", "đừng share") and
ambiguous folded cues ("tin nham") no longer read as refutations, speed work; chosen on the
development sets and the demo only, the test set not looked at since the second scoring; figures
as they came): at the shipped threshold precision 0.986, recall 0.795, decoys 0.021, refuting
0.680, the same as the second scoring (its posts are single posts, not threads, and the dropped
cues left its refuting rate as it was); previous matcher 0.978, 0.385, 0.021, 0.172; at precision
>= 0.95 recall 0.926 (previous 0.713, BM25 folded 0.812). On claims_dev3 refuting went from 0.512
to 0.487 (two corrections had only a dropped cue). Speed on the enrich path (the claims step of
the stage, threads with their replies): ``bench/bench_claims_speed.py``; the speed lines below
match texts only.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from claims_sets import TEST, ClaimSet, Figures, Link, at_precision, blind_set, dev_sets, distractors, eval_set, figures
from langnghe.claims.matcher import ClaimMatcher, Reading
from langnghe.claims.model import Claim
from langnghe.claims.rerank import ClaimReranker, clear_caches, read_canonical
from langnghe.claims.stance import read_stance
from langnghe.claims.weights import IdfLookup, background_idf
from langnghe.index.watch import tokenize

Scorer = Callable[[Sequence[str]], np.ndarray]  # texts -> (texts x claims) scores
Reader = Callable[[str], Reading]


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


def demo_texts() -> list[str]:
    """The bundled demo site's 400 items (fictional articles and forum posts), title + lead + text."""
    from datetime import date

    from langnghe.demo import build_site

    return [f"{item.title}\n{item.summary}\n{item.text}" for item in build_site(date(2026, 11, 20)).items]


def best_links(scores: np.ndarray, base: Sequence[Claim], texts: Sequence[str], read: Reader) -> list[Link]:
    """Each text's best claim (a dense score matrix), with the stance read towards it."""
    links = []
    for row, text in zip(scores, texts):
        column = int(np.argmax(row)) if row.size else 0
        if not row.size or row[column] <= 0:
            links.append(Link(None, 0.0))
            continue
        stance = read_stance(read(text).folded, read(base[column].claim).folded)
        links.append(Link(base[column].id, float(row[column]), stance.stance == "refutes"))
    return links


def reranker_links(matcher: ClaimReranker, texts: Sequence[str]) -> list[Link]:
    """Each text's best claim by the re-ranker's probability (every candidate, not only matches)."""
    readings = [read_canonical(text) for text in texts]
    candidates = matcher.candidates(readings)
    best: dict[int, tuple[float, str]] = {}
    if candidates:
        probability = matcher.model.probability(np.array([c.features for c in candidates]))
        for candidate, p in zip(candidates, probability):
            if p > best.get(candidate.row, (0.0, ""))[0]:
                best[candidate.row] = (float(p), candidate.claim_id)
    links = []
    for row, reading in enumerate(readings):
        if row not in best:
            links.append(Link(None, 0.0))
            continue
        p, claim_id = best[row]
        stance = read_stance(reading.folded, read_canonical(matcher.claims[claim_id].claim).folded)
        links.append(Link(claim_id, p, stance.stance == "refutes"))
    return links


@dataclass(frozen=True)
class Method:
    name: str
    links: list[Link]
    shipped: float | None
    shipped_refutes: float | None = None  # the re-ranker's lower threshold for posts read as corrections


def methods(claim_set: ClaimSet, base: list[Claim], idf: IdfLookup | None) -> list[Method]:
    texts = [post.text for post in claim_set.posts]
    folded: Callable[[str], str] = lambda text: Reading.of(text).folded  # noqa: E731
    previous = ClaimMatcher(base, idf)
    reranker = ClaimReranker(base, idf)
    return [
        Method("BM25 folded", best_links(bm25_scorer(base, folded)(texts), base, texts, Reading.of), None),
        Method("previous matcher", best_links(matcher_scorer(previous)(texts), base, texts, Reading.of),
               previous.config.threshold),
        Method("re-ranker", reranker_links(reranker, texts), reranker.model.threshold, reranker.model.refute_threshold),
    ]  # fmt: skip


def kinds(found: Figures) -> str:
    return "  ".join(f"{kind} {value:.2f}" for kind, value in found.by_kind.items())


def line(name: str, found: Figures) -> str:
    return (f"  {name:<30} thr {found.threshold:7.3f}  precision {found.precision:.3f}  recall {found.recall:.3f}  "
            f"decoys {found.decoys:.3f}  refuting {found.refuting:.3f}")  # fmt: skip


def report(claim_set: ClaimSet, idf: IdfLookup | None, extra: list[Claim]) -> None:
    base = [*claim_set.claims, *extra]
    counts = {label: sum(p.label == label for p in claim_set.posts) for label in ("spreads", "decoy", "refutes", "unrelated")}
    print(f"== {claim_set.name}: {len(claim_set.claims)} claims + {len(extra)} distractors, {len(claim_set.posts)} posts "
          f"({', '.join(f'{n} {k}' for k, n in counts.items() if n)})")  # fmt: skip
    for method in methods(claim_set, base, idf):
        oracle = at_precision(claim_set.posts, method.links, 0.95)
        print(line(f"{method.name}, precision >= 0.95", oracle))
        if method.shipped is not None:
            shipped = figures(claim_set.posts, method.links, method.shipped, method.shipped_refutes)
            print(line(f"{method.name}, shipped threshold", shipped))
            print(f"    recall by kind at the shipped threshold: {kinds(shipped)}")
        print(f"    recall by kind at precision >= 0.95: {kinds(oracle)}")
    print()


def speed(build: Callable[[], ClaimMatcher | ClaimReranker], texts: Sequence[str], batch: int = 256) -> float:
    """Items/s of reading and matching ``texts`` in batches (best of 3 passes, each with a fresh matcher:
    the re-ranker remembers what it found of each text)."""
    best = float("inf")
    for _ in range(3):
        matcher = build()
        clear_caches()  # the re-ranker caches what it read of each text: every pass starts cold
        started = time.perf_counter()
        for first in range(0, len(texts), batch):
            matcher.match([matcher.read(text) for text in texts[first : first + batch]])
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-test", action="store_true", help="leave the blind test set out (while developing)")
    args = parser.parse_args()
    idf, extra = background_idf(), distractors()
    sets = [eval_set(), *dev_sets()]
    if not args.no_test:
        sets.append(blind_set(TEST, "claims_blind (TEST, written blind)"))
    for claim_set in sets:
        report(claim_set, idf, extra)
    corpus = demo_texts()
    for base in ([*sets[-1].claims, *extra], sets[0].claims):
        builds: tuple[tuple[str, Callable[[], ClaimMatcher | ClaimReranker]], ...] = (
            ("previous matcher", lambda: ClaimMatcher(base, idf)), ("re-ranker", lambda: ClaimReranker(base, idf)))
        for name, build in builds:
            matcher = build()
            linked = sum(bool(found) for found in matcher.match([matcher.read(text) for text in corpus]))
            print(f"{name:<17} {speed(build, corpus):6,.0f} items/s, one core ({len(corpus)} demo items, "
                  f"{len(base)} claims); demo items matched at the shipped threshold: {linked}")  # fmt: skip


if __name__ == "__main__":
    main()
