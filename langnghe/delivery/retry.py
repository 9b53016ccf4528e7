"""When to try a send again: a few quick tries within one call, then the outbox's slower rhythm.

The policy is pure (:func:`wait_before_retry`, :func:`next_attempt_at`, :func:`gives_up`);
:func:`send_with_retries` is the thin loop that sleeps between tries.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from langnghe.delivery.errors import DeliveryError, PermanentError, scrub

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # tries within one deliver() call
    base_delay: float = 2.0  # seconds before the second try, doubled after each
    max_delay: float = 30.0  # longest wait within a call; a longer Retry-After is left to the outbox
    outbox_delay: timedelta = timedelta(minutes=5)  # before the outbox's first retry, doubled after each
    outbox_max_delay: timedelta = timedelta(hours=6)
    max_attempts: int = 20  # tries in all before the outbox gives up ...
    max_age: timedelta = timedelta(days=2)  # ... or this long after the message was queued


DEFAULT_POLICY = RetryPolicy()


def wait_before_retry(policy: RetryPolicy, tries: int, retry_after: float | None) -> float | None:
    """Seconds to wait before another try in this call after ``tries`` failed ones; None: stop here."""
    if tries >= policy.attempts:
        return None
    delay = policy.base_delay * 2 ** (tries - 1)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay if delay <= policy.max_delay else None


def next_attempt_at(policy: RetryPolicy, attempts: int, now: datetime, retry_after: float | None) -> datetime:
    """When the outbox should try again after ``attempts`` failed tries in all."""
    rounds = max(attempts - policy.attempts, 0)
    delay = min(policy.outbox_delay * 2 ** min(rounds, 30), policy.outbox_max_delay)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return now + delay


def gives_up(policy: RetryPolicy, attempts: int, queued_at: datetime, now: datetime) -> bool:
    return attempts >= policy.max_attempts or now - queued_at >= policy.max_age


@dataclass(frozen=True)
class Attempt:
    """What the tries of one call came to: ``detail`` when sent, else the last ``error``."""

    tries: int
    detail: str = ""
    error: DeliveryError | None = None


def send_with_retries(
    send: Callable[[], str], policy: RetryPolicy, sleep: Callable[[float], None], *,
    what: str, secrets: Sequence[str],
) -> Attempt:
    """Call ``send`` until it returns, fails for good, or the policy says the outbox takes over.

    Error texts are scrubbed of ``secrets`` before they are logged or returned. An
    unexpected exception (a bug in a channel) becomes a permanent error, so one broken
    channel cannot stop the others.
    """
    tries = 0
    while True:
        tries += 1
        try:
            return Attempt(tries, detail=send())
        except DeliveryError as exc:
            error = exc.scrubbed(secrets)
        except Exception as exc:  # noqa: BLE001: reported, not raised: see above
            error = PermanentError(scrub(f"lỗi không lường trước ({type(exc).__name__}: {exc})", secrets))
            log.error("%s: a bug, please report it:\n%s", what, scrub("".join(traceback.format_exception(exc)), secrets))
        wait = wait_before_retry(policy, tries, error.retry_after) if error.transient else None
        if wait is None:
            return Attempt(tries, error=error)
        log.warning("%s: try %d failed (%s); trying again in %.1f s", what, tries, error, wait)
        sleep(wait)
