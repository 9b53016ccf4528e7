"""Latency of the web app's search page and search API against ``langnghe search``, same run.

    .venv/bin/python bench/bench_web.py --items 1000000                # embedded index (SQLite FTS5)
    scripts/with-elasticsearch.sh .venv/bin/python bench/bench_web.py --items 1000000 --elasticsearch

The index is generated once into a cache folder and reused (:mod:`bench.web_data`; a million items,
4.9 GB, took 75 minutes to build on a shared 2-core machine: ``--items`` picks a smaller N). For each query the bench prints p50 and p95 over
``--repeat`` requests (after ``--warmup`` discarded ones) of:

- the baseline: ``langnghe search --sort S``'s query-service call in-process (``QueryService.search``
  with the same filters, first page of 20, exact total), what the CLI does once it has started,
  for each sort S (``time``: the page's default; ``relevance``: the CLI's);
- ``langnghe search --json`` as one subprocess per run (``--cli-runs`` of them: start-up included);
- ``GET /api/v1/me`` once per backend: the floor under every request (server, key check, no query);
- ``GET /tim-kiem`` (an analyst's session) in each sort: the page a browser gets, results and total
  (counted up to 10,000) without the facet counts, which it then loads from ``GET /tim-kiem/so-tin``
  (measured on its own row: the counts arrive after the results);
- ``GET /api/v1/search`` (an analyst's API key) with its facets (the default) and with ``facets=false``;

all on ``langnghe serve`` in a process of its own on loopback (:mod:`bench.web_client`), asked
with httpx (one connection kept alive, as a browser does);

with each figure's ratio to the baseline's. The issue's goal: the page's p95 under 300 ms.
With ``--elasticsearch`` the same items (``--es-items``, default ``--items``) are also written to
the node that scripts/with-elasticsearch.sh started (``LANGNGHE_TEST_ES_URL``) and measured the same way.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.web_data import build, default_cache, fill_es  # noqa: E402
from bench.web_client import WebClient, sample_ms  # noqa: E402
from langnghe.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ('"minh sơn"', "bão lũ")  # a phrase in ~1% of the items (selective) and a query nearly all match


@dataclass(frozen=True)
class Target:
    """One backend to measure: the web app's settings and the CLI subprocess's environment."""

    name: str
    settings: Settings
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    target: str
    query: str
    what: str
    samples: list[float]
    sort: str = "time"  # the sort its ratio's baseline used

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        if len(self.samples) < 2:
            return self.samples[0]
        return statistics.quantiles(self.samples, n=100, method="inclusive")[94]


def in_process(target: Target, query: str, sort: str, repeat: int, warmup: int) -> list[float]:
    """The baseline: what ``langnghe search QUERY --sort SORT`` asks its query service, in this process."""
    from langnghe.app import App
    from langnghe.service import QueryService
    from langnghe.service.filters import FilterRequest

    with App(target.settings) as app:
        service = QueryService(app)
        return sample_ms(lambda: service.search(query, service.filters(FilterRequest()), sort=sort, size=20),  # type: ignore[arg-type]
                         repeat, warmup)


def cli_runs(target: Target, query: str, runs: int) -> list[float]:
    """``langnghe search QUERY --json`` as a subprocess, start-up included."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **target.env}
    command = [sys.executable, "-m", "langnghe.cli", "search", query, "--json"]

    def run() -> None:
        subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT, timeout=300)

    return sample_ms(run, runs, 0)


def print_table(rows: list[Row], baseline: str) -> None:
    print(f"{'backend':<10} {'query':<10} {'what':<58} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'p50 ×':>7} {'p95 ×':>7}")
    base = {(row.target, row.query, row.sort): row for row in rows if row.what.startswith(baseline)}
    for row in rows:
        ref = base.get((row.target, row.query, row.sort))
        ratios = f"{row.p50 / ref.p50:>7.1f} {row.p95 / ref.p95:>7.1f}" if ref else f"{'-':>7} {'-':>7}"
        print(f"{row.target:<10} {row.query:<10} {row.what:<58} {len(row.samples):>4} {row.p50:>9.1f} {row.p95:>9.1f} "
              f"{ratios}")
    print(f"×: ratio to the baseline ({baseline}) of the same backend, query and sort, in this run")


BASELINE = "QueryService.search in-process"


