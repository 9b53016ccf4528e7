"""What the web app's streamed export costs, as ratios against ``langnghe export`` in the same run.

    .venv/bin/python bench/bench_export_stream.py --items 20000

The baseline is :func:`langnghe.exports.export_items` (the command's code: the index scanned, the
file written). Measured beside it, on the same embedded index: the chunks the web app streams for
the same selection without a query (:func:`langnghe.exports.stream.export_chunks` over
:meth:`SearchSelection.items`), with a query (deep-paged search, newest first), and a background job
(:class:`langnghe.exports.background.ExportJobs`, from submit to the file). Each figure is the median
of ``--repeat`` runs; CSV and XLSX. Texts come from :mod:`bench.bench_index`'s hand-written vocabulary.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_index import make_items  # noqa: E402
from langnghe.app import App  # noqa: E402
from langnghe.exports import ExportRequest, export_items  # noqa: E402
from langnghe.exports.background import ExportJobs  # noqa: E402
from langnghe.exports.stream import SearchSelection, export_chunks  # noqa: E402
from langnghe.reports.names import load_names  # noqa: E402
from langnghe.settings import Settings  # noqa: E402


def _median_s(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query", default="bão")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as work:
        folder = Path(work)
        settings = Settings(data_dir=folder / "data", config_dir=folder / "config")
        with App(settings) as app:
            app.index.upsert(make_items(args.items))
            names, zone = load_names(settings), ZoneInfo(settings.timezone)
            matches = SearchSelection(args.query).count(app.index)
            jobs = ExportJobs(app, folder / "jobs", lambda: names)
            print(f"{args.items} items; query {args.query!r} matches {matches}; median of {args.repeat}")
            print("format | langnghe export (s) | stream, no query | stream, query (per item vs baseline) | job")
            for fmt in ("csv", "xlsx"):
                base = _median_s(lambda: export_items(settings, ExportRequest(), fmt, folder / f"cli.{fmt}"), args.repeat)

                def stream(selection: SearchSelection) -> int:
                    return sum(len(c) for c in export_chunks(selection.items(app.index), fmt, zone, names,
                                                             scratch=folder / "scratch"))  # fmt: skip

                whole = _median_s(lambda: stream(SearchSelection()), args.repeat)
                queried = _median_s(lambda: stream(SearchSelection(args.query)), args.repeat)

                def job() -> None:
                    jobs.submit(SearchSelection(), fmt, owner_id=1)
                    jobs.wait(600)

                background = _median_s(job, args.repeat)
                per_item = (queried / max(matches, 1)) / (base / args.items)
                print(f"{fmt} | {base:.2f} | {whole / base:.2f}x | {per_item:.2f}x | {background / base:.2f}x")
            jobs.close()


if __name__ == "__main__":
    main()
