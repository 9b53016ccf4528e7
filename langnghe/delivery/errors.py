"""The error contract of a channel's send: transient (retry later) or permanent (report, don't retry).
Their messages are Vietnamese: users read them in the outbox (`langnghe status`) and in alerts.

Credentials are read from the environment only at send time (:func:`read_secret`);
every error text that leaves a send passes through :func:`scrub`, so a server that
echoes a token, or a library that puts a URL with a bot token in its message, cannot
leak it into logs, results or the outbox.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "***"


class DeliveryError(Exception):
    """A send that did not go through. ``retry_after``: seconds the server asked us to wait."""

    transient = False

    def __init__(self, message: str, *, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status

    def scrubbed(self, secrets: Iterable[str]) -> DeliveryError:
        """The same error with every secret value of ``secrets`` replaced by ``***``."""
        return type(self)(scrub(str(self), secrets), retry_after=self.retry_after, status=self.status)


class TransientError(DeliveryError):
    """Connection refused, a timeout, SMTP 4xx, HTTP 429/5xx: worth another try."""

    transient = True


class PermanentError(DeliveryError):
    """SMTP 5xx, HTTP 4xx other than 408/429, a missing credential, an unknown channel."""


def read_secret(channel: str, variable: str) -> str:
    """The value of ``variable``; a missing or empty one is a permanent error naming both."""
    value = os.environ.get(variable, "")
    if not value:
        raise PermanentError(f"kênh {channel!r}: biến môi trường {variable} chưa được đặt")
    return value


def secret_values(variables: Iterable[str]) -> list[str]:
    """The current values of ``variables`` that are set, as written and as a URL carries them,
    longest first (so that no prefix masks a longer one)."""
    values = {os.environ.get(name, "") for name in variables}
    forms = {form for value in values if value for form in (value, quote(value, safe=":"), quote(value, safe=""))}
    return sorted(forms, key=len, reverse=True)


def scrub(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text
