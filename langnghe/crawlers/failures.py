"""One short, user-facing reason for a failed download (timeouts, refusals, robots.txt, HTTP errors), in Vietnamese."""

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
    """The reason users read (``langnghe sources``, alerts), in Vietnamese; HTTP statuses as ``HTTP 404``."""
    exc = failure.value
    name, text = type(exc).__name__, str(exc).strip()
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, RefusedRequest):
        return exc.reason()
    if isinstance(exc, IgnoreRequest):
        return _ignored_reason(text)
    if "Timeout" in name or "TimedOut" in name:
        timeout = failure.request.meta.get("download_timeout")  # type: ignore[attr-defined]
        return f"{TIMED_OUT} sau {timeout:g} giây" if isinstance(timeout, int | float) else TIMED_OUT
    if "max size" in text or "maxsize" in text.lower() or "DOWNLOAD_MAXSIZE" in text:
        return TOO_LARGE
    for marker, reason in _NETWORK_REASONS:
        if marker in name or marker in text:
            return reason
    return f"lỗi khi tải ({name}: {text[:200]})" if text else f"lỗi khi tải ({name})"


TIMED_OUT = "hết thời gian chờ"
TOO_LARGE = "câu trả lời lớn hơn giới hạn tải về (DOWNLOAD_MAXSIZE)"
_CLOSED = "máy chủ đóng kết nối trước khi trả lời xong"
_NO_DNS = "không phân giải được tên miền (DNS)"
_NETWORK_REASONS = (
    ("DNS", _NO_DNS),
    ("CannotResolveHost", _NO_DNS),
    ("ConnectionRefused", "máy chủ từ chối kết nối"),
    ("ConnectionDone", _CLOSED),
    ("ConnectionLost", _CLOSED),
    ("ResponseNeverReceived", _CLOSED),
    ("DataLoss", "câu trả lời bị cắt ngang (mất dữ liệu)"),
)


def _ignored_reason(text: str) -> str:
    if "robots.txt" in text:
        return "robots.txt không cho phép"
    if "redirections" in text:
        return "chuyển hướng quá nhiều lần"
    if "size" in text.lower():
        return TOO_LARGE
    return f"yêu cầu bị bỏ qua ({text})" if text else "yêu cầu bị bỏ qua"


def is_blocked(failure: Failure) -> bool:
    """The guard refused the request: an internal address or not http(s) (:mod:`langnghe.crawlers.guard`)."""
    return isinstance(failure.value, RefusedRequest)
