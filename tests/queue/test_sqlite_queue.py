"""The SQLite queue: upsert semantics, leases, retries, dead letters, and crash recovery
across real processes (a consumer killed with SIGKILL)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from langnghe.item import Item, make_item_id
from langnghe.queue import ItemQueue, SQLiteQueue, open_queue
from langnghe.settings import Settings

FETCHED = datetime(2024, 5, 1, 2, 0, tzinfo=timezone.utc)


def make_item(n: int, text: str = "Người dân phản ánh nước sinh hoạt bị đục.") -> Item:
    url = f"https://bao.example/tin/{n}.html"
    return Item(
        id=make_item_id("news", canonical_url=url),
        source="bao-mau",
        platform="news",
        url=url,
        canonical_url=url,
        title=f"Tin số {n}",
        text=text,
        fetched_at=FETCHED,
    )


@pytest.fixture()
def queue(tmp_path: Path) -> Iterator[SQLiteQueue]:
    q = SQLiteQueue(tmp_path / "queue.sqlite3", max_attempts=3)
    yield q
    q.close()


def test_implements_the_protocol_and_factory_uses_settings(tmp_path: Path) -> None:
    q = open_queue(Settings(data_dir=tmp_path / "data"))
    try:
        assert isinstance(q, ItemQueue)
        assert q.path == tmp_path / "data" / "queue.sqlite3"
        assert q.path.exists()
    finally:
        q.close()


def test_wal_mode(queue: SQLiteQueue) -> None:
    with sqlite3.connect(queue.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_put_counts_new_and_changed_only(queue: SQLiteQueue) -> None:
    items = [make_item(i) for i in range(3)]
    assert queue.put(items) == 3
    assert queue.put(items) == 0
    assert queue.put([make_item(1, text="Nội dung đã cập nhật."), make_item(7)]) == 2
    assert queue.stats().ready == 4


def test_recrawl_of_done_item_is_a_noop_but_changed_content_is_ready_again(queue: SQLiteQueue) -> None:
    queue.put([make_item(1)])
    lease = queue.lease(10)
    assert lease is not None
    queue.ack(lease)
    assert queue.put([make_item(1)]) == 0
    assert queue.state(make_item(1).id) == "done"
    assert queue.lease(10) is None
    assert queue.put([make_item(1, text="Bài viết được sửa lại.")]) == 1
    again = queue.lease(10)
    assert again is not None and again.items[0].text == "Bài viết được sửa lại."


def test_items_round_trip_as_json(queue: SQLiteQueue) -> None:
    item = make_item(1)
    queue.put([item])
    lease = queue.lease(1)
    assert lease is not None and lease.items == [item]
    with sqlite3.connect(queue.path) as db:
        body = db.execute("SELECT body FROM items").fetchone()[0]
    assert json.loads(body)["title"] == "Tin số 1"


def test_lease_hands_each_item_once_in_order(queue: SQLiteQueue) -> None:
    queue.put([make_item(i) for i in range(5)])
    first = queue.lease(3)
    second = queue.lease(3)
    assert first is not None and second is not None
    assert [i.title for i in first.items] == ["Tin số 0", "Tin số 1", "Tin số 2"]
    assert [i.title for i in second.items] == ["Tin số 3", "Tin số 4"]
    assert queue.lease(3) is None
    assert first.token != second.token
    host, pid, _ = first.token.rsplit(":", 2)
    assert int(pid) == os.getpid() and host


def test_two_connections_never_share_a_lease(tmp_path: Path) -> None:
    a = SQLiteQueue(tmp_path / "q.sqlite3")
    b = SQLiteQueue(tmp_path / "q.sqlite3")
    try:
        a.put([make_item(i) for i in range(10)])
        seen: list[str] = []
        for q in [a, b] * 10:
            lease = q.lease(2)
            if lease:
                seen += [i.id for i in lease.items]
        assert sorted(seen) == sorted(make_item(i).id for i in range(10))
    finally:
        a.close()
        b.close()


def test_partial_ack_and_nack(queue: SQLiteQueue) -> None:
    queue.put([make_item(i) for i in range(3)])
    lease = queue.lease(3)
    assert lease is not None
    ids = [i.id for i in lease.items]
    queue.ack(lease, ids[:1])
    queue.nack(lease, ids[1:2], reason="annotate failed")
    stats = queue.stats()
    assert (stats.ready, stats.leased, stats.done) == (1, 1, 1)
    retry = queue.lease(5)
    assert retry is not None and [i.id for i in retry.items] == [ids[1]]


def test_nack_until_dead_keeps_the_reason(queue: SQLiteQueue) -> None:
    queue.put([make_item(1), make_item(2)])
    attempts = 0
    while (lease := queue.lease(1)) is not None and attempts < 10:
        attempts += 1
        if lease.items[0].id == make_item(1).id:
            queue.nack(lease, [make_item(1).id], reason="tokenizer crashed")
        else:
            queue.ack(lease)
    assert attempts == 4  # item 1 three times (max_attempts=3), item 2 once
    stats = queue.stats()
    assert (stats.dead, stats.done, stats.ready) == (1, 1, 0)
    assert stats.by_reason == {"tokenizer crashed": 1}
    letters = queue.dead_letters()
    assert [(d.id, d.reason, d.attempts) for d in letters] == [(make_item(1).id, "tokenizer crashed", 3)]
    assert letters[0].item == make_item(1)
    assert queue.put([make_item(1)]) == 0  # a re-crawl does not revive a dead item
    assert queue.requeue_dead() == 1
    assert queue.stats().ready == 1


def test_ack_with_foreign_ids_is_an_error(queue: SQLiteQueue) -> None:
    queue.put([make_item(1)])
    lease = queue.lease(1)
    assert lease is not None
    with pytest.raises(ValueError, match="not in this lease"):
        queue.ack(lease, ["not-an-id-of-this-lease"])


def test_expired_lease_is_delivered_again_and_stale_ack_is_ignored(tmp_path: Path) -> None:
    q = SQLiteQueue(tmp_path / "q.sqlite3", lease_seconds=0.05)
    try:
        q.put([make_item(1)])
        stale = q.lease(1)
        assert stale is not None
        deadline = time.monotonic() + 5
        fresh = None
        while fresh is None and time.monotonic() < deadline:  # bounded wait for the lease to expire
            time.sleep(0.06)
            fresh = q.lease(1)
        assert fresh is not None and fresh.items[0].id == make_item(1).id
        q.ack(stale)  # the old holder is too late: the item belongs to the new lease now
        assert q.state(make_item(1).id) == "leased"
        q.ack(fresh)
        assert q.state(make_item(1).id) == "done"
    finally:
        q.close()


def test_unreadable_stored_item_goes_to_dead(queue: SQLiteQueue) -> None:
    queue.put([make_item(1), make_item(2)])
    with sqlite3.connect(queue.path) as db:
        db.execute("UPDATE items SET body = '{\"id\": \"x\"}' WHERE id = ?", (make_item(1).id,))
    lease = queue.lease(10)
    assert lease is not None and [i.id for i in lease.items] == [make_item(2).id]
    assert queue.state(make_item(1).id) == "dead"
    assert "does not validate" in queue.dead_letters()[0].reason


# -- crash recovery with real processes ------------------------------------------------------

CONSUMER = """
import sys, time
from langnghe.queue.sqlite import SQLiteQueue
q = SQLiteQueue(sys.argv[1])
lease = q.lease(int(sys.argv[2]))
print(" ".join(i.id for i in lease.items) if lease else "", flush=True)
if sys.argv[3] == "hang":
    time.sleep(60)
