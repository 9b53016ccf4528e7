"""Local hour/day buckets, including zones with daylight saving time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from langnghe.errors import InputError
from langnghe.index.timebuckets import (
    SLOT_US,
    assign_slots,
    bucket_start,
    fill,
    from_micros,
    load_zone,
    slot_is_uniform,
    slot_of,
    to_micros,
)

UTC = timezone.utc


def _us(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    return to_micros(datetime(year, month, day, hour, minute, tzinfo=UTC))


def test_micros_round_trip_exactly() -> None:
    moment = datetime(2024, 5, 1, 23, 30, 0, 123457, tzinfo=UTC)
    assert from_micros(to_micros(moment)) == moment
    assert slot_of(-1) == -1 and slot_of(SLOT_US) == 1


def test_late_evening_utc_is_next_day_in_vietnam() -> None:
    zone = load_zone("Asia/Ho_Chi_Minh")
    assert from_micros(bucket_start(_us(2024, 5, 1, 23, 30), zone, "day")) == datetime(2024, 5, 1, 17, tzinfo=UTC)
    assert slot_is_uniform(slot_of(_us(2024, 5, 1, 23, 30)), zone, "hour")


def test_autumn_hour_repeats_in_berlin() -> None:
    zone = ZoneInfo("Europe/Berlin")  # 27 Oct 2024: 03:00 CEST -> 02:00 CET
    counts = {bucket_start(_us(2024, 10, 27, h, 15), zone, "hour"): 1 for h in range(0, 2)}
    buckets = fill(counts, zone, "hour")
    assert [(b.start.hour, b.start.utcoffset()) for b in buckets] == [
        (2, timedelta(hours=2)),
        (2, timedelta(hours=1)),
    ]


def test_spring_day_has_23_hours_and_gaps_are_filled() -> None:
    zone = ZoneInfo("Europe/Berlin")  # 31 Mar 2024 is 23 hours long
    counts = {bucket_start(_us(2024, 3, 30, 12), zone, "day"): 2, bucket_start(_us(2024, 4, 2, 12), zone, "day"): 1}
    buckets = fill(counts, zone, "day")
    assert [(b.start.day, b.count) for b in buckets] == [(30, 2), (31, 0), (1, 0), (2, 1)]
    assert buckets[2].start.astimezone(UTC) - buckets[1].start.astimezone(UTC) == timedelta(hours=23)


def test_half_hour_zone() -> None:
    zone = ZoneInfo("Asia/Kolkata")
    start = from_micros(bucket_start(_us(2024, 5, 1, 10, 10), zone, "hour"))
    assert start == datetime(2024, 5, 1, 9, 30, tzinfo=UTC)  # 15:00 local


def test_too_many_buckets_and_unknown_zone_are_input_errors() -> None:
    zone = ZoneInfo("UTC")
    with pytest.raises(InputError, match="narrow the time range"):
        fill({_us(1970, 1, 1): 1, _us(2024, 1, 1): 1}, zone, "hour")
    with pytest.raises(InputError, match="Mars/Olympus"):
        load_zone("Mars/Olympus")
    assert fill({}, zone, "day") == []


def test_assign_slots_groups_by_bucket_and_reports_straddlers() -> None:
    vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
    slots = [(slot_of(_us(2024, 5, 1, 16, 45)), 2), (slot_of(_us(2024, 5, 1, 17, 0)), 3)]
    counts, straddling = assign_slots(slots, vietnam, "day")
    assert counts == {_us(2024, 4, 30, 17): 2, _us(2024, 5, 1, 17): 3} and straddling == []
    odd = [(slot_of(_us(1900, 3, 1, 2, 50)), 1)]  # +7:06:40 then: the slot spans 10:00 local
    assert assign_slots(odd, vietnam, "hour") == ({}, [odd[0][0]])


@pytest.mark.parametrize("interval", ["hour", "day"])
def test_the_last_buckets_python_can_name_do_not_overflow(interval: str) -> None:
    # An earlier version stored feed dates of 31/12/9999; a histogram over them must not raise OverflowError.
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    last = _us(9999, 12, 31, 16, 30)  # 23:30 on the last day Python knows, in Việt Nam
    counts, straddling = assign_slots([(slot_of(last), 1)], zone, interval)  # type: ignore[arg-type]
    assert sum(counts.values()) == 1 and straddling == []
    assert [bucket.count for bucket in fill(dict(counts), zone, interval)] == [1]  # type: ignore[arg-type]
