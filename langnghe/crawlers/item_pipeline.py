"""The scrapy item pipeline that writes Items to the durable queue.

Items are committed in small batches (every ``LANGNGHE_QUEUE_BATCH`` items, and every
``LANGNGHE_QUEUE_FLUSH_SECONDS`` whatever has arrived), and an ``item`` event goes to the parent only
after its batch is committed: what the parent counted is in the queue. A queue that
cannot be written stops the crawl loudly instead of dropping items.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import Crawler
from twisted.internet.task import LoopingCall

from langnghe.config import SourceConfig
from langnghe.crawlers.events import CrawlEvent, EventWriter
from langnghe.crawlers.ledger import CrawlLedger, DropFile, SyndicationSketches
from langnghe.crawlers.syndication import with_syndication_keys
from langnghe.crawlers.scrapy_settings import (
    QUEUE_BATCH_SETTING,
    QUEUE_FLUSH_SECONDS_SETTING,
    QUEUE_PATH_SETTING,
)
from langnghe.item import Item
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class CrawlJob:
    """What the spider, the middlewares and the pipeline share for one crawl."""

    sources: list[SourceConfig]
    settings: Settings
    events: EventWriter
    state: CrawlLedger
    fatal_error: str | None = None


@dataclass(frozen=True)
class CrawledItem:
    """The scrapy item: an Item, whether its page was downloaded, and its seen-URL key."""

    item: Item
    page_fetched: bool = False
    seen_key: str | None = None  # marked seen once committed: the next crawl skips the page
    metadata_off: bool = False  # the page's metadata time missed its byline by whole hours


@dataclass(frozen=True)
class Remember:
    """Store a listing's validators, once every item it led to before this point is committed."""

    url: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FileRead:
    """A collaborator drop file was read whole: mark it, after its items are committed."""

    source: str
    drop: DropFile
    items: int


class QueuePipeline:
    def __init__(self, crawler: Crawler) -> None:
        path = crawler.settings.get(QUEUE_PATH_SETTING)
        if not path:
            raise ValueError(f"the {QUEUE_PATH_SETTING} scrapy setting is required: where items go")
        self._crawler = crawler
        self._path = str(path)
        self._batch_size = crawler.settings.getint(QUEUE_BATCH_SETTING, 20)
        self._flush_seconds = crawler.settings.getfloat(QUEUE_FLUSH_SECONDS_SETTING, 0.5)
        self._buffer: list[CrawledItem | Remember | FileRead] = []
        self._queue: SQLiteQueue | None = None
        self._syndication: SyndicationSketches | None = None
        self._ticker: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QueuePipeline:
        return cls(crawler)

    @property
    def _job(self) -> CrawlJob:
        job: CrawlJob = self._crawler.spider.job  # type: ignore[union-attr]
        return job

    # ``spider`` is optional: scrapy < 2.13 passes it, newer versions do not.
    def open_spider(self, spider: Any = None) -> None:
        try:
            self._queue = SQLiteQueue(self._path)
            self._syndication = self._job.state.sketches()
            self._syndication.prune()
        except (sqlite3.Error, OSError) as exc:
            self._fail(f"cannot open the queue {self._path}: {exc}", 0)
            raise
        # A timer, not only item arrival, flushes: the last items of a slow crawl are not held back.
        self._ticker = LoopingCall(self.flush)
        self._ticker.start(self._flush_seconds, now=False)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, CrawledItem | Remember | FileRead):
            return item
        self._buffer.append(item)
        if len(self._buffer) >= self._batch_size or not isinstance(item, CrawledItem):
            self.flush()
        return item

    def close_spider(self, spider: Any = None) -> None:
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        try:
            self.flush()
        finally:
            if self._queue is not None:
                self._queue.close()
                self._queue = None
            if self._syndication is not None:
                self._syndication.close()
                self._syndication = None

    def flush(self) -> None:
        if not self._buffer or self._queue is None:
            return
        batch, self._buffer = self._buffer, []
        crawled = [entry for entry in batch if isinstance(entry, CrawledItem)]
        try:
            items = [c.item for c in crawled]
            if self._syndication is not None:
                items = with_syndication_keys(items, self._syndication)
            changed = self._queue.upsert(items) if items else []
        except sqlite3.Error as exc:
            self._fail(f"cannot write to the queue {self._path}: {exc}", len(crawled))
            raise
        # Only now that the items are committed may the crawl state say they are done.
        state = self._job.state
        state.mark_seen((c.item.source, c.seen_key, c.item.id) for c in crawled if c.seen_key)
        for entry in batch:
            if isinstance(entry, Remember):
                state.remember(entry.url, entry.etag, entry.last_modified)
            elif isinstance(entry, FileRead):
                state.mark_file(entry.source, entry.drop, entry.items)
        for c, new in zip(crawled, changed):
            self._job.events.emit(_item_event(c, new))

    def _fail(self, reason: str, lost: int) -> None:
        log.error("%s; %d items not queued; stopping the crawl", reason, lost)
        self._job.fatal_error = reason
        self._crawler.stop()


def _item_event(crawled: CrawledItem, new: bool) -> CrawlEvent:
    item = crawled.item
    return CrawlEvent(
        kind="item",
        source=item.source,
        url=item.url,
        item_id=item.id,
        title=item.title[:200],
        content_from=item.content_from,
        new=new,
        page_fetched=crawled.page_fetched,
        dated=item.published_at is not None,
        future_dated=item.future_date or None,
        metadata_off=crawled.metadata_off or None,
    )
