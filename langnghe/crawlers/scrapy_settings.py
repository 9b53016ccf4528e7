"""Every scrapy setting langnghe uses, in one place. Precedence: these defaults < values
derived from :class:`~langnghe.settings.Settings` < ``overrides`` (tests, the CLI).

Politeness first: robots.txt is obeyed, one domain sees at most two requests at a time
with ``download_delay`` seconds between them (randomised by +-50%), and AutoThrottle
slows down further when a server answers slowly. No cookies, no open ports.

Safety: no request reaches an internal address (loopback, private, link-local...) unless
``Settings.allow_private_hosts`` lists it; :mod:`langnghe.crawlers.guard` checks every request
and redirect hop and is Twisted's name resolver, so only checked addresses are connected to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langnghe.settings import Settings

QUEUE_PATH_SETTING = "LANGNGHE_QUEUE_PATH"
QUEUE_BATCH_SETTING = "LANGNGHE_QUEUE_BATCH"
QUEUE_FLUSH_SECONDS_SETTING = "LANGNGHE_QUEUE_FLUSH_SECONDS"
BACKOFF_CODES_SETTING = "LANGNGHE_RETRY_HTTP_CODES"
ALLOW_PRIVATE_SETTING = "LANGNGHE_ALLOW_PRIVATE_HOSTS"  # read by langnghe.crawlers.guard

DEFAULTS: dict[str, Any] = {
    "BOT_NAME": "langnghe",
    # -- politeness
    "ROBOTSTXT_OBEY": True,
    "CONCURRENT_REQUESTS": 16,  # over all domains
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_DELAY_JITTER": 0.5,  # delays vary by +-50% (scrapy >= 2.19; older: RANDOMIZE_DOWNLOAD_DELAY)
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "COOKIES_ENABLED": False,  # public pages only; no sessions to track
    "DEFAULT_REQUEST_HEADERS": {
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
        "Accept-Language": "vi, en;q=0.5",
    },
    # -- limits
    "DOWNLOAD_TIMEOUT": 30,  # seconds; a source may lower or raise it (options.download_timeout)
    "DNS_TIMEOUT": 20,
    "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,  # an article or feed beyond 10 MiB is not one
    "DOWNLOAD_WARNSIZE": 2 * 1024 * 1024,
    "REDIRECT_MAX_TIMES": 5,
    # -- retries: transient server trouble and rate limits, twice, then the page falls back.
    # Statuses are retried by BackoffRetryMiddleware (Retry-After, exponential backoff);
    # scrapy's RetryMiddleware keeps network errors only.
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [],
    BACKOFF_CODES_SETTING: [500, 502, 503, 504, 522, 524, 408, 429],
    "RETRY_BACKOFF_BASE": 1.0,  # seconds before the first retry; doubles each time
    "RETRY_BACKOFF_MAX": 60.0,
    "RETRY_AFTER_MAX": 120.0,  # a longer Retry-After is left to the next scheduled crawl
    # -- safety: internal addresses are refused before the download and at connection time
    "TWISTED_DNS_RESOLVER": "langnghe.crawlers.guard.GuardedResolver",
    "DOWNLOAD_HANDLERS": {"file": None, "ftp": None, "s3": None, "data": None},  # http(s) only
    ALLOW_PRIVATE_SETTING: [],
    "DOWNLOADER_MIDDLEWARES": {
        "langnghe.crawlers.guard.InternalAddressMiddleware": 50,  # before robots.txt (100) asks the host
        "langnghe.crawlers.middlewares.BackoffRetryMiddleware": 545,
        "langnghe.crawlers.middlewares.ConditionalRequestMiddleware": 560,
    },
    # gzip/deflate/br bodies are unpacked only up to DOWNLOAD_MAXSIZE (a gzip bomb stops there).
    # -- order: feeds list newest first; FIFO keeps that order (scrapy's default is LIFO)
    "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
    # -- output: items go to the queue through one pipeline, in small committed batches
    "ITEM_PIPELINES": {"langnghe.crawlers.item_pipeline.QueuePipeline": 300},
    QUEUE_BATCH_SETTING: 20,
    QUEUE_FLUSH_SECONDS_SETTING: 0.5,
    # -- quiet, closed process: log INFO to stderr (the parent keeps it in a log file)
    "LOG_LEVEL": "INFO",
    "LOG_STDOUT": False,  # stdout carries the JSON event stream
    "LOGSTATS_INTERVAL": 60.0,
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,  # scrapy >= 2.19 would open an HTTP control port
    "MEMUSAGE_ENABLED": False,
}


def build_scrapy_settings(settings: Settings, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The scrapy settings for one crawl."""
    delay = settings.download_delay
    derived: dict[str, Any] = {
        "USER_AGENT": settings.user_agent,
        "DOWNLOAD_DELAY": delay,
        # AutoThrottle starts at max(start delay, DOWNLOAD_DELAY): start at the configured delay.
        "AUTOTHROTTLE_START_DELAY": delay,
        "AUTOTHROTTLE_MAX_DELAY": max(float(DEFAULTS["AUTOTHROTTLE_MAX_DELAY"]), delay),
        QUEUE_PATH_SETTING: str(settings.paths.queue),
        ALLOW_PRIVATE_SETTING: list(settings.allow_private_hosts),
    }
    return {**DEFAULTS, **derived, **dict(overrides or {})}
