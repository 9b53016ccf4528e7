"""The claim-matching evaluation sets, read into one shape (for bench_claims and train_claim_reranker).

- ``bench/claims_eval.yaml``: hand-written by the matcher's authors (development);
- ``bench/data/claims_dev/``, ``claims_dev2/``, ``claims_dev3/``: written blind, each by another
  writer, for development (tuning and training allowed);
- ``bench/data/claims_blind/``: written blind, the TEST set: never tuned or trained on.

Each blind set has ``claims.jsonl``, ``posts.jsonl`` (label ``spreads``, ``decoy`` or
``refutes``; kind of retelling) and shares ``claims_blind/distractors.jsonl`` (2,000
claim-like statements added to the claim base).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from langnghe.claims.model import Claim

HERE = Path(__file__).parent
EVAL = HERE / "claims_eval.yaml"
DEV = HERE / "data" / "claims_dev"
DEVS = (DEV, HERE / "data" / "claims_dev2", HERE / "data" / "claims_dev3")  # each by another blind writer
TEST = HERE / "data" / "claims_blind"
DISTRACTORS = TEST / "distractors.jsonl"
_EVAL_LABEL = {"paraphrase": "spreads", "quote": "spreads", "no_diacritics": "spreads", "refutes": "refutes"}


@dataclass(frozen=True)
class Post:
    """One post of a set: the claim it is about (a decoy names the claim whose topic it shares)."""

    claim_id: str | None
    kind: str
    label: str  # spreads | refutes | decoy | unrelated
    text: str

    @property
    def about(self) -> str | None:
        """The claim the post should be linked to (none for decoys and unrelated posts)."""
        return self.claim_id if self.label in ("spreads", "refutes") else None


@dataclass(frozen=True)
class ClaimSet:
    name: str
    claims: list[Claim]
    posts: list[Post]


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def distractors() -> list[Claim]:
    return [Claim(id=str(row["id"]), claim=str(row["claim"])) for row in _jsonl(DISTRACTORS)]


def blind_set(folder: Path, name: str) -> ClaimSet:
    claims = [Claim(id=str(row["id"]), claim=str(row["claim"]), verdict=str(row.get("verdict") or "sai sự thật"))
              for row in _jsonl(folder / "claims.jsonl")]  # fmt: skip
    posts = [Post(str(row["claim_id"]), str(row["kind"]), str(row["label"]), str(row["text"]))
             for row in _jsonl(folder / "posts.jsonl")]  # fmt: skip
    return ClaimSet(name, claims, posts)


def dev_sets() -> list[ClaimSet]:
    """The blind development sets present (:data:`DEVS`), each named by its folder."""
    return [blind_set(folder, folder.name) for folder in DEVS if (folder / "posts.jsonl").exists()]


def eval_set() -> ClaimSet:
    data = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
    posts = [Post(q["claim"], q["kind"], _EVAL_LABEL.get(q["kind"], "unrelated"), q["text"]) for q in data["queries"]]
    return ClaimSet("claims_eval.yaml", [Claim.model_validate(c) for c in data["claims"]], posts)


@dataclass(frozen=True)
class Link:
    """A method's best claim for a post, its score and the stance it reads."""

    claim_id: str | None
    score: float
    refutes: bool = False


@dataclass(frozen=True)
class Figures:
    threshold: float
    precision: float
    recall: float  # of spreading posts, right claim
    decoys: float  # share of decoys matched to any claim
    refuting: float  # share of corrections linked to their claim as refuting
    by_kind: dict[str, float]


def figures(posts: list[Post], links: list[Link], threshold: float, refute_threshold: float | None = None) -> Figures:
    """Post-level figures when a post is linked to its best claim once the score reaches ``threshold``
    (``refute_threshold`` for a post read as refuting, when given).

    Precision: of the posts linked, the share linked to the claim they are about (spread or
    correction); a decoy or an unrelated post linked, or a post linked to another claim, is wrong.
    """
    bar = threshold if refute_threshold is None else refute_threshold
    linked = [link.claim_id is not None and link.score >= (bar if link.refutes else threshold) for link in links]
    right = [on and link.claim_id == post.about for post, link, on in zip(posts, links, linked)]
    spreads = [r for post, r in zip(posts, right) if post.label == "spreads"]
    decoys = [on for post, on in zip(posts, linked) if post.label == "decoy"]
    refuting = [r and link.refutes for post, link, r in zip(posts, links, right) if post.label == "refutes"]
    kinds = sorted({post.kind for post in posts if post.label == "spreads"})
    by_kind = {k: _mean([r for post, r in zip(posts, right) if post.label == "spreads" and post.kind == k]) for k in kinds}
    precision = sum(right) / sum(linked) if any(linked) else 1.0
    return Figures(threshold, precision, _mean(spreads), _mean(decoys), _mean(refuting), by_kind)


def at_precision(posts: list[Post], links: list[Link], target: float = 0.95) -> Figures:
    """The figures at the threshold with the best recall whose precision reaches ``target``."""
    best = figures(posts, links, float("inf"))
    for threshold in sorted({link.score for link in links if link.claim_id is not None}):
        found = figures(posts, links, threshold)
        if found.precision >= target and found.recall > best.recall:
            best = found
    return best


def _mean(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0
