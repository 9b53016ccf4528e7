"""The item-stream port: the embedded SQLite queue and the distributed one honour it.

Delivery is at-least-once: a consumer leases a batch, processes it, then settles every item
of it in one of four ways (the error contract, owned by :class:`~langnghe.stages.base.Stage`):

- ``ack``: done;
- ``retry``: a transient failure (a backend down, a timeout, a 429): the item is given back
  after a delay and the attempt is **not** counted against it;
- ``fail``: the item itself failed (poison input): one attempt spent, and after
  ``max_attempts`` it is quarantined with the reason;
- ``quarantine``: the item can never succeed (the index refuses the document): quarantined now.

A lease never settled (the process died) becomes deliverable again; its items come back one
at a time, so an item that kills its worker is told apart from its batch neighbours and is
quarantined after ``max_attempts`` such deaths. Consumers must be idempotent; Items have
stable ids, which makes that easy. Quarantined items stay, with their reason, until
``release`` (``langnghe queue retry``) gives them a fresh set of attempts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from langnghe.item import Item


@dataclass(frozen=True)
class Lease:
    """A batch handed to one consumer; ``token`` identifies the lease when it is settled."""

    token: str
    items: list[Item]


@dataclass(frozen=True)
class QueueStats:
    """Items per state. ``waiting`` counts the ready ones held back by a retry delay."""

    ready: int = 0
    leased: int = 0
    done: int = 0
    quarantined: int = 0
    waiting: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)  # quarantined items per reason

    @property
    def pending(self) -> int:
        """Items not settled yet: ready (waiting or not) or leased."""
        return self.ready + self.leased


@dataclass(frozen=True)
class Quarantined:
    """An item set aside with the reason, for a look and ``langnghe queue retry``."""

    id: str
    reason: str
    attempts: int
    since: datetime  # when it was quarantined, UTC
    item: Item | None  # None when the stored JSON no longer validates


@runtime_checkable
class ItemQueue(Protocol):
    def put(self, items: list[Item]) -> int:
        """Enqueue items durably; returns how many were new or changed (unchanged re-puts are no-ops)."""

    def upsert(self, items: Sequence[Item]) -> list[bool]:
        """Like :meth:`put`, saying for each item whether it was new or changed."""

    def lease(self, max_items: int) -> Lease | None:
        """Take up to ``max_items`` ready items, or ``None`` when there are none."""

    def ack(self, lease: Lease, ids: Sequence[str] | None = None) -> None:
        """Mark the lease's items (or only ``ids``) as done."""

    def retry(self, lease: Lease, ids: Sequence[str], reason: str, delay: float) -> None:
        """Give items back after ``delay`` seconds without counting an attempt (transient failure)."""

    def fail(self, lease: Lease, ids: Sequence[str], reason: str) -> None:
        """Count a failed attempt; at ``max_attempts`` the items are quarantined with ``reason``."""

    def quarantine(self, lease: Lease, ids: Sequence[str], reason: str) -> None:
        """Set items aside now with ``reason`` (they can never succeed as they are)."""

    def quarantined(self, limit: int = 100, reason: str | None = None) -> list[Quarantined]:
        """Quarantined items, most recent first; ``reason``: only those whose reason contains it."""

    def release(self, ids: Sequence[str] | None = None, reason: str | None = None) -> int:
        """Give quarantined items (all, ``ids``, or those whose reason contains ``reason``) a fresh
        set of attempts; returns how many."""

    def state(self, item_id: str) -> str | None:
        """The state of one item (``ready``, ``leased``, ``done``, ``quarantined``), or None if unknown."""

    def stats(self) -> QueueStats: ...

    def close(self) -> None: ...
