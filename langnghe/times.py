"""Reading a user's dates and times: ``dd/mm/yyyy [HH:MM]`` in local time, as every output writes
them, or ISO 8601 (``2026-12-07``, ``2026-12-07T08:00``, with or without an offset).

A time without an offset is read in the deployment's zone (``Asia/Ho_Chi_Minh`` by default).
Errors are one Vietnamese line that names the option and the value.

>>> from zoneinfo import ZoneInfo
>>> parse_local_time("07/12/2026 08:00", "Asia/Ho_Chi_Minh", option="--at").isoformat()
'2026-12-07T08:00:00+07:00'
>>> parse_local_day("7/12/2026", "Asia/Ho_Chi_Minh", option="--day").isoformat()
'2026-12-07'
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from langnghe.errors import InputError

__all__ = ["parse_local_day", "parse_local_month", "parse_local_time", "EXAMPLES"]

EXAMPLES = "07/12/2026, 07/12/2026 08:00 hoặc 2026-12-07T08:00+07:00"

# d/m/yyyy or dd-mm-yyyy or dd.mm.yyyy, then an optional HH:MM[:SS] after a space or "lúc"
_VN = re.compile(
    r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:(?:\s+|\s*lúc\s*|T)(?P<H>\d{1,2})[:h](?P<M>\d{2})?(?::(?P<S>\d{2}))?)?$",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# mm/yyyy (as reports write a month), m/yyyy, mm-yyyy, "tháng 11/2026", or ISO yyyy-mm
_MONTH_VN = re.compile(r"^(?:tháng\s*)?(?P<m>\d{1,2})[/.-](?P<y>\d{4})$", re.IGNORECASE)
_MONTH_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$")


def _bad(option: str, value: str, what: str) -> InputError:
    return InputError(f"{option}: không đọc được {what} {value!r} (viết như {EXAMPLES})")


def _vietnamese(text: str, option: str) -> tuple[date, time | None] | None:
    match = _VN.match(text)
    if match is None:
        return None
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise InputError(f"{option}: không có ngày {text!r} (ngày/tháng/năm, như 07/12/2026)") from None
    if match["H"] is None:
        return day, None
    try:
        clock = time(int(match["H"]), int(match["M"] or 0), int(match["S"] or 0))
    except ValueError:
        raise InputError(f"{option}: giờ không hợp lệ trong {text!r} (giờ:phút, như 08:00)") from None
    return day, clock


def parse_local_time(text: str, tz: str, *, option: str, end: bool = False) -> datetime:
    """A moment from ``dd/mm/yyyy [HH:MM]`` or ISO 8601, aware, in ``tz`` when it has no offset.

    A bare day means its start, or the start of the next day when ``end`` is set (so that an
    ``--until 07/12/2026`` includes the whole of that day).

    >>> parse_local_time("07/12/2026", "Asia/Ho_Chi_Minh", option="--until", end=True).isoformat()
    '2026-12-08T00:00:00+07:00'
    """
    value = text.strip()
    zone = ZoneInfo(tz)
    parts = _vietnamese(value, option)
    if parts is None and _ISO_DAY.match(value):
        try:
            parts = (date.fromisoformat(value), None)
        except ValueError:
            raise InputError(f"{option}: không có ngày {text!r}") from None
    if parts is not None:
        day, clock = parts
        if clock is None:
            return datetime.combine(day + timedelta(days=1) if end else day, time(), zone)
        return datetime.combine(day, clock, zone)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(option, text, "thời điểm") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def parse_local_day(text: str, tz: str, *, option: str) -> date:
    """A calendar day from ``dd/mm/yyyy`` or ``yyyy-mm-dd``.

    >>> parse_local_day("2026-12-07", "Asia/Ho_Chi_Minh", option="--day").isoformat()
    '2026-12-07'
    """
    value = text.strip()
    parts = _vietnamese(value, option)
    if parts is not None:
        if parts[1] is not None:
            raise InputError(f"{option}: cần một ngày, không kèm giờ (như 07/12/2026), nhận {text!r}")
        return parts[0]
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(option, text, "ngày") from None


def parse_local_month(text: str, *, option: str) -> date:
    """The first day of a calendar month from ``mm/yyyy`` (as reports write it) or ``yyyy-mm``.

    >>> parse_local_month("11/2026", option="--month"), parse_local_month("2026-11", option="--month")
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 1))
    """
    value = text.strip()
    match = _MONTH_VN.match(value) or _MONTH_ISO.match(value)
    if match is None or not 1 <= int(match["m"]) <= 12:
        raise InputError(f"{option}: không đọc được tháng {text!r} (viết như 11/2026 hoặc 2026-11)")
    return date(int(match["y"]), int(match["m"]), 1)
