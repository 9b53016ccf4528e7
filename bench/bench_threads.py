"""Benchmark event threads: B-cubed of threads against single stories on planted developing events.

    .venv/bin/python bench/bench_threads.py                       # 200 chains, seeds 2, 3, 4
    .venv/bin/python bench/bench_threads.py --chains 60 --seeds 1  # the seed the threshold was tuned on

The stream (:mod:`langnghe.testing_threads`, seeded, hand-written templates, no dataset
text) plants developing events: an incident, a denial, a fine, compensation (3-5 phases,
2 to 5 days apart, 2-6 items each), beside distractors that share only the chain's
commune, the same words in another province, or the same words in the chain's province.
Items are clustered into stories (:class:`~langnghe.detection.stories.StoryClusterer`,
default parameters), then stories are linked into threads (:func:`link_threads`). For
each seed, in the same run:

1. B-cubed precision, recall and F1 of the items' stories (each story its own thread: the
   baseline) and of their threads, against the planted events;
2. how much of each chain lies in its main thread, and how many distractor stories (kept
   apart by the clusterer) a chain's thread took in, per kind of distractor;
3. the cost: threading's CPU time beside clustering's.

Then, for the first seed, the read path the commands use: the whole story job on a SQLite
index, and :meth:`StoryStore.threads_of` for every story at the end of the stream.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from langnghe.detection.stories import StoryClusterer, StoryParams, StoryState
from langnghe.detection.story_records import ClusterScores, cluster_scores
from langnghe.detection.story_signals import item_signals
from langnghe.detection.threads import ThreadParams, link_threads, sketch_of
from langnghe.index.sqlite import SQLiteIndex
from langnghe.stages.stories import update_stories
from langnghe.stores.stories import StoryStore
from langnghe.testing_threads import Planted, planted_stream


def _cluster(stream: list[Planted]) -> tuple[dict[str, str], list[StoryState], float]:
    params = StoryParams()
    clusterer = StoryClusterer(params)
    cpu = time.process_time()
    assigned = {p.item.id: clusterer.assign(item_signals(p.item, params)).story_id for p in stream}
    return assigned, clusterer.take_changes().stories, time.process_time() - cpu


def _line(name: str, scores: ClusterScores) -> str:
    return (f"  {name:<28} B-cubed P {scores.bcubed_precision:.3f} R {scores.bcubed_recall:.3f} "
            f"F1 {scores.bcubed_f1:.3f}")  # fmt: skip


def _distractors(stream: list[Planted], stories: dict[str, str], threads: dict[str, str]) -> str:
    """Distractor stories the clusterer kept apart that a chain's thread took in, per kind."""
    truths: dict[str, set[str]] = {}
    for p in stream:
        truths.setdefault(stories[p.item.id], set()).add(p.truth)
    chain_threads = {threads[p.item.id] for p in stream if p.role == "chain"}
    apart: Counter[str] = Counter()
    joined: Counter[str] = Counter()
    seen: set[str] = set()
    for p in stream:
        story = stories[p.item.id]
        if p.role == "chain" or story in seen or len(truths[story]) > 1:
            continue
        seen.add(story)
        apart[p.role] += 1
        joined[p.role] += threads[p.item.id] in chain_threads
    return ", ".join(f"{role} {joined[role]}/{apart[role]}" for role in sorted(apart))


def _linked(stream: list[Planted], assignment: dict[str, str]) -> float:
    """Share of chain items in their chain's main group."""
    chains: dict[str, Counter[str]] = {}
    for p in stream:
        if p.role == "chain":
            chains.setdefault(p.truth, Counter())[assignment[p.item.id]] += 1
    return sum(c.most_common(1)[0][1] for c in chains.values()) / sum(sum(c.values()) for c in chains.values())


def run_seed(chains: int, seed: int, params: ThreadParams, days: int) -> list[Planted]:
    stream = planted_stream(chains, seed=seed, days=days)
    stories, states, cluster_cpu = _cluster(stream)
    cpu = time.process_time()
    linked = link_threads((sketch_of(state) for state in states), params)
    thread_cpu = time.process_time() - cpu
    threads = {item_id: linked[story_id] for item_id, story_id in stories.items()}
    truth = {p.item.id: p.truth for p in stream}
    roles = Counter(p.role for p in stream)
    print(f"seed {seed}: {len(stream):,} items ({roles['chain']:,} in {chains} chains), "
          f"{len(set(stories.values())):,} stories, {len(set(linked.values())):,} threads")  # fmt: skip
    print(_line("single stories (baseline)", cluster_scores(truth, stories)))
    print(_line("event threads", cluster_scores(truth, threads)))
    print(f"  chain items in their main group: stories {_linked(stream, stories):.3f}, threads {_linked(stream, threads):.3f}")
    print(f"  distractor stories taken into a chain's thread: {_distractors(stream, stories, threads)}")
    print(f"  CPU: clustering {cluster_cpu:.2f} s, threading {thread_cpu:.3f} s "
          f"({thread_cpu / cluster_cpu:.3f} of clustering)")  # fmt: skip
    return stream


def read_path(stream: list[Planted], params: ThreadParams) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with SQLiteIndex(Path(folder) / "i.sqlite3") as index, StoryStore(Path(folder) / "s.sqlite3") as store:
            index.upsert([p.item for p in stream])
            started = time.perf_counter()
            update_stories(index, store)
            job = time.perf_counter() - started
            at = max(p.item.published_at for p in stream if p.item.published_at) + timedelta(hours=1)
            asked = [story.id for story in store.stories(at=at, active_since=at - params.lookback, limit=None)]
            started = time.perf_counter()
            found = store.threads_of(asked, at, params)
            read = time.perf_counter() - started
    print(f"read path: story job {job:.1f} s; threads_of for the {len(asked):,} stories of the last "
          f"{params.lookback.days} days: {read:.2f} s ({read / job:.3f} of the job), "
          f"{len({t.id for t in found.values()}):,} threads")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chains", type=int, default=200)
    parser.add_argument("--seeds", type=int, nargs="+", default=[2, 3, 4], help="1 is the tuning seed")
    parser.add_argument("--threshold", type=float, default=ThreadParams().threshold)
    parser.add_argument("--days", type=int, default=0, help="days the chains begin over (default: one a day)")
    args = parser.parse_args()
    params = ThreadParams(threshold=args.threshold)
    first: list[Planted] = []
    for seed in args.seeds:
        stream = run_seed(args.chains, seed, params, args.days or args.chains)
        first = first or stream
    read_path(first, params)


if __name__ == "__main__":
    main()
