"""Thin jobs the CLI and (later) the scheduler call: each opens what it needs, runs a stage, closes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from langnghe.config import SourceConfig, TopicConfig, load_concerns, load_topics
from langnghe.crawlers import CrawlEvent, CrawlReport, run_crawl
from langnghe.index import open_index
from langnghe.index.base import Filters, SearchResult
from langnghe.item import Item
from langnghe.index.watch import WatchList
from langnghe.pipeline.health import SourceHealthStore
from langnghe.pipeline.enrich import Annotate, EnrichReport, EnrichWorker
from langnghe.pipeline.rollup import RollupReport
from langnghe.queue import open_queue
from langnghe.settings import Settings


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def crawl_sources(sources: Sequence[SourceConfig], settings: Settings, *, console: Console) -> CrawlReport:
    """Crawl ``sources`` into the queue with a progress bar, printing each problem with its source."""
    with _progress(console) as progress:
        task = progress.add_task("crawl", total=None)
        expected = 0

        def on_event(event: CrawlEvent) -> None:
            nonlocal expected
            if event.kind == "feed" and event.entries:
                expected += event.entries  # entries of each feed as it arrives: the total grows
                progress.update(task, total=expected)
            elif event.kind == "item":
                progress.advance(task)

        report = run_crawl(list(sources), settings, on_event=on_event)
    health = SourceHealthStore(settings.health_path)
    try:
        health.record(report)
    finally:
        health.close()
    for problem in report.problems():
        console.print(f"warning: {problem}", style="yellow", markup=False, highlight=False)
    return report


def annotate_with(settings: Settings, watch: WatchList, concerns: WatchList | None = None) -> Annotate:
    """NLP signals, then concerns and watch topics (which read the tokens the NLP stage added)."""
    from langnghe import nlp

    def annotate(items: list[Item]) -> list[Item]:
        enriched = nlp.enrich_items(items, model_dir=settings.model_dir)
        if concerns is not None:
            enriched = concerns.tag_concerns(enriched)
        return watch.tag(enriched)

    return annotate


def enrich_queue(settings: Settings, *, console: Console) -> str:
    """Drain the queue into the index with a progress bar; returns a one-line report."""
    report = run_enrich(settings, console=console)
    line = f"enriched and indexed {report.indexed} items in {report.batches} batches"
    if report.failed:
        line += f"; {report.failed} failed (kept in the queue for retry, see `langnghe status`)"
    if report.index_error:
        line += f"; stopped: {report.index_error}"
    return line


def run_enrich(
    settings: Settings, *, console: Console | None = None, topics: list[TopicConfig] | None = None
) -> EnrichReport:
    """Drain the queue; watch topics come from ``topics`` or the config folder's topics.yaml."""
    watch = WatchList.from_config(load_topics(settings.config_dir) if topics is None else topics)
    concerns = WatchList.from_config(load_concerns(settings.config_dir))
    queue, index = open_queue(settings), open_index(settings)
    try:
        annotate = annotate_with(settings, watch, concerns)
        worker = EnrichWorker(queue, index, annotate, batch_size=settings.batch_size)
        if console is None:
            return worker.drain()
        with _progress(console) as progress:
            task = progress.add_task("enrich", total=queue.stats().ready)
            return worker.drain(on_batch=lambda n: progress.advance(task, n))
    finally:
        queue.close()
        index.close()


def search_index(
    settings: Settings,
    query: str,
    *,
    provinces: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    limit: int = 20,
) -> SearchResult:
    terms: dict[str, tuple[str, ...]] = {}
    if provinces:
        terms["province"] = tuple(provinces)
    if sources:
        terms["source"] = tuple(sources)
    index = open_index(settings)
    try:
        return index.search(query, Filters(terms=terms), limit=limit)
    finally:
        index.close()


def status_line(settings: Settings) -> str:
    queue, index = open_queue(settings), open_index(settings)
    try:
        stats = queue.stats()
        return (
            f"queue: {stats.ready} ready, {stats.leased} leased, {stats.done} done, {stats.dead} dead; "
            f"index: {index.count()} items ({settings.data_dir})"
        )
    finally:
        queue.close()
        index.close()


def run_rollup(settings: Settings, since: datetime | None, until: datetime) -> RollupReport:
    """Recount hourly trend rows from ``since`` (default: the oldest item) to ``until``."""
    from langnghe.index import open_trend_store
    from langnghe.pipeline.rollup import rollup

    index = open_index(settings)
    store = open_trend_store(settings)
    try:
        if since is None:
            buckets = index.date_histogram(interval="day", tz="UTC")
            if not buckets:
                return RollupReport(0, 0, 0)
            since = buckets[0].start
        return rollup(index, store, since, until)
    finally:
        store.close()
        index.close()
