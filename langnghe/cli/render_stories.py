"""``langnghe stories`` on a terminal: one row per story, times in the configured zone."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from langnghe.detection.story_records import Story

SENTIMENT_VI = {"negative": "tiêu cực", "neutral": "trung tính", "positive": "tích cực"}


def _top(counts: dict[str, int], size: int = 3) -> str:
    shown = [f"{value} {count}" for value, count in list(counts.items())[:size]]
    return ", ".join(shown) + (", …" if len(counts) > size else "")


def print_stories(console: Console, stories: Sequence[Story], *, tz: str, heading: str) -> None:
    """A table of stories: items, title and keywords, first/last seen, sources, provinces, tone."""
    zone = ZoneInfo(tz)
    table = Table(title=heading, show_lines=True)
    for name in ("Tin", "Sự việc", "Xuất hiện", "Nguồn", "Tỉnh, thành phố", "Sắc thái"):
        table.add_column(name, overflow="fold")
    for story in stories:
        first, last = story.first_seen.astimezone(zone), story.last_seen.astimezone(zone)
        tone = {SENTIMENT_VI.get(k, k): v for k, v in story.sentiment.items()}
        table.add_row(
            str(story.size),
            f"[bold]{escape(story.title)}[/bold]\n{escape(', '.join(story.keywords))}\n[dim]{story.id}[/dim]",
            f"{first:%H:%M %d/%m/%Y}\n→ {last:%H:%M %d/%m/%Y}",
            escape(_top(story.sources) + f"\n({_top(story.platforms)})"),
            escape(_top(story.provinces)) or "-",
            _top(tone) or "-",
        )
    if stories:
        console.print(table)
    else:
        console.print(f"{heading}: chưa có sự việc nào (run `langnghe stories --update`)")
