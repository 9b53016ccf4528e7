"""The queue contract both the embedded SQLite queue and later ones (Redis) honour.

Delivery is at-least-once: a consumer leases a batch, processes it, then acks.
A batch that is never acked (the process died) becomes deliverable again, so
consumers must be idempotent; Items have stable ids, which makes that easy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from langnghe.item import Item


@dataclass(frozen=True)
class Lease:
    """A batch handed to one consumer; ``token`` identifies the lease for ack/nack."""

    token: str
    items: list[Item]


@dataclass(frozen=True)
class QueueStats:
    ready: int = 0
    leased: int = 0
    done: int = 0
    dead: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)


@runtime_checkable
class ItemQueue(Protocol):
    def put(self, items: list[Item]) -> int:
        """Enqueue items durably; returns how many were new or changed (unchanged re-puts are no-ops)."""

    def lease(self, max_items: int) -> Lease | None:
        """Take up to ``max_items`` ready items, or ``None`` when there are none."""

    def ack(self, lease: Lease, ids: list[str] | None = None) -> None:
        """Mark the lease's items (or only ``ids``) as done."""

    def nack(self, lease: Lease, ids: list[str], reason: str) -> None:
        """Give items back for retry; after too many attempts they go to the dead-letter state."""

    def stats(self) -> QueueStats: ...

    def close(self) -> None: ...
