"""One short, user-facing reason for a failed download (timeouts, refusals, robots.txt, HTTP errors)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from langnghe.crawlers.guard import RefusedRequest


def is_permanent(failure: Failure) -> bool:
    """A failure another try will not mend: a 4xx answer, robots.txt, a redirect loop, a size limit,
    an internal address."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return 400 <= exc.response.status < 500
    return isinstance(exc, IgnoreRequest)


def describe_failure(failure: Failure) -> str:
    exc = failure.value
    name, text = type(exc).__name__, str(exc).strip()
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, RefusedRequest):
        return exc.reason()
    if isinstance(exc, IgnoreRequest):
        return _ignored_reason(text)
    if "Timeout" in name:
        timeout = failure.request.meta.get("download_timeout")  # type: ignore[attr-defined]
        return f"timed out after {timeout:g}s" if isinstance(timeout, int | float) else "timed out"
    if "max size" in text or "maxsize" in text.lower() or "DOWNLOAD_MAXSIZE" in text:
        return "the response is larger than the download size limit (DOWNLOAD_MAXSIZE)"
    for marker, reason in _NETWORK_REASONS:
        if marker in name or marker in text:
            return reason
    return f"{name}: {text[:200]}" if text else name


_NETWORK_REASONS = (
    ("DNS", "DNS lookup failed"),
    ("CannotResolveHost", "DNS lookup failed"),
    ("ConnectionRefused", "connection refused"),
    ("ConnectionDone", "the server closed the connection without a complete answer"),
    ("ConnectionLost", "the server closed the connection without a complete answer"),
    ("ResponseNeverReceived", "the server closed the connection without a complete answer"),
    ("DataLoss", "the answer was cut short (data loss)"),
)


def _ignored_reason(text: str) -> str:
    if "robots.txt" in text:
        return "disallowed by robots.txt"
    if "redirections" in text:
        return "too many redirects"
    if "size" in text.lower():
        return "the response is larger than the download size limit (DOWNLOAD_MAXSIZE)"
    return f"request ignored: {text}" if text else "request ignored"


def is_blocked(failure: Failure) -> bool:
    """The guard refused the request: an internal address or not http(s) (:mod:`langnghe.crawlers.guard`)."""
    return isinstance(failure.value, RefusedRequest)
