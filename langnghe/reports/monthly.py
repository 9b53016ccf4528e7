"""The monthly report draft ("Báo cáo tình hình dư luận xã hội tháng MM/YYYY"), as DOCX.

:func:`build_monthly` gathers the month's figures (a local calendar month in
``settings.timezone``, compared with the month before; a month still running up to its last
complete day, compared with as many first days of the month before) from the index and the claim
store, read through the query service; :mod:`langnghe.reports.monthly_docx` lays them out in the usual sections of such
a report, with charts and tables, for an analyst to edit: I. overview, II. main currents
by concern, III. hot spots by province, IV. false and hostile information, V. notable
positive news, VI. recommendations (headings with a placeholder).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from langnghe.index.base import IndexBackend
from langnghe.reports.names import Names, load_names
from langnghe.reports.overview import (
    Count, Mix, Overview, Sample, StoryLine, build_overview, daily_volume, local_time, samples, top_stories,
)  # fmt: skip
from langnghe.reports.periods import Period, local_days, month_so_far, parse_month
from langnghe.settings import Settings

TOP_CONCERNS = 6  # concerns given a subsection of their own
HOT_PROVINCES = 3
STORIES = 3
SAMPLES = 2

if TYPE_CHECKING:
    from langnghe.claims.spread import ClaimSpread
    from langnghe.service import QueryService


@dataclass(frozen=True)
class ConcernPart:
    count: Count
    share: float
    negative: int
    positive: int
    mix: Mix | None
    stories: list[StoryLine]


@dataclass(frozen=True)
class ProvincePart:
    count: Count
    negative: int
    stories: list[StoryLine]


@dataclass(frozen=True)
class ClaimPart:
    claim: str
    verdict: str
    items: int  # spreading items published in the month
    sources: int
    first_seen: str
    last_seen: str
    per_day: list[tuple[date, int]]
    refuted_by: str
    refute_url: str | None
    refuting: int
    samples: list[Sample]


@dataclass
class MonthlyReport:
    month: date
    tz: str
    overview: Overview
    volume: dict[str, list[int]]
    volume_days: list[date]
    concerns: list[ConcernPart] = field(default_factory=list)
    provinces: list[ProvincePart] = field(default_factory=list)  # every province with items, largest first
    claims: list[ClaimPart] = field(default_factory=list)
    hostile: list[Sample] = field(default_factory=list)
    positive_stories: list[StoryLine] = field(default_factory=list)
    positive_samples: list[Sample] = field(default_factory=list)
    generated_at: str = ""

    @property
    def period(self) -> Period:
        return self.overview.period

    @property
    def label(self) -> str:
        return f"{self.month:%m/%Y}"

    @property
    def previous_label(self) -> str:
        return f"{self.period.previous.since:%m/%Y}"

    @property
    def partial(self) -> bool:
        """Whether the month was still running: its figures stop at :attr:`last_day`."""
        return self.period.until.date() != (self.month + timedelta(days=32)).replace(day=1)

    @property
    def last_day(self) -> date:
        return (self.period.until - timedelta(days=1)).date()

    @property
    def previous_last_day(self) -> date:
        return (self.period.previous.until - timedelta(days=1)).date()


def build_monthly(
    index: IndexBackend, month: date, names: Names, spreads: list[ClaimSpread], *, tz: str, now: datetime
) -> MonthlyReport:
    period = month_so_far(month, tz, now)
    overview = build_overview(index, period, names, tz=tz, stories=STORIES, per_story=SAMPLES)
    window = local_days(period.days[-1], len(period.days), tz)  # a running month's days to come are not zeros
    report = MonthlyReport(
        month=month, tz=tz, overview=overview, volume=daily_volume(index, window, names, tz=tz),
        volume_days=window.days,
        generated_at=now.astimezone(ZoneInfo(tz)).strftime("%H:%M %d/%m/%Y"),
    )  # fmt: skip
    report.concerns = _concerns(index, overview, names, tz)
    report.provinces = _provinces(index, overview, names, tz)
    report.claims = _claims(spreads, period, names, tz)
    report.hostile = samples(index, period.filters(toxicity=("hate",)), names, tz=tz, limit=5)
    positive = period.filters(sentiment=("positive",))
    report.positive_stories = top_stories(index, positive, names, tz=tz, limit=5, per_story=SAMPLES)
    report.positive_samples = samples(index, positive, names, tz=tz, limit=5)
    return report


def _sentiment(index: IndexBackend, period: Period, field_name: str, value: str) -> dict[str, int]:
    filters = period.filters(**{field_name: (value,)})
    return {facet.value: facet.count for facet in index.facets("sentiment", filters=filters)}


def _concerns(index: IndexBackend, overview: Overview, names: Names, tz: str) -> list[ConcernPart]:
    mixes = {mix.key: mix for mix in overview.mixes}
    parts = []
    for rank, count in enumerate(c for c in overview.of("concern") if c.current):
        sentiment = mixes[count.key].sentiment if count.key in mixes else {}
        stories = (top_stories(index, overview.period.filters(concern=(count.key,)), names, tz=tz, limit=STORIES,
                               per_story=SAMPLES) if rank < TOP_CONCERNS else [])  # fmt: skip
        parts.append(ConcernPart(count, count.share(overview.total.current), sentiment.get("negative", 0),
                                 sentiment.get("positive", 0), mixes.get(count.key), stories))  # fmt: skip
    return parts


def _provinces(index: IndexBackend, overview: Overview, names: Names, tz: str) -> list[ProvincePart]:
    parts = []
    for rank, count in enumerate(c for c in overview.of("province") if c.current):
        negative = _sentiment(index, overview.period, "province", count.key).get("negative", 0)
        stories = (top_stories(index, overview.period.filters(province=(count.key,)), names, tz=tz, limit=STORIES,
                               per_story=SAMPLES) if rank < HOT_PROVINCES else [])  # fmt: skip
        parts.append(ProvincePart(count, negative, stories))
    return parts


def _claims(spreads: list[ClaimSpread], period: Period, names: Names, tz: str) -> list[ClaimPart]:
    """Claims with spreading items published in the month, most spread first."""
    parts = []
    for spread in spreads:
        mine = [r for r in spread.spreading if period.since <= r.published_at < period.until]
        if not mine:
            continue
        days = set(period.days)
        per_day = [(day, n) for day, n in spread.per_day().items() if day in days]
        cited = {r.title.lower(): Sample(r.item_id, r.title, r.url, names.of("source", r.source),
                                         local_time(r.published_at, tz), r.provinces) for r in mine}  # fmt: skip
        first_refuting = spread.refuting[0] if spread.refuting else None
        parts.append(ClaimPart(
            claim=spread.claim.claim, verdict=spread.claim.verdict, items=len(mine),
            sources=len({r.source for r in mine}), first_seen=local_time(mine[0].published_at, tz),
            last_seen=local_time(mine[-1].published_at, tz), per_day=per_day,
            refuted_by=spread.claim.source or (names.of("source", first_refuting.source) if first_refuting else ""),
            refute_url=spread.claim.url or (first_refuting.url if first_refuting else None),
            refuting=len(spread.refuting), samples=list(cited.values())[:3],
        ))  # fmt: skip
    return sorted(parts, key=lambda part: (-part.items, part.claim))


def collect_monthly(service: QueryService, month: str, *, now: datetime | None = None) -> MonthlyReport:
    """The figures of ``month`` (``YYYY-MM``) from what ``service`` reads (the index and the claim store)."""
    settings = service.app.settings
    first = parse_month(month)
    tz = settings.timezone
    now = now or datetime.now(ZoneInfo(tz))
    spreads = service.claim_spreads(month_so_far(first, tz, now).until)
    names = load_names(settings, service.saved_search_store())
    return build_monthly(service.app.index, first, names, spreads, tz=tz, now=now)


def write_monthly_report(settings: Settings, month: str, path: Path, *, now: datetime | None = None) -> Path:
    """Write the report draft of ``month`` (``YYYY-MM``, a local calendar month) to ``path`` (.docx,
    or .pdf where LibreOffice is installed), read through a query service on an app of its own."""
    from langnghe.app import App
    from langnghe.reports.monthly_docx import render_docx
    from langnghe.reports.pdf import check_output, to_pdf
    from langnghe.service import QueryService

    moment = now or datetime.now(ZoneInfo(settings.timezone))
    month_so_far(parse_month(month), settings.timezone, moment)  # a bad month fails before any store is opened
    check_output(path)  # and so does an output it cannot write
    with App(settings) as app:
        report = collect_monthly(QueryService(app), month, now=moment)
    if path.suffix.lower() != ".pdf":
        return render_docx(report, path)
    with tempfile.TemporaryDirectory(prefix="langnghe-report-") as work:
        return to_pdf(render_docx(report, Path(work) / f"{path.stem}.docx"), path)
