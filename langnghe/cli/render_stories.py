"""``langnghe stories`` on a terminal: one row per story, times in the configured zone."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from langnghe.service.views import StoryView
from langnghe.labels import DIMENSION_VI, PLATFORM_VI, SENTIMENT_VI, in_sentence, vi

COLUMNS = ("Tin", DIMENSION_VI["story"], "Xuất hiện", DIMENSION_VI["source"], DIMENSION_VI["province"],
           DIMENSION_VI["sentiment"])  # fmt: skip


def _top(counts: dict[str, int], size: int = 3) -> str:
    shown = [f"{value} {count}" for value, count in list(counts.items())[:size]]
    return ", ".join(shown) + (", …" if len(counts) > size else "")


def _named(counts: dict[str, int], names: dict[str, str]) -> dict[str, int]:
    """``counts`` keyed by name (two ids of one name add up), largest first."""
    named: dict[str, int] = {}
    for key, count in counts.items():
        named[names.get(key, key)] = named.get(names.get(key, key), 0) + count
    return dict(sorted(named.items(), key=lambda pair: -pair[1]))


def _timeline(story: StoryView, zone: ZoneInfo) -> str:
    """The story's event thread, oldest first (▸ marks the story itself); nothing for a story alone."""
    if not story.timeline:
        return ""
    steps = [("▸ " if entry.story_id == story.id else "• ")
             + f"{entry.first_seen.astimezone(zone):%d/%m/%Y} {escape(entry.title)}" for entry in story.timeline]  # fmt: skip
    return "\n[dim]Diễn biến:[/dim]\n" + "\n".join(steps)


def print_stories(
    console: Console, stories: Sequence[StoryView], *, tz: str, heading: str, source_names: dict[str, str] | None = None
) -> None:
    """A table of stories: items, title and keywords, first/last seen, sources (by their names in
    ``source_names``, else their ids), provinces, tone."""
    zone = ZoneInfo(tz)
    named = source_names or {}
    table = Table(title=heading, show_lines=True)
    for name in COLUMNS:
        table.add_column(name, overflow="fold")
    for story in stories:
        first, last = story.first_seen.astimezone(zone), story.last_seen.astimezone(zone)
        tone = {in_sentence(vi(SENTIMENT_VI, k)): v for k, v in story.sentiment.items()}
        platforms = {vi(PLATFORM_VI, k): v for k, v in story.platforms.items()}
        table.add_row(
            str(story.size),
            f"[bold]{escape(story.title)}[/bold]\n{escape(', '.join(story.keywords))}\n[dim]{story.id}[/dim]"
            + _timeline(story, zone),
            f"{first:%H:%M %d/%m/%Y}\n→ {last:%H:%M %d/%m/%Y}",
            escape(_top(_named(story.sources, named)) + f"\n({_top(platforms)})"),
            escape(_top(story.provinces)) or "-",
            _top(tone) or "-",
        )
    if stories:
        console.print(table)
    else:
        console.print(f"{heading}: chưa có {in_sentence(DIMENSION_VI['story'])} nào (chạy `langnghe stories --update` để gom tin thành sự việc)")
