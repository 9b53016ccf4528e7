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
        refused = write_documents(self.index, found.items if found is not None else enriched)
        if found is not None and self.claims is not None:
            try:
                self.claims.record(found, [item.id for item in enriched if item.id not in refused])
            except sqlite3.OperationalError as exc:  # locked, read-only, disk full: not the items' fault
                raise BackendUnavailable(f"claim store: {exc}") from exc
        return [Outcome(item_id, "quarantine", f"the index refused it: {why}") for item_id, why in refused.items()]

    def close(self) -> None:
        if self.claims is not None:
            self.claims.close()


_TRANSIENT_SQLITE = ("readonly", "read-only", "locked", "disk", "unable to open", "busy")


def write_documents(index: IndexBackend, items: list[Item]) -> dict[str, str]:
    """Write ``items``; returns the documents the index refused for good, with its reason.

    A backend that cannot be reached, stays busy, or cannot write (a read-only or full disk)
    raises :class:`BackendUnavailable`, so the batch goes back without an attempt spent.
    Interim: the index port's ``upsert`` reports a refusal by raising, so this reads the
    per-document failures out of that error; the port's per-document ``write`` replaces it.
    """
    from elasticsearch import ApiError, ConnectionError as EsConnectionError, ConnectionTimeout

    from langnghe.index.es.bulk import BulkWriteError, is_retryable

    try:
        index.upsert(items)
    except BulkWriteError as exc:
        transient = [f for f in exc.result.failures if is_retryable(f.status)]
        if transient:
            raise BackendUnavailable(f"index: {len(transient)} document(s) not written: {transient[0].reason}") from exc
        return {failure.id: failure.reason for failure in exc.result.failures}
    except sqlite3.OperationalError as exc:
        if any(word in str(exc).lower() for word in _TRANSIENT_SQLITE):
            raise BackendUnavailable(f"index: {exc}") from exc
        raise
    except (EsConnectionError, ConnectionTimeout) as exc:
        raise BackendUnavailable(f"index: {type(exc).__name__}: {exc}") from exc
    except ApiError as exc:
        if is_retryable(exc.status_code):
            raise BackendUnavailable(f"index: {exc}") from exc
        raise
    return {}
