"""Crawlers: public sources -> Items in the durable queue (docs: README.md, "Sources").

``run_crawl`` runs scrapy in a child process (Twisted's reactor cannot restart), so
importing this package loads neither scrapy nor Twisted. The crawler never imports
``langnghe.nlp`` or ``langnghe.index``: it only fills the queue.
"""

from langnghe.crawlers.events import CrawlEvent, CrawlReport, PageFailure, SourceReport
from langnghe.crawlers.runner import run_crawl

__all__ = ["CrawlEvent", "CrawlReport", "PageFailure", "SourceReport", "run_crawl"]
