"""A large embedded index for the web bench, built once into a cache folder and reused.

    .venv/bin/python bench/web_data.py --items 1000000      # build (or reuse) and print where

Items are generated, never taken from a dataset: titles and texts drawn from
:mod:`bench.bench_index`'s hand-written vocabulary, a rare two-syllable word or three per item
(what a selective analyst query hits), real section, sentiment and province names so filters and
facets have something to count, and times spread over the ``DAYS`` days before the day the cache
was built (so the pages' "last 7 days" presets find items). Items are generated and written in
batches: a million never sit in memory at once.

The cache folder holds a data directory (``data/index.sqlite3``, what ``langnghe --data-dir``
reads) and ``manifest.json``, written last: a folder without it is a build that did not finish
and is started again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_index import PROVINCES, RARE, SOURCES, WORDS  # noqa: E402
from langnghe.index.base import IndexBackend  # noqa: E402
from langnghe.index.sqlite import SQLiteIndex  # noqa: E402
from langnghe.item import Item  # noqa: E402
from langnghe.labels import SECTION_VI  # noqa: E402
from langnghe.testing import build_item  # noqa: E402

DAYS = 90
BATCH = 2_000
SECTIONS = tuple(SECTION_VI)
SENTIMENTS = ("positive", "neutral", "negative")
PLATFORMS = ("news", "news", "news", "facebook", "forum")


@dataclass(frozen=True)
class Manifest:
    """What a finished cache holds; ``end`` is the UTC moment the newest item may have."""

    items: int
    seed: int
    end: str
    build_seconds: float
    index_bytes: int


def default_cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "langnghe" / "bench_web"


def _item(rng: random.Random, n: int, end: datetime) -> Item:
    tokens = rng.choices(WORDS, k=rng.randint(25, 90)) + rng.sample(RARE, k=3)
    rng.shuffle(tokens)
    platform = rng.choice(PLATFORMS)
    return build_item(
        id=f"web-{n:08d}",
        source=rng.choice(SOURCES),
        platform=platform,
        url=f"https://nguon-{n % 30}.example.vn/tin/{n}.html",
        title=" ".join(rng.choices(WORDS, k=rng.randint(6, 12))).replace("_", " ").capitalize(),
        text=" ".join(tokens).replace("_", " "),
        tokens=tokens,
        sentiment=rng.choice(SENTIMENTS),
        section=rng.choice(SECTIONS),
        provinces=rng.sample(PROVINCES, k=rng.randint(0, 2)),
        published_at=end - timedelta(seconds=rng.randint(0, DAYS * 86400)),
    )


def generate(count: int, seed: int, end: datetime) -> Iterator[list[Item]]:
    """``count`` items in batches of :data:`BATCH`; the same seed and end give the same items."""
    rng = random.Random(seed)
    for start in range(0, count, BATCH):
        yield [_item(rng, n, end) for n in range(start, min(count, start + BATCH))]


def fill(index: IndexBackend, count: int, seed: int, end: datetime) -> None:
    """Write the generated items into any index backend, printing progress every 10%."""
    step = max(count // 10, BATCH)
    started = time.perf_counter()
    written = 0
    for batch in generate(count, seed, end):
        index.upsert(batch)
        written += len(batch)
        if written % step < BATCH or written == count:
            rate = written / (time.perf_counter() - started)
            print(f"  {written:>9,} / {count:,} items ({rate:,.0f}/s)", file=sys.stderr, flush=True)


def cache_dir(root: Path, items: int, seed: int) -> Path:
    return root / f"{items}-items-seed{seed}"


def read_manifest(folder: Path) -> Manifest | None:
    path = folder / "manifest.json"
    return Manifest(**json.loads(path.read_text())) if path.exists() else None


def build(root: Path, items: int, seed: int = 7) -> tuple[Path, Manifest]:
    """The data directory of a cache of ``items`` items, built now unless a finished one exists."""
    folder = cache_dir(root, items, seed)
    data = folder / "data"
    manifest = read_manifest(folder)
    if manifest is not None:
        return data, manifest
    shutil.rmtree(folder, ignore_errors=True)  # an unfinished build
    data.mkdir(parents=True)
    end = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    print(f"building {items:,} items into {data} (once; later runs reuse it)", file=sys.stderr)
    started = time.perf_counter()
    with SQLiteIndex(data / "index.sqlite3") as index:
        fill(index, items, seed, end)
    manifest = Manifest(items=items, seed=seed, end=end.isoformat(), build_seconds=round(time.perf_counter() - started, 1),
                        index_bytes=(data / "index.sqlite3").stat().st_size)
    (folder / "manifest.json").write_text(json.dumps(asdict(manifest), indent=1))
    return data, manifest


def fill_es(url: str, prefix: str, items: int, seed: int, end: datetime) -> None:
    """The same items on an Elasticsearch node under ``prefix``, unless it already holds that many."""
    from langnghe.index.es import ElasticsearchIndex, Names
    from langnghe.index.es.setup import drop

    with ElasticsearchIndex(url, prefix=prefix, refresh="false") as index:
        if index.count() == items:
            return
        drop(index.client, Names(prefix))
    print(f"writing {items:,} items to Elasticsearch at {url} (prefix {prefix})", file=sys.stderr)
    with ElasticsearchIndex(url, prefix=prefix, refresh="false") as index:
        fill(index, items, seed, end)
        index.refresh_now()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=default_cache(), help="cache root (default: %(default)s)")
    args = parser.parse_args()
    data, manifest = build(args.cache, args.items, args.seed)
    print(f"{data}: {manifest.items:,} items, {manifest.index_bytes / 1e9:.2f} GB, built in {manifest.build_seconds:,.0f} s")


if __name__ == "__main__":
    main()
