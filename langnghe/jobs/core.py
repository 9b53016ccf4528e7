"""Thin jobs the CLI and (later) the scheduler call: each opens what it needs, runs a stage, closes."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from langnghe.config import SourceConfig, TopicConfig, load_concerns, load_topics
from langnghe.crawlers import CrawlEvent, CrawlReport, run_crawl
from langnghe.index import open_index
from langnghe.index.base import Filters, SearchResult
from langnghe.item import Item
from langnghe.index.watch import WatchList
from langnghe.nlp.pool import AnnotatePool, default_workers
from langnghe.stores.health import record_crawl_health
from langnghe.stages.base import StageReport, StageRunner
from langnghe.stages.enrich import Annotate, EnrichStage
from langnghe.detection.emerging import EmergingIssue
from langnghe.stages.ingest import IngestReport
from langnghe.detection.spikes import Granularity
from langnghe.detection.trends import SpikeScan
from langnghe.stages.rollup import RollupReport
from langnghe.queue import open_queue
from langnghe.settings import Settings
from langnghe.app import App

if TYPE_CHECKING:  # datasketch takes half a second to import: only when stories run
    from langnghe.jobs.detect import DetectReport
    from langnghe.detection.stories import StoryParams
    from langnghe.stages.stories import StoriesReport
    from langnghe.claims.model import Claim


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
                # entries of each listing as it arrives (the total grows), less those queued before
                expected += event.entries - (event.known or 0)
                progress.update(task, total=expected)
            elif event.kind == "item":
                progress.advance(task)

        report = run_crawl(list(sources), settings, on_event=on_event)
    record_crawl_health(settings.paths.health, report)
    for problem in report.problems():
        console.print(f"warning: {problem}", style="yellow", markup=False, highlight=False)
    return report


def annotate_with(
    settings: Settings, watch: WatchList, concerns: WatchList | None = None, pool: AnnotatePool | None = None
) -> Annotate:
    """NLP signals (in ``pool``'s processes when given), then concerns and watch topics (which
    read the tokens the NLP stage added). Claim matching follows in the enrich stage itself
    (:class:`EnrichStage`)."""
    from langnghe import nlp

    def annotate(items: list[Item]) -> list[Item]:
        enriched = nlp.enrich_items(items, model_dir=settings.model_dir, pool=pool)
        if concerns is not None:
            enriched = concerns.tag_concerns(enriched)
        return watch.tag(enriched)

    return annotate


def open_enrich_stage(
    app: App, *, topics: list[TopicConfig] | None = None, claims: list[Claim] | None = None, workers: int = 1,
    pool: AnnotatePool | None = None,
) -> EnrichStage:
    """The enrich stage over the app's index; watch topics come from ``topics`` or the config
    folder's topics.yaml, config claims from ``claims`` or its claims.yaml (plus the imported
    ones, in the claim store). The NLP runs in ``pool``'s processes, else in ``workers`` new
    ones when more than one; the stage closes the pool."""
    from langnghe.claims.stage import open_claim_stage

    settings = app.settings
    watch = WatchList.from_config(load_topics(settings.config_dir) if topics is None else topics)
    concerns = WatchList.from_config(load_concerns(settings.config_dir))
    claim_stage = open_claim_stage(settings, claims)
    if pool is None and workers > 1:
        pool = AnnotatePool(workers, settings.model_dir)
    return EnrichStage(app.index, annotate_with(settings, watch, concerns, pool), claim_stage, pool=pool)


def enrich_line(report: StageReport) -> str:
    """The one-line outcome of an enrich drain, for the CLI and the scheduler's run log."""
    line = f"enriched and indexed {report.done} items in {report.batches} batches"
    if report.quarantined:
        line += f"; {report.quarantined} quarantined (see `langnghe queue`)"
    if report.failed:
        line += f"; {report.failed} failed and will be retried"
    if report.unavailable:
        line += f"; stopped, retried later without counting against the items: {report.unavailable}"
    return line


