"""``kind: rss``: RSS 2.0, RSS 1.0 and Atom feeds, parsed with feedparser.

Each entry's link is followed for the whole article (``follow_links: true``, the default)
unless it was queued by an earlier crawl; a page that cannot be used leaves the feed's
own text with ``fetch_error``. Feeds are fetched conditionally (ETag, Last-Modified).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from langnghe.crawlers.connectors.base import Connector, ParseError
from langnghe.crawlers.feeds import FeedError, parse_feed
from langnghe.crawlers.middlewares import response_header
from langnghe.crawlers.options import RssOptions


class RssConnector(Connector):
    kind = "rss"
    options: RssOptions

    def start(self) -> Iterator[Any]:
        for url in self.source.start_urls:
            yield self.request(url, self.parse_feed, conditional=True)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        try:
            content_type = response_header(response, "Content-Type")
            feed = parse_feed(response.body, url=response.url, tz=self.options.tz, content_type=content_type)
        except FeedError as exc:
            raise ParseError(f"nguồn cấp tin không đọc được: {exc}") from None
        if feed.warning:
            self.emit("source_warning", url=response.url, reason=feed.warning)
        yield from self.follow(feed.entries, response.url)
