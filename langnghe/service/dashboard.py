"""Response models of the dashboards (the web app's "Xu hướng" and "Tin sai lệch" pages, ``/api/v1``).

Counts come with the display names of their values (sections and tones from
:mod:`langnghe.labels`, concerns and watch topics from the config folder, sources from
``sources.yaml``; provinces are names already), so a page or an API client shows names,
never ids. Each model is built by one ``*_view`` function, the only place that reads the
domain record's fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from langnghe.item import web_link
from langnghe.labels import DIMENSION_VI, FIELD_VI, STANCE_VI
from langnghe.service.detection_views import ClaimView, SpikeView
from langnghe.service.types import IsoTime, Number, Response
from langnghe.service.views import FacetValue, SeriesBucket, SeriesResponse

if TYPE_CHECKING:
    from langnghe.app import App
    from langnghe.claims.store import MatchRecord

BREAKDOWN_FIELDS: tuple[str, ...] = ("section", "concern", "province", "source", "sentiment")
"""What the volume is broken down by on the dashboard, in the order it is shown."""

TONES: tuple[str, ...] = ("negative", "neutral", "positive")
"""The sentiment labels, in the order a stacked chart of tone over time layers them."""

CONFIG_NAMED: frozenset[str] = frozenset({"section", "concern", "watch_topic", "source"})
"""Fields whose names :meth:`~langnghe.service.QueryService.value_names` holds (the rest: :mod:`langnghe.labels`)."""

ConfigStamp = tuple[tuple[str, int, int] | None, ...]
"""The version of the files that name values: (path, mtime in ns, size) of each, None when absent."""

Names = Mapping[str, Mapping[str, str]]
"""Display names per facet field: ``{field: {value: name}}``; a value without one shows as it is."""


class NamedCount(Response):
    """One value of a field, its display name and how many items carry it."""

    value: str  # the id the index holds (a search filter takes it as it is)
    name: str
    count: int


class Breakdown(Response):
    """The top values of one field, largest first."""

    field: str  # section, concern, province, source, sentiment...
    label: str  # the field's Vietnamese name ("Lĩnh vực")
    values: list[NamedCount]


class BreakdownsResponse(Response):
    """Items a query and filters match, broken down by each asked field."""

    total: int
    breakdowns: list[Breakdown]


class ValueSeries(Response):
    """Items per hour or local day carrying one value of a field (a stacked chart's layer)."""

    value: str
    name: str
    series: SeriesResponse


class DashboardResponse(Response):
    """The "Xu hướng" dashboard: volume over time, its breakdowns, the volume per tone over
    time, and the spikes the detection job stored in the time range shown."""

    since: IsoTime | None  # the range the series covers (None: from the oldest item)
    until: IsoTime | None
    series: SeriesResponse
    breakdowns: BreakdownsResponse
    tone: list[ValueSeries]
    spikes: list[SpikeView]


class ClaimItemView(Response):
    """An item that repeats or refutes a claim, as the claim base recorded it."""

    item_id: str
    title: str
    link: str | None  # its web address, only when http(s)
    source: str
    source_name: str
    platform: str
    published_at: IsoTime
    similarity: Number
    stance: str  # spreads or refutes
    stance_name: str  # "Lan truyền", "Bác bỏ, đính chính"


class ClaimDetail(Response):
    """One claim with its spread and the items that spread and refute it (oldest first)."""

    claim: ClaimView
    spreading: list[ClaimItemView]
    refuting: list[ClaimItemView]


def name_table(names: Names, field: str) -> Mapping[str, str]:
    """The names of ``field``'s values: the config's (``names``) before the labels' table."""
    return names.get(field) or FIELD_VI.get(field, {})


class NameCache:
    """Display names per field, read again only when a file they come from changed: ``topics.yaml``,
    ``sources.yaml`` and the saved searches' database (its write-ahead log changes on each write)."""

    def __init__(self, app: App, read: Callable[[], dict[str, dict[str, str]]]) -> None:
        saved = app.paths.saved_searches
        config = app.settings.config_dir
        self._files = (config / "topics.yaml", config / "sources.yaml", saved, saved.with_name(saved.name + "-wal"))
        self._read = read
        self._known: tuple[ConfigStamp, dict[str, dict[str, str]]] | None = None

    def __call__(self) -> dict[str, dict[str, str]]:
        stamp, known = config_stamp(self._files), self._known
        if known is not None and known[0] == stamp:
            return known[1]
        names = self._read()
        self._known = (stamp, names)
        return names


def config_stamp(files: Sequence[Path]) -> ConfigStamp:
    """The version of the files names are read from: names read stay valid while it holds."""
    stamps: list[tuple[str, int, int] | None] = []
    for path in files:
        try:
            found = path.stat()
        except FileNotFoundError:
            stamps.append(None)
        else:
            stamps.append((str(path), found.st_mtime_ns, found.st_size))
    return tuple(stamps)


def breakdown_view(field: str, counts: list[FacetValue], names: Names) -> Breakdown:
    table = name_table(names, field)
    return Breakdown(field=field, label=DIMENSION_VI.get(field, field),
                     values=[NamedCount(value=c.value, name=table.get(c.value, c.value), count=c.count)
                             for c in counts])  # fmt: skip


def aligned(series: SeriesResponse, starts: list[datetime]) -> SeriesResponse:
    """``series`` over the buckets ``starts`` (a chart's shared axis): missing buckets count 0."""
    counts = {bucket.start: bucket.count for bucket in series.buckets}
    return SeriesResponse(interval=series.interval, tz=series.tz,
                          buckets=[SeriesBucket(start=start, count=counts.get(start, 0)) for start in starts])


def claim_item_view(record: MatchRecord, source_names: Mapping[str, str]) -> ClaimItemView:
    return ClaimItemView(
        item_id=record.item_id, title=record.title, link=web_link(record.url), source=record.source,
        source_name=source_names.get(record.source, record.source), platform=record.platform,
        published_at=record.published_at, similarity=record.similarity, stance=record.stance,
        stance_name=STANCE_VI.get(record.stance, record.stance),
    )  # fmt: skip


def spike_window(
    since: datetime | None, until: datetime | None, newest: datetime | None
) -> tuple[datetime, datetime] | None:
    """The range whose stored spikes the dashboard lists: the filters' range, else the week
    before the newest item; None when neither says anything (an empty index)."""
    end = until or (newest + timedelta(hours=1) if newest else None)
    if end is None:
        return None
    return since or end - timedelta(days=7), end
