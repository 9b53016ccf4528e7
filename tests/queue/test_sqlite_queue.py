"""The SQLite queue: upsert semantics, leases, the error contract (retry, fail, quarantine), crash recovery
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
    assert int(pid.split(".")[0]) == os.getpid() and host  # pid.start.boot: see langnghe.queue.owners


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


def test_partial_ack_and_fail(queue: SQLiteQueue) -> None:
    queue.put([make_item(i) for i in range(3)])
    lease = queue.lease(3)
    assert lease is not None
    ids = [i.id for i in lease.items]
    queue.ack(lease, ids[:1])
    queue.fail(lease, ids[1:2], reason="annotate failed")
    stats = queue.stats()
    assert (stats.ready, stats.leased, stats.done) == (1, 1, 1)
    retry = queue.lease(5)
    assert retry is not None and [i.id for i in retry.items] == [ids[1]]


def test_fail_until_quarantined_keeps_the_reason(queue: SQLiteQueue) -> None:
    queue.put([make_item(1), make_item(2)])
    attempts = 0
    while (lease := queue.lease(1)) is not None and attempts < 10:
        attempts += 1
        if lease.items[0].id == make_item(1).id:
            queue.fail(lease, [make_item(1).id], reason="tokenizer crashed")
        else:
            queue.ack(lease)
    assert attempts == 4  # item 1 three times (max_attempts=3), item 2 once
    stats = queue.stats()
    assert (stats.quarantined, stats.done, stats.ready) == (1, 1, 0)
    assert stats.by_reason == {"tokenizer crashed": 1}
    letters = queue.quarantined()
    assert [(d.id, d.reason, d.attempts) for d in letters] == [(make_item(1).id, "tokenizer crashed", 3)]
    assert letters[0].item == make_item(1)
    assert queue.put([make_item(1)]) == 0  # a re-crawl does not revive a quarantined item
    assert queue.release() == 1
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


def test_unreadable_stored_item_is_quarantined(queue: SQLiteQueue) -> None:
    queue.put([make_item(1), make_item(2)])
    with sqlite3.connect(queue.path) as db:
        db.execute("UPDATE items SET body = '{\"id\": \"x\"}' WHERE id = ?", (make_item(1).id,))
    lease = queue.lease(10)
    assert lease is not None and [i.id for i in lease.items] == [make_item(2).id]
    assert queue.state(make_item(1).id) == "quarantined"
    assert "does not validate" in queue.quarantined()[0].reason


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


def test_items_of_a_killed_consumer_keep_their_place_in_the_line(tmp_path: Path) -> None:
    """They come back first, alone, in their order: a replay killed and restarted processes
    its items in the order of an uninterrupted one (claim exemplars are learnt in that order)."""
    path = tmp_path / "q.sqlite3"
    with SQLiteQueue(path) as producer:
        producer.put([make_item(i) for i in range(6)])
    child = _consumer(path, 3, "hang")
    try:
        assert child.stdout is not None and len(child.stdout.readline().split()) == 3
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    with SQLiteQueue(path) as survivor:
        batches: list[list[str]] = []
        while (lease := survivor.lease(3)) is not None and len(batches) < 10:
            batches.append([item.id for item in lease.items])
            survivor.ack(lease)
    ids = [make_item(i).id for i in range(6)]
    assert batches == [[ids[0]], [ids[1]], [ids[2]], ids[3:]]


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


def test_retry_backoff_holds_a_failed_item_back(tmp_path: Path) -> None:
    with SQLiteQueue(tmp_path / "q.sqlite3", retry_backoff=3600) as q:
        q.put([make_item(1), make_item(2)])
        lease = q.lease(2)
        assert lease is not None
        q.fail(lease, [make_item(1).id], reason="index down")
        q.ack(lease, [make_item(2).id])
        assert q.stats().ready == 1
        assert q.lease(5) is None  # ready, but not before its backoff has passed
    with sqlite3.connect(tmp_path / "q.sqlite3") as db:
        db.execute("UPDATE items SET ready_at = 0")  # as if an hour went by
    with SQLiteQueue(tmp_path / "q.sqlite3") as q:
        again = q.lease(5)
        assert again is not None and [i.id for i in again.items] == [make_item(1).id]


# -- the error contract ------------------------------------------------------------------------


def test_transient_retry_spends_no_attempt(queue: SQLiteQueue) -> None:
    """An index outage gives a batch back many times over; the items never get closer to quarantine."""
    queue.put([make_item(1)])
    for _ in range(queue.max_attempts * 4):
        lease = queue.lease(5)
        assert lease is not None
        queue.retry(lease, [make_item(1).id], reason="index unavailable: connection refused", delay=0)
    assert queue.stats().quarantined == 0
    lease = queue.lease(5)
    assert lease is not None
    queue.fail(lease, [make_item(1).id], reason="tokenizer crashed")  # the first real failure
    with sqlite3.connect(queue.path) as db:
        assert db.execute("SELECT attempts FROM items").fetchone()[0] == 1


def test_retry_holds_items_back_for_the_delay(queue: SQLiteQueue) -> None:
    queue.put([make_item(1), make_item(2)])
    lease = queue.lease(5)
    assert lease is not None
    queue.retry(lease, [make_item(1).id, make_item(2).id], reason="index unavailable", delay=3600)
    stats = queue.stats()
    assert (stats.ready, stats.waiting, stats.leased, stats.quarantined) == (2, 2, 0, 0)
    assert queue.lease(5) is None


def test_quarantine_sets_one_item_aside_and_its_neighbours_go_on(queue: SQLiteQueue) -> None:
    queue.put([make_item(i) for i in range(3)])
    lease = queue.lease(5)
    assert lease is not None
    refused = make_item(1).id
    queue.quarantine(lease, [refused], reason="index refused the document: field title too long")
    queue.ack(lease, [make_item(0).id, make_item(2).id])
    stats = queue.stats()
    assert (stats.done, stats.quarantined) == (2, 1)
    [held] = queue.quarantined()
    assert (held.id, held.attempts, held.item) == (refused, 0, make_item(1))
    assert held.reason.startswith("index refused") and held.since.tzinfo is not None


def test_release_by_reason_or_ids(queue: SQLiteQueue) -> None:
    queue.put([make_item(i) for i in range(4)])
    lease = queue.lease(5)
    assert lease is not None
    ids = [item.id for item in lease.items]
    queue.quarantine(lease, ids[:2], reason="Index refused: mapper_parsing_exception")
    queue.quarantine(lease, ids[2:], reason="stored item does not validate")
    assert [q.id for q in queue.quarantined(reason="MAPPER_PARSING")] == sorted(ids[:2])
    assert queue.release(reason="mapper_parsing") == 2
    assert queue.release(ids=[ids[3]]) == 1
    assert queue.release(ids=[ids[3]]) == 0  # already released
    stats = queue.stats()
    assert (stats.ready, stats.quarantined, stats.by_reason) == (3, 1, {"stored item does not validate": 1})


KILLED_BY = """
import os, signal, sys
from langnghe.queue.sqlite import SQLiteQueue
q = SQLiteQueue(sys.argv[1], max_attempts=2)
lease = q.lease(4)
if lease is not None:
    if any(item.id == sys.argv[2] for item in lease.items):
        os.kill(os.getpid(), signal.SIGKILL)  # the item crashes its worker, whoever else is in the batch
    q.ack(lease)
