"""Speed of the claims step on the enrich path: the re-ranking matcher beside the previous matcher, in one run.

    .venv/bin/python bench/bench_claims_speed.py [--passes 3]

Both matchers run through :meth:`langnghe.claims.stage.ClaimStage.match` (reading, matching,
stance, near-duplicate exemplars: what the enrich stage calls) on the demo site's 400 items
as the crawler gives them (a forum thread is its opening post, then its replies), in batches
of 256, against three claim bases: the demo's own (a handful of claims), the 38 claims of
``bench/claims_eval.yaml`` and the test set's 64 claims with 2,000 distractors. The figure is
items/s of process CPU time (best of ``--passes``, each on a fresh stage with every cache
cleared, the two matchers' passes interleaved: the machine is shared), and the re-ranker's
ratio to the previous matcher measured in the same run, without and with the lossless
pre-filter of :mod:`langnghe.claims.gate` ("gated"). No timing is asserted
anywhere: compare ratios, not seconds, across machines.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from claims_sets import TEST, blind_set, distractors, eval_set
from langnghe.claims.matcher import ClaimMatcher
from langnghe.claims.model import Claim
from langnghe.claims.rerank import ClaimReranker, RerankConfig, clear_caches
from langnghe.claims.stage import ClaimStage, Matcher
from langnghe.claims.store import ClaimStore
from langnghe.claims.weights import IdfLookup, background_idf
from langnghe.demo import build_site
from langnghe.demo.claim_base import claim_base
from langnghe.item import Item
from langnghe.testing import build_item

END = date(2026, 11, 20)
BATCH = 256


def demo_items() -> tuple[list[Item], list[Claim]]:
    """The demo site's items as the enrich stage sees them, and the demo's claim base."""
    site = build_site(END)
    items = []
    for demo in site.items:
        forum = site.outlet(demo.outlet).platform == "forum"
        text = "\n".join([*demo.paragraphs, *(reply.text for reply in demo.replies)])
        items.append(build_item(id=f"demo-{demo.id}", platform="forum" if forum else "news",
                                kind="post" if forum else "article", title=demo.title, text=text))  # fmt: skip
    claims = [Claim(**entry) for entry in claim_base(site, lambda item: f"https://demo.example{item.path}")]
    return items, claims


def one_pass(build: Callable[[], Matcher], items: Sequence[Item], store: ClaimStore) -> tuple[float, int]:
    """CPU seconds of the claims step over ``items`` on a fresh stage, and how many items it linked."""
    stage = ClaimStage(build(), store)  # fresh exemplars: every pass does the same work
    clear_caches()
    started = time.process_time()
    found = [stage.match(list(items[first : first + BATCH])) for first in range(0, len(items), BATCH)]
    return time.process_time() - started, sum(bool(item.claims) for batch in found for item in batch.items)


def compare(name: str, base: list[Claim], items: Sequence[Item], idf: IdfLookup, store: ClaimStore, passes: int) -> None:
    """Both matchers, their passes interleaved (a machine whose load drifts slows both alike)."""
    builds: dict[str, Callable[[], Matcher]] = {
        "previous": lambda: ClaimMatcher(base, idf),
        "re-ranker": lambda: ClaimReranker(base, idf, rerank=RerankConfig(gate=False)),
        "gated": lambda: ClaimReranker(base, idf, rerank=RerankConfig(gate=True)),
    }
    best = {method: float("inf") for method in builds}
    linked = dict.fromkeys(builds, 0)
    for _ in range(passes):
        for method, build in builds.items():
            seconds, linked[method] = one_pass(build, items, store)
            best[method] = min(best[method], seconds)
    speed = {method: len(items) / seconds for method, seconds in best.items()}
    print(f"{name:<32} previous {speed['previous']:7,.0f} items/s ({linked['previous']} linked)  re-ranker "
          f"{speed['re-ranker']:7,.0f} items/s ({linked['re-ranker']} linked)  ratio {speed['re-ranker'] / speed['previous']:.2f}"
          f"  gated {speed['gated']:7,.0f} items/s ({linked['gated']} linked)  ratio {speed['gated'] / speed['previous']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    idf = background_idf()
    items, demo_base = demo_items()
    with tempfile.TemporaryDirectory() as folder:
        store = ClaimStore(Path(folder) / "claims.sqlite3")  # never written: match() only reads
        print(f"{len(items)} demo items, batches of {BATCH}, best of {args.passes} passes, one process")
        compare(f"demo claim base ({len(demo_base)})", demo_base, items, idf, store, args.passes)
        compare("claims_eval.yaml (38)", eval_set().claims, items, idf, store, args.passes)
        compare("test base (64 + 2,000)", [*blind_set(TEST, "test").claims, *distractors()], items, idf, store, args.passes)
        store.close()


if __name__ == "__main__":
    main()
