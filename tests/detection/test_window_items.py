"""A replay's candidates' items, read once: the same answers as asking the index each time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from langnghe.detection import emerging, window_items
from langnghe.detection.emerging import WINDOW, CandidateKind, candidate_items, rank_emerging
from langnghe.detection.window_items import WindowItems, for_replay
from langnghe.index.base import Filters
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.testing import build_item

START = datetime(2026, 11, 1, 17, tzinfo=timezone.utc)
DAY = timedelta(days=1)
KEYS: list[tuple[CandidateKind, str]] = [("story", "s0"), ("story", "s1"), ("story", "grow"), ("story", "none"),
                                         ("concern", "nuoc"), ("concern", "rac")]  # fmt: skip


def _items() -> list[Item]:
    """Items every 5 hours over 20 days, several at the same moment (ties by id), some
    exactly on day boundaries, some without a story or concerns, one concern repeated."""
    items = []
    for step in range(100):
        when = START + timedelta(hours=5 * step)
        for twin in range(1 + step % 3):
            concerns = [["nuoc"], ["rac", "nuoc", "rac"], []][(step + twin) % 3]
            items.append(build_item(
                id=f"item-{(step * 7919 + twin * 31) % 1000:03d}-{twin}", published_at=when,
                story_id=None if step % 5 == 0 else f"s{(step + twin) % 2}", concerns=concerns, tokens=["a"],
            ))  # fmt: skip
    for day in range(20):  # a story growing day by day, from many voices: ranked
        for number in range(day):
            items.append(build_item(
                id=f"grow-{day:02d}-{number:02d}", published_at=START + day * DAY + timedelta(hours=number),
                story_id="grow", concerns=["nuoc"], sentiment="negative", tokens=["a"],
                source=f"nguon-{number % 4}", author=f"u_{number}",
            ))  # fmt: skip
    return items


@pytest.fixture
def index(tmp_path: Path):  # type: ignore[no-untyped-def]
    index = SQLiteIndex(tmp_path / "i.sqlite3")
    index.upsert(_items())
    yield index
    index.close()


def _moments() -> list[datetime]:
    return [START + WINDOW + DAY * day + timedelta(hours=hour) for day in range(14) for hour in (0, 5, 13)]


def test_each_window_gets_the_index_answer_in_the_index_order(index: SQLiteIndex) -> None:
    window = WindowItems(index, START, START + 21 * DAY)
    for at in _moments():
        for kind, key in KEYS:
            expected = [item.id for item in candidate_items(index, kind, key, at)]
            assert [item.id for item in window.candidate_items(kind, key, at)] == expected


def test_the_newest_items_of_a_crowded_window_are_kept(index: SQLiteIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emerging, "MAX_ITEMS", 7)
    monkeypatch.setattr(window_items, "MAX_ITEMS", 7)
    window = WindowItems(index, START, START + 21 * DAY)
    at = START + 12 * DAY
    expected = [item.id for item in candidate_items(index, "concern", "nuoc", at)]
    assert len(expected) == 7
    assert [item.id for item in window.candidate_items("concern", "nuoc", at)] == expected


def test_a_window_outside_the_span_read_is_asked_of_the_index(index: SQLiteIndex) -> None:
    window = WindowItems(index, START + 5 * DAY, START + 10 * DAY)
    for at in (START + 9 * DAY, START + 16 * DAY):  # begins before the span; ends after it
        expected = [item.id for item in candidate_items(index, "story", "s1", at)]
        assert expected and [item.id for item in window.candidate_items("story", "s1", at)] == expected


def test_a_ranking_from_the_window_equals_the_ranking_from_the_index(index: SQLiteIndex) -> None:
    window = WindowItems(index, START, START + 21 * DAY)
    assert sum(1 for at in _moments() if rank_emerging(index, at)) > 10
    for at in _moments():
        assert rank_emerging(index, at, items_of=window.candidate_items) == rank_emerging(index, at)


def test_a_replay_holds_the_items_only_for_several_days_and_a_bounded_count(
    index: SQLiteIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = [START + WINDOW + DAY * day for day in range(5)]
    window = for_replay(index, days)
    assert window is not None and (window.since, window.until) == (days[0] - WINDOW, days[-1])
    assert for_replay(index, days[:1]) is None and for_replay(index, []) is None
    held = index.count(Filters(since=window.since, until=window.until))
    monkeypatch.setattr(window_items, "MAX_HELD", held)
    assert for_replay(index, days) is not None
    monkeypatch.setattr(window_items, "MAX_HELD", held - 1)
    assert for_replay(index, days) is None
