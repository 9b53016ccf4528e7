"""What a period looked like, against the period before: the figures the digest and the
monthly report share.

Only :class:`~langnghe.index.base.IndexBackend` calls (facets, counts, search, scan), so
it reads SQLite and Elasticsearch alike. Counts per section, concern, province, watch
topic, source, platform, sentiment and toxicity are exact (facets); the emotion mix and
the false-information flags have no facet and come from one scan of the period, bounded
by :data:`MAX_SCAN` items (``Overview.scanned_all`` says whether it saw them all).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from langnghe.detection.voices import count_voices, flood_words
from langnghe.detection.headlines import named_by
from langnghe.index.base import Filters, IndexBackend
from langnghe.item import Item
from langnghe.reports.names import Names
from langnghe.reports.periods import Period

MAX_SCAN = 20_000
FACET_SIZE = 500  # values per facet: every province, concern and source of a period
COUNTED = ("section", "concern", "province", "watch_topic", "source", "platform", "sentiment", "toxicity")
TOXIC = ("offensive", "hate")
ALL = "Tất cả"  # the name of the total series of daily_volume
_TITLE_CHARS = 140


@dataclass(frozen=True)
class Count:
    """One value's items in the period and in the period before."""

    key: str
    label: str
    current: int
    previous: int

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def change(self) -> str:
        """``+3``, ``-2`` or ``0``, as the tables show it."""
        return f"+{self.delta}" if self.delta > 0 else str(self.delta)

    def share(self, total: int) -> float:
        return self.current / total if total else 0.0


@dataclass(frozen=True)
class Sample:
    """An item as a report cites it: title, link, source, local time."""

    id: str
    title: str
    url: str | None
    source: str
    shown_time: str  # "14:05 20/11/2026", local
    provinces: tuple[str, ...] = ()
    sentiment: str = ""


@dataclass(frozen=True)
class StoryLine:
    """A story (event) as seen in the period: its items there, spread, tone, samples."""

    id: str
    title: str
    items: int
    sources: int
    provinces: tuple[str, ...]
    negative_share: float
    first_seen: str
    samples: tuple[Sample, ...]
    # A copy flood (many near-identical items from few accounts), in words; "" for what people say themselves
    flood_note: str = ""


@dataclass(frozen=True)
class Mix:
    """Sentiment (exact) and emotion (from the scan) of one concern's items."""

    key: str
    label: str
    total: int
    sentiment: dict[str, int]
    emotion: dict[str, int]


@dataclass
class Overview:
    period: Period
    total: Count
    counts: dict[str, list[Count]]  # per field of COUNTED, largest first
    mixes: list[Mix] = field(default_factory=list)  # per concern, largest first
    stories: list[StoryLine] = field(default_factory=list)
    flagged: int = 0  # items flagged as false information (scan)
    flagged_samples: list[Sample] = field(default_factory=list)
    feed_summary: int = 0  # items whose page could not be fetched (scan)
    scanned: int = 0
    scanned_all: bool = True

    def of(self, field_name: str) -> list[Count]:
        return self.counts.get(field_name, [])

    @property
    def toxic(self) -> int:
        return sum(count.current for count in self.of("toxicity") if count.key in TOXIC)


def build_overview(
    index: IndexBackend, period: Period, names: Names, *, tz: str, stories: int = 5, per_story: int = 3,
    scan_limit: int = MAX_SCAN,
) -> Overview:
    """Counts of ``period`` against ``period.previous``, mixes by concern, flags, top stories."""
    previous = period.previous
    overview = Overview(
        period=period,
        total=Count("all", "Tổng số tin, bài", index.count(period.filters()), index.count(previous.filters())),
        counts={name: changes(index, name, period, names) for name in COUNTED},
    )
    emotions = _scan(index, period, names, tz, overview, scan_limit)
    overview.mixes = [
        Mix(c.key, c.label, c.current, _facet(index, "sentiment", period.filters(concern=(c.key,))),
            dict(emotions.get(c.key, Counter())))
        for c in overview.of("concern") if c.current
    ]  # fmt: skip
    overview.stories = top_stories(index, period.filters(), names, tz=tz, limit=stories, per_story=per_story)
    return overview


def changes(index: IndexBackend, field_name: str, period: Period, names: Names) -> list[Count]:
    """Counts per value of ``field_name`` in ``period`` and the period before, largest first."""
    now = _facet(index, field_name, period.filters())
    before = _facet(index, field_name, period.previous.filters())
    keys = sorted(set(now) | set(before), key=lambda k: (-now.get(k, 0), -before.get(k, 0), k))
    return [Count(k, names.of(field_name, k), now.get(k, 0), before.get(k, 0)) for k in keys]


def _facet(index: IndexBackend, field_name: str, filters: Filters) -> dict[str, int]:
    return {facet.value: facet.count for facet in index.facets(field_name, filters=filters, size=FACET_SIZE)}