print("empty" if lease is None else "acked", flush=True)
"""


def test_items_of_a_dead_worker_come_back_alone_and_the_killer_is_quarantined(tmp_path: Path) -> None:
    """Each death is charged to the items leased then; they are leased alone afterwards, so the
    item that kills its worker is quarantined after max_attempts deaths and its neighbours go on."""
    path = tmp_path / "q.sqlite3"
    with SQLiteQueue(path, max_attempts=2) as q:
        q.put([make_item(i) for i in range(4)])
    killer = make_item(2).id
    deaths = 0
    for _ in range(20):  # bounded; each worker process leases one batch
        child = subprocess.run([sys.executable, "-c", KILLED_BY, str(path), killer], capture_output=True, text=True)
        deaths += child.returncode == -signal.SIGKILL
        if child.stdout.strip() == "empty":
            break
    with SQLiteQueue(path, max_attempts=2) as q:
        stats = q.stats()
        assert (stats.done, stats.quarantined, stats.ready, stats.leased) == (3, 1, 0, 0)
        [held_back] = q.quarantined()
        assert held_back.id == killer and "worker process died" in held_back.reason
    assert deaths == 2  # the batch once, then the killer alone once: neighbours never died twice


def test_a_schema_1_queue_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE items (id TEXT PRIMARY KEY, body TEXT NOT NULL, content_hash TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('ready', 'leased', 'done', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0, lease_token TEXT, lease_deadline REAL, reason TEXT,
                ready_at REAL NOT NULL, updated_at REAL NOT NULL);
        """)
        rows = [(make_item(1).id, make_item(1).to_json(), make_item(1).content_hash(), "dead", 5, "annotate failed"),
                (make_item(2).id, make_item(2).to_json(), make_item(2).content_hash(), "ready", 0, None)]
        db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, 0, 0)", rows)
    with SQLiteQueue(path) as q:
        assert (q.stats().quarantined, q.stats().ready) == (1, 1)
        assert q.quarantined()[0].reason == "annotate failed"
        assert q.release() == 1 and q.stats().ready == 2
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
