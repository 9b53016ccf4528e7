"""Emerging issues rank event threads, not fragments: one entry per thread, with its timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.detection.emerging import EmergingIssue, IssueSignals, rank_emerging
from langnghe.detection.issue_threads import by_thread
from langnghe.detection.threads import Thread, ThreadEntry
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.testing import build_item

AT = datetime(2026, 11, 20, 17, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def _story_items(story_id: str, per_day: list[int], title: str) -> list[Item]:
    return [
        build_item(id=f"{story_id}-{day}-{n:03d}", story_id=story_id, platform="forum", source=f"nguon-{n % 3}",
                   author=f"u_{n}", title=title, published_at=AT - (7 - day) * DAY + timedelta(hours=1 + n),
                   sentiment="negative", keywords=["Phúc Hưng", "xả thải"], provinces=["Hưng Yên"])
        for day, count in enumerate(per_day) for n in range(count)
    ]  # fmt: skip


def _entry(story_id: str, day: int, title: str) -> ThreadEntry:
    start = AT - (7 - day) * DAY
    return ThreadEntry(story_id, start, start + DAY, 5, title, f"{story_id}-{day}-000")


THREAD = Thread("th_phuc_hung", (_entry("st-su-co", 0, "Cá chết trắng sông Lạch Vàng"),
                                 _entry("st-bac-bo", 4, "Công ty Phúc Hưng bác bỏ thông tin xả thải")))  # fmt: skip


def _threads(story_ids: Sequence[str], at: datetime | None) -> Mapping[str, Thread]:
    return {story_id: THREAD for story_id in story_ids if story_id in THREAD.story_ids}


def test_two_growing_fragments_of_one_event_are_one_entry_with_the_timeline(tmp_path: Path) -> None:
    items = (_story_items("st-su-co", [0, 1, 1, 2, 3, 5, 8], "Cá chết trắng sông Lạch Vàng")
             + _story_items("st-bac-bo", [0, 0, 0, 0, 1, 3, 6], "Công ty Phúc Hưng bác bỏ thông tin xả thải")
             + _story_items("st-khac", [0, 0, 1, 1, 2, 4, 6], "Kẹt xe kéo dài trên quốc lộ 5"))  # fmt: skip
    with SQLiteIndex(tmp_path / "i.sqlite3") as index:
        index.upsert([*items, build_item(id="cu-0000001", published_at=AT - 8 * DAY)])
        fragments = rank_emerging(index, AT, kinds=("story",))
        threaded = rank_emerging(index, AT, kinds=("story",), threads=_threads)
    assert {"st-su-co", "st-bac-bo", "st-khac"} == {issue.key for issue in fragments}
    assert len(threaded) == 2 and "st-khac" in {issue.key for issue in threaded}
    (event,) = [issue for issue in threaded if issue.thread_id]
    best = next(issue for issue in fragments if issue.key in THREAD.story_ids)
    assert event.key == best.key and event.score == best.score  # the thread's best-ranked fragment
    assert [entry.story_id for entry in event.timeline] == ["st-su-co", "st-bac-bo"]
    own = next(entry for entry in THREAD.timeline if entry.story_id == event.key)
    assert event.title == own.title and event.item_ids[0] == own.title_item_id  # named and linked as the story is
    shown = event.to_dict()
    assert shown["thread_id"] == "th_phuc_hung" and shown["timeline"][1]["title"].startswith("Công ty Phúc Hưng")
    assert shown["timeline"][0]["first_seen"] == THREAD.timeline[0].first_seen.isoformat()


def test_concerns_and_unthreaded_stories_are_kept_as_they_are() -> None:
    signals = IssueSignals(5, 1, (0, 0, 0, 0, 1, 2, 3), 1.0, 3, 5, 0.2, None, None)
    issues = [EmergingIssue("story", "st-bac-bo", "b", 9.0, signals), EmergingIssue("concern", "o-nhiem", "c", 8.0, signals),
              EmergingIssue("story", "st-su-co", "a", 7.0, signals), EmergingIssue("story", "st-le", "d", 6.0, signals)]
    kept = by_thread(issues, _threads([issue.key for issue in issues], AT))
    assert [(issue.key, issue.thread_id) for issue in kept] == [
        ("st-bac-bo", "th_phuc_hung"), ("o-nhiem", None), ("st-le", None)]
    alone = Thread("th_le", (_entry("st-le", 3, "Lễ hội"),))
    assert by_thread(issues[3:], {"st-le": alone}) == issues[3:]  # a thread of one story adds nothing
