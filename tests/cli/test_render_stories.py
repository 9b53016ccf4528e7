"""The stories table: a story that belongs to an event thread shows the thread's timeline."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rich.console import Console

from langnghe.cli.render_stories import print_stories
from langnghe.detection.story_records import Story
from langnghe.detection.threads import Thread, ThreadEntry
from langnghe.service.views import story_view

HCM = "Asia/Ho_Chi_Minh"
START = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)


def _story(story_id: str, title: str, start: datetime) -> Story:
    return Story(id=story_id, title=title, keywords=("xả thải",), first_seen=start, last_seen=start + timedelta(hours=5),
                 size=3, item_ids=("a", "b", "c"), sources={"bao-a": 3}, platforms={"news": 3},
                 provinces={"Hưng Yên": 3}, sentiment={"negative": 3}, emotion={}, title_item_id="a")  # fmt: skip


def test_a_story_of_a_thread_shows_the_timeline_and_marks_itself() -> None:
    first, later = _story("st-1", "Cá chết trắng sông Lạch Vàng", START), _story(
        "st-2", "Công ty Phúc Hưng bị phạt vì xả thải", START + timedelta(days=4))
    thread = Thread("th_1", tuple(ThreadEntry(s.id, s.first_seen, s.last_seen, s.size, s.title, s.title_item_id)
                                  for s in (first, later)))  # fmt: skip
    console = Console(record=True, width=200, color_system=None)
    print_stories(console, [story_view(later, thread=thread), story_view(first)], tz=HCM, heading="Sự việc")
    shown = console.export_text()
    assert "Diễn biến:" in shown and "• 20/11/2026 Cá chết trắng sông Lạch Vàng" in shown
    assert "▸ 24/11/2026 Công ty Phúc Hưng bị phạt vì xả thải" in shown
    assert shown.count("Diễn biến:") == 1  # a story alone shows none
    alone = story_view(first, thread=Thread("th_2", thread.timeline[:1]))
    assert alone.thread_id is None and alone.timeline == []
