"""The scrapy spider for ``kind: rss`` sources (RSS 2.0, RSS 1.0 and Atom).

Per source: fetch the feed, parse it with feedparser, then for each entry either follow
its link and extract the article with trafilatura (``follow_links: true``, the default)
or keep the feed's own text. Every entry ends as exactly one of: an item from the page;
an item from the feed summary with ``fetch_error`` (and a ``page_failed`` event); or a
skipped entry (no link, no id or no text), counted in a ``source_warning``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from langnghe.config import SourceConfig
from langnghe.crawlers.events import CrawlEvent
from langnghe.crawlers.feeds import FeedEntry, FeedError, parse_feed
from langnghe.crawlers.options import RssOptions, rss_options
from langnghe.crawlers.pages import (
    PageContent,
    SourceContext,
    extract_page,
    item_from_feed,
    item_from_page,
    page_problem,
)
from langnghe.crawlers.pipeline import CrawledItem, CrawlJob
from langnghe.errors import ConfigError
from langnghe.item import utcnow
from langnghe.pseudonym import author_value

FEED_PRIORITY = 10  # fetch every feed before the pages, so progress totals are known early


class RssSpider(scrapy.Spider):
    name = "langnghe-rss"

    def __init__(self, *, job: CrawlJob, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.job = job

    async def start(self) -> AsyncIterator[Any]:
        for request in self._feed_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:  # scrapy < 2.13
        return self._feed_requests()

    def _feed_requests(self) -> Iterator[scrapy.Request]:
        for source in self.job.sources:
            try:
                options = rss_options(source)
            except ConfigError as exc:
                self._emit("source_error", source.id, url=source.url, reason=str(exc))
                continue
            yield scrapy.Request(
                source.url,
                callback=self.parse_feed,
                errback=self.feed_failed,
                cb_kwargs={"source": source, "options": options},
                meta=_timeout_meta(options),
                priority=FEED_PRIORITY,
                dont_filter=True,
            )

    # -- feeds ----------------------------------------------------------------------------

    def parse_feed(self, response: Response, source: SourceConfig, options: RssOptions) -> Iterator[Any]:
        content_type = _content_type(response) or None
        try:
            feed = parse_feed(response.body, url=response.url, content_type=content_type, tz=options.tz)
        except FeedError as exc:
            self._emit("source_error", source.id, url=source.url, reason=f"bad feed at {source.url}: {exc}")
            return
        if feed.warning:
            self._emit("source_warning", source.id, url=source.url, reason=feed.warning)
        entries = _unique_by_link(feed.entries)[: options.max_entries]
        self._emit("feed", source.id, url=source.url, entries=len(entries))
        ctx = SourceContext(id=source.id, platform=source.platform, tz=options.tz)
        skipped = 0
        for entry in entries:
            if source.follow_links and _is_web_url(entry.link):
                yield self._page_request(entry, ctx, options)
                continue
            crawled = self._from_feed(ctx, entry, fetch_error=None)
            skipped += crawled is None
            if crawled is not None:
                yield crawled
        self._warn_skipped(source, skipped)

    def feed_failed(self, failure: Failure) -> None:
        source: SourceConfig = failure.request.cb_kwargs["source"]  # type: ignore[attr-defined]
        reason = describe_failure(failure)
        self._emit("source_error", source.id, url=source.url, reason=f"cannot fetch the feed {source.url}: {reason}")

    # -- pages ----------------------------------------------------------------------------

    def _page_request(self, entry: FeedEntry, ctx: SourceContext, options: RssOptions) -> scrapy.Request:
        assert entry.link is not None
        return scrapy.Request(
            entry.link,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"ctx": ctx, "entry": entry},
            meta=_timeout_meta(options),
            dont_filter=True,  # two feeds may share an article; each entry gets its outcome
        )

    def parse_page(self, response: Response, ctx: SourceContext, entry: FeedEntry) -> Iterator[CrawledItem]:
        page, problem = _usable_page(response, entry)
        if page is None:
            yield from self._fallback(ctx, entry, problem, True)
            return
        rel_canonical = response.css("link[rel~='canonical']::attr(href)").get()
        item = item_from_page(
            ctx, entry, page, page_url=response.url, rel_canonical=rel_canonical,
            author_of=self._author, now=utcnow(),
        )
        yield CrawledItem(item=item, page_fetched=True)

    def page_failed(self, failure: Failure) -> Iterator[CrawledItem]:
        kwargs = failure.request.cb_kwargs  # type: ignore[attr-defined]
        yield from self._fallback(kwargs["ctx"], kwargs["entry"], describe_failure(failure), False)

    def _fallback(self, ctx: SourceContext, entry: FeedEntry, reason: str, fetched: bool) -> Iterator[CrawledItem]:
        """The page is unusable: say so, and keep the feed's own text."""
        self._emit("page_failed", ctx.id, url=entry.link, reason=reason)
        crawled = self._from_feed(ctx, entry, fetch_error=reason, page_fetched=fetched)
        if crawled is not None:
            yield crawled

    # -- helpers --------------------------------------------------------------------------

    def _from_feed(
        self, ctx: SourceContext, entry: FeedEntry, *, fetch_error: str | None, page_fetched: bool = False
    ) -> CrawledItem | None:
        item = item_from_feed(ctx, entry, fetch_error=fetch_error, author_of=self._author, now=utcnow())
        return CrawledItem(item=item, page_fetched=page_fetched) if item is not None else None

    def _author(self, handle: str | None) -> str | None:
        return author_value(handle, self.job.settings)

    def _warn_skipped(self, source: SourceConfig, skipped: int) -> None:
        if skipped:
            reason = f"{skipped} entries skipped: no link or id, or no title and no text"
            self._emit("source_warning", source.id, url=source.url, reason=reason)

    def _emit(self, kind: Any, source: str, **fields: Any) -> None:
        event = CrawlEvent(kind=kind, source=source, **fields)
        if kind in ("source_error", "source_warning", "page_failed"):
            self.logger.warning("%s %s: %s (%s)", kind, source, fields.get("reason"), fields.get("url"))
        self.job.events.emit(event)


