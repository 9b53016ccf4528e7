"""Candidates' items for many emerging-issue rankings over one period, read from the index once.

:func:`~langnghe.detection.emerging.rank_emerging` asks, for every candidate (a story or a
concern), its items of the week before a moment. A replay ranks every day of a period
(:func:`langnghe.jobs.detect.detect_period`), so the same items were read and parsed again
for every candidate and every day: about seven times each per candidate they belong to.
:class:`WindowItems` scans the period's items once (with the week before it), files them by
story and concern, and answers the same question from memory, with the same answer as
:func:`~langnghe.detection.emerging.candidate_items`: the newest :data:`MAX_ITEMS` of the
window, newest first, ties by id descending (the index's order of an empty query). A window
outside the span it read is asked of the index.

The index must not change while it is in use (a replay only reads it). It holds every item of
its span in memory: :func:`for_replay` builds one only for a replay of several days whose span
holds at most :data:`MAX_HELD` items (else the ranking asks the index, as before).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from datetime import datetime

from langnghe.detection.emerging import MAX_ITEMS, WINDOW, CandidateKind, candidate_items
from langnghe.index.base import Filters, IndexBackend
from langnghe.item import Item

MAX_HELD = 200_000  # items a replay may hold in memory; beyond, each candidate is asked of the index
_Key = tuple[datetime, str]  # an item's place in time order: effective time, then id


def _place(item: Item) -> _Key:
    return (item.published_at or item.fetched_at, item.id)


def _keys(item: Item) -> list[tuple[CandidateKind, str]]:
    """The candidates an item belongs to, as the index's ``story`` and ``concern`` filters see them."""
    found: list[tuple[CandidateKind, str]] = [("story", item.story_id)] if item.story_id else []
    concerns = item.nlp.concerns if item.nlp else []
    return found + [("concern", concern) for concern in dict.fromkeys(concerns)]


class WindowItems:
    """The items of [since, until), filed by candidate, oldest first (see the module docs)."""

    def __init__(self, index: IndexBackend, since: datetime, until: datetime) -> None:
        self.index, self.since, self.until = index, since, until
        filed: defaultdict[tuple[CandidateKind, str], list[Item]] = defaultdict(list)
        for item in index.scan(Filters(since=since, until=until)):
            for key in _keys(item):
                filed[key].append(item)
        self._items = {key: sorted(items, key=_place) for key, items in filed.items()}
        self._places = {key: [_place(item) for item in items] for key, items in self._items.items()}

    def candidate_items(self, kind: CandidateKind, key: str, at: datetime) -> list[Item]:
        """As :func:`~langnghe.detection.emerging.candidate_items` (from the index where the
        week before ``at`` is not inside the span read)."""
        if at - WINDOW < self.since or at > self.until:
            return candidate_items(self.index, kind, key, at)
        items, places = self._items.get((kind, key), []), self._places.get((kind, key), [])
        first, end = bisect_left(places, (at - WINDOW, "")), bisect_left(places, (at, ""))
        return items[max(first, end - MAX_ITEMS):end][::-1]


def for_replay(index: IndexBackend, day_ends: list[datetime]) -> WindowItems | None:
    """A :class:`WindowItems` for rankings at each of ``day_ends`` (oldest first), or ``None``
    where it would not pay (one ranking or none) or would hold too many items."""
    if len(day_ends) < 2:
        return None
    since, until = day_ends[0] - WINDOW, day_ends[-1]
    if index.count(Filters(since=since, until=until)) > MAX_HELD:
        return None
    return WindowItems(index, since, until)
