"""Train the claim re-ranker (``langnghe/claims/reranker.json``) on the development sets only.

    .venv/bin/python bench/train_claim_reranker.py [--precision 0.97] [--dry-run]

Training pairs are the retrieval candidates (:meth:`ClaimReranker.candidates`) of every
post of ``bench/claims_eval.yaml`` and of each blind development set present
(``bench/data/claims_dev/``, ``claims_dev2/``, ``claims_dev3/``, each written by another
writer) against that set's claims plus the 2,000 distractor claims, and of the demo site's
400 items (which repeat no claim). A pair is positive when the post spreads or corrects
that claim. The test set (``bench/data/claims_blind/posts.jsonl``) is never read here.

The threshold is chosen on out-of-fold probabilities, the folds being the sets
(leave-one-set-out: a blind set's posts are scored by a model trained on the other sets,
never on its writer's style; ``claims_eval.yaml`` and the demo items are one more fold; with a
single blind set, 5 folds grouped by claim): the lowest threshold whose post-level precision
reaches ``--precision`` (a margin above the 0.95 goal) while at most ``--decoys`` of the
topic-only decoys match. **Leave-one-set-out figures**: for each blind development set,
the model trained on the others with its threshold chosen the same way on the others
alone (nested), measured on the set held out: what an unseen writer's posts should get.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from claims_sets import ClaimSet, Figures, Link, Post, at_precision, dev_sets, distractors, eval_set, figures
from langnghe.claims.model import Claim
from langnghe.claims.rerank import DEBUNK, FEATURES, MODEL_FILE, ClaimReranker, RerankModel, read_canonical
from langnghe.claims.weights import background_idf

_BOOTSTRAP = RerankModel(tuple(0.0 for _ in FEATURES), 0.0, 1.0, 1.0)  # candidates only: weights unused


@dataclass
class Pairs:
    features: list[list[float]]
    labels: list[int]
    groups: list[str]
    post: list[int]  # index into the posts list
    claim: list[str]
    sets: list[str]  # the set each pair's post belongs to (the demo items: the first set's)


def collect(sets: list[ClaimSet], extra: list[Claim], negatives: list[str]) -> tuple[Pairs, list[Post]]:
    idf = background_idf()
    pairs, posts = Pairs([], [], [], [], [], []), []
    for claim_set in sets:
        matcher = ClaimReranker([*claim_set.claims, *extra], idf, model=_BOOTSTRAP)
        texts = [post.text for post in claim_set.posts]
        if claim_set is sets[0]:
            texts += negatives
        readings = [read_canonical(text) for text in texts]
        for candidate in matcher.candidates(readings):
            post = claim_set.posts[candidate.row] if candidate.row < len(claim_set.posts) else None
            pairs.features.append(candidate.features)
            pairs.labels.append(int(post is not None and post.about == candidate.claim_id))
            pairs.groups.append(f"{claim_set.name}/{post.claim_id if post else 'demo'}")
            pairs.sets.append(claim_set.name)
            pairs.post.append(len(posts) + candidate.row)
            pairs.claim.append(candidate.claim_id)
        posts += claim_set.posts + [Post(None, "demo", "unrelated", text) for text in texts[len(claim_set.posts) :]]
    return pairs, posts


def links(pairs: Pairs, probability: np.ndarray, count: int) -> list[Link]:
    best: list[Link] = [Link(None, 0.0) for _ in range(count)]
    for post, claim_id, p, features in zip(pairs.post, pairs.claim, probability, pairs.features):
        if p > best[post].score:
            best[post] = Link(claim_id, float(p), bool(features[DEBUNK]))
    return best


def choose(posts: list[Post], found: list[Link], precision: float, decoys: float) -> tuple[Figures, float]:
    """The threshold with the best recall whose precision and decoy share meet the bounds, then
    the lowest threshold for posts read as corrections that keeps them (most corrections linked)."""
    best = figures(posts, found, 1.0)
    for threshold in sorted({link.score for link in found if link.claim_id is not None}):
        here = figures(posts, found, threshold)
        if here.precision >= precision and here.decoys <= decoys and here.recall > best.recall:
            best = here
    refute = best.threshold
    for threshold in sorted({link.score for link in found if link.refutes and link.score < best.threshold}, reverse=True):
        here = figures(posts, found, best.threshold, threshold)
        if here.precision < precision or here.decoys > decoys:
            break
        refute = threshold
    return best, refute


def show_errors(posts: list[Post], found: list[Link], threshold: float) -> None:
    """Development posts linked wrongly or missed at ``threshold`` (out-of-fold)."""
    kinds: dict[str, int] = {}
    for post, link in zip(posts, found):
        linked = link.claim_id if link.score >= threshold else None
        if linked != post.about and post.label != "unrelated" or (post.label == "unrelated" and linked):
            kinds[post.kind] = kinds.get(post.kind, 0) + 1
            print(f"[{post.kind} {post.label} {post.claim_id}] best {link.claim_id} {link.score:.2f}: {post.text[:160]}")
    print(kinds)


def out_of_fold(x: np.ndarray, y: np.ndarray, folds: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    """Probabilities of each pair from a model that never saw its fold (its set); with a single
    fold, from 5 folds grouped by ``groups`` (claims)."""
    found = np.zeros(len(y))
    names = sorted(set(folds.tolist()))
    splits = ([(np.flatnonzero(folds != name), np.flatnonzero(folds == name)) for name in names] if len(names) > 1
              else list(GroupKFold(5).split(x, y, groups)))  # fmt: skip
    for train, test in splits:
        found[test] = LogisticRegression(C=c, max_iter=2000).fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    return found


def leave_one_set_out(pairs: Pairs, posts: list[Post], post_sets: list[str], held: str, args: argparse.Namespace) -> str:
    """Figures on the blind set ``held``: trained on the other sets, threshold chosen on their
    own out-of-fold probabilities (nested), then measured on ``held``."""
    x, y = np.array(pairs.features), np.array(pairs.labels)
    folds, groups = np.array(pairs.sets), np.array(pairs.groups)
    train, test = np.flatnonzero(folds != held), np.flatnonzero(folds == held)
    inner = out_of_fold(x[train], y[train], folds[train], groups[train], args.c)
    others = [n for n, name in enumerate(post_sets) if name != held]
    renumber = {old: new for new, old in enumerate(others)}
    kept = Pairs(*[[column[n] for n in train.tolist()] for column in
                   (pairs.features, pairs.labels, pairs.groups, pairs.post, pairs.claim, pairs.sets)])  # fmt: skip
    kept.post = [renumber[n] for n in kept.post]
    chosen, refute = choose([posts[n] for n in others], links(kept, inner, len(others)), args.precision, args.decoys)
    model = LogisticRegression(C=args.c, max_iter=2000).fit(x[train], y[train])
    probability = np.zeros(len(y))
    probability[test] = model.predict_proba(x[test])[:, 1]
    held_posts = [n for n, post in enumerate(posts) if post.kind != "demo" and post_sets[n] == held]
    found = links(pairs, probability, len(posts))
    mine = [posts[n] for n in held_posts]
    shown = figures(mine, [found[n] for n in held_posts], chosen.threshold, refute)
    oracle = at_precision(mine, [found[n] for n in held_posts], 0.95)
    return (f"  {held:<14} thr {chosen.threshold:.3f}/{refute:.3f}: precision {shown.precision:.3f} recall {shown.recall:.3f} "
            f"decoys {shown.decoys:.3f} refuting {shown.refuting:.3f} | oracle p>=0.95: recall {oracle.recall:.3f} "
            f"decoys {oracle.decoys:.3f}\n    by kind: " + "  ".join(f"{k} {v:.2f}" for k, v in shown.by_kind.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--precision", type=float, default=0.97)
    parser.add_argument("--decoys", type=float, default=0.04, help="most share of decoys matched")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--errors", action="store_true", help="print the development posts decided wrongly")
    parser.add_argument("--dry-run", action="store_true", help="report, do not write the model")
    args = parser.parse_args()
    from bench_claims import demo_texts

    sets = [eval_set(), *dev_sets()]
    pairs, posts = collect(sets, distractors(), demo_texts())
    post_sets = [name for s in sets for name in [s.name] * len(s.posts)]
    post_sets[len(sets[0].posts) : len(sets[0].posts)] = ["demo"] * (len(posts) - len(post_sets))  # after the first set
    x, y = np.array(pairs.features), np.array(pairs.labels)
    print(f"{len(posts)} posts ({', '.join(s.name for s in sets)}, demo items), {len(y)} candidate pairs, {y.sum()} positive")
    folds = np.array(pairs.sets) if len(sets) > 2 else np.zeros(len(y), dtype=int)  # one blind set: by claim
    oof = out_of_fold(x, y, folds, np.array(pairs.groups), args.c)
    chosen, refute = choose(posts, links(pairs, oof, len(posts)), args.precision, args.decoys)
    both = figures(posts, links(pairs, oof, len(posts)), chosen.threshold, refute)
    print(f"out of fold: threshold {chosen.threshold:.3f} (corrections {refute:.3f}), precision {both.precision:.3f}, "
          f"recall {both.recall:.3f}, decoys {both.decoys:.3f}, corrections linked {both.refuting:.3f}")  # fmt: skip
    print("  by kind: " + "  ".join(f"{k} {v:.2f}" for k, v in both.by_kind.items()))
    if len(sets) > 2:
        print("leave one blind set out (trained and thresholded on the others, measured on it):")
        for claim_set in sets[1:]:
            print(leave_one_set_out(pairs, posts, post_sets, claim_set.name, args))
    if args.errors:
        show_errors(posts, links(pairs, oof, len(posts)), chosen.threshold)
    final = LogisticRegression(C=args.c, max_iter=2000).fit(x, y)
    model = RerankModel(tuple(float(w) for w in final.coef_[0]), float(final.intercept_[0]), chosen.threshold, refute)
    for name, weight in zip(FEATURES, model.weights):
        print(f"  {name:<20} {weight:+.3f}")
    if not args.dry_run:
        model.save(MODEL_FILE, trained_on=[s.name for s in sets] + ["demo items (negatives)"], precision_target=args.precision)
        print(f"wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
