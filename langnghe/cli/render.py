"""Rich tables for the terminal (labels in Vietnamese, as analysts read them)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from langnghe.cli.boundary import backend_line
from langnghe.labels import DIMENSION_VI, HEALTH_VI, SECTION_VI, SENTIMENT_VI, WEEKDAY_VI, vi
from langnghe.reports.names import Names
from langnghe.service.summary import Summary
from langnghe.service.views import (
    FacetValue,
    SearchResponse,
    SnippetView,
    SourcesResponse,
    SourceView,
    StatusResponse,
)


def _facet_table(title: str, rows: list[FacetValue], names: dict[str, str] | None = None) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(title)
    table.add_column("Số tin", justify="right")
    for row in rows:
        table.add_row(vi(names, row.value) if names else row.value, str(row.count))
    return table


def print_summary(
    console: Console, summary: Summary, *, title: str = "langnghe: tổng quan", names: Names | None = None
) -> None:
    """Counts per source, section, sentiment, province and watch topic, each value by its name
    (``names``: the config's sources and watch topics; their ids without)."""
    names = names or Names()
    span = f"{summary.first_day:%d/%m/%Y} - {summary.last_day:%d/%m/%Y}" if summary.first_day else "chưa có dữ liệu"
    console.rule(title)
    console.print(f"Tổng số tin, bài: [bold]{summary.total}[/bold] ({span})")
    console.print(_facet_table(DIMENSION_VI["source"], summary.by_source, names.sources))
    console.print(_facet_table(DIMENSION_VI["section"], summary.by_section, SECTION_VI))
    console.print(_facet_table(DIMENSION_VI["sentiment"], summary.by_sentiment, SENTIMENT_VI))
    console.print(_facet_table(f"{DIMENSION_VI['province']} (nhiều tin nhất)", summary.by_province))
    if summary.by_watch_topic:
        console.print(_facet_table(DIMENSION_VI["watch_topic"], summary.by_watch_topic, names.topics))
    busiest = Table(title="Ngày nhiều tin nhất", title_justify="left", show_edge=False)
    busiest.add_column("Ngày")
    busiest.add_column("Số tin", justify="right")
    for day, count in summary.busiest_days:
        busiest.add_row(f"{WEEKDAY_VI[day.weekday()]}, {day:%d/%m/%Y}", str(count))
    console.print(busiest)


def print_hits(console: Console, result: SearchResponse, *, tz: str, names: Names | None = None) -> None:
    names = names or Names()
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
        console.print(f"  {when} · {names.of('source', item.source)} · {' · '.join(tags)}", highlight=False)
        if hit.snippet is not None:
            console.print(snippet_text(hit.snippet), highlight=False)
        if item.url:
            console.print(f"  {item.url}", highlight=False, markup=False)


def snippet_text(snippet: SnippetView) -> Text:
    """A hit's snippet, indented, its matched words in bold yellow."""
    text = Text("  " + snippet.text)
    for start, end in snippet.marks:
        text.stylize("bold yellow", start + 2, end + 2)
    return text


def _interval(value: timedelta) -> str:
    """A crawl interval in Vietnamese units: "30 phút", "2 giờ", "1 ngày"."""
    minutes = int(value.total_seconds() // 60)
    if minutes and minutes % 1440 == 0:
        return f"{minutes // 1440} ngày"
    return f"{minutes // 60} giờ" if minutes and minutes % 60 == 0 else f"{minutes} phút"


def _source_status(source: SourceView) -> str:
    status = _source_state(source)
    blocked = source.health.blocked_total if source.health else 0
    return f"{status} · [yellow]{blocked} địa chỉ bị chặn[/yellow]" if blocked else status


def _source_state(source: SourceView) -> str:
    state = source.health
    if not source.enabled:
        return "tắt"
    if state is None:
        return "chưa chạy"
    if state.consecutive_failures:
        colour = "red" if state.failing else "yellow"
        return f"[{colour}]lỗi {state.consecutive_failures} lần: {escape(state.last_error or '')}[/{colour}]"
    if state.silent:
        return "[yellow]im lặng[/yellow]"
    return "[green]ổn[/green]"


def _source_cell(source: SourceView) -> str:
    """The source's name, and its id (what ``--source`` takes) under it."""
    if not source.name or source.name == source.id:
        return escape(source.id)
    return f"{escape(source.name)}\n[dim]{escape(source.id)}[/dim]"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def print_sources(console: Console, sources: SourcesResponse, *, tz: str) -> None:
    """One row per configured source with its crawl health (as of ``sources.checked_at``)."""
    zone = ZoneInfo(tz)

    def shown(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%d/%m %H:%M") if moment else "-"

    # Dates in the future are rare: their column shows only when a source had some.
    future = any(source.health and source.health.future_dated_total for source in sources.sources)
    # So are pages whose metadata time missed the byline by whole hours: count and share of items.
    off = any(source.health and source.health.metadata_off_total for source in sources.sources)
    table = Table(title="Nguồn tin", title_justify="left", show_edge=False)
    table.add_column(DIMENSION_VI["source"], no_wrap=True)
    table.add_column("Chu kỳ")
    table.add_column("Thành công", no_wrap=True)
    table.add_column("Tin mới", no_wrap=True)
    table.add_column("Tin/lần", justify="right")
    table.add_column(HEALTH_VI["undated"], justify="right")
    if future:
        table.add_column(HEALTH_VI["future_dated"], justify="right")
    if off:
        table.add_column(HEALTH_VI["metadata_off"], justify="right")
    table.add_column("Tình trạng", min_width=16)
    for source in sources.sources:
        state = source.health
        dates = [_share(state.undated_share if state else None)]
        if future:
            dates.append(str(state.future_dated_total) if state else "-")
        if off:
            dates.append(f"{state.metadata_off_total} ({_share(state.metadata_off_share)})" if state else "-")
        table.add_row(
            _source_cell(source), _interval(source.interval), shown(state.last_success_at if state else None),
            shown(state.last_new_item_at if state else None), str(state.items_last_run) if state else "-",
            *dates, _source_status(source),
        )
    console.print(table)


def status_line(status: StatusResponse) -> str:
    """The queue and index line of ``langnghe status``."""
    queue = status.queue
    line = (f"Hàng đợi: {queue.ready} chờ xử lý, {queue.leased} đang xử lý, {queue.done} đã xong, "
            f"{queue.quarantined} bị cách ly")
    if queue.waiting:
        line += f" ({queue.waiting} tin chờ xử lý đang đợi thử lại)"
    down = status.index_down
    if down is not None:
        return line + f"; chỉ mục: {backend_line(down.backend, down.where, down.problem)} ({status.data_dir})"
    return line + f"; chỉ mục: {status.index_items} tin ({status.data_dir})"