def enrich_queue(app: App, *, console: Console) -> str:
    """Drain the queue into the index with a progress bar; returns a one-line report."""
    return enrich_line(run_enrich(app, console=console))


def run_enrich(
    app: App, *, console: Console | None = None, topics: list[TopicConfig] | None = None,
    claims: list[Claim] | None = None, should_stop: Callable[[], bool] | None = None, patience: float = 0.0,
    workers: int = 1, pool: AnnotatePool | None = None,
) -> StageReport:
    """Drain the app's queue through the enrich stage (see :func:`open_enrich_stage`);
    ``patience``: seconds to wait for an unavailable index before stopping."""
    stage = open_enrich_stage(app, topics=topics, claims=claims, workers=workers, pool=pool)
    try:
        runner = StageRunner(stage, app.queue, batch_size=app.settings.batch_size)
        if console is None:
            return runner.drain(should_stop=should_stop, patience=patience)
        with _progress(console) as progress:
            task = progress.add_task("enrich", total=app.queue.stats().ready)
            return runner.drain(on_batch=lambda n: progress.advance(task, n), should_stop=should_stop,
                                patience=patience)
    finally:
        stage.close()


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


def status_line(app: App) -> str:
    stats = app.queue.stats()
    line = (f"queue: {stats.ready} ready, {stats.leased} leased, {stats.done} done, "
            f"{stats.quarantined} quarantined")
    if stats.waiting:
        line += f" ({stats.waiting} of the ready ones wait for a retry)"
    return line + f"; index: {app.index.count()} items ({app.settings.data_dir})"


def run_rollup(settings: Settings, since: datetime | None, until: datetime) -> RollupReport:
    """Recount hourly trend rows from ``since`` (default: the oldest item) to ``until``."""
    from langnghe.index import open_trend_store
    from langnghe.stages.rollup import rollup

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


def run_stories(
    settings: Settings,
    since: datetime | None = None,
    until: datetime | None = None,
    console: Console | None = None,
    *,
    rebuild: bool = False,
    params: StoryParams | None = None,
) -> StoriesReport:
    """Cluster the items not yet in a story (from one window before the newest clustered
    item, or from ``since``), write their ``story_id`` to the index, save the stories.
    ``rebuild``: forget every story first and cluster the whole index again."""
    from langnghe.stages.stories import update_stories
    from langnghe.stores.stories import open_story_store

    index, store = open_index(settings), open_story_store(settings)
    try:
        if rebuild:
            store.clear()
        if console is None:
            return update_stories(index, store, since=since, until=until, params=params)
        with _progress(console) as progress:
            task = progress.add_task("stories", total=None)
            return update_stories(
                index, store, since=since, until=until, params=params, on_batch=lambda n: progress.advance(task, n)
            )
    finally:
        store.close()
        index.close()


@dataclass(frozen=True)
class IngestOutcome:
    ingest: IngestReport
    enrich: StageReport
    rollup: RollupReport
    stories: StoriesReport | None = None
    detections: DetectReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each step: read, enrich, stories...


