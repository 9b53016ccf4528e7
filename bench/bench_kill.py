"""`kill -9` of `langnghe ingest` at random moments, each followed by a restart, against a clean run.

    .venv/bin/python bench/bench_kill.py                       # 4,992 items, 20 kills (the issue's figure)
    .venv/bin/python bench/bench_kill.py --volume 1 --kills 6

The stream is the demo's synthetic one (``langnghe.testing_kill.write_stream``: 28 days,
news and forum threads with comments, bursts, a slow issue, the planted false claim, with
that claim in the claim base). A clean ``langnghe ingest`` runs into one data folder while
its progress is polled (items indexed, items in stories); ``--kills`` moments are drawn at
random over its wall time. Each killed run gets SIGKILL at the next moment: once it has the
progress the clean run had then, after the time the clean run had spent past that point, so
kills land in reading, enrich, stories, roll-ups and detection as the moments fall; a run
that ends first is started again. After the last kill one run goes to its end. Printed:
items, kills, wall times (the clean run; all killed runs and the last one together), where
the kills landed (seconds into the run, items indexed and clustered then), and every
difference between the two folders (``langnghe.testing_kill.differences``): none is the goal.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from langnghe.testing_kill import (
    analyst_moments, clean_ingest, differences, killed_ingest, snapshot, write_config, write_stream,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--volume", type=float, default=5.3, help="background volume (5.3: 4,992 items)")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7, help="seed of the kill moments")
    parser.add_argument("--keep", type=Path, help="keep the data folders here instead of a temporary folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        stream = root / "stream.jsonl"
        count = write_stream(stream, days=args.days, volume=args.volume)
        config = write_config(root / "config")
        timeline = clean_ingest(stream, root / "clean", config)
        print(f"{count:,} items; clean ingest {timeline[-1].seconds:.1f} s", flush=True)
        shutil.rmtree(root / "killed", ignore_errors=True)
        report = killed_ingest(stream, root / "killed", config, timeline=timeline, kills=args.kills, seed=args.seed)
        print(f"{report.kills} kills in {report.runs} runs ({report.finished_early} ended before their moment), "
              f"{report.seconds:.1f} s in all: {report.phases(count)}; at each kill (seconds into the run, "
              f"items indexed, items clustered): {[(p.seconds, p.indexed, p.clustered) for p in report.at_kill]}",
              flush=True)
        started = time.perf_counter()
        emerging_at, trends_at = analyst_moments(args.days)
        found = differences(snapshot(root / "clean", config, emerging_at=emerging_at, trends_at=trends_at),
                            snapshot(root / "killed", config, emerging_at=emerging_at, trends_at=trends_at))
        print(f"compared in {time.perf_counter() - started:.1f} s: index, story store, roll-ups, claim spread, "
              f"detection store, `stories`, `emerging --at` {emerging_at}, `trends --at` {trends_at}")
        print("identical to the clean run" if not found else "DIFFERENT:\n  " + "\n  ".join(found))


if __name__ == "__main__":
    main()
