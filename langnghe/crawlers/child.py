"""The crawl child process: ``python -m langnghe.crawlers.child`` with a job on stdin.

Twisted's reactor cannot be restarted, so every crawl runs in a fresh process. The job
is one JSON object on stdin (``{"sources": [...], "settings": {...}, "scrapy": {...}}``);
events go out as JSON lines on stdout; scrapy logs to stderr. Anything else that writes
to stdout (a library's print) is sent to stderr, so the event stream stays clean.

Exit codes: 0 finished (``done`` sent), 2 unreadable job, 3 the queue could not be written.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from pydantic import ValidationError

from langnghe.config import SourceConfig
from langnghe.crawlers.events import CrawlEvent, EventWriter
from langnghe.crawlers.job import EXIT_BAD_JOB, EXIT_QUEUE_FAILED, job_from_json
from langnghe.settings import Settings


def crawl(sources: list[SourceConfig], settings: Settings, scrapy: dict[str, Any], events: TextIO) -> int:
    """Run one crawl in this process (once: the reactor cannot restart)."""
    from scrapy.crawler import CrawlerProcess

    from langnghe.crawlers.item_pipeline import CrawlJob
    from langnghe.crawlers.scrapy_settings import build_scrapy_settings
    from langnghe.crawlers.spider import SourceSpider
    from langnghe.crawlers.ledger import open_crawl_ledger

    writer = EventWriter(events)
    state = open_crawl_ledger(settings.data_dir)
    job = CrawlJob(sources=sources, settings=settings, events=writer, state=state)
    process = CrawlerProcess(build_scrapy_settings(settings, scrapy))
    crawler = process.create_crawler(SourceSpider)
    process.crawl(crawler, job=job)
    try:
        process.start()
    finally:
        state.close()
    if job.fatal_error:
        print(f"langnghe crawl: {job.fatal_error}", file=sys.stderr)
        writer.emit(CrawlEvent(kind="child_failed", reason=job.fatal_error))
        return EXIT_QUEUE_FAILED
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    writer.emit(CrawlEvent(kind="done", reason=str(reason or "finished")))
    return 0


def _take_stdout() -> TextIO:
    """Keep the real stdout for events; point fd 1 (and sys.stdout) at stderr."""
    events = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return events


def main() -> int:
    events = _take_stdout()
    try:
        sources, settings, scrapy = job_from_json(sys.stdin.read())
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        print(f"langnghe crawl: unreadable job on stdin: {exc}", file=sys.stderr)
        return EXIT_BAD_JOB
    return crawl(sources, settings, scrapy, events)


if __name__ == "__main__":
    sys.exit(main())
