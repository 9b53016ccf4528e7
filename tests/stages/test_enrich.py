"""The enrich worker against the real SQLite queue and index; annotation is a plain function here."""

from pathlib import Path

import pytest

from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item, NlpResult, Prediction
from langnghe.stages.enrich import EnrichWorker
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.testing import build_item


def _label(items: list[Item]) -> list[Item]:
    out = []
    for item in items:
        if "POISON" in item.text:
            raise ValueError("cannot annotate this text")
        nlp = NlpResult(sentiment=Prediction(label="neutral", score=1.0))
        out.append(item.model_copy(update={"nlp": nlp}))
    return out


@pytest.fixture
def stores(tmp_path: Path):  # type: ignore[no-untyped-def]
    queue, index = SQLiteQueue(tmp_path / "q.sqlite3", max_attempts=2), SQLiteIndex(tmp_path / "i.sqlite3")
    yield queue, index
    queue.close()
    index.close()


def test_drains_everything_in_batches(stores) -> None:  # type: ignore[no-untyped-def]
    queue, index = stores
    queue.put([build_item(text=f"Tin số {n}") for n in range(25)])
    seen: list[int] = []
    report = EnrichWorker(queue, index, _label, batch_size=10).drain(on_batch=seen.append)
    assert report.indexed == 25 and report.batches == 3 and seen == [10, 10, 5]
    assert index.count() == 25 and queue.stats().done == 25 and queue.stats().ready == 0
    assert all(hit.item.nlp is not None for hit in index.search(limit=50).hits)


def test_poison_item_is_isolated_and_dead_lettered(stores) -> None:  # type: ignore[no-untyped-def]
    queue, index = stores
    queue.put([build_item(text="Tin bình thường 1"), build_item(text="POISON"), build_item(text="Tin bình thường 2")])
    worker = EnrichWorker(queue, index, _label, batch_size=10)
    report = worker.drain()  # no retry backoff here: retried at once, dead-lettered after max_attempts=2
    assert report.indexed == 2 and report.failed == 2
    assert "cannot annotate" in next(iter(report.failures.values()))
    assert queue.stats().dead == 1 and worker.drain().batches == 0
    assert index.count() == 2
    assert "annotate failed" in queue.dead_letters()[0].reason


def test_retry_backoff_keeps_poison_out_of_the_same_drain(tmp_path: Path) -> None:
    queue, index = SQLiteQueue(tmp_path / "q.sqlite3", retry_backoff=60), SQLiteIndex(tmp_path / "i.sqlite3")
    queue.put([build_item(text="POISON"), build_item(text="Tin bình thường")])
    report = EnrichWorker(queue, index, _label).drain()
    assert report.failed == 1 and report.indexed == 1 and queue.stats().dead == 0
    queue.close()
    index.close()


class _BrokenIndex(SQLiteIndex):
    def upsert(self, items: list[Item]) -> int:
        raise OSError("disk full")


def test_index_failure_returns_items_to_queue(tmp_path: Path) -> None:
    queue, broken = SQLiteQueue(tmp_path / "q.sqlite3"), _BrokenIndex(tmp_path / "i.sqlite3")
    queue.put([build_item(text=f"Tin {n}") for n in range(5)])
    report = EnrichWorker(queue, broken, _label, batch_size=10).drain()
    assert report.indexed == 0 and report.index_error and "disk full" in report.index_error
    assert queue.stats().ready == 5
    broken.close()
    index = SQLiteIndex(tmp_path / "i.sqlite3")
    assert EnrichWorker(queue, index, _label).drain().indexed == 5
    queue.close()
    index.close()
