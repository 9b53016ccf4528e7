"""What the index holds: counts per source, section, sentiment and province, and the busiest days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from langnghe.index.base import FacetCount, Filters, IndexBackend


@dataclass(frozen=True)
class Summary:
    total: int
    by_source: list[FacetCount]
    by_platform: list[FacetCount]
    by_section: list[FacetCount]
    by_sentiment: list[FacetCount]
    by_province: list[FacetCount]
    by_watch_topic: list[FacetCount]
    busiest_days: list[tuple[date, int]]
    first_day: date | None
    last_day: date | None


def summarize(
    index: IndexBackend, *, filters: Filters | None = None, tz: str = "Asia/Ho_Chi_Minh", top: int = 10
) -> Summary:
    days = [(bucket.start.date(), bucket.count) for bucket in index.date_histogram(filters=filters, tz=tz)]
    busiest = sorted(days, key=lambda day: (-day[1], day[0]))[:5]
    return Summary(
        total=index.count(filters),
        by_source=index.facets("source", filters=filters, size=50),
        by_platform=index.facets("platform", filters=filters),
        by_section=index.facets("section", filters=filters),
        by_sentiment=index.facets("sentiment", filters=filters),
        by_province=index.facets("province", filters=filters, size=top),
        by_watch_topic=index.facets("watch_topic", filters=filters, size=50),
        busiest_days=busiest,
        first_day=days[0][0] if days else None,
        last_day=days[-1][0] if days else None,
    )
