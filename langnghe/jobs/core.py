"""Thin jobs the CLI and (later) the scheduler call: each opens what it needs, runs a stage, closes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from langnghe.config import SourceConfig, TopicConfig, load_concerns
from langnghe.crawlers import CrawlEvent, CrawlReport, run_crawl
from langnghe.index import open_index
from langnghe.item import Item
from langnghe.index.watch import WatchList
from langnghe.nlp.pool import AnnotatePool, default_workers
from langnghe.stores.health import record_crawl_health
from langnghe.stores.saved_searches import SavedSearchStore, watch_topics
from langnghe.stages.base import StageReport, StageRunner
from langnghe.stages.enrich import Annotate, EnrichStage
from langnghe.detection.emerging import EmergingIssue
from langnghe.stages.ingest import IngestReport
from langnghe.stages.rollup import RollupReport
from langnghe.queue import open_queue
from langnghe.progress import SILENT, Progress
from langnghe.settings import Settings
from langnghe.app import App
from langnghe.jobs.apart import Apart, WatchParent

if TYPE_CHECKING:  # datasketch takes half a second to import: only when stories run
    from langnghe.jobs.detect import DetectReport
    from langnghe.detection.stories import StoryParams
    from langnghe.stages.stories import StoriesReport
    from langnghe.claims.model import Claim
    from langnghe.stages.records import RecordDefaults


log = logging.getLogger(__name__)


def crawl_sources(sources: Sequence[SourceConfig], settings: Settings, *, progress: Progress = SILENT) -> CrawlReport:
    """Crawl ``sources`` into the queue, reporting progress and each problem with its source."""
    with progress.task("crawl") as task:
        expected = 0

        def on_event(event: CrawlEvent) -> None:
            nonlocal expected
            if event.kind == "feed" and event.entries:
                # entries of each listing as it arrives (the total grows), less those queued before
                expected += event.entries - (event.known or 0)
                task.total(expected)
            elif event.kind == "item":
                task.advance()

        report = run_crawl(list(sources), settings, on_event=on_event)
    record_crawl_health(settings.store_target("health"), report)
    for problem in report.problems():
        progress.warn(f"cảnh báo: {problem}")
    return report


class LiveWatch:
    """The deployment's watch topics (:func:`~langnghe.stores.saved_searches.watch_topics`: topics.yaml's
    and the shared saved searches), compiled again when the saved searches change, so that a
    worker running for days tags with a saved search from its next batch on."""

    def __init__(self, settings: Settings, store: SavedSearchStore) -> None:
        self._settings, self._store = settings, store
        self._version = store.version()
        self._watch = WatchList.from_config(watch_topics(settings, store))

    def __call__(self) -> WatchList:
        version = self._store.version()
        if version != self._version:
            self._watch = WatchList.from_config(watch_topics(self._settings, self._store))
            self._version = version
        return self._watch


def annotate_with(
    settings: Settings, watch: WatchList | Callable[[], WatchList], concerns: WatchList | None = None,
    pool: AnnotatePool | None = None,
) -> Annotate:
    """NLP signals (in ``pool``'s processes when given), then concerns and watch topics (which
    read the tokens the NLP stage added; ``watch`` may be a callable asked once per batch).
    Claim matching follows in the enrich stage itself (:class:`EnrichStage`)."""
    from langnghe import nlp

    def annotate(items: list[Item]) -> list[Item]:
        enriched = nlp.enrich_items(items, model_dir=settings.model_dir, pool=pool)
        if concerns is not None:
            enriched = concerns.tag_concerns(enriched)
        return (watch if isinstance(watch, WatchList) else watch()).tag(enriched)

    return annotate


def open_enrich_stage(
    app: App, *, topics: list[TopicConfig] | None = None, claims: list[Claim] | None = None, workers: int = 1,
    pool: AnnotatePool | None = None,
) -> EnrichStage:
    """The enrich stage over the app's index; watch topics come from ``topics`` or the config
    folder's topics.yaml and the shared saved searches (:class:`LiveWatch`), config claims from ``claims`` or its claims.yaml (plus the imported
    ones, in the claim store). The NLP runs in ``pool``'s processes, else in ``workers`` new
    ones when more than one; the stage closes the pool."""
    from langnghe.claims.stage import open_claim_stage
    from langnghe.jobs.claims import sync_claims

    settings = app.settings
    synced = sync_claims(app, claims)  # an edited claims.yaml reaches the items already indexed
    if synced is not None:
        log.info("%s", synced.line())
    watch = LiveWatch(settings, app.saved_searches) if topics is None else WatchList.from_config(topics)
    concerns = WatchList.from_config(load_concerns(settings.config_dir))
    claim_stage = open_claim_stage(settings)  # over the base sync_claims just synced
    if pool is None and workers > 1:
        pool = AnnotatePool(workers, settings.model_dir)
    return EnrichStage(app.index, annotate_with(settings, watch, concerns, pool), claim_stage, pool=pool)


def enrich_line(report: StageReport) -> str:
    """The one-line outcome of an enrich drain, for the CLI and the scheduler's run log."""
    line = f"đã phân tích và lập chỉ mục {report.done} tin ({report.batches} lô)"
    if report.quarantined:
        line += f"; {report.quarantined} tin bị cách ly (xem `langnghe queue`)"
    if report.failed:
        line += f"; {report.failed} tin lỗi, sẽ thử lại"
    if report.unavailable:
        line += f"; đã dừng, sẽ thử lại sau (không tính là lỗi của tin): {report.unavailable}"
    return line