def describe_failure(failure: Failure) -> str:
    """A short, user-facing reason for a failed download."""
    exc = failure.value
    name, text = type(exc).__name__, str(exc).strip()
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        return _ignored_reason(text)
    if "Timeout" in name:
        timeout = failure.request.meta.get("download_timeout")  # type: ignore[attr-defined]
        return f"timed out after {timeout:g}s" if isinstance(timeout, int | float) else "timed out"
    if "max size" in text:
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
    return f"request ignored: {text}" if text else "request ignored"


def _usable_page(response: Response, entry: FeedEntry) -> tuple[PageContent | None, str]:
    """The extracted article, or None and why not."""
    if not isinstance(response, TextResponse):
        return None, f"not an HTML page ({_content_type(response) or 'no content type'})"
    try:
        page = extract_page(response.text, response.url)
    except Exception as exc:  # a parser crash on one page must not lose the entry
        return None, f"extraction failed: {type(exc).__name__}: {exc}"
    problem = page_problem(page, entry)
    return (None, problem) if problem is not None else (page, "")


def _content_type(response: Response) -> str:
    value = response.headers.get("Content-Type")
    return value.decode("latin-1") if value else ""


def _timeout_meta(options: RssOptions) -> dict[str, Any]:
    return {"download_timeout": options.download_timeout} if options.download_timeout else {}


def _is_web_url(url: str | None) -> bool:
    return bool(url) and urlsplit(url or "").scheme in ("http", "https")


def _unique_by_link(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Feeds sometimes list an entry twice; keep the first."""
    seen: set[str] = set()
    unique = []
    for entry in entries:
        key = entry.link or entry.guid or entry.title
        if key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique
