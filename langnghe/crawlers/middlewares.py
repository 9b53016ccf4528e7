"""langnghe's two downloader middlewares (enabled in :mod:`langnghe.crawlers.scrapy_settings`).

- :class:`ConditionalRequestMiddleware` sends the ETag / Last-Modified a URL last answered
  with (``meta["conditional"]``, and robots.txt always), so an unchanged feed costs a 304.
  A 304 for robots.txt is answered from the stored copy, so scrapy's robots parser sees it.
- :class:`BackoffRetryMiddleware` retries 429 and 5xx answers after a pause: the server's
  ``Retry-After`` when it gives one, else ``RETRY_BACKOFF_BASE * 2**attempt`` seconds (capped at
  ``RETRY_BACKOFF_MAX``). A Retry-After longer than ``RETRY_AFTER_MAX`` is not waited for: the
  answer stands and the next scheduled crawl asks again. scrapy's own RetryMiddleware keeps
  retrying network errors (timeouts, dropped connections); its status list is emptied.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from langnghe.crawlers.scrapy_settings import BACKOFF_CODES_SETTING
from langnghe.crawlers.ledger import CrawlLedger

log = logging.getLogger(__name__)

CONDITIONAL_META = "conditional"


STATE_KEY_META = "state_key"


def validator_key(request: Request) -> str:
    """Where a URL's validators are kept: ``meta["state_key"]`` (a URL without its API key) or the URL."""
    return str(request.meta.get(STATE_KEY_META) or request.url)


def is_robots_request(request: Request) -> bool:
    return request.url.split("?", 1)[0].endswith("/robots.txt") and bool(request.meta.get("dont_obey_robotstxt"))


class ConditionalRequestMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self._crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    @property
    def _state(self) -> CrawlLedger | None:
        job = getattr(self._crawler.spider, "job", None)
        return getattr(job, "state", None)

    def process_request(self, request: Request, spider: Any = None) -> None:
        state = self._state
        if state is None or not (request.meta.get(CONDITIONAL_META) or is_robots_request(request)):
            return None
        found = state.validators(validator_key(request))
        if found is not None:
            for name, value in found.headers().items():
                request.headers.setdefault(name, value)
        return None

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        state = self._state
        if state is None or not is_robots_request(request):
            return response
        if response.status == 304:
            found = state.validators(request.url)
            if found is not None and found.body is not None:
                return response.replace(status=200, body=found.body)
        elif response.status == 200:
            state.remember(request.url, response_header(response, "ETag"), response_header(response, "Last-Modified"), response.body)
        return response


def validators_of(response: Response) -> tuple[str | None, str | None]:
    return response_header(response, "ETag"), response_header(response, "Last-Modified")


def response_header(response: Response, name: str) -> str | None:
    """A response header as text (latin-1, as HTTP has it), stripped; None when absent or empty."""
    value = response.headers.get(name)
    return value.decode("latin-1").strip() or None if value else None


# -- backoff ------------------------------------------------------------------------------


def retry_delay(
    status: int, retry_after: str | None, attempt: int, *, base: float, cap: float, now: datetime | None = None
) -> float:
    """Seconds to wait before retry number ``attempt`` (0-based) of an answer with ``status``.

    >>> retry_delay(429, "7", 0, base=1, cap=60)
    7.0
    >>> retry_delay(503, None, 2, base=1, cap=60)
    4.0
    """
    given = parse_retry_after(retry_after, now) if retry_after else None
    if given is not None:
        return given
    return float(min(cap, base * (2**attempt)))


def parse_retry_after(value: str, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date; None when unreadable."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class BackoffRetryMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self._crawler = crawler
        self._codes = {int(code) for code in settings.getlist(BACKOFF_CODES_SETTING)}
        self._base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self._cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self._after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self._enabled = settings.getbool("RETRY_ENABLED")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        if not self._enabled or response.status not in self._codes or request.meta.get("dont_retry"):
            return response
        attempt = int(request.meta.get("retry_times", 0))
        delay = retry_delay(response.status, response_header(response, "Retry-After"), attempt, base=self._base, cap=self._cap)
        if delay > self._after_max:
            log.warning("%s asks to wait %.0fs (Retry-After); not retrying in this crawl", request.url, delay)
            return response
        assert self._crawler.spider is not None  # responses arrive only while a spider runs
        retry = get_retry_request(request, spider=self._crawler.spider, reason=f"HTTP {response.status}")
        if retry is None:
            return response
        if delay > 0:
            log.info("HTTP %d from %s: retrying in %.1fs", response.status, request.url, delay)
            from twisted.internet import reactor  # the one scrapy installed

            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))  # type: ignore[arg-type]
        return retry