def enrich_queue(app: App, *, progress: Progress = SILENT) -> str:
    """Drain the queue into the index; returns a one-line report."""
    return enrich_line(run_enrich(app, progress=progress))


def run_enrich(
    app: App, *, progress: Progress = SILENT, topics: list[TopicConfig] | None = None,
    claims: list[Claim] | None = None, should_stop: Callable[[], bool] | None = None, patience: float = 0.0,
    workers: int = 1, pool: AnnotatePool | None = None,
) -> StageReport:
    """Drain the app's queue through the enrich stage (see :func:`open_enrich_stage`);
    ``patience``: seconds to wait for an unavailable index before stopping."""
    stage = open_enrich_stage(app, topics=topics, claims=claims, workers=workers, pool=pool)
    try:
        runner = StageRunner(stage, app.queue, batch_size=app.settings.batch_size)
        with progress.task("enrich", total=app.queue.stats().ready) as task:
            return runner.drain(on_batch=task.advance, should_stop=should_stop, patience=patience)
    finally:
        stage.close()


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
    *,
    progress: Progress = SILENT,
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
        with progress.task("stories") as task:
            return update_stories(index, store, since=since, until=until, params=params, on_batch=task.advance)
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


def run_ingest(
    app: App, path: Path, *, progress: Progress = SILENT, mapping: dict[str, str] | None = None,
    source: str | None = None,
) -> IngestOutcome:
    """Replay an Item JSON Lines file, or other tools' records (JSONL, CSV, XLSX; ``mapping``:
    field -> column, ``source``: their source, default the file name): queue it, enrich and index
    it, then cluster, recount and detect over the hours it covers. When the index stays unavailable
    the items stay queued (no attempt spent) and ``enrich.unavailable`` says why; the derived steps
    are then skipped."""
    from langnghe.stages.ingest import queue_file

    settings = app.settings
    laps = _Laps()
    workers = ingest_workers(settings)
    pool = AnnotatePool(workers, settings.model_dir) if workers > 1 else None
    try:
        if pool is not None:
            pool.start()  # the workers load their models while the file is read
        with progress.task("read") as task:
            report = queue_file(path, app.queue, progress.warn, task.advance,
                                record_defaults(settings, path, mapping or {}, source))
        app.health.count_future_dated(report.future_dated)
    except BaseException:
        if pool is not None:
            pool.close()
        raise
    laps.lap("read")
    with Apart(warm=("langnghe.jobs.core", "langnghe.stages.stories")) as side:
        if pool is not None:
            side.start()  # clusters stories beside the spike checks; its imports are paid during enrich
        return _ingest_rest(app, report, pool, side if pool is not None else None, laps, progress)


