"""The enrich stage: annotate a batch (NLP signals, concerns, watch topics, claims), write it to
the index, then record the claim matches of what the index took.

Its hook only does the work; the error contract is the base's (:mod:`langnghe.stages.base`):
an index that is down gives the batch back without spending attempts, a document the index
refuses is quarantined alone with the index's reason, an item that fails to annotate is found
by retrying the batch item by item. The claim store is written after the index write and only
for the documents it took, so a batch given back and delivered again records nothing twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from langnghe.claims.stage import ClaimStage
from langnghe.errors import BackendUnavailable
from langnghe.index.base import IndexBackend
from langnghe.item import Item
from langnghe.stages.base import Outcome, Stage

Annotate = Callable[[list[Item]], list[Item]]


class EnrichStage(Stage):
    name = "enrich"

    def __init__(self, index: IndexBackend, annotate: Annotate, claims: ClaimStage | None = None) -> None:
        self.index = index
        self.annotate = annotate
        self.claims = claims

    def process(self, items: list[Item]) -> Sequence[Outcome]:
        enriched = self.annotate(items)
        found = self.claims.match(enriched) if self.claims is not None else None
        outcomes = self.index.write(found.items if found is not None else enriched)
        if found is not None and self.claims is not None:
            try:
                self.claims.record(found, [outcome.id for outcome in outcomes if outcome.ok])
            except sqlite3.OperationalError as exc:  # locked, read-only, disk full: not the items' fault
                raise BackendUnavailable(f"claim store: {exc}") from exc
        return [Outcome(o.id, "quarantine", f"the index refused it: {o.reason}") for o in outcomes if not o.ok]

    def close(self) -> None:
        if self.claims is not None:
            self.claims.close()
