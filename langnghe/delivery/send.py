"""Delivering a message to named channels, with retries and the outbox (docs: ``langnghe/delivery/__init__.py``).

:func:`deliver` tries each channel a few times, then leaves what still fails for
transient reasons to the outbox, which :func:`retry_outbox` works through on later
runs. Every channel's outcome comes back as one :class:`DeliveryResult`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from langnghe.paths import DataPaths
from langnghe.delivery.config import Channel, EmailChannel, FileChannel, TelegramChannel, WebhookChannel
from langnghe.delivery.errors import DeliveryError, secret_values
from langnghe.delivery.files import FileSender
from langnghe.delivery.mail import MailSender
from langnghe.delivery.message import Message
from langnghe.delivery.outbox import Outbox, OutboxEntry
from langnghe.delivery.retry import DEFAULT_POLICY, RetryPolicy, gives_up, next_attempt_at, send_with_retries
from langnghe.delivery.telegram import TelegramSender
from langnghe.delivery.webhook import WebhookSender

log = logging.getLogger(__name__)

Status = Literal["sent", "already_sent", "queued", "failed"]
Clock = Callable[[], datetime]
DEFAULT_TZ = "Asia/Ho_Chi_Minh"
_LEASE = timedelta(minutes=15)  # how long a send in progress keeps an outbox pass off its row


_STATUS_VI = {"sent": "đã gửi", "already_sent": "đã gửi trước đó", "queued": "chờ gửi lại", "failed": "không gửi được"}


@dataclass(frozen=True)
class DeliveryResult:
    """One channel's outcome: ``queued`` means it failed for now and the outbox will try again."""

    channel: str
    key: str
    status: Status
    attempts: int = 0
    detail: str = ""  # where it went: recipients, chat, files
    error: str | None = None  # why not; never holds a credential
    next_attempt_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "already_sent")

    def line(self) -> str:
        """``mail: đã gửi: đã gửi thư tới 2 người nhận qua smtp.example.org:587``, for people."""
        text = self.detail if self.status == "sent" else "" if self.status == "already_sent" else self.error or ""
        return f"{self.channel}: {_STATUS_VI[self.status]}" + (f": {text}" if text else "")


class Sender(Protocol):
    def send(self, message: Message) -> str:
        """Send ``message`` once; return where it went, or raise a :class:`DeliveryError`."""


def open_sender(name: str, channel: Channel, *, data_dir: Path, day: date) -> Sender:
    if isinstance(channel, EmailChannel):
        return MailSender(name, channel)
    if isinstance(channel, WebhookChannel):
        return WebhookSender(name, channel)
    if isinstance(channel, TelegramChannel):
        return TelegramSender(name, channel)
    return FileSender(name, channel, data_dir=data_dir, day=day)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class _Run:
    """What every send of one call shares."""

    channels: Mapping[str, Channel]
    outbox: Outbox
    data_dir: Path
    policy: RetryPolicy
    sleep: Callable[[float], None]
    clock: Clock
    tz: str


def deliver(
    message: Message, channel_names: Sequence[str], channels: Mapping[str, Channel], *, data_dir: Path,
    sleep: Callable[[float], None] = time.sleep, policy: RetryPolicy = DEFAULT_POLICY,
    clock: Clock = _utcnow, tz: str = DEFAULT_TZ,
) -> list[DeliveryResult]:
    """Send ``message`` to each named channel (each name once, in order); never raises for a channel's failure.

    A key already sent on a channel is not sent again (``already_sent``), except on a
    file channel, which rewrites its files in place.
    """
    outbox = Outbox(DataPaths(data_dir).outbox)
    run = _Run(channels, outbox, data_dir, policy, sleep, clock, tz)
    try:
        return [_deliver_one(run, message, name) for name in dict.fromkeys(channel_names)]
    finally:
        outbox.close()