class _Laps:
    """Wall seconds of consecutive steps, by name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name], self._last = now - self._last, now


INGEST_PATIENCE = 300.0  # seconds ingest waits for an unavailable index before giving up


def ingest_workers(settings: Settings) -> int:
    """Processes annotating during ``ingest``: ``settings.enrich_workers``, or one per core (at most 4)."""
    return settings.enrich_workers or default_workers()


def run_ingest(app: App, path: Path, *, console: Console | None = None) -> IngestOutcome:
    """Replay an Item JSON Lines file: queue it, enrich and index it, then cluster, recount and
    detect over the hours it covers. When the index stays unavailable the items stay queued
    (no attempt spent) and ``enrich.unavailable`` says why; the derived steps are then skipped."""
    from langnghe.stages.ingest import rollup_window

    settings = app.settings
    laps = _Laps()
    workers = ingest_workers(settings)
    pool = AnnotatePool(workers, settings.model_dir) if workers > 1 else None
    try:
        if pool is not None:
            pool.start()  # the workers load their models while the file is read
        report = _queue_file(app, path, console)
    except BaseException:
        if pool is not None:
            pool.close()
        raise
    laps.lap("read")
    enriched = run_enrich(app, console=console, patience=INGEST_PATIENCE, pool=pool)
    laps.lap("enrich")
    window = rollup_window(report)
    if enriched.unavailable or window is None:
        return IngestOutcome(report, enriched, RollupReport(0, 0, 0), seconds=laps.seconds)
    stories = run_stories(settings, since=window[0], console=console)
    laps.lap("stories")
    rolled = run_rollup(settings, *window)
    laps.lap("rollup")
    detected = run_detections(settings, *window, console=console)
    laps.lap("detect")
    return IngestOutcome(report, enriched, rolled, stories, detected, laps.seconds)


def _queue_file(app: App, path: Path, console: Console | None) -> IngestReport:
    from langnghe.stages.ingest import queue_file

    def warn(message: str) -> None:
        if console is not None:
            console.print(message, style="yellow", markup=False, highlight=False)

    if console is None:
        return queue_file(path, app.queue, warn, lambda n: None)
    with _progress(console) as progress:
        task = progress.add_task("read", total=None)
        return queue_file(path, app.queue, warn, lambda n: progress.advance(task, n))


def run_detections(
    settings: Settings, since: datetime, until: datetime, *, console: Console | None = None
) -> DetectReport:
    """The detection jobs over a past period, as if live: hourly and daily spikes, daily emerging issues."""
    from langnghe.jobs.detect import detect_period, moments

    if console is None:
        return detect_period(settings, since, until)
    with _progress(console) as progress:
        task = progress.add_task("detect", total=len(moments(since, until, "hour", settings.timezone)) + 1)
        return detect_period(settings, since, until, on_step=lambda n: progress.advance(task, n))


def run_trends(
    settings: Settings, at: datetime, *, granularity: Granularity = "hour", describe: bool = True
) -> SpikeScan:
    """Spikes in the last complete hour (or local day) before ``at``, stored with their items."""
    from langnghe.index import open_trend_store
    from langnghe.stores.detections import DetectionStore
    from langnghe.detection.terms import significant_terms
    from langnghe.detection.trends import describe_items, detect_spikes

    from langnghe.labels import SECTION_VI

    names = {
        "section": SECTION_VI,
        "concern": {concern.id: concern.name for concern in load_concerns(settings.config_dir)},
        "watch_topic": {topic.id: topic.name for topic in load_topics(settings.config_dir)},
    }
    store = open_trend_store(settings)
    try:
        scan = detect_spikes(store, at, granularity=granularity, tz=settings.timezone, names=names)
    finally:
        store.close()
    index = open_index(settings)
    try:
        if describe:
            scan.spikes = [describe_items(index, spike, scan.end) for spike in scan.spikes]
        scan.terms = significant_terms(index, scan.end)
    finally:
        index.close()
    detections = DetectionStore(settings.paths.detections)
    try:
        detections.save_spikes(scan.spikes)
    finally:
        detections.close()
    return scan


def run_emerging(settings: Settings, at: datetime, *, limit: int = 20) -> list[EmergingIssue]:
    """Rank emerging issues at ``at`` from items published before it, and store the ranking."""
    from langnghe.stores.detections import DetectionStore
    from langnghe.detection.emerging import rank_emerging

    names = {concern.id: concern.name for concern in load_concerns(settings.config_dir)}
    index = open_index(settings)
    try:
        issues = rank_emerging(index, at, limit=limit, tz=settings.timezone, concern_names=names)
    finally:
        index.close()
    detections = DetectionStore(settings.paths.detections)
    try:
        detections.save_emerging(at, issues)
    finally:
        detections.close()
    return issues


def ingest_file(settings: Settings, path: Path) -> IngestOutcome:
    """:func:`run_ingest` on an app of its own, closed afterwards (for scripts, benches and tests)."""
    with App(settings) as app:
        return run_ingest(app, path)