def measure(target: Target, args: argparse.Namespace) -> list[Row]:
    rows = []
    web = WebClient.started(target.settings, target.env) if not args.no_web else None
    try:
        if web is not None:  # the floor under every request: the server, the session or key, no query
            rows.append(Row(target.name, "-", "GET /api/v1/me (no query)", web.me(args.repeat, args.warmup)))
        n, w = args.repeat, args.warmup
        for query in args.query or QUERIES:
            for sort in ("time", "relevance"):
                rows.append(Row(target.name, query, f"{BASELINE} sort={sort} (baseline)", in_process(target, query, sort, n, w), sort))
                if web is not None:
                    rows.append(Row(target.name, query, f"GET /tim-kiem sort={sort} (session)",
                                    web.page({"q": query, "sort": sort}, n, w), sort))  # fmt: skip
            rows.append(Row(target.name, query, "langnghe search --json (subprocess)", cli_runs(target, query, args.cli_runs), "relevance"))
            if web is not None:
                rows.append(Row(target.name, query, "GET /tim-kiem/so-tin (counts, after)", web.page({"q": query}, n, w, "/tim-kiem/so-tin")))
                rows.append(Row(target.name, query, "GET /api/v1/search facets=false", web.api({"q": query, "facets": "false"}, n, w)))
                rows.append(Row(target.name, query, "GET /api/v1/search (with facets)", web.api({"q": query}, n, w)))
    finally:
        if web is not None:
            web.close()
    return rows


def embedded_target(args: argparse.Namespace) -> Target:
    data, manifest = build(args.cache, args.items)
    print(f"embedded index: {manifest.items:,} items in {data} ({manifest.index_bytes / 1e9:.2f} GB)")
    config = ROOT / "config"
    settings = Settings(data_dir=data, config_dir=config)
    return Target("embedded", settings, {"LANGNGHE_DATA_DIR": str(data), "LANGNGHE_CONFIG_DIR": str(config)})


def es_target(args: argparse.Namespace) -> Target:
    url = os.environ.get("LANGNGHE_TEST_ES_URL")
    if not url:
        sys.exit("--elasticsearch: run under scripts/with-elasticsearch.sh (LANGNGHE_TEST_ES_URL is not set)")
    count = args.es_items or args.items
    data = args.cache / f"es-{count}-data"  # the other stores (accounts, stories...) of the ES run
    _, manifest = build(args.cache, args.items)
    fill_es(url, "bench-web", count, manifest.seed, datetime.fromisoformat(manifest.end))
    env = {"LANGNGHE_DATA_DIR": str(data), "LANGNGHE_CONFIG_DIR": str(ROOT / "config"),
           "LANGNGHE_INDEX_BACKEND": "elasticsearch", "LANGNGHE_ES_URL": url, "LANGNGHE_ES_PREFIX": "bench-web"}
    settings = Settings(data_dir=data, config_dir=ROOT / "config", index_backend="elasticsearch", es_url=url,
                        es_prefix="bench-web")  # fmt: skip
    return Target("elastic", settings, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="items in the embedded index (default: %(default)s)")
    parser.add_argument("--es-items", type=int, default=0, help="items on Elasticsearch (default: --items)")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="cache root (default: %(default)s)")
    parser.add_argument("--query", action="append", default=[], help=f"repeatable (default: {', '.join(QUERIES)})")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--elasticsearch", action="store_true", help="also measure on LANGNGHE_TEST_ES_URL's node")
    parser.add_argument("--no-web", action="store_true", help="only the CLI side (before the web app exists)")
    parser.add_argument("--no-embedded", action="store_true", help="with --elasticsearch: only Elasticsearch's rows")
    args = parser.parse_args()
    if args.no_embedded and not args.elasticsearch:
        sys.exit("--no-embedded: only with --elasticsearch")
    rows = [] if args.no_embedded else measure(embedded_target(args), args)
    if args.elasticsearch:
        rows += measure(es_target(args), args)
    print(f"p50/p95 over {args.repeat} requests after {args.warmup} warm-up ones (subprocess: {args.cli_runs} runs)")
    print_table(rows, BASELINE)
    pages = [row for row in rows if row.what.startswith("GET /tim-kiem ")]
    for sort in ("time", "relevance"):
        of_sort = [row for row in pages if row.sort == sort]
        if of_sort:
            worst = max(of_sort, key=lambda row: row.p95)
            print(f"goal: the search page's p95 under 300 ms; worst page p95 sorted by {sort}: {worst.p95:.0f} ms "
                  f"({worst.target}, {worst.query}: {'met' if worst.p95 < 300 else 'NOT met'})")


if __name__ == "__main__":
    main()
