"""One JSON POST over the standard library, its failures sorted into transient and permanent.

The sorting is a pure function of the status, headers and body (:func:`http_failure`),
so it is tested without a server.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import datetime, timezone
from email.message import Message as HeaderMap
from email.utils import parsedate_to_datetime

from langnghe.delivery.errors import DeliveryError, PermanentError, TransientError

USER_AGENT = "langnghe/0.1 (delivery)"
_TRANSIENT_STATUS = {408, 425, 429}
_BODY_CHARS = 200


def post_json(url: str, payload: object, *, headers: Mapping[str, str], timeout: float) -> bytes:
    """POST ``payload`` as UTF-8 JSON; the response body of a 2xx answer, else a :class:`DeliveryError`."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("User-Agent", USER_AGENT)
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        with exc:
            raise http_failure(exc.code, exc.headers, exc.read()) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        raise network_failure(exc) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # urllib would follow a 301/302/303 to a POST as a GET without the body: a "success" that
    # delivered nothing. A moved endpoint is a configuration to fix, so it fails, naming the target.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def http_failure(status: int, headers: HeaderMap | None, body: bytes, now: datetime | None = None) -> DeliveryError:
    """429, 408 and 5xx are transient (with the server's Retry-After); other answers are permanent."""
    text = body[:_BODY_CHARS * 4].decode("utf-8", "replace").strip()[:_BODY_CHARS]
    message = f"HTTP {status}" + (f": {text}" if text else "")
    if status in _TRANSIENT_STATUS or status >= 500:
        wait = retry_after(headers, body, now or datetime.now(timezone.utc))
        return TransientError(message, retry_after=wait, status=status)
    if 300 <= status < 400 and headers is not None and headers.get("Location"):
        message += f" (đã chuyển tới {headers['Location']}: hãy sửa URL của kênh)"
    return PermanentError(message, status=status)


def retry_after(headers: HeaderMap | None, body: bytes, now: datetime) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or an HTTP date), else from a Telegram-style
    ``{"parameters": {"retry_after": N}}`` body; None when neither says."""
    value = headers.get("Retry-After") if headers is not None else None
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
        except (TypeError, ValueError):
            pass
    try:
        seconds = json.loads(body)["parameters"]["retry_after"]
    except (ValueError, KeyError, TypeError):
        return None
    return float(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else None


def network_failure(exc: BaseException) -> DeliveryError:
    """Refused, reset, timed out, unresolvable: transient. A certificate that does not verify,
    or a malformed URL: permanent (waiting will not fix it)."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, ssl.SSLCertVerificationError):
        return PermanentError(f"chứng chỉ TLS không được chấp nhận: {reason.verify_message or reason}")
    if isinstance(reason, http.client.InvalidURL):
        return PermanentError(f"URL sai: {reason}")
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return TransientError("hết thời gian chờ")
    if isinstance(reason, (OSError, http.client.HTTPException)):
        return TransientError(f"lỗi mạng ({type(reason).__name__}: {reason})")
    return PermanentError(f"lỗi khi gửi ({type(reason).__name__}: {reason})")
