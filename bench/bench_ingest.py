"""Benchmark ``langnghe ingest`` end to end against the enrich stage alone on the same items.

    .venv/bin/python bench/bench_ingest.py                 # 20,000 items
    .venv/bin/python bench/bench_ingest.py --items 3000    # a quick look

The stream is the demo's synthetic stream (:func:`langnghe.demo.stream.build_stream`: news,
forum posts and their replies over 28 days, with planted bursts, a slow issue and a
spreading claim), its volume chosen for about ``--items`` items, cut to that many. Each run
starts from an empty data folder on the embedded store (SQLite index, default settings).
Printed, all in the same run:

1. ``classify`` of the same texts (``classify_file``, its default workers): the NLP alone;
2. the enrich stage alone: the file queued, then drained through the enrich stage (annotate,
   index write, claim matches), as ``langnghe enrich`` does (one process), then again with
   its NLP in ``--workers`` processes, as ``ingest`` runs it;
3. ``ingest``: the same file through enrich, index, stories, roll-ups and detection
   (``ingest_file``), with the time of each step.

Each is timed in a fresh process. The ratios are ingest / enrich alone (the goal of issue 13: at least 0.6) and ingest / classify.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TypeVar
from pathlib import Path

from langnghe.app import App
from langnghe.demo.stream import build_stream
from langnghe.jobs.classify import classify_file, default_workers
from langnghe.jobs.core import ingest_file, run_enrich
from langnghe.config import load_concerns
from langnghe.settings import Settings
from langnghe.stages.ingest import queue_file

REPO = Path(__file__).resolve().parents[1]
_T = TypeVar("_T")
try:  # the NLP worker pool ingest uses (absent before it was added: the bench then runs without it)
    from langnghe.nlp.pool import AnnotatePool  # noqa: F401

    POOL = True
except ImportError:
    POOL = False
ITEMS_PER_VOLUME = 900  # the 28-day demo stream holds a little more than this many items per unit of volume (925)


@dataclass(frozen=True)
class Timed:
    items: int
    seconds: float  # wall clock
    cpu: float  # CPU seconds of this process and of its finished child processes

    @property
    def rate(self) -> float:
        return self.items / self.seconds

    @property
    def cpu_rate(self) -> float:
        return self.items / self.cpu


class Clock:
    """Wall and CPU time from its start (CPU: this process and its reaped children, such as a
    worker pool's: what the machine spent, which holds when other work shares it)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), self._cpu()

    @staticmethod
    def _cpu() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def stop(self, items: int) -> Timed:
        return Timed(items, time.perf_counter() - self.wall, self._cpu() - self.cpu)


def write_stream(count: int, folder: Path) -> Path:
    """About ``count`` items of the demo stream (cut to ``count``) as Item JSON Lines."""
    stream = build_stream(volume=max(count / ITEMS_PER_VOLUME, 0.5))
    items = stream.items[:count]
    path = folder / "stream.jsonl"
    path.write_text("".join(item.to_json() + "\n" for item in items), encoding="utf-8")
    texts = folder / "texts.jsonl"
    lines = (json.dumps({"id": i.id, "text": f"{i.title}\n{i.text}" if i.title else i.text}, ensure_ascii=False)
             for i in items)  # fmt: skip
    texts.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def settings_in(folder: Path) -> Settings:
    return Settings(data_dir=folder, config_dir=REPO / "config")


def time_classify(folder: Path, workers: int) -> Timed:
    clock = Clock()
    report = classify_file(folder / "texts.jsonl", folder / "classified.jsonl", workers=workers,
                           concerns=load_concerns(REPO / "config"))  # fmt: skip
    return clock.stop(report.written)


def time_enrich_alone(stream: Path, folder: Path, workers: int = 1) -> Timed:
    """The file queued (not timed), then one enrich drain (timed), its NLP in ``workers`` processes."""
    with App(settings_in(folder)) as app:
        queue_file(stream, app.queue, print, lambda n: None)
        clock = Clock()
        report = run_enrich(app, **({"workers": workers} if workers > 1 else {}))  # type: ignore[arg-type]
        return clock.stop(report.done)


def time_ingest(stream: Path, folder: Path) -> tuple[Timed, str]:
    clock = Clock()
    outcome = ingest_file(settings_in(folder), stream)
    timed = clock.stop(outcome.enrich.done)
    laps = getattr(outcome, "seconds", {})  # the steps' times (absent before they were recorded)
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in laps.items()) or "steps not timed"
    if outcome.stories:
        steps += f"\n  stories: {outcome.stories.line()}"
    return timed, steps


def fresh(function: Callable[..., _T], *args: object) -> _T:
    """``function(*args)`` in a new process: each run starts from the same empty heap (a run
    after others in one process is slowed by what they left), its CPU time its own."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=default_workers(), help="classify's processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = Path(tmp)
        stream = write_stream(args.items, folder)
        count = sum(1 for _ in stream.open(encoding="utf-8"))
        print(f"{count} items of the demo stream; {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f} at the start")  # fmt: skip
        classified = fresh(time_classify, folder, args.workers)
        alone = fresh(time_enrich_alone, stream, folder / "enrich")
        pooled = fresh(time_enrich_alone, stream, folder / "enrich-pool", args.workers) if POOL else None
        ingested, steps = fresh(time_ingest, stream, folder / "ingest")
    rows = ((f"classify, {args.workers} workers (NLP alone)", classified),
            ("enrich stage alone (annotate, index, claims)", alone),
            *([(f"enrich stage alone, NLP in {args.workers} processes", pooled)] if pooled else []),
            ("ingest (enrich, stories, roll-ups, detection)", ingested))  # fmt: skip
    print(f"{'':46} {'items':>6} {'wall s':>7} {'items/s':>8} {'CPU s':>7} {'items/CPU-s':>12}")
    for name, timed in rows:
        print(f"{name:46} {timed.items:6d} {timed.seconds:7.1f} {timed.rate:8.1f} {timed.cpu:7.1f} {timed.cpu_rate:12.1f}")
    print(f"  {steps}")
    print(f"ratio ingest / enrich alone: {ingested.rate / alone.rate:.2f} wall, "
          f"{ingested.cpu_rate / alone.cpu_rate:.2f} CPU (goal >= 0.6); "
          f"ingest / classify: {ingested.rate / classified.rate:.2f} wall, {ingested.cpu_rate / classified.cpu_rate:.2f} CPU")
    if pooled:
        print(f"ratio ingest / enrich alone with the same NLP processes: {ingested.rate / pooled.rate:.2f} wall, "
              f"{ingested.cpu_rate / pooled.cpu_rate:.2f} CPU")


if __name__ == "__main__":
    main()
