from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.index.sqlite import SQLiteIndex
from langnghe.index.trends import SQLiteTrendStore
from langnghe.stages.rollup import hours_between, rollup
from langnghe.testing import build_item

UTC = timezone.utc
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def test_hourly_counts_per_dimension_and_idempotent_reruns(tmp_path: Path) -> None:
    index, store = SQLiteIndex(tmp_path / "i.sqlite3"), SQLiteTrendStore(tmp_path / "t.sqlite3")
    index.upsert(
        [
            build_item(published_at=T0 + timedelta(minutes=5), sentiment="negative", provinces=["Hưng Yên", "Hà Nội"]),
            build_item(published_at=T0 + timedelta(minutes=55), sentiment="negative", provinces=["Hưng Yên"]),
            build_item(published_at=T0 + timedelta(hours=2, minutes=1), sentiment="positive", provinces=["Hưng Yên"]),
        ]
    )
    since, until = T0 - timedelta(hours=1), T0 + timedelta(hours=4)
    first = rollup(index, store, since, until)
    again = rollup(index, store, since, until)
    assert first == again and first.hours == 5 and first.busy_hours == 2
    assert store.series("province", "Hưng Yên", since, until) == [(T0, 2), (T0 + timedelta(hours=2), 1)]
    assert store.series("province", "Hà Nội", since, until) == [(T0, 1)]
    assert store.series("sentiment", "negative", since, until) == [(T0, 2)]
    assert store.series("all", "*", since, until) == [(T0, 2), (T0 + timedelta(hours=2), 1)]
    # A late item in an already rolled-up hour is counted once the window is recounted.
    index.upsert([build_item(published_at=T0 + timedelta(minutes=30), sentiment="neutral", provinces=["Hưng Yên"])])
    rollup(index, store, T0, T0 + timedelta(hours=1))
    assert store.series("province", "Hưng Yên", since, until)[0] == (T0, 3)
    store.close()
    index.close()


def test_hours_between_floors_to_utc_hours() -> None:
    hours = hours_between(datetime(2026, 11, 20, 8, 30, tzinfo=UTC), datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    assert hours == [T0, T0 + timedelta(hours=1)]
