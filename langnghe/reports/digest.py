"""The daily digest v2: what changed on one local day, what is emerging, what spiked, which
false claims spread, and how the sources did (rendered by :mod:`langnghe.reports.digest_render`).

The day is a local day in ``settings.timezone``; the index stores UTC. Emerging issues
are the ranking the detection jobs stored at the end of the day (computed on the spot
with :func:`~langnghe.detection.emerging.rank_emerging` when none was stored, e.g. for
today); spikes are the stored hourly and daily ones of the day. :func:`build_digest` is
the policy (from an index and what the stores hold); :func:`collect_digest` reads them
through the query service (:class:`~langnghe.service.QueryService`), which opens nothing
that no job has written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from langnghe.detection.emerging import EmergingIssue, explain_issue
from langnghe.detection.headlines import headline_first
from langnghe.detection.trends import Spike, explain_spike
from langnghe.index.base import Filters, IndexBackend
from langnghe.labels import DIMENSION_VI, ISSUE_KIND_VI, WEEKDAY_VI
from langnghe.reports.names import Names, load_names
from langnghe.reports.overview import Count, Overview, Sample, build_overview, daily_volume, local_time, sample, samples
from langnghe.reports.periods import Period, local_day, local_days
from langnghe.service.detect import thread_lookup

if TYPE_CHECKING:
    from langnghe.claims.spread import ClaimSpread
    from langnghe.detection.threads import ThreadLookup
    from langnghe.service import QueryService
    from langnghe.stores.health import SourceHealth

CHART_DAYS = 14
SHOWN = 5  # emerging issues, spikes, rising values
SAMPLES = 3
DEFAULT_INTERVAL = timedelta(hours=1)  # sources.yaml's default crawl interval


@dataclass(frozen=True)
class IssueLine:
    kind: str
    title: str
    score: float
    explanation: str
    provinces: tuple[str, ...]
    samples: tuple[Sample, ...]
    timeline: tuple[str, ...] = ()  # the event thread's stories, oldest first: "dd/mm/yyyy: title"


@dataclass(frozen=True)
class SpikeLine:
    title: str  # "Mối quan tâm: Ô nhiễm, môi trường"
    when: str  # "cả ngày", "khung 14:00"
    observed: int
    expected: float
    explanation: str
    samples: tuple[Sample, ...]


@dataclass(frozen=True)
class ClaimLine:
    claim: str
    verdict: str
    today: int
    total: int
    sources: int
    first_seen: str
    refuted_by: str  # who ruled it false
    refute_url: str | None
    refuting: int  # indexed items that refute it, up to the end of the day
    samples: tuple[Sample, ...]


@dataclass(frozen=True)
class SourceLine:
    name: str
    detail: str


@dataclass
class Digest:
    day: date
    tz: str
    overview: Overview
    volume: dict[str, list[int]]
    volume_days: list[date]
    emerging: list[IssueLine] = field(default_factory=list)
    emerging_computed: bool = False  # ranked now: no ranking was stored for the end of the day
    floods: list[IssueLine] = field(default_factory=list)  # copy floods held back from the ranking
    spikes: list[SpikeLine] = field(default_factory=list)
    claims: list[ClaimLine] = field(default_factory=list)
    failing: list[SourceLine] = field(default_factory=list)
    silent: list[SourceLine] = field(default_factory=list)
    quiet_today: list[str] = field(default_factory=list)  # sources with items in the week before, none today
    health_known: bool = False  # the source-health store has records (a crawl ran)
    negative: list[Sample] = field(default_factory=list)
    generated_at: str = ""

    @property
    def day_label(self) -> str:
        return f"{WEEKDAY_VI[self.day.weekday()]}, {self.day:%d/%m/%Y}"

    @property
    def total(self) -> Count:
        return self.overview.total

    def rising(self, field_name: str) -> list[Count]:
        """The values that grew most since the day before."""
        grown = [count for count in self.overview.of(field_name) if count.delta > 0]
        return sorted(grown, key=lambda count: (-count.delta, count.label))[:SHOWN]


@dataclass
class DigestInputs:
    """What the stores beside the index hold for the day."""

    spikes: list[Spike] = field(default_factory=list)
    emerging: list[EmergingIssue] | None = None  # None: no ranking stored for the end of the day
    floods: list[EmergingIssue] = field(default_factory=list)  # held back from that ranking
    claims: list[ClaimSpread] = field(default_factory=list)
    health: dict[str, SourceHealth] = field(default_factory=dict)
    threads: ThreadLookup | None = None  # the story store's event threads, for a ranking made now


def collect_digest(service: QueryService, day: date, *, now: datetime | None = None) -> Digest:
    """The digest of the local ``day`` from what ``service`` reads (the index and the stores)."""
    settings = service.app.settings
    now = now or datetime.now(ZoneInfo(settings.timezone))
    period = local_day(day, settings.timezone)
    inputs = DigestInputs(
        spikes=service.spike_records(period.since, period.until),
        emerging=service.emerging_records(period.until),
        floods=service.flood_records(period.until),
        claims=service.claim_spreads(period.until),
        health=service.source_health(),
        threads=thread_lookup(service.app),
    )
    names = load_names(settings, service.saved_search_store())
    return build_digest(service.app.index, day, names, inputs, tz=settings.timezone, now=now)


def build_digest(
    index: IndexBackend, day: date, names: Names, inputs: DigestInputs, *, tz: str, now: datetime
) -> Digest:
    period = local_day(day, tz)
    window = local_days(day, CHART_DAYS, tz)
    digest = Digest(
        day=day, tz=tz, overview=build_overview(index, period, names, tz=tz), volume_days=window.days,
        volume=daily_volume(index, window, names, tz=tz),
        generated_at=now.astimezone(ZoneInfo(tz)).strftime("%H:%M %d/%m/%Y"),
    )  # fmt: skip
    digest.emerging, digest.floods, digest.emerging_computed = _emerging(index, period, names, inputs, tz, now)
    digest.spikes = _spikes(index, inputs.spikes, names, tz)
    digest.claims = _claims(inputs.claims, day, names, tz)
    digest.failing, digest.silent = _health(inputs.health, names, tz, now)
    digest.health_known = bool(inputs.health)
    digest.quiet_today = _quiet(index, period, digest.overview, names)
    digest.negative = samples(index, period.filters(sentiment=("negative",)), names, tz=tz, limit=8)
    return digest


def _cited(
    index: IndexBackend, item_ids: list[str], names: Names, tz: str, *, named_first: bool = False
) -> tuple[Sample, ...]:
    """Samples of the first items of ``item_ids`` still in the index, one per title.

    ``named_first``: the item whose headline names them (:func:`~langnghe.detection.headlines.named_by`)
    first, so that the first sample's title is a well-formed headline and its link that
    item's (a spike's items come newest first; an emerging issue's already open with it)."""
    indexed = index.get_versioned(list(dict.fromkeys(item_ids[:20])))
    items = [indexed[item_id].item for item_id in item_ids[:20] if item_id in indexed]
    order = {item_id: n for n, item_id in enumerate(headline_first(items) if named_first else item_ids)}
    found: dict[str, Sample] = {}
    for item in sorted(items, key=lambda item: order[item.id]):
        cited = sample(item, names, tz)
        found.setdefault(cited.title.lower(), cited)
        if len(found) == SAMPLES:
            break
    return tuple(found.values())


