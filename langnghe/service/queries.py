"""The query service: the one read side of langnghe (docs: README, "How it works").

The CLI's read commands, the reports and the HTTP API ask a :class:`QueryService` built on
an :class:`~langnghe.app.App`; every answer is a pydantic response model
(:mod:`langnghe.service.views`, :mod:`langnghe.service.detection_views`) whose
``model_dump(mode="json")`` is the JSON they print or serve. Queries never write: spikes
and emerging issues are computed here and stored only by the detection job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Literal

from langnghe.errors import BackendUnavailable, LangngheError
from langnghe.index.base import MAX_PAGE, Cursor, Filters, SearchSort, check_field
from langnghe.item import web_link
from langnghe.filter_values import FilterField
from langnghe.service.filters import FilterRequest, config_stamp, filter_fields, resolve_filters
from langnghe.service import dashboard as boards
from langnghe.service.dashboard import BreakdownsResponse, ClaimDetail, DashboardResponse, ValueSeries
from langnghe.service.detect import concern_names, rank_issues, scan_spikes, thread_lookup, value_names
from langnghe.service.detection_views import (
    ClaimsResponse,
    EmergingResponse,
    SpikeView,
    TrendsResponse,
    claim_view,
    issue_view,
    spike_view,
    trends_view,
)
from langnghe.service.operations import (
    AlertView,
    JobView,
    OutboxView,
    QueueResponse,
    alert_view,
    job_views,
    quarantined_view,
)
from langnghe.service.admin_queries import AdminQueries
from langnghe.service.items import (
    ClaimMatchView,
    ItemOrder,
    ItemResponse,
    NearDuplicateView,
    StoryResponse,
    claim_match_view,
    item_link,
    near_duplicate_view,
    picked_ids,
    signal_views,
)
from langnghe.service.summary import Summary, facet_values, summarize
from langnghe.stores.saved_searches import watch_topics
from langnghe.service.views import (
    BackendDown,
    FacetsResponse,
    Hit,
    SearchResponse,
    SeriesBucket,
    SeriesResponse,
    SourcesResponse,
    StatusResponse,
    StoriesResponse,
    queue_view,
    snippet_view,
    source_view,
    story_view,
)

if TYPE_CHECKING:
    from langnghe.app import App
    from langnghe.claims.model import Claim
    from langnghe.claims.spread import ClaimSpread
    from langnghe.config import TopicConfig
    from langnghe.stores.saved_searches import SavedSearchStore
    from langnghe.claims.store import MatchRecord
    from langnghe.detection.emerging import EmergingIssue
    from langnghe.detection.spikes import Granularity
    from langnghe.detection.story_records import Story
    from langnghe.detection.trends import Spike
    from langnghe.item import Item
    from langnghe.stores.health import SourceHealth

StoryOrder = Literal["size", "recent"]


class QueryService(AdminQueries):
    """Read-only queries over an app's ports, answered as response models (see module docs); the
    admins' and collaborators' ones (accounts, audit log, field reports) come from :class:`AdminQueries`."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.tz = app.settings.timezone
        # the filters' tables, read again when a config file changes (a page asks for them each time)
        self._fields: tuple[tuple[object, ...], dict[str, FilterField]] | None = None
        self._names = boards.NameCache(app, lambda: {**value_names(app), "source": self._source_names()})

    # -- the index ----------------------------------------------------------------------

    def search(
        self, query: str = "", filters: Filters | None = None, *, sort: SearchSort = "relevance", size: int = 20,
        cursor: str | None = None, count_up_to: int | None = None,
    ) -> SearchResponse:
        """One page of hits; ``cursor``: the ``next`` of the previous page (no depth limit);
        ``count_up_to``: count the matches only up to that many (``total_exact`` says whether more match)."""
        after = Cursor.from_token(cursor) if cursor else None
        page = self.app.index.search_page(query, filters, size=size, after=after, sort=sort, count_up_to=count_up_to)
        return SearchResponse(query=query, sort=sort, total=page.total, total_exact=page.total_exact,
                              hits=[Hit(item=hit.item, score=hit.score, snippet=snippet_view(query, hit.item))
                                    for hit in page.hits],
                              next=page.next.token() if page.next else None)

    def filter_fields(self, request: FilterRequest) -> dict[str, FilterField]:
        """The valid values of each filter; sources and platforms the index holds count as valid
        too (read only when the request names one)."""
        sources = self._indexed("source") if request.sources else []
        platforms = self._indexed("platform") if request.platforms else []
        key = (config_stamp(self.app.settings.config_dir), tuple(sources), tuple(platforms))
        cached = self._fields
        if cached is not None and cached[0] == key:
            return cached[1]
        fields = filter_fields(self.app.settings, sources, platforms)
        self._fields = (key, fields)  # FilterFields are immutable: threads may share them
        return fields

    def _indexed(self, field: str) -> list[str]:
        return [facet.value for facet in self.app.index.facets(field, size=10_000)]

    def filters(self, request: FilterRequest) -> Filters:
        """The index's filters for what a person typed (:mod:`langnghe.service.filters`)."""
        return resolve_filters(request, self.filter_fields(request), self.tz)

    def facets(
        self, fields: Sequence[str], query: str = "", filters: Filters | None = None, *, size: int = 20
    ) -> FacetsResponse:
        """Counts per value of each of ``fields``, for the items a query and filters match."""
        for field in fields:
            check_field(field, "facet")
        index = self.app.index
        total = index.search(query, filters, limit=0).total if query else index.count(filters)
        found = {field: facet_values(counts) for field, counts in index.facet_counts(fields, query, filters, size=size).items()}
        return FacetsResponse(total=total, facets=found)

    def series(
        self, query: str = "", filters: Filters | None = None, *, interval: Literal["hour", "day"] = "day"
    ) -> SeriesResponse:
        """Matching items per hour or local day (the app's zone), oldest first, gaps filled."""
        buckets = self.app.index.date_histogram(query, filters, interval=interval, tz=self.tz)
        return SeriesResponse(interval=interval, tz=self.tz,
                              buckets=[SeriesBucket(start=bucket.start, count=bucket.count) for bucket in buckets])

    def newest(self) -> datetime | None:
        """When the newest indexed item was published (fetched when unknown); ``None`` when empty."""
        from langnghe.service.latest import newest_time

        return newest_time(self.app.index)

    def summary(self, filters: Filters | None = None, *, top: int = 10) -> Summary:
        return summarize(self.app.index, filters=filters, tz=self.tz, top=top)

    def item(self, item_id: str, *, near_duplicates: int = 10) -> ItemResponse | None:
        """One item with all its signals (score and model each), its story, the names of what it
        carries, the claims it repeats or refutes, up to ``near_duplicates`` of its near-duplicates
        (newest first) and its link out (http/https only); None when it is not indexed."""
        found = self.app.index.get(item_id)
        if found is None:
            return None
        story = self.app.stories.story(found.story_id) if found.story_id else None
        copies, copies_total = self._near_duplicates(found, near_duplicates)
        return ItemResponse(item=found, story=story_view(story) if story else None, **self._item_names(found),
                            claims=self._claim_matches(found), signals=signal_views(found),
                            near_duplicates=copies, near_duplicates_total=copies_total, link=item_link(found))

    def _near_duplicates(self, item: Item, limit: int) -> tuple[list[NearDuplicateView], int]:
        """Up to ``limit`` other items with ``item``'s near-duplicate key, newest first, and how many there are."""
        key = item.nlp.near_dup_key if item.nlp else None
        if not key or limit < 1:
            return [], 0
        page = self.app.index.search_page("", Filters(terms={"near_dup_key": (key,)}), size=min(limit + 1, MAX_PAGE))
        others = [hit.item for hit in page.hits if hit.item.id != item.id][:limit]
        names = self._source_names()
        return [near_duplicate_view(other, names) for other in others], max(page.total - 1, 0)

    def saved_search_store(self) -> SavedSearchStore | None:
        """The app's saved searches, None when none was ever saved (a read makes no file)."""
        return self.app.saved_searches if self.app.settings.store_exists("saved_searches") else None

    def watch_topics(self, user_id: int | None = None) -> list[TopicConfig]:
        """topics.yaml's watch topics and the shared saved searches, with ``user_id``'s own."""
        return watch_topics(self.app.settings, self.saved_search_store(), user_id=user_id)

    def _item_names(self, item: Item) -> dict[str, object]:
        concerns = concern_names(self.app.settings)
        topics = {topic.id: topic.name for topic in self.watch_topics()}
        item_concerns = item.nlp.concerns if item.nlp else []
        return {"source_name": self._source_names().get(item.source),
                "concern_names": {c: concerns[c] for c in item_concerns if c in concerns},
                "watch_topic_names": {t: topics[t] for t in item.watch_topics if t in topics}}

    def source_names(self) -> dict[str, str]:
        """Source id -> name, for pages that name the sources of items they list."""
        return self._source_names()

    def _source_names(self) -> dict[str, str]:
        """Source id -> name from sources.yaml (none on an install that has no such file yet), and
        the field reports' own source."""
        from langnghe.config import load_config

        from langnghe.stages.field_reports import SOURCE, SOURCE_NAME

        config_dir = self.app.settings.config_dir
        if not (config_dir / "sources.yaml").exists():
            return {SOURCE: SOURCE_NAME}
        return {SOURCE: SOURCE_NAME, **{source.id: source.name or source.id for source in load_config(config_dir).sources}}

    def _claim_matches(self, item: Item) -> list[ClaimMatchView]:
        if not item.claims:
            return []
        known = self.app.claims if self.app.paths.claims.exists() else None
        return [claim_match_view(match, known.claim(match.claim_id) if known else None) for match in item.claims]

    # -- stories ------------------------------------------------------------------------

    def stories(
        self, *, at: datetime | None = None, min_size: int = 1, limit: int = 20, order: StoryOrder = "size"
    ) -> StoriesResponse:
        """Stories as of ``at`` (default: now), largest (or most recent) first."""
        store = self.app.stories
        found = store.stories(at=at, min_size=min_size, limit=limit, order=order)
        stories_total, items_total = store.totals(at=at)
        links = self._story_links(found)
        threads = store.threads_of([story.id for story in found], at)
        return StoriesResponse(at=at, stories_total=stories_total, items_total=items_total,
                               stories=[story_view(story, link=links.get(story.id), thread=threads.get(story.id))
                                        for story in found])  # fmt: skip

    def _story_links(self, stories: Sequence[Story]) -> dict[str, str]:
        """``{story id: web address of the item its title comes from}``, for those indexed with one."""
        named = {story.id: story.title_item_id for story in stories if story.title_item_id}
        indexed = self.app.index.get_versioned(list(named.values()))
        links = {story_id: web_link(indexed[item_id].item.url) if item_id in indexed else None
                 for story_id, item_id in named.items()}  # fmt: skip
        return {story_id: link for story_id, link in links.items() if link}

    def story_titles(self, story_ids: Sequence[str]) -> dict[str, str]:
        """``{story id: its title}`` for the ids that name a story (facets and filters show titles)."""
        if not story_ids or not self.app.paths.stories.exists():
            return {}
        return {story_id: story.title for story_id, story in self.app.stories.stories_of(story_ids).items()}

    def story(
        self, story_id: str, *, at: datetime | None = None, items: int = 50, order: ItemOrder = "oldest"
    ) -> StoryResponse | None:
        """One story with ``items`` of its items as indexed, the oldest (or the newest) first;
        None when there is no such story."""
        found = self.app.stories.story(story_id, at=at)
        if found is None:
            return None
        ids = picked_ids(found.item_ids, items, order)
        indexed = self.app.index.get_versioned(ids)
        names = self._source_names()
        thread = self.app.stories.threads_of([story_id], at).get(story_id)
        view = story_view(found, max_items=items, link=self._story_links([found]).get(found.id), thread=thread)
        return StoryResponse(story=view, order=order,
                             items=[indexed[item_id].item for item_id in ids if item_id in indexed],
                             source_names={source: names[source] for source in found.sources if source in names})

    # -- dashboards ---------------------------------------------------------------------

    def value_names(self) -> dict[str, dict[str, str]]:
        """Names per field from the config folder and the saved watch topics (others: labels)."""
        return self._names()

    def breakdowns(
        self, fields: Sequence[str] = boards.BREAKDOWN_FIELDS, query: str = "", filters: Filters | None = None, *,
        top: int = 10,
    ) -> BreakdownsResponse:
        """The ``top`` values of each of ``fields`` with their names and counts, largest first."""
        facets = self.facets(fields, query, filters, size=top)
        names = self.value_names()
        return BreakdownsResponse(total=facets.total, breakdowns=[
            boards.breakdown_view(field, facets.facets[field], names) for field in fields])  # fmt: skip

    def value_series(
        self, field: str, values: Sequence[str], query: str = "", filters: Filters | None = None, *,
        interval: Literal["hour", "day"] = "day",
    ) -> list[ValueSeries]:
        """Items per bucket carrying each of ``values`` of ``field``; a value the filters leave out is left out."""
        check_field(field, "facet")
        base = filters or Filters()
        names = boards.name_table(self.value_names() if field in boards.CONFIG_NAMED else {}, field)
        kept = [value for value in values if value in base.terms.get(field, (value,))]
        return [ValueSeries(value=value, name=names.get(value, value), series=self.series(
                    query, replace(base, terms={**base.terms, field: (value,)}), interval=interval))
                for value in kept]  # fmt: skip

    def dashboard(
        self, query: str = "", filters: Filters | None = None, *, interval: Literal["hour", "day"] = "day", top: int = 10
    ) -> DashboardResponse:
        """Volume, breakdowns and tone over time; the spikes stored in the range (:func:`boards.spike_window`)."""
        base = filters or Filters()
        series = self.series(query, filters, interval=interval)
        starts = [bucket.start for bucket in series.buckets]
        window = boards.spike_window(base.since, base.until, self.newest())
        return DashboardResponse(
            since=base.since, until=base.until, series=series,
            breakdowns=self.breakdowns(query=query, filters=filters, top=top),
            tone=[layer.model_copy(update={"series": boards.aligned(layer.series, starts)})
                  for layer in self.value_series("sentiment", boards.TONES, query, filters, interval=interval)],
            spikes=self.stored_spikes(*window) if window else [],
        )  # fmt: skip

    def claim(self, claim_id: str, at: datetime | None = None, *, items: int = 200) -> ClaimDetail | None:
        """A claim with its first ``items`` spreading and refuting items before ``at``; None if none matched."""
        spread = next((found for found in self.claim_spreads(at) if found.claim.id == claim_id), None)
        if spread is None:
            return None
        names = self._source_names()
        return ClaimDetail(claim=claim_view(spread),
                           spreading=[boards.claim_item_view(record, names) for record in spread.spreading[:items]],
                           refuting=[boards.claim_item_view(record, names) for record in spread.refuting[:items]])

    # -- detections ---------------------------------------------------------------------

    def trends(self, at: datetime, *, granularity: Granularity = "hour") -> TrendsResponse:
        """Spikes in the last complete hour or local day before ``at``, and the rising terms."""
        return trends_view(scan_spikes(self.app, at, granularity=granularity), self.tz)

    def emerging(self, at: datetime, *, limit: int = 20) -> EmergingResponse:
        """The emerging issues at ``at`` (computed, not read from the detection store)."""
        ranking = rank_issues(self.app, at, limit=limit)
        return EmergingResponse(at=at, issues=[issue_view(issue, self.tz) for issue in ranking.issues],
                                floods=[issue_view(issue, self.tz, flood=True) for issue in ranking.floods])

    def claims(self, at: datetime | None = None) -> ClaimsResponse:
        """The matched claims, most spread first, as of ``at`` (default: all recorded)."""
        from langnghe.claims.spread import spread_report

        claims = self.claim_base()
        spreads = spread_report(claims, self.claim_matches(at), tz=self.tz, at=at)
        return ClaimsResponse(at=at, claims_total=len(claims), claims=[claim_view(spread) for spread in spreads])

    def stored_spikes(self, since: datetime, until: datetime) -> list[SpikeView]:
        """Spikes the detection job stored whose bucket starts in [since, until), strongest first."""
        return [spike_view(spike, self.tz) for spike in self.spike_records(since, until)]

    def stored_emerging(self, at: datetime) -> EmergingResponse | None:
        """The ranking the detection job stored for the moment ``at``; None when it made none then."""
        issues = self.emerging_records(at)
        if issues is None:
            return None
        return EmergingResponse(at=at, issues=[issue_view(issue, self.tz) for issue in issues],
                                floods=[issue_view(issue, self.tz, flood=True) for issue in self.flood_records(at)])

    # -- domain records, for the presentation code that lays them out itself ------------
    # The digest, the monthly report and the alert rules read these; the web app reads the
    # response models above, built from the same records. A store no job has written yet
    # reads as empty and is not created.

    def spike_records(self, since: datetime, until: datetime) -> list[Spike]:
        """Stored spikes whose bucket starts in [since, until), strongest first."""
        if not self.app.paths.detections.exists():
            return []
        return self.app.detections.spikes(since, until)

    def emerging_records(self, at: datetime | None = None) -> list[EmergingIssue] | None:
        """The ranking stored for the moment ``at`` (default: the latest); None when none was made then."""
        if not self.app.paths.detections.exists():
            return None
        issues = self.app.detections.emerging(at)
        threads = thread_lookup(self.app)
        if issues and threads is not None:  # threads are not stored: linked again as of the ranking's moment
            from langnghe.detection.issue_threads import by_thread

            issues = by_thread(issues, threads([issue.key for issue in issues if issue.kind == "story"], at))
        return issues or None

    def flood_records(self, at: datetime | None = None) -> list[EmergingIssue]:
        """The copy floods held back from the ranking stored for ``at`` (default: the latest)."""
        if not self.app.paths.detections.exists():
            return []
        return self.app.detections.floods(at)

    def claim_base(self) -> list[Claim]:
        """Every entry of the claim base, by id."""
        return self.app.claims.claims() if self.app.paths.claims.exists() else []

    def claim_matches(self, before: datetime | None = None) -> list[MatchRecord]:
        """Every recorded claim match (of items published before ``before``), oldest item first."""
        return self.app.claims.matches(before=before) if self.app.paths.claims.exists() else []

    def claim_spreads(self, at: datetime | None = None) -> list[ClaimSpread]:
        """The claims matched by items published before ``at``, most spread first."""
        from langnghe.claims.spread import spread_report

        if not self.app.paths.claims.exists():
            return []
        return spread_report(self.claim_base(), self.claim_matches(at), tz=self.tz, at=at)

    def source_health(self) -> dict[str, SourceHealth]:
        """Each crawled source's health record, by source id (configured or not)."""
        return self.app.health.all() if self.app.paths.health.exists() else {}

    # -- sources and status -------------------------------------------------------------

    def status(self) -> StatusResponse:
        """The queue's items per state and the index's size; an index that cannot be reached is
        named (``index_down``), not raised, so that status tells what it can when it is needed."""
        queue = queue_view(self.app.queue.stats())
        where = str(self.app.settings.data_dir)
        try:
            return StatusResponse(queue=queue, index_items=self.app.index.count(), data_dir=where)
        except BackendUnavailable as exc:
            down = BackendDown(backend=exc.backend or "index", where=exc.where, problem=exc.problem)
            return StatusResponse(queue=queue, index_items=None, data_dir=where, index_down=down)

    def sources(self, now: datetime | None = None) -> SourcesResponse:
        """Every configured source with its crawl health as of ``now``."""
        from langnghe.config import load_config

        moment = now or datetime.now(timezone.utc)
        health = self.source_health()
        configured = load_config(self.app.settings.config_dir).sources
        return SourcesResponse(checked_at=moment,
                               sources=[source_view(source, health.get(source.id), moment) for source in configured])

    def queue(self, *, limit: int = 20, reason: str | None = None) -> QueueResponse:
        """The item stream per state and its latest ``limit`` quarantined items (``reason``: whose
        reason contains this text)."""
        queue = self.app.queue
        return QueueResponse(counts=queue_view(queue.stats()),
                             quarantined=[quarantined_view(e) for e in queue.quarantined(limit=limit, reason=reason)])

    def jobs(self) -> list[JobView]:
        """Every scheduled job's last and next run; empty where no scheduler or job ever ran."""
        if not self.app.paths.scheduler.exists():
            return []
        runs = self.app.runs
        try:
            names = self._source_names()
        except LangngheError:  # a broken sources.yaml (`check-config` names it): status shows ids
            names = {}
        return job_views(runs.last_runs(), runs.next_runs(), names)

    def outbox(self) -> OutboxView:
        """The delivery outbox's messages per state (all zero when nothing was ever delivered)."""
        if not self.app.paths.outbox.exists():
            return OutboxView()
        counts = self.app.outbox.counts()
        return OutboxView(pending=counts.get("pending", 0), failed=counts.get("failed", 0), sent=counts.get("sent", 0))

    def recent_alerts(self, since: datetime) -> list[AlertView] | None:
        """Alerts sent at or after ``since``, the latest first; None where no alert job ever ran."""
        if not self.app.paths.alerts.exists():
            return None
        return [alert_view(alert) for alert in self.app.alerts.recent(since)]
