"""The dashboards' charts as data: what ``static/charts.js`` draws with ECharts.

A :class:`Chart` carries its categories (a time axis is a category axis of local bucket
labels, so the zone is the app's, not the browser's), its series and, on every bar or point,
the search it opens and its tooltip as plain text: the script escapes the text, and no
handler or markup is built from data. :func:`chart_json` writes it for a ``data-chart``
attribute with ``<``, ``>`` and ``&`` escaped as JSON escapes, so a crawled title holding
``<script>`` is inert in the page source as well as in the drawn tooltip.
"""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from langnghe.service.dashboard import Breakdown, DashboardResponse
from langnghe.service.detection_views import ClaimView
from langnghe.service.views import SeriesBucket, SeriesResponse
from langnghe.web.links import SearchLink


TONE_COLORS: dict[str, str] = {"negative": "#b3261e", "neutral": "#9aa3b2", "positive": "#1b7f3b"}


class ChartPoint(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    y: int
    url: str | None = None  # the search this bar or point opens (a path of this site)
    tip: str  # the tooltip, plain text


class ChartSeries(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    points: list[ChartPoint]  # one per category
    color: str | None = None  # CSS colour; None: the palette's


class Chart(BaseModel):
    """``columns``: categories along x (time buckets: zoomable); ``bars``: values along x, names down."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["columns", "bars"]
    label: str  # what the chart shows, for screen readers
    categories: list[str]
    series: list[ChartSeries]
    stacked: bool = False
    line: bool = False


def chart_json(chart: Chart) -> str:
    """The chart as JSON with no character that could end an attribute or open a tag."""
    text = chart.model_dump_json()
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def bucket_label(bucket: SeriesBucket, interval: str, tz: str) -> str:
    local = bucket.start.astimezone(ZoneInfo(tz))
    return local.strftime("%d/%m/%Y") if interval == "day" else local.strftime("%d/%m %H:%M")


def series_chart(series: SeriesResponse, link: SearchLink, tz: str, label: str = "Số tin theo thời gian") -> Chart:
    """Items per bucket; a column (or point) opens the search of its bucket."""
    labels = [bucket_label(bucket, series.interval, tz) for bucket in series.buckets]
    points = [ChartPoint(y=bucket.count, url=link.bucket(bucket.start, series.interval, tz).url(),
                         tip=f"{when}: {bucket.count} tin") for when, bucket in zip(labels, series.buckets)]  # fmt: skip
    return Chart(kind="columns", label=label, categories=labels, series=[ChartSeries(name="Số tin", points=points)],
                 line=len(points) > 60)  # fmt: skip


def tone_chart(board: DashboardResponse, link: SearchLink, tz: str) -> Chart:
    """Items per bucket and tone, stacked; a segment opens the search of its tone and bucket."""
    interval = board.series.interval
    labels = [bucket_label(bucket, interval, tz) for bucket in board.series.buckets]
    layers = [ChartSeries(name=layer.name, color=TONE_COLORS.get(layer.value), points=[
        ChartPoint(y=bucket.count, url=link.with_value("sentiment", layer.value).bucket(bucket.start, interval, tz).url(),
                   tip=f"{label} · {layer.name}: {bucket.count} tin")
        for label, bucket in zip(labels, layer.series.buckets)]) for layer in board.tone]  # fmt: skip
    return Chart(kind="columns", label="Sắc thái theo thời gian", categories=labels, series=layers, stacked=True)


def breakdown_chart(breakdown: Breakdown, link: SearchLink) -> Chart:
    """The top values of a field; a bar opens the search narrowed to its value."""
    points = [ChartPoint(y=value.count, url=link.with_value(breakdown.field, value.value).url(),
                         tip=f"{breakdown.label}: {value.name} · {value.count} tin") for value in breakdown.values]  # fmt: skip
    return Chart(kind="bars", label=f"Số tin theo {breakdown.label.lower()}",
                 categories=[value.name for value in breakdown.values],
                 series=[ChartSeries(name="Số tin", points=points)])  # fmt: skip


def spread_chart(claim: ClaimView, link: SearchLink | None, tz: str) -> Chart:
    """Spreading items per local day of a claim; a column opens the search of that day (when
    the search can be narrowed to the claim, ``link``)."""
    from datetime import datetime, time

    zone = ZoneInfo(tz)
    days = sorted(claim.per_day)
    points = [ChartPoint(y=claim.per_day[day], tip=f"{day:%d/%m/%Y} · {claim.title}: {claim.per_day[day]} tin",
                         url=link.bucket(datetime.combine(day, time(), zone), "day", tz).url() if link else None)
              for day in days]  # fmt: skip
    return Chart(kind="columns", label="Số tin lan truyền mỗi ngày", categories=[f"{day:%d/%m/%Y}" for day in days],
                 series=[ChartSeries(name="Tin lan truyền", points=points)])  # fmt: skip
