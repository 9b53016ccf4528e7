"""Trend series and spikes read from the roll-ups."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from langnghe.index.trends import RollupRow, SQLiteTrendStore
from langnghe.detection.trends import bucket_bounds, dense_series, detect_spikes, explain_spike, last_boundary

HOUR = timedelta(hours=1)
T0 = datetime(2026, 11, 1, 0, tzinfo=timezone.utc)
BURST = T0 + timedelta(days=10, hours=7)  # 14:00 in Vietnam


@pytest.fixture
def store(tmp_path: Path) -> SQLiteTrendStore:
    backend = SQLiteTrendStore(tmp_path / "t.sqlite3")
    rows = []
    for hour in range(10 * 24 + 12):
        moment = T0 + hour * HOUR
        rows.append(RollupRow(moment, "province", "Hà Nội", 3 if moment.hour % 24 in (1, 2, 3) else 1))
        if moment == BURST:
            rows.append(RollupRow(moment, "province", "Hưng Yên", 11))
        elif hour % 17 == 0:
            rows.append(RollupRow(moment, "province", "Hưng Yên", 1))
    backend.replace_hours([T0 + h * HOUR for h in range(10 * 24 + 12)], rows)
    return backend


def test_day_buckets_follow_vietnam_midnight() -> None:
    end = last_boundary(datetime(2026, 11, 3, 12, tzinfo=timezone.utc), "day", "Asia/Ho_Chi_Minh")
    assert end == datetime(2026, 11, 2, 17, tzinfo=timezone.utc)  # 00:00 on 3/11 in Vietnam
    bounds = bucket_bounds(end, "day", 2, "Asia/Ho_Chi_Minh")
    assert bounds == [(end - timedelta(days=2), end - timedelta(days=1)), (end - timedelta(days=1), end)]


def test_dense_series_zero_fills_and_sums_hours_into_days(store: SQLiteTrendStore) -> None:
    hours = bucket_bounds(BURST + HOUR, "hour", 3, "UTC")
    assert dense_series(store, "province", "Hưng Yên", hours) == [0, 0, 11]
    days = bucket_bounds(T0 + timedelta(days=2), "day", 2, "UTC")
    assert dense_series(store, "province", "Hà Nội", days) == [3 * 3 + 21, 3 * 3 + 21]



def test_a_long_series_puts_each_hour_in_its_own_bucket(store: SQLiteTrendStore) -> None:
    hours = bucket_bounds(T0 + timedelta(days=9), "hour", 8 * 24, "UTC")
    assert dense_series(store, "province", "Hà Nội", hours) == [3 if start.hour in (1, 2, 3) else 1 for start, _ in hours]
    days = bucket_bounds(T0 + timedelta(days=9, hours=17), "day", 7, "Asia/Ho_Chi_Minh")  # from 17:00 UTC to 17:00
    assert dense_series(store, "province", "Hà Nội", days) == [3 * 3 + 21] * 7
    beyond = bucket_bounds(T0 + timedelta(days=14), "day", 4, "UTC")  # the roll-ups end on day 10 at noon
    assert dense_series(store, "province", "Hà Nội", beyond) == [3 * 3 + 9, 0, 0, 0]

def test_a_burst_is_found_in_its_hour_and_explained(store: SQLiteTrendStore) -> None:
    scan = detect_spikes(store, BURST + HOUR + timedelta(minutes=5), dimensions=("province",))
    assert [(spike.value, spike.observed) for spike in scan.spikes] == [("Hưng Yên", 11)]
    spike = scan.spikes[0]
    assert spike.start == BURST and set(spike.methods) == {"window", "sigma", "poisson"}
    assert explain_spike(spike).startswith("Tỉnh/thành “Hưng Yên”: 11 tin trong giờ 14:00 ngày 11/11/2026")
    assert spike.first_seen is not None and spike.first_seen < BURST
    assert spike.to_dict()["title"] == "Tỉnh/thành: Hưng Yên"
    assert "mức trung bình 0,1 của 12 giờ trước đó" in explain_spike(spike)


def test_a_label_is_named_without_a_table_from_the_caller(tmp_path: Path) -> None:
    backend = SQLiteTrendStore(tmp_path / "t.sqlite3")
    hours = [T0 + h * HOUR for h in range(3 * 24)]
    backend.replace_hours(hours, [RollupRow(hours[-1], "section", "politics_society", 12)])
    spike = detect_spikes(backend, hours[-1] + HOUR, dimensions=("section",)).spikes[0]
    assert (spike.value, spike.name) == ("politics_society", "Chính trị - Xã hội")
    assert explain_spike(spike).startswith("Lĩnh vực “Chính trị - Xã hội”: 12 tin")
    assert spike.to_dict()["title"] == "Lĩnh vực: Chính trị - Xã hội"


def test_the_state_at_an_earlier_moment_ignores_later_buckets(store: SQLiteTrendStore) -> None:
    assert detect_spikes(store, BURST + timedelta(minutes=30), dimensions=("province",)).spikes == []


def test_a_daily_rhythm_is_not_reported(store: SQLiteTrendStore) -> None:
    rhythm = T0 + timedelta(days=10, hours=2)
    scan = detect_spikes(store, rhythm + HOUR, dimensions=("province",))
    assert all(spike.value != "Hà Nội" or spike.methods == ("window",) for spike in scan.spikes)
    assert not any(spike.value == "Hà Nội" and "poisson" in spike.methods for spike in scan.spikes)