def _ingest_rest(
    app: App, report: IngestReport, pool: AnnotatePool | None, side: Apart | None, laps: _Laps, progress: Progress
) -> IngestOutcome:
    """Enrich the queued items, then the derived steps: stories beside roll-ups and spikes
    when ``side`` is given, then the emerging-issue rankings (stories are their candidates)."""
    from langnghe.jobs.detect import rank_period
    from langnghe.stages.ingest import rollup_window

    settings = app.settings
    enriched = run_enrich(app, progress=progress, patience=INGEST_PATIENCE, pool=pool)
    laps.lap("enrich")
    window = rollup_window(report)
    if enriched.unavailable or window is None:
        return IngestOutcome(report, enriched, RollupReport(0, 0, 0), seconds=laps.seconds)
    apart = side.submit(stories_apart, settings, window[0]) if side is not None else None
    if apart is None:
        stories = run_stories(settings, since=window[0], progress=progress)
        laps.lap("stories")
    rolled = run_rollup(settings, *window)
    laps.lap("rollup")
    detected = run_spikes(settings, *window, progress=progress)
    laps.lap("spikes")
    if apart is not None:
        stories = _stories_result(apart, settings, window[0], progress)
        laps.lap("stories")
    detected = rank_period(settings, *window, detected)
    laps.lap("emerging")
    return IngestOutcome(report, enriched, rolled, stories, detected, laps.seconds)


def stories_apart(settings: Settings, since: datetime) -> StoriesReport:
    """:func:`run_stories` in a process of its own (see :mod:`langnghe.jobs.apart`)."""
    return run_stories(settings, since=since, progress=WatchParent())


def _stories_result(apart: Future[StoriesReport], settings: Settings, since: datetime, progress: Progress) -> StoriesReport:
    """The stories clustered apart; clustered here when that process could not run them."""
    with progress.task("stories"):
        try:
            return apart.result()
        except BrokenProcessPool as exc:
            log.warning("the stories process died (%s); clustering here", exc)
    return run_stories(settings, since=since, progress=progress)


def run_detections(
    settings: Settings, since: datetime, until: datetime, *, progress: Progress = SILENT
) -> DetectReport:
    """The detection jobs over a past period, as if live: hourly and daily spikes, daily emerging issues."""
    from langnghe.jobs.detect import rank_period

    return rank_period(settings, since, until, run_spikes(settings, since, until, progress=progress))


def run_spikes(settings: Settings, since: datetime, until: datetime, *, progress: Progress = SILENT) -> DetectReport:
    """The spike checks over a past period, as if live (hourly and daily); stored."""
    from langnghe.jobs.detect import detect_spikes_period, moments

    with progress.task("detect", total=len(moments(since, until, "hour", settings.timezone)) + 1) as task:
        return detect_spikes_period(settings, since, until, on_step=task.advance)


def run_emerging(settings: Settings, at: datetime, *, limit: int = 20) -> list[EmergingIssue]:
    """The detection job's ranking at ``at`` (the query service computes it), stored: the
    detection store's one writer besides :func:`~langnghe.jobs.detect.detect_period`."""
    from langnghe.service.detect import rank_issues

    with App(settings) as app:
        ranking = rank_issues(app, at, limit=limit)
        app.detections.save_emerging(at, ranking.issues, ranking.floods)
    return ranking.issues


def record_defaults(settings: Settings, path: Path, mapping: dict[str, str], source: str | None) -> RecordDefaults:
    """What other tools' records in ``path`` leave out (:mod:`langnghe.stages.records`)."""
    from langnghe.pseudonym import author_value
    from langnghe.stages.records import RecordDefaults, slug

    return RecordDefaults(source=source or slug(path.stem), fetched_at=datetime.now(timezone.utc), tz=settings.timezone,
                          author=lambda handle: author_value(handle, settings), mapping=mapping)  # fmt: skip


def ingest_file(settings: Settings, path: Path) -> IngestOutcome:
    """:func:`run_ingest` on an app of its own, closed afterwards (for scripts, benches and tests)."""
    with App(settings) as app:
        return run_ingest(app, path)