else:
    q.ack(lease)
"""


def _consumer(path: Path, n: int, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CONSUMER, str(path), str(n), mode], stdout=subprocess.PIPE, text=True
    )


def test_consumer_killed_with_sigkill_its_items_go_to_the_next_consumer(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    producer = SQLiteQueue(path)  # lease_seconds=300: recovery must not wait for the timeout
    producer.put([make_item(i) for i in range(6)])
    child = _consumer(path, 4, "hang")
    try:
        assert child.stdout is not None
        leased_by_child = child.stdout.readline().split()
        assert len(leased_by_child) == 4
        assert producer.stats().leased == 4
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    producer.close()

    survivor = SQLiteQueue(path)  # opening releases leases of dead processes on this host
    try:
        assert survivor.stats().leased == 0
        got: list[str] = []
        while (lease := survivor.lease(3)) is not None and len(got) < 100:
            got += [i.id for i in lease.items]
            survivor.ack(lease)
        assert sorted(got) == sorted(make_item(i).id for i in range(6))  # nothing lost, nothing twice
        assert set(leased_by_child) <= set(got)
        assert survivor.stats().done == 6
    finally:
        survivor.close()


def test_concurrent_consumers_in_separate_processes_share_the_work(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    with SQLiteQueue(path) as q:
        q.put([make_item(i) for i in range(40)])
    children = [_consumer(path, 10, "ack") for _ in range(4)]
    outputs = [c.communicate(timeout=60)[0].split() for c in children]
    assert all(c.returncode == 0 for c in children)
    delivered = [item_id for out in outputs for item_id in out]
    assert sorted(delivered) == sorted(make_item(i).id for i in range(40))
    with SQLiteQueue(path) as q:
        assert q.stats().done == 40


def test_leases_of_live_processes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    with SQLiteQueue(path) as q:
        q.put([make_item(i) for i in range(2)])
    child = _consumer(path, 2, "hang")
    try:
        assert child.stdout is not None and len(child.stdout.readline().split()) == 2
        with SQLiteQueue(path) as other:
            assert other.stats().leased == 2
            assert other.lease(5) is None
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)


def test_retry_backoff_holds_a_nacked_item_back(tmp_path: Path) -> None:
    with SQLiteQueue(tmp_path / "q.sqlite3", retry_backoff=3600) as q:
        q.put([make_item(1), make_item(2)])
        lease = q.lease(2)
        assert lease is not None
        q.nack(lease, [make_item(1).id], reason="index down")
        q.ack(lease, [make_item(2).id])
        assert q.stats().ready == 1
        assert q.lease(5) is None  # ready, but not before its backoff has passed
    with sqlite3.connect(tmp_path / "q.sqlite3") as db:
        db.execute("UPDATE items SET ready_at = 0")  # as if an hour went by
    with SQLiteQueue(tmp_path / "q.sqlite3") as q:
        again = q.lease(5)
        assert again is not None and [i.id for i in again.items] == [make_item(1).id]
