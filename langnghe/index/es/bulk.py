"""Bulk indexing that loses nothing: every document is written or comes back with a reason.

:class:`BulkIndexer` sends actions with ``elasticsearch.helpers.streaming_bulk`` in chunks of
:data:`CHUNK_SIZE`. Two levels of retry, both bounded and with exponential backoff:

- inside a round, ``streaming_bulk`` re-sends the documents (or the whole chunk) refused
  with 429 or a 5xx, up to ``max_retries`` times;
- a connection error or timeout aborts the round; every document not yet confirmed is
  re-sent in the next round (ids are deterministic, so a re-send replaces, never doubles).
  Documents still refused with a transient status after their round also get another round.

What is left after ``max_rounds`` and every document refused for good (a mapping conflict,
a malformed value) is a :class:`BulkFailure` with the reason Elasticsearch gave; the caller
decides (the enrich worker nacks them back to the queue). Never a silent drop.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

log = logging.getLogger(__name__)

# 500 docs of a few KB each is ~2-5 MB a request: the size Elastic's tuning guide suggests
# starting from; bench/bench_es_bulk.py measures it against plain helpers.bulk.
CHUNK_SIZE = 500
MAX_CHUNK_BYTES = 10 * 1024 * 1024
RETRYABLE_STATUS = (429, 500, 502, 503, 504)
MAX_ID_BYTES = 512  # Elasticsearch's limit; one longer _id fails the whole bulk request
MAX_REASON = 300  # characters kept of each reason in an error's chain

Action = dict[str, Any]  # {"_index", "_id", "_source"} as streaming_bulk takes it
Refresh = Literal["wait_for", "true", "false"]


@dataclass(frozen=True)
class BulkFailure:
    """One document that was not written, and why."""

    id: str
    index: str | None
    status: int | None  # None: no HTTP answer (connection error)
    reason: str


@dataclass
class BulkResult:
    """The outcome of one :meth:`BulkIndexer.index` call: each document counted exactly once."""

    written: int = 0
    failures: list[BulkFailure] = field(default_factory=list)
    rounds: int = 0
    written_ids: list[tuple[str, str]] = field(default_factory=list)  # (index, id)

    @property
    def ok(self) -> bool:
        return not self.failures


class BulkWriteError(RuntimeError):
    """Some documents were not written; ``result`` names each with its reason."""

    def __init__(self, result: BulkResult) -> None:
        self.result = result
        first = result.failures[0]
        super().__init__(
            f"{len(result.failures)} of {result.written + len(result.failures)} document(s) not indexed; "
            f"first: {first.id} ({first.status}): {first.reason}"
        )


def is_retryable(status: int | None) -> bool:
    """Transient refusals: overload (429), server trouble (5xx) or no answer at all."""
    return status is None or status in RETRYABLE_STATUS or status >= 500


def backoff_delay(attempt: int, initial: float, maximum: float) -> float:
    """Seconds to wait before retry ``attempt`` (1-based): doubling, capped."""
    return float(min(maximum, initial * 2 ** (attempt - 1)))


def precheck(action: Action) -> BulkFailure | None:
    """Refuse, before sending, what would make the node fail a whole request, not one document."""
    size = len(str(action["_id"]).encode("utf-8"))
    if size <= MAX_ID_BYTES:
        return None
    reason = f"_id is {size} bytes, longer than {MAX_ID_BYTES} (refused before sending)"
    return BulkFailure(str(action["_id"]), action.get("_index"), 400, reason)


def describe_error(error: Any) -> str:
    """One line from an Elasticsearch error object (type: reason, caused by ...); each reason
    is cut at :data:`MAX_REASON` characters (a mapping error quotes the refused value)."""
    if not isinstance(error, dict):
        return str(error)
    reason = " ".join(str(error.get("reason", "")).split())
    if len(reason) > MAX_REASON:
        reason = reason[:MAX_REASON] + "…"
    text = f"{error.get('type', 'error')}: {reason}"
    cause = error.get("caused_by")
    return f"{text} (caused by {describe_error(cause)})" if isinstance(cause, dict) else text


class BulkIndexer:
    """Index actions with bounded retries; see the module docs for the guarantees."""

    def __init__(
        self,
        client: Elasticsearch,
        *,
        chunk_size: int = CHUNK_SIZE,
        max_retries: int = 3,
        max_rounds: int = 4,
        initial_backoff: float = 0.5,
        max_backoff: float = 10.0,
        refresh: Refresh = "false",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.chunk_size = chunk_size
        self.max_retries = max_retries
        self.max_rounds = max_rounds
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.refresh = refresh
        self.sleep = sleep

    def index(self, actions: Iterable[Action]) -> BulkResult:
        pending: dict[str, Action] = {}
        result = BulkResult()
        for action in actions:
            refusal = precheck(action)
            if refusal is None:
                pending[action["_id"]] = action
            else:
                result.failures.append(refusal)
        reasons: dict[str, tuple[int | None, str]] = {}
        while pending and result.rounds < self.max_rounds:
            if result.rounds:
                self.sleep(backoff_delay(result.rounds, self.initial_backoff, self.max_backoff))
            result.rounds += 1
            self._round(pending, reasons, result)
        for doc_id, action in pending.items():
            status, reason = reasons.get(doc_id, (None, "not attempted"))
            gave_up = f"gave up after {result.rounds} round(s): {reason}"
            result.failures.append(BulkFailure(doc_id, action.get("_index"), status, gave_up))
        return result

    def _round(
        self, pending: dict[str, Action], reasons: dict[str, tuple[int | None, str]], result: BulkResult
    ) -> None:
        """One pass over the pending documents; confirmed or refused-for-good ones leave ``pending``."""
        try:
            for ok, info in self._stream(list(pending.values())):
                self._settle(ok, info, pending, reasons, result)
        except (TransportConnectionError, ConnectionTimeout) as exc:
            log.warning("elasticsearch bulk: %s; %d document(s) will be re-sent", exc, len(pending))
            for doc_id in pending:
                reasons[doc_id] = (None, f"{type(exc).__name__}: {exc}")

    def _stream(self, actions: list[Action]) -> Iterable[tuple[bool, dict[str, Any]]]:
        return streaming_bulk(
            self.client,
            actions,
            chunk_size=self.chunk_size,
            max_chunk_bytes=MAX_CHUNK_BYTES,
            raise_on_error=False,
            raise_on_exception=False,
            max_retries=self.max_retries,
            initial_backoff=self.initial_backoff,
            max_backoff=self.max_backoff,
            retry_on_status=RETRYABLE_STATUS,
            refresh=self.refresh,
        )

    @staticmethod
    def _settle(
        ok: bool,
        info: dict[str, Any],
        pending: dict[str, Action],
        reasons: dict[str, tuple[int | None, str]],
        result: BulkResult,
    ) -> None:
        details = next(iter(info.values()))
        doc_id = str(details.get("_id"))
        if ok:
            pending.pop(doc_id, None)
            result.written += 1
            result.written_ids.append((str(details.get("_index")), doc_id))
            return
        status = details.get("status")
        reason = describe_error(details.get("error"))
        if is_retryable(status):
            reasons[doc_id] = (status, reason)  # stays pending for the next round
            return
        action = pending.pop(doc_id, None)
        index = details.get("_index") or (action or {}).get("_index")
        result.failures.append(BulkFailure(doc_id, index, status, reason))


def failures_as_json(result: BulkResult) -> str:
    """The failures as JSON lines, for a dead-letter file or a log."""
    return "\n".join(json.dumps(failure.__dict__, ensure_ascii=False) for failure in result.failures)
