"""What ignoring diacritics costs the embedded index's search, as ratios against the exact search in the same run.

    .venv/bin/python bench/bench_folded_search.py --items 20000

The baseline is the search before diacritics were ignored: one FTS5 match on the exact table,
BM25-ranked, the first page of 20 (the same statement the index ran). ``--index FILE --query Q`` instead counts
what a query finds before and now on an existing index (the demo's: ``langnghe-data/demo/index.sqlite3``). The folded search is
:meth:`SQLiteIndex.search` now (match on the folded table, exact hits ranked first), with and
without the snippets the query service adds to a page. Also printed: how many items each finds
for a query typed with and without diacritics. Texts come from :mod:`bench.bench_index`'s
hand-written vocabulary (no dataset text).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_index import make_items  # noqa: E402
from langnghe.folding import fold  # noqa: E402
from langnghe.index.query import compile_fts5  # noqa: E402
from langnghe.index.snippets import make_snippet  # noqa: E402
from langnghe.index.sqlite import SQLiteIndex  # noqa: E402

QUERIES = ("bão lũ", "giá xăng", '"ô nhiễm không khí"', "người_dân")
EXACT = ("SELECT i.rid, -bm25(items_fts, 2.0, 1.0, 1.0) FROM items_fts JOIN items i ON i.rid = items_fts.rowid "
         "WHERE items_fts MATCH ? ORDER BY 2 DESC, i.ts DESC, i.id DESC LIMIT 20")


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _exact_total(index: SQLiteIndex, query: str) -> int:
    positive, _ = compile_fts5(query)
    sql = "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?"
    return int(index._conn().execute(sql, (positive,)).fetchone()[0])


def count_pairs(path: Path, pairs: list[str]) -> None:
    """Items found before (exact table) and now (folded) for queries typed with and without diacritics."""
    index = SQLiteIndex(path)
    print("query | before: as typed | before: typed without diacritics | now: either")
    for query in pairs:
        print(f"{query} | {_exact_total(index, query)} | {_exact_total(index, fold(query))} | "
              f"{index.search(query, limit=0).total} = {index.search(fold(query), limit=0).total}")
    index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--index", type=Path, help="only count QUERY pairs on this index file (e.g. the demo's)")
    parser.add_argument("--query", action="append", default=[])
    args = parser.parse_args()
    if args.index:
        count_pairs(args.index, args.query or ["cá chết"])
        return
    with tempfile.TemporaryDirectory() as folder:
        index = SQLiteIndex(Path(folder) / "bench.sqlite3")
        index.upsert(make_items(args.items))
        conn = index._conn()
        print(f"{args.items} items; median of {args.repeat} runs, first page of 20, relevance")
        print("query | exact (before) ms | folded ms | ratio | folded + snippets ms | ratio | found exact / typed plain / folded")
        for query in QUERIES:
            positive, _ = compile_fts5(query)
            before = _median_ms(lambda: conn.execute(EXACT, (positive,)).fetchall(), args.repeat)
            after = _median_ms(lambda: index.search(query, limit=20), args.repeat)
            snippets = _median_ms(lambda: [make_snippet(query, h.item.title, h.item.text)
                                           for h in index.search(query, limit=20).hits], args.repeat)
            counts = (_exact_total(index, query), _exact_total(index, fold(query)), index.search(query, limit=0).total)
            print(f"{query} | {before:.1f} | {after:.1f} | {after / before:.2f} | {snippets:.1f} | "
                  f"{snippets / before:.2f} | {counts[0]} / {counts[1]} / {counts[2]}")
        index.close()


if __name__ == "__main__":
    main()