def _emerging(
    index: IndexBackend, period: Period, names: Names, inputs: DigestInputs, tz: str, now: datetime
) -> tuple[list[IssueLine], list[IssueLine], bool]:
    """The day's emerging issues and the copy floods held back from them, and whether they were ranked now."""
    ranked, floods, computed = inputs.emerging, inputs.floods, False
    if ranked is None:
        from langnghe.detection.emerging import rank_with_floods

        ranking = rank_with_floods(index, min(period.until, now), concern_names=names.concerns, limit=SHOWN,
                                   threads=inputs.threads)  # fmt: skip
        ranked, floods, computed = ranking.issues, ranking.floods, True

    def line(issue: EmergingIssue) -> IssueLine:
        return IssueLine(ISSUE_KIND_VI.get(issue.kind, issue.kind), issue.title, issue.score, explain_issue(issue, tz),
                         tuple(issue.provinces)[:3], _cited(index, list(issue.item_ids), names, tz), _timeline(issue, tz))

    return [line(issue) for issue in ranked[:SHOWN]], [line(issue) for issue in floods[:SHOWN]], computed


def _timeline(issue: EmergingIssue, tz: str) -> tuple[str, ...]:
    """A thread's stories as "dd/mm/yyyy: title", oldest first; nothing for a thread of one story."""
    if len(issue.timeline) < 2:
        return ()
    zone = ZoneInfo(tz)
    return tuple(f"{entry.first_seen.astimezone(zone):%d/%m/%Y}: {entry.title}" for entry in issue.timeline)


