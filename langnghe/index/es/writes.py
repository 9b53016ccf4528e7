"""The write contract of :class:`~langnghe.index.es.backend.ElasticsearchIndex`: ``write``
keeps derived fields, ``update_fields`` changes them under a version check.

``write`` never replaces a document it has not just read. Each round reads, in real time
(``mget``), the copy in the item's monthly index with its ``_seq_no``/``_primary_term``, and
looks for copies in other monthly indices (an item whose month changed); then sends, in one
bulk request, ``index`` guarded by that version (``if_seq_no``/``if_primary_term``) with
the stored derived fields put back, or ``create`` for a new id. A guarded write that meets a
concurrent one (409) is read and tried again in the next round, so an ``update_fields``
that lands in between is never lost. A move carries the old copy's derived fields into
the new one, then deletes the old copy guarded by the version read; if the old copy was
changed meanwhile, what changed is carried over first (a field changed on the new copy
since wins) and the delete is tried again.

``update_fields`` sends bulk partial ``update`` actions to the concrete index of the version
read (:attr:`Version.where`), guarded by it; ``detect_noop`` is off, so each accepted update
gives a new version. A 404 there means "moved" (``conflict``) when the id lives in another
index, else ``missing``.

Transient trouble (no connection, a timeout, 429/5xx after the bulk indexer's own retries,
a document still contended after :data:`MAX_ROUNDS` rounds) raises
:class:`~langnghe.errors.BackendUnavailable`; refusals (mapping errors, a term over a
mapping limit, an ``_id`` too long, a document that cannot be serialised) are outcomes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TlsError
from elasticsearch import ApiError, ConflictError, Elasticsearch, NotFoundError

from langnghe.errors import BackendUnavailable
from langnghe.index.base import DERIVED_FIELDS, FieldUpdate, Version, WriteOutcome, WriteStatus
from langnghe.index.derived import Derived, check_fields, derived_of, in_waves, kept, refusal, validated_changes, with_derived
from langnghe.index.es.bulk import Action, BulkIndexer, BulkResult, Refresh, is_retryable
from langnghe.index.es.documents import DERIVED_SOURCE, derived_document, derived_of_source, encodable, to_document
from langnghe.index.es.setup import Names
from langnghe.item import Item

MAX_ROUNDS = 10  # reads and guarded writes of a contended document before giving up (transient)
SEARCH_CHUNK = 1000
BACKEND = "Elasticsearch"


@contextmanager
def unavailable(what: str, where: str | None = None) -> Iterator[None]:
    """No connection, a timeout, 429 or a 5xx as :class:`BackendUnavailable` (``where``: the
    cluster's address, when the caller knows it); other errors as they are."""
    try:
        yield
    except ConnectionTimeout as exc:
        raise BackendUnavailable(f"elasticsearch: {what}: {type(exc).__name__}: {exc}", backend=BACKEND,
                                 where=where, problem="timeout") from exc  # fmt: skip
    except TlsError as exc:  # before its base class: a certificate not trusted is no outage
        raise BackendUnavailable(f"elasticsearch: {what}: {type(exc).__name__}: {exc}", backend=BACKEND,
                                 where=where, problem="tls") from exc  # fmt: skip
    except TransportConnectionError as exc:
        raise BackendUnavailable(f"elasticsearch: {what}: {type(exc).__name__}: {exc}", backend=BACKEND,
                                 where=where, problem="unreachable") from exc  # fmt: skip
    except ApiError as exc:
        if not is_retryable(exc.meta.status):
            raise
        raise BackendUnavailable(f"elasticsearch: {what}: {exc.meta.status} {exc.message}", backend=BACKEND,
                                 where=where) from exc  # fmt: skip


def node_urls(client: Elasticsearch) -> str:
    """The client's node addresses, as people name the cluster (credentials are never part of them)."""
    return ", ".join(node.base_url for node in client.transport.node_pool.all())


@dataclass(frozen=True)
class Copy:
    """One stored copy of a document: where, at which version, with which ``_source``."""

    id: str
    version: Version
    source: dict[str, Any]

    @property
    def derived(self) -> Derived:
        return derived_of_source(self.source)


def _give_up(result: BulkResult, what: str) -> None:
    """Raise for failures that are transient (the bulk indexer already retried them)."""
    transient = [failure for failure in result.failures if is_retryable(failure.status)]
    if transient:
        first = transient[0]
        raise BackendUnavailable(f"elasticsearch: {what}: {len(transient)} document(s) not written; "
                                 f"first: {first.id} ({first.status}): {first.reason}")  # fmt: skip


class DocumentWriter:
    """``write`` and ``update_fields`` on a client (see module docs)."""

    def __init__(
        self, client: Elasticsearch, names: Names, indexer: BulkIndexer, refresh: Refresh,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:  # fmt: skip
        self.client = client
        self.names = names
        self.indexer = indexer
        self.refresh = refresh
        self.sleep = sleep

    # -- reading copies -----------------------------------------------------------------

    def realtime(self, pairs: Sequence[tuple[str, str]], source: list[str] | bool = True) -> list[Copy]:
        """The current copies at (index, id) pairs, read in real time (no refresh needed)."""
        if not pairs:
            return []
        docs = [{"_index": index, "_id": doc_id} for index, doc_id in pairs]
        with unavailable("read"):
            found = self.client.mget(docs=docs, realtime=True, source=source)["docs"]
        copies: list[Copy] = []
        for doc in found:
            error = doc.get("error")
            if error is not None and error.get("type") != "index_not_found_exception":
                raise BackendUnavailable(f"elasticsearch: read {doc.get('_id')}: {error.get('reason', error)}")
            if doc.get("found"):
                version = Version(int(doc["_seq_no"]), int(doc["_primary_term"]), str(doc["_index"]))
                copies.append(Copy(str(doc["_id"]), version, dict(doc.get("_source") or {})))
        return copies

    def copies(
        self, ids: Sequence[str], source: list[str] | bool = True, *, not_in: dict[str, str] | None = None
    ) -> dict[str, list[Copy]]:
        """Every copy of ``ids`` (found through the read alias, then read in real time),
        newest monthly index first; ``not_in`` leaves out each id's copy in the index named."""
        pairs: list[tuple[str, str]] = []
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), SEARCH_CHUNK):
            chunk = unique[start:start + SEARCH_CHUNK]
            if not_in is None:
                query: dict[str, Any] = {"ids": {"values": chunk}}
            else:
                by_index: dict[str, list[str]] = {}
                for doc_id in chunk:
                    by_index.setdefault(not_in[doc_id], []).append(doc_id)
                query = {"bool": {"minimum_should_match": 1, "should": [
                    {"bool": {"filter": [{"ids": {"values": group}}], "must_not": [{"term": {"_index": index}}]}}
                    for index, group in by_index.items()]}}  # fmt: skip
            with unavailable("search"):
                hits = self.client.search(index=self.names.read_alias, query=query, size=2 * len(chunk),
                                          source=False, ignore_unavailable=True, allow_no_indices=True)["hits"]["hits"]  # fmt: skip
            pairs += [(str(hit["_index"]), str(hit["_id"])) for hit in hits]
        found: dict[str, list[Copy]] = {}
        for copy in sorted(self.realtime(pairs, source), key=lambda c: c.version.where, reverse=True):
            found.setdefault(copy.id, []).append(copy)
        return found

    # -- write --------------------------------------------------------------------------

    def write(self, items: Sequence[Item], *, keep: Sequence[str] = DERIVED_FIELDS) -> list[WriteOutcome]:
        latest = {item.id: item for item in items}  # the last of duplicate ids wins
        outcomes: dict[str, WriteOutcome] = {}
        pending: dict[str, Item] = {}
        for item in latest.values():
            try:
                encodable(to_document(item))
                pending[item.id] = item
            except ValueError as exc:  # pydantic's serialisation error, or UTF-8's
                outcomes[item.id] = WriteOutcome(item.id, "refused", refusal(exc))
        for attempt in range(MAX_ROUNDS):
            if not pending:
                break
            if attempt:  # another writer got in between: wait a little, at random, then read again
                self.sleep(random.uniform(0, min(0.5, 0.01 * 2**attempt)))
            pending = self._write_round(pending, outcomes, keep)
        if pending:
            raise BackendUnavailable(f"elasticsearch: {len(pending)} document(s) kept changing during "
                                     f"{MAX_ROUNDS} tries to write them, e.g. {next(iter(pending))}")  # fmt: skip
        return [outcomes[item.id] for item in items]

    def _target(self, item: Item) -> str:
        return self.names.monthly_index(item.published_at or item.fetched_at)

    def _write_round(
        self, pending: dict[str, Item], outcomes: dict[str, WriteOutcome], keep: Sequence[str]
    ) -> dict[str, Item]:
        """One guarded write of each pending item; returns those that met a concurrent write."""
        targets = {doc_id: self._target(item) for doc_id, item in pending.items()}
        here = {copy.id: copy for copy in self.realtime([(index, i) for i, index in targets.items()], DERIVED_SOURCE)}
        elsewhere = self.copies(list(pending), DERIVED_SOURCE, not_in=targets)
        actions: list[Action] = []
        carried: dict[str, Derived] = {}
        for doc_id, item in pending.items():
            current = here.get(doc_id)
            origin = current or next(iter(elsewhere.get(doc_id, [])), None)
            new = item if origin is None else with_derived(item, kept(origin.derived, keep))
            carried[doc_id] = derived_of(new) if origin is not None else {}
            action: Action = {"_op_type": "create", "_index": targets[doc_id], "_id": doc_id, "_source": to_document(new)}
            if current is not None:
                guard = {"if_seq_no": current.version.seq_no, "if_primary_term": current.version.primary_term}
                action.update(_op_type="index", **guard)
            actions.append(action)
        result = self.indexer.index(actions)
        _give_up(result, "write")
        retry = {f.id: pending[f.id] for f in result.failures if f.status == 409}
        outcomes.update((f.id, WriteOutcome(f.id, "refused", f.reason)) for f in result.failures if f.status != 409)
        for _, doc_id in result.written_ids:
            for old in elsewhere.get(doc_id, []):
                self._retire(old, targets[doc_id], dict(old.derived if here.get(doc_id) else carried[doc_id]))
            outcomes[doc_id] = WriteOutcome(doc_id, "ok")
        return retry

    def _retire(self, old: Copy, target: str, base: Derived) -> None:
        """Delete ``old``, the copy of a moved document, guarded by its version; changes made
        to it since it was read are first carried to the copy in ``target``. ``base``: what
        the new copy holds of the old one's derived fields."""
        seen = old
        for _ in range(MAX_ROUNDS):
            try:
                with unavailable("delete moved copy"):
                    self.client.delete(index=old.version.where, id=old.id, refresh=self.refresh,
                                       if_seq_no=seen.version.seq_no, if_primary_term=seen.version.primary_term)
                return
            except NotFoundError:
                return  # removed by another writer
            except ConflictError:
                pass
            now = self.realtime([(old.version.where, old.id)], DERIVED_SOURCE)
            if not now:
                return
            changed = {name: value for name, value in now[0].derived.items() if value != seen.derived[name]}
            if changed:
                self._carry(old.id, target, changed, base)
            seen = now[0]
        raise BackendUnavailable(f"elasticsearch: the old copy of moved document {old.id} kept changing")

    def _carry(self, doc_id: str, target: str, changed: Derived, base: Derived) -> None:
        """Set ``changed`` on the copy in ``target``, except fields changed there since ``base``."""
        for _ in range(MAX_ROUNDS):
            now = self.realtime([(target, doc_id)], DERIVED_SOURCE)
            if not now:
                return
            patch = {name: value for name, value in changed.items() if now[0].derived[name] == base.get(name)}
            if not patch:
                return
            try:
                with unavailable("carry derived fields"):
                    self.client.update(index=target, id=doc_id, doc=derived_document(patch), detect_noop=False,
                                       refresh=self.refresh, if_seq_no=now[0].version.seq_no,
                                       if_primary_term=now[0].version.primary_term)  # fmt: skip
                base.update(patch)
                return
            except ConflictError:
                continue
        raise BackendUnavailable(f"elasticsearch: moved document {doc_id} kept changing")

    # -- update_fields --------------------------------------------------------------------

    def update_fields(self, updates: Sequence[FieldUpdate]) -> list[WriteOutcome]:
        wanted = list(updates)
        check_fields(wanted)
        outcomes: dict[int, WriteOutcome] = {}
        for wave in in_waves(wanted):
            self._update_wave(wave, outcomes)
        return [outcomes[position] for position in range(len(wanted))]

    def _update_wave(self, wave: list[tuple[int, FieldUpdate]], outcomes: dict[int, WriteOutcome]) -> None:
        """One bulk request for updates of distinct ids."""
        unguarded = [update.id for _, update in wave if update.version is None]
        located = {doc_id: found[0] for doc_id, found in self.copies(unguarded, False).items()} if unguarded else {}
        actions: list[Action] = []
        positions: dict[str, int] = {}
        for position, update in wave:
            try:
                doc = derived_document(validated_changes(update.changes))
                encodable(doc)
            except ValueError as exc:  # a value the Item refuses, or one that cannot be sent
                outcomes[position] = WriteOutcome(update.id, "refused", refusal(exc))
                continue
            version = update.version if update.version is not None else located.get(update.id, _NOWHERE).version
            if not version.where:
                status: WriteStatus = "missing" if update.version is None else "conflict"
                outcomes[position] = WriteOutcome(update.id, status, _NOT_HERE[status])
                continue
            action: Action = {"_op_type": "update", "_index": version.where, "_id": update.id, "doc": doc,
                              "detect_noop": False}  # fmt: skip
            if update.version is None:
                action["retry_on_conflict"] = 3
            else:
                action.update(if_seq_no=version.seq_no, if_primary_term=version.primary_term)
            actions.append(action)
            positions[update.id] = position
        result = self.indexer.index(actions)
        _give_up(result, "update_fields")
        for _, doc_id in result.written_ids:
            outcomes[positions[doc_id]] = WriteOutcome(doc_id, "ok")
        gone = [f.id for f in result.failures if f.status == 404]
        moved = self.copies(gone, False) if gone else {}
        for failure in result.failures:
            position = positions[failure.id]
            if failure.status == 409:
                outcomes[position] = WriteOutcome(failure.id, "conflict", f"written since that version: {failure.reason}")
            elif failure.status == 404:
                gone_status: WriteStatus = "conflict" if failure.id in moved else "missing"
                outcomes[position] = WriteOutcome(failure.id, gone_status, _NOT_HERE[gone_status])
            else:
                outcomes[position] = WriteOutcome(failure.id, "refused", failure.reason)


_NOWHERE = Copy("", Version(0), {})
_NOT_HERE: dict[WriteStatus, str] = {
    "missing": "no such document in the index",
    "conflict": "the document moved to another monthly index since that version",
}
