"""Benchmark a drain through a "30 minute" index outage: Elasticsearch and the SQLite index.

    scripts/with-elasticsearch.sh .venv/bin/python bench/bench_outage.py            # 20,000 items
    scripts/with-elasticsearch.sh .venv/bin/python bench/bench_outage.py --items 2000
    .venv/bin/python bench/bench_outage.py --backends sqlite                         # no node needed

Items (``langnghe.testing.build_item``: hand-written Vietnamese, their nlp part built in, so the
stream and the index are what is measured) are drained through the enrich stage into a real
index; when half of them are done the index goes away (Elasticsearch: the node's port closed
by a ``TcpRelay``, the node running on; SQLite: the index file and its write-ahead log made
read-only, immutable as root) for 1,800 simulated seconds, then comes back. The drain runs as
``langnghe worker enrich`` does, with the production backoffs (1 s doubling to 60 s) and
ingest's patience (300 s), on a clock scaled by ``--scale`` real seconds per simulated second
(langnghe.testing_outage).

Printed per backend: items quarantined, lost and doubled (each must be 0), attempts spent,
batches given back, drains, the outage and the time to finish after the index came back; the
baseline is the same drain into the same backend without an outage, in the same run.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
from dataclasses import replace
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from elasticsearch import Elasticsearch

from langnghe.index.base import IndexBackend
from langnghe.index.es.backend import ElasticsearchIndex
from langnghe.index.es.bulk import BulkIndexer
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.testing import build_item
from langnghe.testing_es import URL_ENV, TcpRelay, delete_prefixed, unique_prefix
from langnghe.testing_outage import (
    Outage, OutagePlan, OutageReport, ReadOnlyOutage, RelayOutage, TimeScale, drain_through_outage,
)  # fmt: skip

T0 = datetime(2026, 10, 1, tzinfo=timezone.utc)
PLACES = ("Hà Nội", "Đà Nẵng", "Cần Thơ", "Huế", "Nghệ An", "Lào Cai", "Quảng Ninh", "Cà Mau")
TOPICS = ("ngập nước sau mưa lớn", "ùn tắc giờ cao điểm", "giá xăng tăng", "sạt lở đất", "ô nhiễm không khí")


class NoOutage:
    """The baseline: the index stays."""

    def cut(self) -> None:
        pass

    def restore(self) -> None:
        pass


def make_items(count: int) -> list[Item]:
    return [
        build_item(id=f"outage-{n:06d}", title=f"{TOPICS[n % len(TOPICS)].capitalize()} ở {PLACES[n % len(PLACES)]}",
                   text=f"Tin số {n}: người dân {PLACES[n % len(PLACES)]} phản ánh {TOPICS[n % len(TOPICS)]}.",
                   published_at=T0 + timedelta(minutes=n))
        for n in range(count)
    ]  # fmt: skip


Opened = tuple[IndexBackend, Outage]
Backend = Callable[[Path, bool], AbstractContextManager[Opened]]


@contextmanager
def sqlite_index(folder: Path, outage: bool) -> Iterator[Opened]:
    path = folder / "index.sqlite3"
    with SQLiteIndex(path) as index:
        yield index, ReadOnlyOutage(path) if outage else NoOutage()


def es_index(url: str, scale: TimeScale) -> Backend:
    @contextmanager
    def opened(folder: Path, outage: bool) -> Iterator[Opened]:
        relay, prefix = TcpRelay(url), unique_prefix("bench-outage")
        client = Elasticsearch(relay.url, request_timeout=30, max_retries=0)
        indexer = BulkIndexer(client, initial_backoff=scale(0.5), max_backoff=scale(10.0), refresh="wait_for")
        try:
            yield ElasticsearchIndex(client, prefix=prefix, indexer=indexer), RelayOutage(relay) if outage else NoOutage()
        finally:
            relay.close()
            client.close()
            with Elasticsearch(url) as direct:
                delete_prefixed(direct, prefix)

    return opened


def run(backend: Backend, items: list[Item], plan: OutagePlan,
        outage: bool) -> OutageReport:  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-outage-") as tmp:
        folder = Path(tmp)
        with SQLiteQueue(folder / "queue.sqlite3") as queue, backend(folder, outage) as (index, switch):
            return drain_through_outage(items, queue, index, switch, plan)


def line(name: str, report: OutageReport) -> str:
    return (f"{name:28} {report.items:7d} {report.quarantined:6d} {report.missing:5d} {report.doubled:7d} "
            f"{report.failed:8d} {report.transient_failures:9d} {report.drains:6d} {report.drain_seconds:8.1f} "
            f"{report.outage_seconds:8.1f} {report.after_recovery_seconds:9.1f} "
            f"{report.items / report.drain_seconds:8.0f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--scale", type=float, default=0.001, help="real seconds per simulated second")
    parser.add_argument("--backends", default="elasticsearch,sqlite")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # not the stage's warning for every batch given back
    scale = TimeScale(args.scale)
    plan = OutagePlan(scale=scale)
    items = make_items(args.items)
    backends: dict[str, Backend] = {"sqlite": sqlite_index}
    if "elasticsearch" in args.backends:
        url = os.environ.get(URL_ENV) or parser.error(f"{URL_ENV} unset: run under scripts/with-elasticsearch.sh")
        backends["elasticsearch"] = es_index(url, scale)
    print(f"{len(items)} items, batches of {plan.batch_size}; outage {plan.outage:.0f} s, backoff "
          f"{plan.backoff.initial:.0f}-{plan.backoff.maximum:.0f} s, patience {plan.patience:.0f} s (simulated), "
          f"1 simulated s = {args.scale * 1000:g} ms; load average {os.getloadavg()[0]:.1f}")
    print(f"{'':28} {'items':>7} {'quar.':>6} {'lost':>5} {'doubled':>7} {'attempts':>8} {'given back':>9} "
          f"{'drains':>6} {'total s':>8} {'outage s':>8} {'after s':>9} {'items/s':>8}")
    for name in [b for b in ("elasticsearch", "sqlite") if b in args.backends.split(",")]:
        baseline = run(backends[name], items, replace(plan, cut_after=2.0), outage=False)  # never cut
        print(line(f"{name}, no outage", baseline))
        report = run(backends[name], items, plan, outage=True)
        print(line(f"{name}, 30 min outage", report))
        verdict = "ok" if (report.quarantined, report.missing, report.doubled, report.failed) == (0, 0, 0, 0) else "FAILED"
        print(f"  {verdict}: index holds {report.indexed} of {report.items} ids; the outage began after "
              f"{report.cut_at_done} items; ratio to the baseline's time: {report.drain_seconds / baseline.drain_seconds:.2f} "
              f"(of which outage {report.outage_seconds:.1f} s)")


if __name__ == "__main__":
    main()
