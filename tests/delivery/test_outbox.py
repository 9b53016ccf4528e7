"""The outbox: transient failures wait there, later runs retry them, limits end them, reruns send nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.delivery import (
    EmailChannel,
    FileChannel,
    Message,
    RetryPolicy,
    WebhookChannel,
    deliver,
    outbox_summary,
    retry_outbox,
)
from langnghe.delivery.testing import HookServer, Reply, SmtpSink, free_port

T0 = datetime(2026, 11, 20, 0, 30, tzinfo=timezone.utc)  # 07:30 in Hà Nội
MESSAGE = Message(key="digest:2026-11-20", subject="Bản tin ngày 20/11", text="42 tin về ô nhiễm.")


class Clock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def _hook(port: int) -> dict[str, WebhookChannel]:
    return {"hook": WebhookChannel(kind="webhook", url=f"http://127.0.0.1:{port}/in", timeout=timedelta(seconds=5))}


def test_refused_connection_waits_in_the_outbox_until_the_server_comes_up(tmp_path: Path) -> None:
    clock, waits = Clock(), list[float]()
    port = free_port()
    [first] = deliver(MESSAGE, ["hook"], _hook(port), data_dir=tmp_path, sleep=waits.append, clock=clock)
    assert (first.status, first.attempts, waits) == ("queued", 3, [2.0, 4.0])
    assert first.error is not None and "ConnectionRefusedError" in first.error
    assert first.next_attempt_at == T0 + timedelta(minutes=5)
    summary = outbox_summary(tmp_path)
    assert (summary.pending, summary.failed, summary.sent) == (1, 0, 0)
    assert summary.problems[0].key == MESSAGE.key and summary.problems[0].last_error == first.error
    assert retry_outbox(_hook(port), tmp_path, clock=clock) == []  # not due yet: nothing tried
    with HookServer(port) as server:
        clock.now += timedelta(minutes=5)
        [again] = retry_outbox(_hook(port), tmp_path, clock=clock, sleep=waits.append)
    assert (again.status, again.attempts) == ("sent", 4) and waits == [2.0, 4.0]
    assert server.requests[0].json()["subject"] == "Bản tin ngày 20/11"
    assert outbox_summary(tmp_path).line() == "hộp thư đi: 0 chờ gửi, 0 lỗi, 1 đã gửi"


def test_a_rerun_with_the_same_key_is_not_sent_twice(tmp_path: Path) -> None:
    with SmtpSink() as smtp:
        channels = {"mail": EmailChannel(kind="email", host="127.0.0.1", port=smtp.port, security="none",
                                         sender="a@example.org", to=["b@example.org"])}
        first = deliver(MESSAGE, ["mail"], channels, data_dir=tmp_path)
        rerun = deliver(MESSAGE, ["mail", "mail"], channels, data_dir=tmp_path)
        other = deliver(Message("digest:2026-11-21", "Bản tin ngày 21/11", "..."), ["mail"], channels, data_dir=tmp_path)
    assert [r.status for r in first + rerun + other] == ["sent", "already_sent", "sent"]
    assert len(smtp.messages) == 2


def test_retries_end_at_the_age_limit_and_the_message_is_kept_as_failed(tmp_path: Path) -> None:
    clock = Clock()
    policy = RetryPolicy(attempts=1, max_age=timedelta(hours=1))
    port = free_port()
    [queued] = deliver(MESSAGE, ["hook"], _hook(port), data_dir=tmp_path, clock=clock, policy=policy)
    assert queued.status == "queued"
    clock.now += timedelta(minutes=5)
    [still] = retry_outbox(_hook(port), tmp_path, clock=clock, policy=policy)
    assert still.status == "queued" and still.next_attempt_at == clock.now + timedelta(minutes=10)
    clock.now += timedelta(hours=2)
    [ended] = retry_outbox(_hook(port), tmp_path, clock=clock, policy=policy)
    assert ended.status == "failed" and ended.error is not None and ended.error.startswith("bỏ cuộc sau 2 lần thử: ")
    summary = outbox_summary(tmp_path)
    assert (summary.pending, summary.failed) == (0, 1) and summary.problems[0].state == "failed"
    assert retry_outbox(_hook(port), tmp_path, clock=clock, policy=policy) == []


def test_a_long_retry_after_is_left_to_the_outbox(tmp_path: Path) -> None:
    clock = Clock()
    with HookServer() as server:
        server.script(Reply(429, b"", {"Retry-After": "3600"}))
        [result] = deliver(MESSAGE, ["hook"], _hook(server.port), data_dir=tmp_path, clock=clock,
                           sleep=lambda s: None)
    assert (result.status, result.attempts) == ("queued", 1)
    assert result.next_attempt_at == T0 + timedelta(hours=1)


def test_unknown_channels_fail_at_once_and_the_others_still_go(tmp_path: Path) -> None:
    channels = {"disk": FileChannel(kind="file", dir=Path("alerts"))}
    results = deliver(MESSAGE, ["nowhere", "disk"], channels, data_dir=tmp_path)
    assert [(r.channel, r.status) for r in results] == [("nowhere", "failed"), ("disk", "sent")]
    assert results[0].error == "không có kênh 'nowhere' (các kênh đã khai báo: disk)"
    assert outbox_summary(tmp_path).failed == 1


def test_a_channel_removed_from_the_config_ends_its_pending_messages(tmp_path: Path) -> None:
    clock = Clock()
    deliver(MESSAGE, ["hook"], _hook(free_port()), data_dir=tmp_path, clock=clock, sleep=lambda s: None)
    clock.now += timedelta(hours=1)
    [result] = retry_outbox({}, tmp_path, clock=clock)
    assert result.status == "failed" and result.error is not None
    assert result.error.startswith("kênh không còn trong cấu hình: ")


def test_status_of_a_data_folder_without_deliveries_creates_nothing(tmp_path: Path) -> None:
    assert outbox_summary(tmp_path).line() == "hộp thư đi: 0 chờ gửi, 0 lỗi, 0 đã gửi"
    assert not (tmp_path / "outbox.sqlite3").exists()


# The outbox table of the plain-sqlite3 version, as files made before langnghe.db hold it.
OLD_OUTBOX_DDL = (
    """CREATE TABLE IF NOT EXISTS outbox (
        key TEXT NOT NULL, channel TEXT NOT NULL, state TEXT NOT NULL, message TEXT,
        attempts INTEGER NOT NULL, created_at TEXT NOT NULL, queued_at TEXT NOT NULL,
        last_attempt_at TEXT, next_attempt_at TEXT, sent_at TEXT, last_error TEXT, detail TEXT,
        PRIMARY KEY (key, channel))""",
    "CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at)",
)


def test_a_message_waiting_in_an_outbox_of_the_previous_version_is_sent(tmp_path: Path) -> None:
    import sqlite3

    from langnghe.delivery.outbox import message_to_json

    stamp = T0.isoformat(timespec="microseconds")
    old = sqlite3.connect(tmp_path / "outbox.sqlite3")
    for statement in OLD_OUTBOX_DDL:
        old.execute(statement)
    old.execute("INSERT INTO outbox VALUES (?, 'hook', 'pending', ?, 3, ?, ?, ?, ?, NULL, 'connection refused', NULL)",
                (MESSAGE.key, message_to_json(MESSAGE), stamp, stamp, stamp, stamp))  # fmt: skip
    old.commit()
    old.close()
    assert outbox_summary(tmp_path).pending == 1
    with HookServer() as server:
        server.script(Reply(200))
        results = retry_outbox(_hook(server.port), tmp_path, clock=Clock(T0 + timedelta(minutes=5)))
        assert [(r.status, r.attempts) for r in results] == [("sent", 4)]
        assert server.requests[0].json()["subject"] == MESSAGE.subject
    summary = outbox_summary(tmp_path)
    assert (summary.pending, summary.sent) == (0, 1)
