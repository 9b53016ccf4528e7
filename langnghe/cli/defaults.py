"""The read commands' defaults when no day, moment or month is given: the last complete period
that holds data (:mod:`langnghe.service.latest`), each announced in one Vietnamese line on stderr
(so ``--json`` stays clean)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from langnghe.index.base import Filters
from langnghe.service import QueryService
from langnghe.service.latest import Bucket, bucket_end, default_moment, last_complete_day

HOUR = timedelta(hours=1)
T = TypeVar("T")


@dataclass(frozen=True)
class Chosen(Generic[T]):
    """A default and the line that says which it is."""

    value: T
    note: str


def default_day(service: QueryService, now: datetime) -> Chosen[date]:
    """The digest's day: the last complete local day with data (yesterday when data is fresh)."""
    day = last_complete_day(now, service.newest(), service.tz)
    yesterday = now.astimezone(ZoneInfo(service.tz)).date() - timedelta(days=1)
    why = "hôm qua, ngày trọn vẹn gần nhất" if day == yesterday else "ngày trọn vẹn gần nhất có tin, bài"
    return Chosen(day, f"Bản tin ngày {day:%d/%m/%Y} ({why}; chọn ngày khác bằng --day).")


def default_at(service: QueryService, now: datetime, bucket: Bucket) -> Chosen[datetime]:
    """``trends``' moment: now, or the end of the hour or day of the newest item when that is over;
    the note names the complete hour or day that is scanned."""
    zone = ZoneInfo(service.tz)
    moment = default_moment(now, service.newest(), bucket, service.tz).astimezone(zone)
    why = "gần nhất" if moment == now else "gần nhất có tin, bài"
    if bucket == "hour":
        end = moment.replace(minute=0, second=0, microsecond=0)
        window = f"{end - HOUR:%H:%M}–{end:%H:%M} ngày {end - HOUR:%d/%m/%Y}"
        return Chosen(moment, f"Khung xét: {window} (giờ trọn vẹn {why}; chọn thời điểm khác bằng --at).")
    day = moment.date() - timedelta(days=1)
    return Chosen(moment, f"Khung xét: ngày {day:%d/%m/%Y} (ngày trọn vẹn {why}; chọn thời điểm khác bằng --at).")


def default_emerging_at(service: QueryService, now: datetime) -> Chosen[datetime]:
    """``emerging``' moment: now, or the end of the newest item's day when data stopped earlier."""
    moment = default_moment(now, service.newest(), "day", service.tz).astimezone(ZoneInfo(service.tz))
    if moment == now:
        return Chosen(moment, "")
    return Chosen(moment, f"Tính đến {moment:%H:%M %d/%m/%Y}, hết ngày có tin, bài mới nhất "
                          "(chọn thời điểm khác bằng --at).")


def default_month(service: QueryService, now: datetime) -> Chosen[date]:
    """The report's month: the previous month when it holds items, else the newest item's month."""
    zone = ZoneInfo(service.tz)
    first = now.astimezone(zone).date().replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    newest = service.newest()
    bounds = Filters(since=datetime.combine(previous, time(), zone), until=datetime.combine(first, time(), zone))
    if newest is None or service.app.index.count(bounds):
        return Chosen(previous, f"Báo cáo tháng {previous:%m/%Y} (tháng trước; chọn tháng khác bằng --month).")
    month = newest.astimezone(zone).date().replace(day=1)
    return Chosen(month, f"Báo cáo tháng {month:%m/%Y} (tháng trước không có tin, bài; đây là tháng có tin, bài "
                         "mới nhất; chọn tháng khác bằng --month).")
