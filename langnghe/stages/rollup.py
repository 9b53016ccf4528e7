"""The roll-up job: recount hourly trend rows for a time range from the index.

Items arrive late (a crawl catches up, a page is re-fetched), so each run recounts
whole hours of a recent window rather than adding increments: rerunning it never
double counts. Only hours that hold items cost facet queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from langnghe.index.base import Filters, IndexBackend
from langnghe.index.trends import ROLLUP_DIMENSIONS, TOTAL, RollupRow, TrendStore

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class RollupReport:
    hours: int
    busy_hours: int
    rows: int


def floor_hour(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)


def hours_between(since: datetime, until: datetime) -> list[datetime]:
    """Every UTC hour start from the hour holding ``since`` up to (excluding) ``until``."""
    hours, hour = [], floor_hour(since)
    while hour < until:
        hours.append(hour)
        hour += HOUR
    return hours


def rollup(
    index: IndexBackend,
    store: TrendStore,
    since: datetime,
    until: datetime,
    *,
    dimensions: tuple[str, ...] = ROLLUP_DIMENSIONS,
) -> RollupReport:
    hours = hours_between(since, until)
    if not hours:
        return RollupReport(0, 0, 0)
    window = Filters(since=hours[0], until=hours[-1] + HOUR)
    busy = [b for b in index.date_histogram(filters=window, interval="hour", tz="UTC") if b.count]
    rows: list[RollupRow] = []
    for bucket in busy:
        hour = floor_hour(bucket.start)
        rows.append(RollupRow(hour, *TOTAL, bucket.count))
        in_hour = Filters(since=hour, until=hour + HOUR)
        for dimension in dimensions:
            rows += [RollupRow(hour, dimension, f.value, f.count) for f in index.facets(dimension, filters=in_hour, size=10_000)]
    written = store.replace_hours(hours, rows)
    return RollupReport(len(hours), len(busy), written)
