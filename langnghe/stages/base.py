"""The stage base: one hook per stage; leasing, batching, counting and the error contract here.

A stage subclasses :class:`Stage` and implements :meth:`Stage.process`, which takes a batch
of items and returns one :class:`Outcome` per item it settles (items it leaves out are done).
The base owns the rest, so every stage keeps the same promises (docs: README "How it works"):

- **transient** (:class:`~langnghe.errors.BackendUnavailable` raised by the hook: an index or
  store down, busy or read-only): the whole batch goes back to the stream after a backoff
  without spending an attempt; the drain stops, or, given ``patience``, waits and goes on;
- **the stage cannot run** (any other :class:`~langnghe.errors.LangngheError`, such as a
  missing model file): the batch goes back without spending an attempt, and the error is
  raised to the operator: it is not the items' fault;
- **poison** (any other exception): the batch is retried item by item, so the failing item is
  found; it spends an attempt and is quarantined with its reason after ``max_attempts``;
- **quarantine now** (an :class:`Outcome` saying so, such as a document the index refuses):
  only that item is set aside, its batch neighbours go on.

Every item's outcome is counted exactly once in the :class:`StageReport`.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from langnghe.errors import BackendUnavailable, LangngheError
from langnghe.item import Item
from langnghe.queue.base import ItemQueue, Lease

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """How one item of a batch ended, when not simply done."""

    id: str
    status: Literal["done", "quarantine", "fail"]
    reason: str = ""


@dataclass(frozen=True)
class Backoff:
    """Delays between tries while a backend is unavailable: ``initial`` doubling up to ``maximum``."""

    initial: float = 1.0
    maximum: float = 60.0

    def delay(self, failures: int) -> float:
        return min(self.initial * 2 ** max(failures - 1, 0), self.maximum)


@dataclass
class StageReport:
    """What one drain did. Each time an item is settled it is counted once: ``done``,
    ``quarantined``, ``failed`` (an attempt spent, back in the stream) or ``returned`` (given
    back without one while a backend was down; it may come again in the same drain)."""

    stage: str
    batches: int = 0
    done: int = 0
    quarantined: int = 0
    failed: int = 0
    returned: int = 0
    transient_failures: int = 0  # batches given back because a backend was unavailable
    failures: dict[str, str] = field(default_factory=dict)  # item id -> reason (failed or quarantined)
    unavailable: str | None = None  # set when the drain stopped on a backend that stayed down

    @property
    def processed(self) -> int:
        return self.done + self.quarantined + self.failed + self.returned


class Stage(ABC):
    """One step over a stream of items (see the module docs for the contract)."""

    name: ClassVar[str]

    @abstractmethod
    def process(self, items: list[Item]) -> Sequence[Outcome]:
        """Do the stage's work on ``items``; return the outcomes of the items not simply done.

        Raise :class:`~langnghe.errors.BackendUnavailable` when a backend is down (nothing is
        counted against the items); any other exception marks the batch as containing poison.
        Must be idempotent: a batch may be delivered again after a crash.
        """

    def close(self) -> None:
        """Release what the stage holds (its stores); the base calls nothing else on it."""


class StageRunner:
    """Drains a stream through a stage under the error contract."""

    def __init__(
        self,
        stage: Stage,
        stream: ItemQueue,
        *,
        batch_size: int = 256,
        backoff: Backoff | None = None,
        sleep: Callable[[float], object] = time.sleep,  # a waiting Event's wait() does too
    ) -> None:
        self.stage = stage
        self.stream = stream
        self.batch_size = batch_size
        self.backoff = backoff or Backoff()
        self.sleep = sleep
        self._in_a_row = 0  # batches given back in a row while a backend is down

    def drain(
        self,
        *,
        max_batches: int | None = None,
        on_batch: Callable[[int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        patience: float = 0.0,
    ) -> StageReport:
        """Process batches until the stream is empty (or ``max_batches``, or ``should_stop()``,
        asked between batches: the batch in hand is finished first); ``on_batch(n)`` after each.

        While a backend is unavailable the batch goes back without an attempt spent; with
        ``patience`` (seconds) the drain waits with backoff for up to that long in a row before
        it stops, else it stops at once; either way ``report.unavailable`` says why it stopped.
        """
        report = StageReport(self.stage.name)
        down_since: float | None = None
        self._in_a_row = 0
        while max_batches is None or report.batches < max_batches:
            if should_stop is not None and should_stop():
                break
            lease = self.stream.lease(self.batch_size)
            if lease is None:
                break
            report.batches += 1
            reason = self._run(lease, report)
            if reason is None:
                down_since, self._in_a_row, report.unavailable = None, 0, None
            else:
                report.transient_failures += 1
                down_since = down_since if down_since is not None else time.monotonic()
                delay = self.backoff.delay(self._in_a_row)
                report.unavailable = reason
                if time.monotonic() - down_since + delay > patience:
                    break
                self.sleep(delay)
                continue
            if on_batch is not None:
                on_batch(len(lease.items))
        return report

    def _run(self, lease: Lease, report: StageReport) -> str | None:
        """Settle one lease; returns the reason when a backend was unavailable."""
        ids = [item.id for item in lease.items]
        try:
            outcomes = self.stage.process(lease.items)
        except BackendUnavailable as exc:
            return self._give_back(lease, ids, f"{self.stage.name}: {exc}", report)
        except LangngheError as exc:
            self._give_back(lease, ids, f"{self.stage.name}: {exc}", report)
            raise
        except Exception:
            log.warning("%s: a batch of %d failed; retrying item by item", self.stage.name, len(ids), exc_info=True)
            return self._one_by_one(lease, report)
        self._settle(lease, ids, outcomes, report)
        return None

    def _one_by_one(self, lease: Lease, report: StageReport) -> str | None:
        """Find the poison items of a failed batch: each item alone; what still fails spends an attempt."""
        for position, item in enumerate(lease.items):
            try:
                outcomes = self.stage.process([item])
            except (BackendUnavailable, LangngheError) as exc:
                rest = [other.id for other in lease.items[position:]]
                reason = self._give_back(lease, rest, f"{self.stage.name}: {exc}", report)
                if isinstance(exc, BackendUnavailable):
                    return reason
                raise
            except Exception as exc:
                outcomes = [Outcome(item.id, "fail", f"{self.stage.name}: {type(exc).__name__}: {exc}")]
                log.error("%s: item %s (source %s) failed: %s", self.stage.name, item.id, item.source, exc)
            self._settle(lease, [item.id], outcomes, report)
        return None

    def _settle(self, lease: Lease, ids: list[str], outcomes: Sequence[Outcome], report: StageReport) -> None:
        by_id = {outcome.id: outcome for outcome in outcomes}
        unknown = set(by_id) - set(ids)
        if unknown:
            raise RuntimeError(f"{self.stage.name}: outcomes for items not in the batch: {sorted(unknown)[:3]}")
        quarantine = [o for o in by_id.values() if o.status == "quarantine"]
        fail = [o for o in by_id.values() if o.status == "fail"]
        for outcome in quarantine:
            self.stream.quarantine(lease, [outcome.id], outcome.reason)
        for outcome in fail:
            self.stream.fail(lease, [outcome.id], outcome.reason)
        done = [item_id for item_id in ids if by_id.get(item_id, Outcome(item_id, "done")).status == "done"]
        if done:
            self.stream.ack(lease, done)
        report.done += len(done)
        report.quarantined += len(quarantine)
        report.failed += len(fail)
        report.failures.update({o.id: o.reason for o in (*quarantine, *fail)})

    def _give_back(self, lease: Lease, ids: list[str], reason: str, report: StageReport) -> str:
        self._in_a_row += 1
        delay = self.backoff.delay(self._in_a_row)
        self.stream.retry(lease, ids, reason, delay)
        report.returned += len(ids)
        log.warning("%s; %d items back in the stream for %.0f s, no attempt spent", reason, len(ids), delay)
        return reason