def _spikes(index: IndexBackend, stored: list[Spike], names: Names, tz: str) -> list[SpikeLine]:
    """The day's spikes, one per value (the daily one first, else the strongest hour)."""
    ordered = sorted(stored, key=lambda s: (s.granularity != "day", -s.score))
    lines: dict[tuple[str, str], SpikeLine] = {}
    for spike in ordered:
        key = (spike.dimension, spike.value)
        if key in lines or len(lines) == SHOWN:
            continue
        cited = _cited(index, list(spike.item_ids), names, tz, named_first=spike.dimension == "story")
        is_story = spike.dimension == "story" and cited
        shown = cited[0].title if is_story else names.of(spike.dimension, spike.value)
        start = spike.start.astimezone(ZoneInfo(tz))
        hour = f"khung {start:%H:00}–{start + timedelta(hours=1):%H:00}"
        dimension = DIMENSION_VI.get(spike.dimension, spike.dimension)
        lines[key] = SpikeLine(
            title=f"{dimension}: {shown}", when="cả ngày" if spike.granularity == "day" else hour,
            observed=spike.observed, expected=spike.expected, explanation=_explained(spike, dimension, shown, tz),
            samples=cited,
        )  # fmt: skip
    return list(lines.values())


def _explained(spike: Spike, dimension: str, shown: str, tz: str) -> str:
    """The spike's sentence with today's names, rendered from its figures (a spike stored
    before figures were kept: its stored sentence, restated)."""
    if spike.checks:
        return explain_spike(spike, tz, name=shown)
    return _restated(explain_spike(spike, tz), dimension, shown)


def _restated(explanation: str, dimension: str, shown: str) -> str:
    """A stored spike explanation opening with the names of today: detection runs may have
    stored the bare id ("politics_society") or an older spelling of the dimension.

    >>> _restated("Chuyên mục “politics_society”: 9 tin trong ngày 11/11/2026.", "Lĩnh vực", "Chính trị - Xã hội")
    'Lĩnh vực “Chính trị - Xã hội”: 9 tin trong ngày 11/11/2026.'
    """
    head, closing, rest = explanation.partition("”")
    if not closing or "“" not in head:
        return explanation
    return f"{dimension} “{shown}”{rest}"


def _claims(spreads: list[ClaimSpread], day: date, names: Names, tz: str) -> list[ClaimLine]:
    """Claims with spreading items on ``day``, most spread that day first."""
    zone = ZoneInfo(tz)
    lines = []
    for spread in spreads:
        today = [r for r in spread.spreading if r.published_at.astimezone(zone).date() == day]
        if not today:
            continue
        claim = spread.claim
        cited = {r.title.lower(): Sample(r.item_id, r.title, r.url, names.of("source", r.source),
                                         local_time(r.published_at, tz), r.provinces) for r in today}  # fmt: skip
        lines.append(ClaimLine(
            claim=claim.claim, verdict=claim.verdict, today=len(today), total=len(spread.spreading),
            sources=len(spread.sources), first_seen=local_time(spread.first_seen, tz) if spread.first_seen else "",
            refuted_by=claim.source or (names.of("source", spread.refuting[0].source) if spread.refuting else ""),
            refute_url=claim.url or (spread.refuting[0].url if spread.refuting else None),
            refuting=len(spread.refuting), samples=tuple(list(cited.values())[:SAMPLES]),
        ))  # fmt: skip
    return sorted(lines, key=lambda line: (-line.today, -line.total, line.claim))


def _health(
    health: dict[str, SourceHealth], names: Names, tz: str, now: datetime
) -> tuple[list[SourceLine], list[SourceLine]]:
    """Failing sources (crawls in a row that gave nothing) and silent ones (no new item for long)."""
    failing, silent = [], []
    for source, state in sorted(health.items()):
        if names.intervals and source not in names.intervals:
            continue  # no longer configured
        name = names.of("source", source)
        if state.failing:
            last = local_time(state.last_success_at, tz) if state.last_success_at else "chưa có"
            error = (state.last_error or "").strip()
            detail = f"{state.consecutive_failures} lần thu thập lỗi liên tiếp; thành công gần nhất: {last}"
            failing.append(SourceLine(name, detail + (f"; lỗi: {error[:160]}" if error else "")))
        elif state.silent(names.intervals.get(source, DEFAULT_INTERVAL), now):
            since = state.last_new_item_at or state.last_success_at
            detail = f"không có tin mới từ {local_time(since, tz)}" if since else "chưa có tin nào"
            silent.append(SourceLine(name, detail))
    return failing, silent


def _quiet(index: IndexBackend, period: Period, overview: Overview, names: Names) -> list[str]:
    """Sources that brought items in the week before the day but none on it."""
    week = Filters(since=period.since - timedelta(days=7), until=period.since)
    active = {count.key for count in overview.of("source") if count.current}
    return sorted(names.of("source", f.value) for f in index.facets("source", filters=week, size=500)
                  if f.value not in active)  # fmt: skip