def _deliver_one(run: _Run, message: Message, name: str) -> DeliveryResult:
    channel = run.channels.get(name)
    previous = run.outbox.get(message.key, name)
    if previous is not None and previous.state == "sent" and not isinstance(channel, FileChannel):
        return DeliveryResult(name, message.key, "already_sent", detail=previous.detail or "")
    now = run.clock()
    entry = run.outbox.start(message, name, now, now + _LEASE)
    if channel is None:
        known = ", ".join(sorted(run.channels)) or "chưa có"
        error = f"không có kênh {name!r} (các kênh đã khai báo: {known})"
        run.outbox.mark_failed(message.key, name, now, 0, error)
        log.error("delivery of %s: %s", message.key, error)
        return DeliveryResult(name, message.key, "failed", error=error)
    return _attempt(run, entry, message, channel, run.policy)


def _attempt(run: _Run, entry: OutboxEntry, message: Message, channel: Channel, policy: RetryPolicy) -> DeliveryResult:
    """Try, then record the outcome in the outbox: sent, pending for a later pass, or failed."""
    day = entry.created_at.astimezone(ZoneInfo(run.tz)).date()
    sender = open_sender(entry.channel, channel, data_dir=run.data_dir, day=day)
    what = f"delivery of {message.key} to {entry.channel}"
    outcome = send_with_retries(lambda: sender.send(message), policy, run.sleep, what=what,
                                secrets=secret_values(channel.secret_envs()))
    now, key, name = run.clock(), message.key, entry.channel
    tries = entry.attempts + outcome.tries
    if outcome.error is None:
        run.outbox.mark_sent(key, name, now, outcome.tries, outcome.detail)
        log.info("%s: %s", what, outcome.detail)
        return DeliveryResult(name, key, "sent", tries, detail=outcome.detail)
    return _failed(run, entry, outcome.error, outcome.tries, now, what)


def _failed(run: _Run, entry: OutboxEntry, error: DeliveryError, tries: int, now: datetime, what: str) -> DeliveryResult:
    total = entry.attempts + tries
    if error.transient and not gives_up(run.policy, total, entry.queued_at, now):
        retry_at = next_attempt_at(run.policy, total, now, error.retry_after)
        run.outbox.mark_pending(entry.key, entry.channel, now, tries, retry_at, str(error))
        log.warning("%s failed (%s); kept in the outbox, next try at %s", what, error, retry_at.isoformat())
        return DeliveryResult(entry.channel, entry.key, "queued", total, error=str(error), next_attempt_at=retry_at)
    reason = str(error) if not error.transient else f"bỏ cuộc sau {total} lần thử: {error}"
    run.outbox.mark_failed(entry.key, entry.channel, now, tries, reason)
    log.error("%s failed: %s", what, reason)
    return DeliveryResult(entry.channel, entry.key, "failed", total, error=reason)


def retry_outbox(
    channels: Mapping[str, Channel], data_dir: Path, *, sleep: Callable[[float], None] = time.sleep,
    policy: RetryPolicy = DEFAULT_POLICY, clock: Clock = _utcnow, tz: str = DEFAULT_TZ,
) -> list[DeliveryResult]:
    """One try for each pending message whose time has come; those past the attempt or age
    limit, or whose channel is no longer configured, are marked failed instead."""
    outbox = Outbox(DataPaths(data_dir).outbox)
    run = _Run(channels, outbox, data_dir, policy, sleep, clock, tz)
    try:
        return [result for key, name in outbox.due(clock()) if (result := _retry_one(run, key, name))]
    finally:
        outbox.close()


def _retry_one(run: _Run, key: str, name: str) -> DeliveryResult | None:
    now = run.clock()
    claimed = run.outbox.claim(key, name, now, now + _LEASE)
    if claimed is None:
        return None  # another process is on it
    entry, message = claimed
    channel = run.channels.get(name)
    if gives_up(run.policy, entry.attempts, entry.queued_at, now) or channel is None:
        why = "kênh không còn trong cấu hình" if channel is None else f"bỏ cuộc sau {entry.attempts} lần thử"
        error = f"{why}: {entry.last_error}" if entry.last_error else why
        run.outbox.mark_failed(key, name, now, 0, error)
        log.error("delivery of %s to %s failed: %s", key, name, error)
        return DeliveryResult(name, key, "failed", entry.attempts, error=error)
    return _attempt(run, entry, message, channel, replace(run.policy, attempts=1))
