"""The enrich stage under the stage base's error contract, on the real SQLite queue and index.

Annotation is a plain function here; the index is real (a read-only file is a real outage).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from langnghe.errors import BackendUnavailable, ModelMissingError
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item, NlpResult, Prediction
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.stages.base import Backoff, Outcome, Stage, StageRunner
from langnghe.stages.enrich import EnrichStage
from langnghe.testing import build_item, read_only_files


def _label(items: list[Item]) -> list[Item]:
    out = []
    for item in items:
        if "POISON" in item.text:
            raise ValueError("cannot annotate this text")
        nlp = NlpResult(sentiment=Prediction(label="neutral", score=1.0))
        out.append(item.model_copy(update={"nlp": nlp}))
    return out


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[SQLiteQueue, SQLiteIndex]]:
    queue, index = SQLiteQueue(tmp_path / "q.sqlite3", max_attempts=2), SQLiteIndex(tmp_path / "i.sqlite3")
    yield queue, index
    queue.close()
    index.close()


def _runner(queue: SQLiteQueue, stage: Stage, batch_size: int = 10, sleeps: list[float] | None = None) -> StageRunner:
    recorded = sleeps if sleeps is not None else []
    return StageRunner(stage, queue, batch_size=batch_size, backoff=Backoff(initial=0.0, maximum=0.0),
                       sleep=recorded.append)  # fmt: skip


def test_drains_everything_in_batches(stores: tuple[SQLiteQueue, SQLiteIndex]) -> None:
    queue, index = stores
    queue.put([build_item(text=f"Tin số {n}") for n in range(25)])
    seen: list[int] = []
    report = _runner(queue, EnrichStage(index, _label)).drain(on_batch=seen.append)
    assert report.done == 25 and report.batches == 3 and seen == [10, 10, 5]
    assert index.count() == 25 and queue.stats().done == 25 and queue.stats().ready == 0
    assert all(hit.item.nlp is not None for hit in index.search(limit=50).hits)


def test_poison_item_is_isolated_and_quarantined(stores: tuple[SQLiteQueue, SQLiteIndex]) -> None:
    queue, index = stores
    queue.put([build_item(text="Tin bình thường 1"), build_item(text="POISON"), build_item(text="Tin bình thường 2")])
    runner = _runner(queue, EnrichStage(index, _label))
    report = runner.drain()  # no retry backoff here: retried at once, quarantined after max_attempts=2
    assert report.done == 2 and report.failed == 2
    assert "cannot annotate" in next(iter(report.failures.values()))
    assert queue.stats().quarantined == 1 and runner.drain().batches == 0
    assert index.count() == 2
    assert "ValueError: cannot annotate this text" in queue.quarantined()[0].reason


def test_retry_backoff_keeps_poison_out_of_the_same_drain(tmp_path: Path) -> None:
    queue, index = SQLiteQueue(tmp_path / "q.sqlite3", retry_backoff=60), SQLiteIndex(tmp_path / "i.sqlite3")
    queue.put([build_item(text="POISON"), build_item(text="Tin bình thường")])
    report = _runner(queue, EnrichStage(index, _label)).drain()
    assert report.failed == 1 and report.done == 1 and queue.stats().quarantined == 0
    queue.close()
    index.close()


def test_a_read_only_index_spends_no_attempt_and_loses_nothing(tmp_path: Path) -> None:
    """The index's files made read-only in the middle of a drain: the batch goes back again and
    again, never counted against the items; once writable, every item is indexed exactly once
    and nothing is quarantined."""
    path = tmp_path / "i.sqlite3"
    queue = SQLiteQueue(tmp_path / "q.sqlite3", max_attempts=2)
    queue.put([build_item(text=f"Tin số {n}") for n in range(30)])
    with SQLiteIndex(path) as index:
        assert _runner(queue, EnrichStage(index, _label)).drain(max_batches=1).done == 10
    with read_only_files(path.parent.glob("i.sqlite3*")), SQLiteIndex(path) as index:
        sleeps: list[float] = []
        report = _runner(queue, EnrichStage(index, _label), sleeps=sleeps).drain(patience=1000, max_batches=12)
        assert report.done == 0 and report.transient_failures == 12 and report.unavailable
        assert len(sleeps) == 12 and queue.stats().quarantined == 0 and queue.stats().ready == 20
    with SQLiteIndex(path) as index:
        resumed = _runner(queue, EnrichStage(index, _label)).drain()
        assert resumed.done == 20 and resumed.unavailable is None
        assert index.count() == 30
    stats = queue.stats()
    assert (stats.done, stats.quarantined, stats.ready) == (30, 0, 0)
    queue.close()


def test_a_refused_document_is_quarantined_alone(stores: tuple[SQLiteQueue, SQLiteIndex]) -> None:
    queue, index = stores

    class RefusesOne(Stage):
        name = "enrich"

        def process(self, items: list[Item]) -> Sequence[Outcome]:
            good = [item for item in items if "QUÁ DÀI" not in item.text]
            index.upsert(good)
            return [Outcome(i.id, "quarantine", "the index refused it: field too long") for i in items if i not in good]

    queue.put([build_item(text=f"Tin {n}") for n in range(5)] + [build_item(text="Trường QUÁ DÀI")])
    report = _runner(queue, RefusesOne()).drain()
    assert (report.done, report.quarantined, report.failed) == (5, 1, 0)
    assert index.count() == 5
    [held] = queue.quarantined()
    assert held.item is not None and "QUÁ DÀI" in held.item.text and held.attempts == 0


def test_a_missing_model_gives_the_batch_back_and_stops(stores: tuple[SQLiteQueue, SQLiteIndex]) -> None:
    """Not the items' fault: nothing is counted against them, and the operator sees the error."""
    queue, index = stores

    def missing(items: list[Item]) -> list[Item]:
        raise ModelMissingError("sentiment model not found in /models: run `langnghe train sentiment`")

    queue.put([build_item(text=f"Tin {n}") for n in range(3)])
    with pytest.raises(ModelMissingError):
        _runner(queue, EnrichStage(index, missing)).drain()
    stats = queue.stats()
    assert (stats.ready, stats.quarantined, stats.leased) == (3, 0, 0)
    assert _runner(queue, EnrichStage(index, _label)).drain().done == 3


def test_transient_failures_wait_with_backoff_within_patience(stores: tuple[SQLiteQueue, SQLiteIndex]) -> None:
    queue, index = stores
    calls = 0

    class FlakyIndex(Stage):
        name = "enrich"

        def process(self, items: list[Item]) -> Sequence[Outcome]:
            nonlocal calls
            calls += 1
            if calls <= 3:
                raise BackendUnavailable("index: connection refused")
            index.upsert(items)
            return []

    queue.put([build_item(text=f"Tin {n}") for n in range(4)])
    sleeps: list[float] = []
    runner = StageRunner(FlakyIndex(), queue, backoff=Backoff(initial=0.0, maximum=0.0), sleep=sleeps.append)
    report = runner.drain(patience=60)
    assert report.done == 4 and report.transient_failures == 3 and report.returned == 12
    assert report.unavailable is None and len(sleeps) == 3
    assert Backoff(initial=1, maximum=30).delay(1) == 1 and Backoff(initial=1, maximum=30).delay(10) == 30
    # Without patience the drain stops at the first failure, the batch waiting in the queue.
    calls = 0
    queue.put([build_item(text="Tin mới")])
    stopped = StageRunner(FlakyIndex(), queue, backoff=Backoff(initial=0.0, maximum=0.0)).drain()
    assert stopped.unavailable == "enrich: index: connection refused" and stopped.done == 0
