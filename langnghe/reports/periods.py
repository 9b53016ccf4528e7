"""Report periods: a local day or a local calendar month, and the period before it.

Days and months are cut in the display zone (``settings.timezone``); the index stores
UTC and compares aware datetimes, so a period is kept as two aware local datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from langnghe.errors import InputError
from langnghe.index.base import Filters
from langnghe.times import parse_local_month


@dataclass(frozen=True)
class Period:
    """``[since, until)`` in local time, with the period it is compared against."""

    since: datetime
    until: datetime
    label: str  # "20/11/2026", "11/2026"
    previous_since: datetime = field(compare=False)
    previous_until: datetime | None = field(default=None, compare=False)  # None: up to ``since``

    @property
    def previous(self) -> Period:
        """The period before (its own ``previous`` is of equal length, good enough for a trend)."""
        until = self.previous_until or self.since
        return Period(self.previous_since, until, "", self.previous_since - (until - self.previous_since))

    @property
    def days(self) -> list[date]:
        """The local days of the period, oldest first."""
        first, last = self.since.date(), (self.until - timedelta(microseconds=1)).date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def filters(self, **terms: tuple[str, ...]) -> Filters:
        return Filters(terms=dict(terms), since=self.since, until=self.until)


def local_day(day: date, tz: str) -> Period:
    """The local day ``day``, compared with the day before."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time.min, tzinfo=zone)
    before = datetime.combine(day - timedelta(days=1), time.min, tzinfo=zone)
    return Period(start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone), f"{day:%d/%m/%Y}", before)


def local_month(first: date, tz: str) -> Period:
    """The local calendar month of ``first``, compared with the calendar month before."""
    zone = ZoneInfo(tz)
    start = first.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    before = (start - timedelta(days=1)).replace(day=1)
    return Period(
        datetime.combine(start, time.min, tzinfo=zone), datetime.combine(following, time.min, tzinfo=zone),
        f"{start:%m/%Y}", datetime.combine(before, time.min, tzinfo=zone),
    )  # fmt: skip


def month_so_far(first: date, tz: str, now: datetime) -> Period:
    """The local calendar month of ``first`` as it stands at ``now``.

    A month that is over is itself, against the whole month before. A month still running is
    cut at its last complete local day and compared with as many first days of the month
    before (all of it when that month is shorter): like with like. A month without a complete
    day yet is an :class:`InputError`.
    """
    month = local_month(first, tz)
    if now >= month.until:
        return month
    zone = ZoneInfo(tz)
    today = datetime.combine(now.astimezone(zone).date(), time.min, tzinfo=zone)
    if today <= month.since:
        at = now.astimezone(zone).strftime("%H:%M %d/%m/%Y")
        raise InputError(f"--month: tháng {month.label} chưa có ngày nào trọn vẹn (lúc {at}); hãy chọn một tháng trước đó")
    days = (today.date() - month.since.date()).days
    previous_until = datetime.combine(month.previous_since.date() + timedelta(days=days), time.min, tzinfo=zone)
    return Period(month.since, today, month.label, month.previous_since, min(previous_until, month.since))


def parse_month(text: str) -> date:
    """A month as the reports write it (``11/2026``) or as ISO (``2026-11``) -> its first day, read
    by the shared parser (:func:`langnghe.times.parse_local_month`); anything else is an
    :class:`InputError` in one Vietnamese line.

    >>> parse_month("2026-11"), parse_month("11/2026")
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 1))
    """
    return parse_local_month(text, option="--month")


def previous_month(today: date) -> str:
    """The month before ``today``'s, as ``YYYY-MM`` (the default of ``langnghe report``).

    >>> previous_month(date(2027, 1, 5))
    '2026-12'
    """
    return f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"


def local_days(last: date, count: int, tz: str) -> Period:
    """The ``count`` local days ending with ``last`` (a chart's window), compared with as many before."""
    zone = ZoneInfo(tz)
    first = last - timedelta(days=count - 1)
    start, end = (datetime.combine(d, time.min, tzinfo=zone) for d in (first, last + timedelta(days=1)))
    return Period(start, end, f"{first:%d/%m}–{last:%d/%m/%Y}", start - timedelta(days=count))
