"""``langnghe rekey``: how long rewriting every stored pseudonym takes, as a ratio of the same
run's baseline, a plain read of every stored author (what any rewrite must at least do).

    .venv/bin/python bench/bench_rekey.py [--items 20000]

The data folder is filled directly (queue upserts and index writes of items with pseudonymised
authors, no NLP), then timed: the baseline reads ``author`` out of every queue body and index
document; ``rekey`` rewrites both stores (one transaction each) and replaces the key file.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from langnghe.index.sqlite import SQLiteIndex
from langnghe.jobs.rekey import rekey
from langnghe.pseudonym import author_value
from langnghe.queue import SQLiteQueue
from langnghe.settings import Settings
from langnghe.testing import build_item


def _fill(settings: Settings, count: int) -> None:
    items = [build_item(text=f"Bài viết số {n} về giá điện và ngập nước.", tokens=["giá", "điện"],
                        author=author_value(f"nguoi-dung-{n % 997}", settings)) for n in range(count)]  # fmt: skip
    with SQLiteQueue(settings.paths.queue) as queue:
        queue.upsert(items)
    with SQLiteIndex(settings.paths.index) as index:
        for start in range(0, count, 1000):
            index.write(items[start : start + 1000])


def _read_authors(settings: Settings) -> int:
    seen = 0
    for path, sql in ((settings.paths.queue, "SELECT json_extract(body, '$.author') FROM items"),
                      (settings.paths.index, "SELECT json_extract(doc, '$.author') FROM docs")):  # fmt: skip
        db = sqlite3.connect(path)
        seen += sum(1 for _ in db.execute(sql))
        db.close()
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    count = parser.parse_args().items
    with tempfile.TemporaryDirectory() as root:
        settings = Settings(data_dir=Path(root) / "data")
        _fill(settings, count)
        start = time.perf_counter()
        assert _read_authors(settings) == 2 * count
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        report = rekey(settings)
        took = time.perf_counter() - start
    rows = sum(store.rows for store in report.stores)
    print(f"{count} items, {rows} pseudonyms rewritten: baseline read {baseline:.2f} s, rekey {took:.2f} s "
          f"= {took / baseline:.1f}x the read ({rows / took:,.0f} rows/s)")  # fmt: skip


if __name__ == "__main__":
    main()
