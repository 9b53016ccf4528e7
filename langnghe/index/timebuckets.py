"""Calendar buckets (hour or day) in a named time zone, on integer microseconds since the epoch.

Pure functions, shared by index backends that count in UTC and cut days locally. The
embedded index counts items per 15-minute UTC slot in SQL, then maps each slot to its
local bucket here; every zone in use today shifts on quarter-hour boundaries, and a slot
that straddles two buckets anyway (odd historical offsets) is detected by
:func:`slot_is_uniform` so its rows can be bucketed one by one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, time, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from langnghe.errors import InputError
from langnghe.index.base import DateBucket

Interval = Literal["hour", "day"]

SLOT_US = 15 * 60 * 1_000_000
MAX_BUCKETS = 100_000  # a day-long hourly histogram has 24; a stray 1970 date would ask for ~500,000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ONE_US = timedelta(microseconds=1)
_LENGTH_US = {"hour": 3600 * 1_000_000, "day": 86400 * 1_000_000}


def to_micros(value: datetime) -> int:
    """Microseconds since the epoch, exactly (no float rounding)."""
    return (value - _EPOCH) // _ONE_US


def from_micros(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {name!r} (expected an IANA name such as 'Asia/Ho_Chi_Minh')") from None


def check_interval(interval: str) -> Interval:
    if interval not in _LENGTH_US:
        raise InputError(f"unknown histogram interval {interval!r} (expected 'hour' or 'day')")
    return interval  # type: ignore[return-value]


def bucket_start(micros: int, zone: ZoneInfo, interval: Interval) -> int:
    """Start (UTC microseconds) of the local hour or day containing ``micros``.

    >>> z = ZoneInfo("Asia/Ho_Chi_Minh")
    >>> from_micros(bucket_start(to_micros(datetime(2024, 5, 1, 23, 30, tzinfo=timezone.utc)), z, "day"))
    datetime.datetime(2024, 5, 1, 17, 0, tzinfo=datetime.timezone.utc)
    """
    local = from_micros(micros).astimezone(zone)
    if interval == "hour":  # keeps ``fold``: a repeated autumn hour is two buckets
        floored = local.replace(minute=0, second=0, microsecond=0)
    else:
        floored = datetime.combine(local.date(), time(0), tzinfo=zone)
    return to_micros(floored.astimezone(timezone.utc))


def next_bucket_start(start: int, zone: ZoneInfo, interval: Interval) -> int:
    try:
        if interval == "hour":
            following = bucket_start(start + _LENGTH_US["hour"], zone, interval)
        else:
            day = from_micros(start).astimezone(zone).date() + timedelta(days=1)
            following = to_micros(datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc))
    except OverflowError:  # the last bucket Python can name (a year-9999 date stored by an older version)
        return start + _LENGTH_US[interval]
    return following if following > start else start + _LENGTH_US[interval]


def slot_of(micros: int) -> int:
    return micros // SLOT_US  # floor division, also right before 1970


def slot_is_uniform(slot: int, zone: ZoneInfo, interval: Interval) -> bool:
    """True when the whole 15-minute UTC slot lies in one local bucket."""
    first = slot * SLOT_US
    return bucket_start(first, zone, interval) == bucket_start(first + SLOT_US - 1, zone, interval)


def assign_slots(
    slot_counts: Iterable[tuple[int, int]], zone: ZoneInfo, interval: Interval
) -> tuple[Counter[int], list[int]]:
    """Add per-slot counts (slots ascending) into local buckets.

    Returns the counts per bucket start and the slots that straddle two buckets, whose
    rows the caller must bucket one by one. Zone lookups happen once per bucket, not per
    slot: the current bucket's end is remembered while the slots walk through it.
    """
    counts: Counter[int] = Counter()
    straddling: list[int] = []
    start = end = None
    for slot, count in slot_counts:
        first = slot * SLOT_US
        if start is None or end is None or not start <= first < end:
            start = bucket_start(first, zone, interval)
            end = next_bucket_start(start, zone, interval)
        if first + SLOT_US <= end:
            counts[start] += count
        else:
            straddling.append(slot)
    return counts, straddling


def fill(counts: dict[int, int], zone: ZoneInfo, interval: Interval) -> list[DateBucket]:
    """Buckets from the first to the last counted one, oldest first, empty ones included."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    expected = (last - first) // _LENGTH_US[interval] + 2
    if expected > MAX_BUCKETS:
        raise InputError(
            f"the histogram would have about {expected} {interval} buckets (limit {MAX_BUCKETS}); "
            "narrow the time range or use a longer interval"
        )
    buckets: list[DateBucket] = []
    current = first
    while current <= last:
        buckets.append(DateBucket(from_micros(current).astimezone(zone), counts.get(current, 0)))
        current = next_bucket_start(current, zone, interval)
    return buckets
