"""Why a download failed, as ``langnghe sources`` and the alerts show it: one short Vietnamese
reason per kind of failure (langnghe/crawlers/failures.py; issue 16)."""

from __future__ import annotations

import re

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from langnghe.crawlers.failures import describe_failure

ENGLISH = re.compile(r"\b(failed|timed|out|refused|disallowed|by|the|too|many|request|ignored|larger|connection)\b",
                     re.IGNORECASE)


def _failure(exc: BaseException, timeout: float | None = None) -> Failure:
    request = scrapy.Request("https://bao.example/rss", meta={"download_timeout": timeout} if timeout else {})
    failure = Failure(exc)
    failure.request = request  # type: ignore[attr-defined]  # scrapy sets it on errbacks' failures
    return failure


def _http(status: int) -> HttpError:
    return HttpError(Response("https://bao.example/rss", status=status), "Ignoring non-200 response")


@pytest.mark.parametrize("exc, timeout, reason", [
    (error.DNSLookupError("bao.example"), None, "không phân giải được tên miền (DNS)"),
    (error.TCPTimedOutError(), 30, "hết thời gian chờ sau 30 giây"),
    (error.TimeoutError(), None, "hết thời gian chờ"),
    (IgnoreRequest("Forbidden by robots.txt"), None, "robots.txt không cho phép"),
    (error.ConnectionRefusedError(), None, "máy chủ từ chối kết nối"),
    (ResponseNeverReceived([]), None, "máy chủ đóng kết nối trước khi trả lời xong"),
    (IgnoreRequest("max redirections reached"), None, "chuyển hướng quá nhiều lần"),
    (IgnoreRequest("Cancelling download: expected response size (99) larger than download max size (10)."), None,
     "câu trả lời lớn hơn giới hạn tải về (DOWNLOAD_MAXSIZE)"),
    (_http(404), None, "HTTP 404"),
])
def test_each_failure_has_one_vietnamese_reason(exc: BaseException, timeout: float | None, reason: str) -> None:
    said = describe_failure(_failure(exc, timeout))
    assert said == reason
    assert not ENGLISH.search(said.replace("DOWNLOAD_MAXSIZE", ""))


def test_an_unforeseen_failure_says_so_and_keeps_the_detail() -> None:
    said = describe_failure(_failure(ValueError("hỏng")))
    assert said.startswith("lỗi khi tải") and "ValueError: hỏng" in said
