"""Response models of the index and store queries: search, facets, series, stories, sources.

``StoriesResponse`` keeps the shape of ``langnghe stories --json``; the others are new and
are what the HTTP API will answer. Each is built from its domain record by one ``*_view``
function, the only place that reads the record's fields.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from langnghe.errors import BackendProblem
from langnghe.index.snippets import make_snippet
from langnghe.item import Item
from langnghe.service.types import IsoTime, Number, Response

if TYPE_CHECKING:
    from langnghe.config import SourceConfig
    from langnghe.queue.base import QueueStats
    from langnghe.detection.story_records import Story
    from langnghe.detection.threads import Thread, ThreadEntry
    from langnghe.stores.health import SourceHealth


class SnippetView(Response):
    """The passage of a hit around its first match; ``marks``: [start, end) of each matched word in ``text``."""

    text: str
    marks: list[tuple[int, int]]


class Hit(Response):
    item: Item
    score: Number  # relevance (higher is better); 0 when sorted by time
    snippet: SnippetView | None = None  # None without query words, or when they matched only the tokens


class SearchResponse(Response):
    """One page of a search; ``next`` is the cursor of the following page (None on the last)."""

    query: str
    sort: str  # time or relevance
    total: int  # every match, not only this page's
    hits: list[Hit]
    next: str | None
    total_exact: bool = True  # False: counted up to ``total`` only, and more items match


def snippet_view(query: str, item: Item) -> SnippetView | None:
    """The snippet of a hit of ``query`` (:mod:`langnghe.index.snippets`)."""
    found = make_snippet(query, item.title, item.text)
    return None if found is None else SnippetView(text=found.text, marks=list(found.marks))


class FacetValue(Response):
    value: str
    count: int


class FacetsResponse(Response):
    """Counts per value of each asked facet field, largest first."""

    total: int
    facets: dict[str, list[FacetValue]]


class SeriesBucket(Response):
    start: IsoTime  # in the asked zone
    count: int


class SeriesResponse(Response):
    """Items per hour or local day, oldest first, empty buckets included."""

    interval: str
    tz: str
    buckets: list[SeriesBucket]


class ThreadEntryView(Response):
    """One story of an event thread's timeline (:class:`~langnghe.detection.threads.ThreadEntry`)."""

    story_id: str
    first_seen: IsoTime
    last_seen: IsoTime
    size: int
    title: str
    title_item_id: str | None


class StoryView(Response):
    """An event as its items tell it (``stories --json``: item ids are the oldest 50)."""

    id: str
    title: str
    keywords: list[str]
    first_seen: IsoTime
    last_seen: IsoTime
    size: int
    item_ids: list[str]
    sources: dict[str, int]
    platforms: dict[str, int]
    provinces: dict[str, int]
    sentiment: dict[str, int]
    emotion: dict[str, int]
    title_item_id: str | None = None  # the member whose headline is ``title``
    link: str | None = None  # that member's web address, when it is indexed and has one
    thread_id: str | None = None  # its event thread, when the story continues or is continued by others
    timeline: list[ThreadEntryView] = []  # that thread's stories, oldest first


class StoriesResponse(Response):
    at: IsoTime | None
    stories_total: int
    items_total: int
    stories: list[StoryView]


class SourceHealthView(Response):
    """A source's crawl health as recorded by the crawl job."""

    runs: int
    last_run_at: IsoTime
    last_success_at: IsoTime | None
    last_new_item_at: IsoTime | None
    last_error_at: IsoTime | None
    last_error: str | None
    items_last_run: int
    new_last_run: int
    consecutive_failures: int
    items_total: int
    undated_total: int
    undated_share: float | None
    future_dated_total: int = 0  # items the source dated in the future (date dropped)
    failing: bool
    silent: bool  # no new item for longer than the source's interval allows
    blocked_total: int = 0  # URLs the guard refused: internal addresses, not http(s) (all runs)
    last_blocked: str | None = None  # the last of them: "<reason>: <url>"
    # article pages whose metadata time missed the visible byline by whole hours (byline kept), all runs
    metadata_off_total: int = 0
    metadata_off_share: float | None = None  # of items_total


class SourceView(Response):
    id: str
    name: str
    enabled: bool
    interval: timedelta
    health: SourceHealthView | None  # None: never crawled


class SourcesResponse(Response):
    checked_at: IsoTime
    sources: list[SourceView]


class QueueCounts(Response):
    """Items of the durable queue per state (``waiting``: ready ones held back by a retry delay)."""

    ready: int
    leased: int
    done: int
    quarantined: int
    waiting: int
    by_reason: dict[str, int]  # quarantined items per reason


class BackendDown(Response):
    """A backend ``status`` could not reach: its name, address and what kind of trouble it is."""

    backend: str
    where: str | None
    problem: BackendProblem


class StatusResponse(Response):
    """The pipeline's state as an operator reads it: the queue and the index. When the index
    cannot be reached, ``index_items`` is None and ``index_down`` says why; the rest is shown."""

    queue: QueueCounts
    index_items: int | None
    data_dir: str
    index_down: BackendDown | None = None


def thread_entry_view(entry: ThreadEntry) -> ThreadEntryView:
    return ThreadEntryView(story_id=entry.story_id, first_seen=entry.first_seen, last_seen=entry.last_seen,
                           size=entry.size, title=entry.title, title_item_id=entry.title_item_id)  # fmt: skip


def story_view(
    story: Story, *, max_items: int = 50, link: str | None = None, thread: Thread | None = None
) -> StoryView:
    shown = thread if thread is not None and len(thread.timeline) > 1 else None
    return StoryView(
        id=story.id, title=story.title, keywords=list(story.keywords), first_seen=story.first_seen,
        last_seen=story.last_seen, size=story.size, item_ids=list(story.item_ids[:max_items]),
        sources=story.sources, platforms=story.platforms, provinces=story.provinces, sentiment=story.sentiment,
        emotion=story.emotion, title_item_id=story.title_item_id, link=link,
        thread_id=shown.id if shown else None, timeline=[thread_entry_view(e) for e in shown.timeline] if shown else [],
    )  # fmt: skip


def health_view(state: SourceHealth, interval: timedelta, now: datetime) -> SourceHealthView:
    return SourceHealthView(
        runs=state.runs, last_run_at=state.last_run_at, last_success_at=state.last_success_at,
        last_new_item_at=state.last_new_item_at, last_error_at=state.last_error_at, last_error=state.last_error,
        items_last_run=state.items_last_run, new_last_run=state.new_last_run,
        consecutive_failures=state.consecutive_failures, items_total=state.items_total,
        undated_total=state.undated_total, undated_share=state.undated_share,
        future_dated_total=state.future_dated_total, failing=state.failing, silent=state.silent(interval, now),
        blocked_total=state.blocked_total, last_blocked=state.last_blocked,
        metadata_off_total=state.metadata_off_total, metadata_off_share=state.metadata_off_share,
    )  # fmt: skip


def source_view(source: SourceConfig, state: SourceHealth | None, now: datetime) -> SourceView:
    health = health_view(state, source.interval, now) if state is not None else None
    return SourceView(id=source.id, name=source.name, enabled=source.enabled, interval=source.interval, health=health)


def queue_view(stats: QueueStats) -> QueueCounts:
    return QueueCounts(ready=stats.ready, leased=stats.leased, done=stats.done, quarantined=stats.quarantined,
                       waiting=stats.waiting, by_reason=dict(stats.by_reason))
