"""The replay's series cache answers every read as the trend store does, and forgets on a write."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.detection.series_cache import SeriesCache
from langnghe.index.trends import RollupRow, SQLiteTrendStore

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)
H = timedelta(hours=1)


def test_reads_inside_and_outside_the_window_equal_the_stores(tmp_path: Path) -> None:
    with SQLiteTrendStore(tmp_path / "trends.sqlite3") as store:
        hours = [T0 + n * H for n in range(100)]
        store.replace_hours(hours, [RollupRow(hour, "province", "Huế", n % 7) for n, hour in enumerate(hours) if n % 3])
        cache = SeriesCache(store, T0 + 10 * H, T0 + 90 * H)
        for since, until in [(T0 + 10 * H, T0 + 90 * H), (T0 + 20 * H, T0 + 21 * H), (T0 + 33 * H, T0 + 33 * H),
                             (T0, T0 + 50 * H), (T0 + 80 * H, T0 + 100 * H), (T0 + 15 * H + H / 2, T0 + 40 * H)]:
            assert cache.series("province", "Huế", since, until) == store.series("province", "Huế", since, until)
        assert cache.series("province", "Hà Nội", T0 + 20 * H, T0 + 30 * H) == []
        assert cache.values("province", T0, T0 + 5 * H) == store.values("province", T0, T0 + 5 * H)
        cache.replace_hours([T0 + 20 * H], [RollupRow(T0 + 20 * H, "province", "Huế", 99)])
        assert cache.series("province", "Huế", T0 + 20 * H, T0 + 21 * H) == [(T0 + 20 * H, 99)]
