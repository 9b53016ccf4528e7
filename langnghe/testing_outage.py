"""An index outage in the middle of a drain, for the outage tests and ``bench/bench_outage.py``.

A drain of items through the enrich stage (the items carry their ``nlp`` part already, so the
stream and the index are what is measured) loses its index half-way: an Elasticsearch node
behind a :class:`~langnghe.testing_es.TcpRelay` whose port closes, or the SQLite index's files
made read-only (:func:`~langnghe.testing.read_only_files`). The drain goes on as ``langnghe
worker enrich`` does: batches given back with backoff and no attempt spent, the drain stopping
after ``patience`` and started again after a backoff, until the stream is empty. Time is
scaled (:class:`TimeScale`): a "30 minute" outage with the production backoffs (1 s doubling to
60 s) and ingest's patience (300 s) takes 1.8 s at the default scale, over as many backoff
rounds. Afterwards the stream and the index are counted: quarantined, lost and doubled items.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from langnghe.index.base import IndexBackend
from langnghe.item import Item
from langnghe.queue.base import ItemQueue
from langnghe.stages.base import Backoff, StageReport, StageRunner
from langnghe.stages.enrich import EnrichStage
from langnghe.testing import read_only_files
from langnghe.testing_es import TcpRelay


@dataclass(frozen=True)
class TimeScale:
    """Real seconds per simulated second."""

    factor: float = 0.001

    def __call__(self, seconds: float) -> float:
        return seconds * self.factor


class Outage(Protocol):
    """Takes the index away (:meth:`cut`) and gives it back (:meth:`restore`), from any thread."""

    def cut(self) -> None: ...

    def restore(self) -> None: ...


class RelayOutage:
    """The Elasticsearch node's port closed: connections refused, the node itself runs on."""

    def __init__(self, relay: TcpRelay) -> None:
        self.relay = relay

    def cut(self) -> None:
        self.relay.close()

    def restore(self) -> None:
        self.relay.reopen()


class ReadOnlyOutage:
    """The SQLite index's file and its write-ahead log made read-only (as root: immutable).

    Not its ``-shm`` file: SQLite maps it into memory, and a page of a mapped file made
    immutable under a live mapping kills the process with SIGBUS on the next write to it (seen
    with ``chattr +i``; a read-only remount may do the same), which no error handling can catch."""

    def __init__(self, index_file: Path) -> None:
        self.index_file = index_file
        self._held: AbstractContextManager[list[Path]] | None = None

    def cut(self) -> None:
        wal = self.index_file.with_name(self.index_file.name + "-wal")
        self._held = read_only_files([self.index_file, wal])
        self._held.__enter__()

    def restore(self) -> None:
        if self._held is not None:
            self._held.__exit__(None, None, None)
            self._held = None


@dataclass(frozen=True)
class OutagePlan:
    """What happens, in simulated seconds (the production figures by default)."""

    outage: float = 1800.0  # the index is away this long
    backoff: Backoff = Backoff(initial=1.0, maximum=60.0)  # `langnghe worker enrich`'s
    patience: float = 300.0  # `langnghe ingest`'s: how long one drain waits before it stops
    cut_after: float = 0.5  # the share of the items done when the index goes away
    batch_size: int = 256
    scale: TimeScale = TimeScale()


@dataclass
class OutageReport:
    items: int
    done: int = 0  # acknowledged by the stream
    quarantined: int = 0
    failed: int = 0  # attempts spent (none should be)
    indexed: int = 0  # documents the index counts
    missing: int = 0  # ids of the drain not in the index: lost
    doubled: int = 0  # documents beyond one per id
    drains: int = 0
    transient_failures: int = 0  # batches given back while the index was away
    cut_at_done: int = 0  # items done when the index went away
    drain_seconds: float = 0.0  # the whole drain, outage included
    outage_seconds: float = 0.0  # real seconds the index was away
    after_recovery_seconds: float = 0.0  # from the index's return to the stream's end
    reports: list[StageReport] = field(default_factory=list)


class _Switch:
    """Cuts the index once ``threshold`` items are done, restores it ``duration`` later."""

    def __init__(self, outage: Outage, threshold: int, duration: float) -> None:
        self.outage, self.threshold, self.duration = outage, threshold, duration
        self.done = 0
        self.cut_at: float | None = None
        self.cut_at_done = 0
        self.restored_at: float | None = None
        self._timer: threading.Timer | None = None

    def on_batch(self, count: int) -> None:
        self.done += count
        if self.cut_at is None and self.done >= self.threshold:
            self.outage.cut()
            self.cut_at, self.cut_at_done = time.monotonic(), self.done
            self._timer = threading.Timer(self.duration, self._restore)
            self._timer.start()

    def _restore(self) -> None:
        self.outage.restore()
        self.restored_at = time.monotonic()

    def finish(self) -> None:
        if self._timer is not None:
            self._timer.join()


def drain_through_outage(
    items: list[Item], queue: ItemQueue, index: IndexBackend, outage: Outage, plan: OutagePlan | None = None,
    *, sleep: Callable[[float], object] = time.sleep,
) -> OutageReport:
    """Queue ``items``, drain them into ``index`` through an outage (see the module docs), count."""
    plan = plan or OutagePlan()
    scale = plan.scale
    backoff = Backoff(scale(plan.backoff.initial), scale(plan.backoff.maximum))
    switch = _Switch(outage, int(len(items) * plan.cut_after), scale(plan.outage))
    report = OutageReport(len(items))
    queue.put(items)
    stage = EnrichStage(index, lambda batch: batch)  # the items carry their nlp part already
    runner = StageRunner(stage, queue, batch_size=plan.batch_size, backoff=backoff, sleep=sleep)
    started = time.monotonic()
    try:
        for drained in _drains(runner, queue, switch, backoff, scale(plan.patience), sleep):
            report.reports.append(drained)
    finally:
        switch.finish()
        stage.close()
    ended = time.monotonic()
    _count(report, queue, index, [item.id for item in items])
    report.drain_seconds = ended - started
    report.cut_at_done = switch.cut_at_done
    if switch.cut_at is not None and switch.restored_at is not None:
        report.outage_seconds = switch.restored_at - switch.cut_at
        report.after_recovery_seconds = ended - switch.restored_at
    return report


def _drains(
    runner: StageRunner, queue: ItemQueue, switch: _Switch, backoff: Backoff, patience: float,
    sleep: Callable[[float], object],
) -> Iterator[StageReport]:
    """Drains, as ``langnghe worker enrich`` runs them, until nothing is left in the stream."""
    down = 0
    while True:
        report = runner.drain(on_batch=switch.on_batch, patience=patience)
        yield report
        stats = queue.stats()
        if not stats.ready and not stats.leased and (switch.cut_at is None or switch.restored_at is not None):
            return
        down = down + 1 if report.unavailable else 0
        sleep(backoff.delay(down) if down else backoff.initial)  # items given back wait for their retry time


def _count(report: OutageReport, queue: ItemQueue, index: IndexBackend, ids: list[str]) -> None:
    stats = queue.stats()
    report.done, report.quarantined = stats.done, stats.quarantined
    report.drains = len(report.reports)
    report.failed = sum(r.failed for r in report.reports)
    report.transient_failures = sum(r.transient_failures for r in report.reports)
    report.indexed = index.count()
    found = set(index.get_versioned(ids))
    report.missing = len(set(ids) - found)
    report.doubled = report.indexed - len(found)
