"""Defaults of the read commands that show data where data exists (docs: README "Daily use").

A command run without a day or a moment used to read the present: an unfinished day, an empty
last hour. These pure rules choose instead the last complete period that the newest indexed item
falls in, so that a folder filled by the demo, an ingest or a stopped ``langnghe run`` shows its
data; with fresh data they are the plain defaults (yesterday, the last complete hour, now).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from langnghe.index.base import IndexBackend

Bucket = Literal["hour", "day"]


def newest_time(index: IndexBackend) -> datetime | None:
    """The effective time (published, else fetched) of the newest indexed item; ``None`` when empty."""
    page = index.search_page("", None, size=1, sort="time")
    if not page.hits:
        return None
    item = page.hits[0].item
    return item.published_at or item.fetched_at


def last_complete_day(now: datetime, newest: datetime | None, tz: str) -> date:
    """Yesterday (local), or the newest item's day when that is earlier.

    >>> from datetime import timezone
    >>> now = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)  # 08:00 in Hanoi
    >>> last_complete_day(now, None, "Asia/Ho_Chi_Minh"), last_complete_day(now, now, "Asia/Ho_Chi_Minh")
    (datetime.date(2026, 12, 6), datetime.date(2026, 12, 6))
    >>> last_complete_day(now, datetime(2026, 11, 20, 16, 30, tzinfo=timezone.utc), "Asia/Ho_Chi_Minh")
    datetime.date(2026, 11, 20)
    """
    zone = ZoneInfo(tz)
    yesterday = now.astimezone(zone).date() - timedelta(days=1)
    return yesterday if newest is None else min(yesterday, newest.astimezone(zone).date())


def bucket_end(moment: datetime, bucket: Bucket, tz: str) -> datetime:
    """The end of the hour or local day that holds ``moment``.

    >>> import zoneinfo
    >>> bucket_end(datetime(2026, 11, 20, 23, 40, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), "day", "Asia/Ho_Chi_Minh")
    datetime.datetime(2026, 11, 21, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Ho_Chi_Minh'))
    """
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone)
    if bucket == "hour":
        return local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return datetime.combine(local.date() + timedelta(days=1), time(), zone)


def default_moment(now: datetime, newest: datetime | None, bucket: Bucket, tz: str) -> datetime:
    """``now``, or the end of the newest item's hour or day when that ended before ``now``: a
    detection "at" this moment reads the last complete bucket that holds data."""
    if newest is None:
        return now
    return min(now, bucket_end(newest, bucket, tz))
