"""What the index holds: counts per source, section, sentiment and province, and the busiest days."""

from __future__ import annotations

from datetime import date

from langnghe.index.base import FacetCount, Filters, IndexBackend
from langnghe.service.types import Response
from langnghe.service.views import FacetValue


class Summary(Response):
    """Counts per source, platform, section, sentiment, province and watch topic, and the
    busiest local days (largest first), over the whole index or a filtered part."""

    total: int
    by_source: list[FacetValue]
    by_platform: list[FacetValue]
    by_section: list[FacetValue]
    by_sentiment: list[FacetValue]
    by_province: list[FacetValue]
    by_watch_topic: list[FacetValue]
    busiest_days: list[tuple[date, int]]
    first_day: date | None
    last_day: date | None


def facet_values(counts: list[FacetCount]) -> list[FacetValue]:
    return [FacetValue(value=count.value, count=count.count) for count in counts]


def summarize(
    index: IndexBackend, *, filters: Filters | None = None, tz: str = "Asia/Ho_Chi_Minh", top: int = 10
) -> Summary:
    days = [(bucket.start.date(), bucket.count) for bucket in index.date_histogram(filters=filters, tz=tz)]
    busiest = sorted(days, key=lambda day: (-day[1], day[0]))[:5]
    return Summary(
        total=index.count(filters),
        by_source=facet_values(index.facets("source", filters=filters, size=50)),
        by_platform=facet_values(index.facets("platform", filters=filters)),
        by_section=facet_values(index.facets("section", filters=filters)),
        by_sentiment=facet_values(index.facets("sentiment", filters=filters)),
        by_province=facet_values(index.facets("province", filters=filters, size=top)),
        by_watch_topic=facet_values(index.facets("watch_topic", filters=filters, size=50)),
        busiest_days=busiest,
        first_day=days[0][0] if days else None,
        last_day=days[-1][0] if days else None,
    )
