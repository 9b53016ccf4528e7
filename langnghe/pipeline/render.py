"""Rich tables for the terminal (labels in Vietnamese, as analysts read them)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from langnghe.index.base import FacetCount, SearchResult
from langnghe.labels import SECTION_VI, SENTIMENT_VI, WEEKDAY_VI, vi
from langnghe.pipeline.summary import Summary


def _facet_table(title: str, rows: list[FacetCount], names: dict[str, str] | None = None) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(title)
    table.add_column("Số tin", justify="right")
    for row in rows:
        table.add_row(vi(names, row.value) if names else row.value, str(row.count))
    return table


def print_summary(console: Console, summary: Summary, *, title: str = "langnghe: tổng quan") -> None:
    span = f"{summary.first_day:%d/%m/%Y} - {summary.last_day:%d/%m/%Y}" if summary.first_day else "chưa có dữ liệu"
    console.rule(title)
    console.print(f"Tổng số tin, bài: [bold]{summary.total}[/bold] ({span})")
    console.print(_facet_table("Nguồn", summary.by_source))
    console.print(_facet_table("Lĩnh vực", summary.by_section, SECTION_VI))
    console.print(_facet_table("Sắc thái", summary.by_sentiment, SENTIMENT_VI))
    console.print(_facet_table("Tỉnh, thành phố (nhiều tin nhất)", summary.by_province))
    if summary.by_watch_topic:
        console.print(_facet_table("Chủ đề theo dõi", summary.by_watch_topic))
    busiest = Table(title="Ngày nhiều tin nhất", title_justify="left", show_edge=False)
    busiest.add_column("Ngày")
    busiest.add_column("Số tin", justify="right")
    for day, count in summary.busiest_days:
        busiest.add_row(f"{WEEKDAY_VI[day.weekday()]}, {day:%d/%m/%Y}", str(count))
    console.print(busiest)


def print_hits(console: Console, result: SearchResult, *, tz: str) -> None:
    console.print(f"{result.total} kết quả")
    zone = ZoneInfo(tz)
    for hit in result.hits:
        item = hit.item
        when = (item.published_at or item.fetched_at).astimezone(zone).strftime("%d/%m/%Y %H:%M")
        nlp = item.nlp
        tags = []
        if nlp and nlp.section:
            tags.append(vi(SECTION_VI, nlp.section.label))
        if nlp and nlp.sentiment:
            tags.append(vi(SENTIMENT_VI, nlp.sentiment.label))
        if nlp and nlp.provinces:
            tags.append(", ".join(nlp.provinces))
        console.print(f"[bold]{item.title or item.text[:100]}[/bold]", highlight=False)
        console.print(f"  {when} · {item.source} · {' · '.join(tags)}", highlight=False)
        if item.url:
            console.print(f"  {item.url}", highlight=False, markup=False)
