"""The enrich stage: annotate a batch (NLP signals, concerns, watch topics, claims), write it to
the index, then record the claim matches of what the index took.

Its hook only does the work; the error contract is the base's (:mod:`langnghe.stages.base`):
an index that is down gives the batch back without spending attempts, a document the index
refuses is quarantined alone with the index's reason (the index's per-document
:meth:`~langnghe.index.base.IndexBackend.write`), an item that fails to annotate is found
by retrying the batch item by item. The claim store is written after the index write and only
for the documents it took, so a batch given back and delivered again records nothing twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from langnghe.claims.stage import ClaimStage
from langnghe.errors import BackendUnavailable
from langnghe.index.base import DERIVED_FIELDS, DerivedField, IndexBackend
from langnghe.item import Item
from langnghe.nlp.pool import AnnotatePool
from langnghe.stages.base import Outcome, Stage

Annotate = Callable[[list[Item]], list[Item]]


class EnrichStage(Stage):
    name = "enrich"

    def __init__(
        self, index: IndexBackend, annotate: Annotate, claims: ClaimStage | None = None, *,
        pool: AnnotatePool | None = None,
    ) -> None:
        self.index = index
        self.annotate = annotate
        self.claims = claims
        self.pool = pool  # the processes ``annotate`` runs in, if any: closed with the stage

    def process(self, items: list[Item]) -> Sequence[Outcome]:
        enriched = self.annotate(items)
        found = self.claims.match(enriched) if self.claims is not None else None
        # With claim matching on, this stage owns claims and false_info (computed on the newest
        # text); story_id stays the story job's. Without it, every derived field is kept.
        keep: tuple[DerivedField, ...] = ("story_id",) if found is not None else DERIVED_FIELDS
        outcomes = self.index.write(found.items if found is not None else enriched, keep=keep)
        refused = {outcome.id: outcome.reason for outcome in outcomes if outcome.status == "refused"}
        if found is not None and self.claims is not None:
            try:
                self.claims.record(found, [item.id for item in enriched if item.id not in refused])
            except sqlite3.OperationalError as exc:  # locked, read-only, disk full: not the items' fault
                raise BackendUnavailable(f"claim store: {exc}") from exc
        return [Outcome(item_id, "quarantine", f"the index refused it: {why}") for item_id, why in refused.items()]

    def close(self) -> None:
        if self.claims is not None:
            self.claims.close()
        if self.pool is not None:
            self.pool.close()