def _scan(
    index: IndexBackend, period: Period, names: Names, tz: str, overview: Overview, limit: int
) -> dict[str, Counter[str]]:
    """One bounded pass over the period's items: emotions per concern, flags, feed summaries."""
    emotions: dict[str, Counter[str]] = {}
    flagged: list[tuple[float, Item]] = []
    for item in index.scan(period.filters()):
        if overview.scanned >= limit:
            overview.scanned_all = False
            break
        overview.scanned += 1
        overview.feed_summary += item.content_from == "feed_summary"
        nlp = item.nlp
        if nlp is not None and nlp.emotion is not None:
            for concern in nlp.concerns:
                emotions.setdefault(concern, Counter())[nlp.emotion.label] += 1
        if item.false_info is not None and item.false_info.flagged:
            flagged.append((item.false_info.score, item))
    overview.flagged = len(flagged)
    flagged.sort(key=lambda pair: (-pair[0], pair[1].id))
    overview.flagged_samples = [sample(item, names, tz) for _, item in flagged[:5]]
    return emotions


def samples(index: IndexBackend, filters: Filters, names: Names, *, tz: str, limit: int = 3) -> list[Sample]:
    """The newest items matching ``filters``, one per title (reposts cited once)."""
    found: dict[str, Sample] = {}
    for hit in index.search(filters=filters, limit=limit * 4).hits:
        cited = sample(hit.item, names, tz)
        found.setdefault(cited.title.lower(), cited)
        if len(found) == limit:
            break
    return list(found.values())


def sample(item: Item, names: Names, tz: str) -> Sample:
    nlp = item.nlp
    return Sample(
        id=item.id, title=title_of(item), url=item.url, source=names.of("source", item.source),
        shown_time=local_time(item.published_at or item.fetched_at, tz),
        provinces=tuple(nlp.provinces) if nlp else (),
        sentiment=names.of("sentiment", nlp.sentiment.label) if nlp and nlp.sentiment else "",
    )  # fmt: skip


def title_of(item: Item) -> str:
    """The title, else the start of the text (forum replies have none)."""
    text = item.title.strip() or " ".join(item.text.split())
    return text if len(text) <= _TITLE_CHARS else text[:_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def local_time(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%H:%M %d/%m/%Y")


def top_stories(
    index: IndexBackend, filters: Filters, names: Names, *, tz: str, limit: int = 5, per_story: int = 3
) -> list[StoryLine]:
    """The stories with the most items matching ``filters``, with their spread and samples."""
    return [
        _story(index, facet.value, Filters({**filters.terms, "story": (facet.value,)}, filters.since, filters.until),
               names, tz, per_story)
        for facet in index.facets("story", filters=filters, size=limit)
    ]  # fmt: skip


def _story(index: IndexBackend, story_id: str, filters: Filters, names: Names, tz: str, limit: int) -> StoryLine:
    items = [hit.item for hit in index.search(filters=filters, limit=200).hits]
    oldest = sorted(items, key=lambda item: (item.published_at or item.fetched_at, item.id))
    # Named after its best headline (accented, news first: forums title threads loosely), cited first.
    named = named_by(oldest) if oldest else None
    sentiment = _facet(index, "sentiment", filters)
    total = sum(sentiment.values()) or len(items)
    cited: dict[str, Sample] = {}
    for item in ([named] if named else []) + items:
        cited.setdefault(title_of(item).lower(), sample(item, names, tz))
    return StoryLine(
        id=story_id, title=title_of(named) if named else story_id, items=index.count(filters),
        sources=len(_facet(index, "source", filters)),
        provinces=tuple(f.value for f in index.facets("province", filters=filters, size=3)),
        negative_share=sentiment.get("negative", 0) / total if total else 0.0,
        first_seen=local_time(oldest[0].published_at or oldest[0].fetched_at, tz) if oldest else "",
        samples=tuple(list(cited.values())[:limit]), flood_note=_flood_note(items),
    )  # fmt: skip


def _flood_note(items: list[Item]) -> str:
    """:func:`~langnghe.detection.voices.flood_words` when copy floods make up most of ``items``."""
    voices = count_voices(items)
    return flood_words(voices.flood_items, voices.flood_accounts) if voices.flood else ""


def daily_volume(index: IndexBackend, window: Period, names: Names, *, tz: str, by: str = "platform",
                 top: int = 4) -> dict[str, list[int]]:
    """Items per local day of ``window``: all of them, then each of the ``top`` values of ``by``."""
    series = {ALL: _per_day(index, window.filters(), window, tz)}
    for facet in index.facets(by, filters=window.filters(), size=top):
        series[names.of(by, facet.value)] = _per_day(index, window.filters(**{by: (facet.value,)}), window, tz)
    return series


def _per_day(index: IndexBackend, filters: Filters, window: Period, tz: str) -> list[int]:
    counts = {bucket.start.date(): bucket.count for bucket in index.date_histogram(filters=filters, tz=tz)}
    return [counts.get(day, 0) for day in window.days]
