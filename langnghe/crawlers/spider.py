"""The one scrapy spider of a crawl: every source, whatever its kind, through its connector.

Each source gets the :class:`~langnghe.crawlers.connectors.base.Connector` its ``kind``
names (:mod:`langnghe.crawlers.connectors`); bad options end that source with a
``source_error`` and the others go on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy

from langnghe.crawlers.connectors import connector_class
from langnghe.crawlers.events import CrawlEvent
from langnghe.crawlers.options import source_options
from langnghe.crawlers.item_pipeline import CrawlJob
from langnghe.errors import ConfigError

class SourceSpider(scrapy.Spider):
    name = "langnghe"

    def __init__(self, *, job: CrawlJob, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.job = job

    async def start(self) -> AsyncIterator[Any]:
        for request in self._start_all():
            yield request

    def _start_all(self) -> Iterator[Any]:
        for source in self.job.sources:
            try:
                connector = connector_class(source.kind)(source, source_options(source), self)
                yield from connector.start()
            except ConfigError as exc:
                self.emit("source_error", source.id, url=source.url, reason=str(exc))
            except Exception as exc:  # one source's crash must not end the others
                self.logger.exception("source %s could not start", source.id)
                self.emit("source_error", source.id, url=source.url, reason=f"cannot start: {type(exc).__name__}: {exc}")

    def emit(self, kind: Any, source: str, **fields: Any) -> None:
        event = CrawlEvent(kind=kind, source=source, **fields)
        if kind in ("source_error", "source_warning", "page_failed"):
            self.logger.warning("%s %s: %s (%s)", kind, source, fields.get("reason"), fields.get("url"))
        self.job.events.emit(event)
