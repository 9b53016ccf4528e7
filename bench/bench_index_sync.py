"""What durable index commits cost (issue 14, point 10): the embedded index written in enrich-sized
batches with ``synchronous = FULL`` (its setting: each commit syncs the WAL before the queue acks)
against ``NORMAL`` (the WAL synced only at checkpoints), in the same run, rounds alternating.

    .venv/bin/python bench/bench_index_sync.py --items 2000

Items come from bench_index's synthetic generator; each round writes them into a fresh file.
Printed: wall seconds per mode (median of the rounds), the ratio FULL / NORMAL and the cost
per batch, which is what one enrich batch pays more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_index import make_items  # noqa: E402

from langnghe.index.sqlite import SQLiteIndex  # noqa: E402
from langnghe.item import Item  # noqa: E402


def write_all(path: Path, items: list[Item], batch: int, synchronous: str) -> float:
    """Seconds to write ``items`` in batches (one transaction each), as the enrich stage does."""
    index = SQLiteIndex(path)
    try:
        index._conn().execute(f"PRAGMA synchronous = {synchronous}")  # this thread's connection: the one writing
        started = time.perf_counter()
        for start in range(0, len(items), batch):
            index.write(items[start : start + batch])
        return time.perf_counter() - started
    finally:
        index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=256, help="items per transaction (the enrich batch)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    items = make_items(args.items)
    seconds: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
    with tempfile.TemporaryDirectory(prefix="bench-index-sync-", dir=Path.cwd()) as tmp:  # the disk, not a tmpfs
        for round_ in range(args.rounds):
            for mode in ("NORMAL", "FULL") if round_ % 2 == 0 else ("FULL", "NORMAL"):
                seconds[mode].append(write_all(Path(tmp) / f"{mode}-{round_}.sqlite3", items, args.batch, mode))
    normal, full = (statistics.median(seconds[m]) for m in ("NORMAL", "FULL"))
    batches = -(-args.items // args.batch)
    print(f"{args.items} items in {batches} batches of {args.batch}, {args.rounds} rounds (median wall s)")
    print(f"NORMAL {normal:.3f} s, FULL {full:.3f} s: ratio FULL / NORMAL {full / normal:.2f}, "
          f"{(full - normal) / batches * 1000:.1f} ms more per batch")


if __name__ == "__main__":
    main()
