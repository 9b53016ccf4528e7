"""Roll-up series read once for a replay's many spike checks.

A replay checks spikes at every hour end of its period, each against two weeks of history
(and every day end against four weeks), so the same value's hourly counts were read from the
trend store again for every hour: 13,000 reads for an 8,000-item, 27-day replay.
:class:`SeriesCache` reads each value's counts once for the whole window and answers the
checks from memory (the same rows, the same order); anything outside the window, and every
``values`` call, goes to the store as before.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import datetime

from langnghe.index.trends import RollupRow, TrendStore


class SeriesCache:
    """A read-through :class:`~langnghe.index.trends.TrendStore` for ``[since, until)``."""

    def __init__(self, store: TrendStore, since: datetime, until: datetime) -> None:
        self.store = store
        self.since, self.until = since, until
        self._series: dict[tuple[str, str], tuple[list[float], list[tuple[datetime, int]]]] = {}

    def series(self, dimension: str, value: str, since: datetime, until: datetime) -> list[tuple[datetime, int]]:
        if since < self.since or until > self.until:
            return self.store.series(dimension, value, since, until)
        key = (dimension, value)
        cached = self._series.get(key)
        if cached is None:
            rows = self.store.series(dimension, value, self.since, self.until)
            cached = self._series[key] = ([hour.timestamp() for hour, _ in rows], rows)
        stamps, rows = cached
        return rows[bisect_left(stamps, since.timestamp()) : bisect_left(stamps, until.timestamp())]

    def values(self, dimension: str, since: datetime, until: datetime) -> list[tuple[str, int]]:
        return self.store.values(dimension, since, until)

    def replace_hours(self, hours: Sequence[datetime], rows: Iterable[RollupRow]) -> int:
        self._series.clear()
        return self.store.replace_hours(hours, rows)

    def close(self) -> None:
        self._series.clear()
