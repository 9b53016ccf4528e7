"""Dates as Vietnamese news sites and forums print them -> aware UTC datetimes.

Handles ISO 8601, day-first numeric dates ("Thứ hai, 20/11/2026, 08:15 (GMT+7)"), spelled-out
ones ("ngày 20 tháng 11 năm 2026"), relative ones ("2 giờ trước", "hôm qua lúc 21:30",
"vừa xong") and their English counterparts. A time without a zone is the source's local time;
12-hour clocks say their half of the day in Vietnamese ("11:05 tối", "04:00 chiều", "9:15 sáng",
"SA/CH") or English ("03:04 AM"). Numeric dates are day first unless told ``order="mdy"``: boards
that write month first ("03-15-2012", "04-03-14") are recognised page by page
(:func:`numeric_date_order`), since one date alone is ambiguous up to the 12th.
Impossible dates (31/02) and dates more than a day after ``now`` give None: a wrong date
is worse than none, since it decides where an item falls in trends and digests.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from typing import Literal

from langnghe.item import FUTURE_TOLERANCE  # the Item drops later dates anyway; here, before a fallback

DateOrder = Literal["dmy", "mdy"]

_ISO = re.compile(
    r"\b(\d{4}-\d{2}-\d{2})(?:[t ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(z|[+-]\d{2}(?::?\d{2})?)?)?(?![\d/])"
)
_ZONE = re.compile(r"\(?\b(?:gmt|utc)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?\)?")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})\b")
# Forums' short form, "30/11/26 08:15", "04-03-14": slashes or dashes (dots with two digits are
# too often a version number).
_SHORT_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(\d{2})(?![\d/.-])")
# Any numeric date, for telling a page's order: (first, second) of "first/second/year".
_ANY_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/.-])")
_SPELLED_DATE = re.compile(r"\b(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,|năm)?\s*(\d{4})\b")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_MONTH_NAME = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r",?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
# "08:15", "8h15", "9g15", "9 giờ 15 phút", "08:15:30", with an optional half of the day:
# "SA/CH", "AM/PM", or the word for it ("sáng", "trưa", "chiều", "tối", "đêm", "khuya").
_TIME = re.compile(
    r"\b(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{2})(?::(\d{2}))?(?:\s*phút)?"
    r"(?:\s*(sa|ch|am|pm|a\.m\.?|p\.m\.?|sáng|trưa|chiều|tối|đêm|khuya)(?!\w))?"
)
# Hours to add to a 12-hour clock, by its half-of-day word, from the hour (1-12) on.
_AFTERNOON_FROM = {"ch": 1, "pm": 1, "p.m": 1, "p.m.": 1, "chiều": 1, "trưa": 1, "tối": 1, "đêm": 6, "khuya": 6}
_NOON_IS_MIDNIGHT = ("sa", "am", "a.m", "a.m.", "sáng", "đêm", "khuya")
_RELATIVE = re.compile(
    r"\b(\d+|một|một vài|vài|an?)\s*(giây|phút|giờ|tiếng|ngày|tuần|tháng|năm"
    r"|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s*(?:trước|ago)\b"
)
_UNIT_SECONDS = {
    "giây": 1, "second": 1, "sec": 1, "phút": 60, "minute": 60, "min": 60, "giờ": 3600, "tiếng": 3600,
    "hour": 3600, "hr": 3600, "ngày": 86400, "day": 86400, "tuần": 604800, "week": 604800,
    "tháng": 30 * 86400, "month": 30 * 86400, "năm": 365 * 86400, "year": 365 * 86400,
}
_JUST_NOW = re.compile(r"\b(vừa xong|vừa đăng|vừa mới|mới đây|just now|moments? ago)\b")
_DAY_WORDS = {"hôm nay": 0, "today": 0, "hôm qua": 1, "yesterday": 1, "hôm kia": 2}
_DAY_WORD = re.compile(r"\b(hôm nay|hôm qua|hôm kia|today|yesterday)\b")


def parse_vietnamese_date(
    text: str, *, now: datetime, tz: str = "Asia/Ho_Chi_Minh", future: timedelta | None = FUTURE_TOLERANCE,
    order: DateOrder = "dmy",
) -> datetime | None:
    """The moment ``text`` names, in UTC; None when it names none or an impossible one, or one
    more than ``future`` after ``now`` (``future=None``: any, the Item then drops it and says so).

    >>> now = datetime(2026, 11, 22, 5, 0, tzinfo=timezone.utc)
    >>> parse_vietnamese_date("Thứ hai, 20/11/2026, 08:15 (GMT+7)", now=now)
    datetime.datetime(2026, 11, 20, 1, 15, tzinfo=datetime.timezone.utc)
    >>> parse_vietnamese_date("2 giờ trước", now=now)
    datetime.datetime(2026, 11, 22, 3, 0, tzinfo=datetime.timezone.utc)
    """
    local = ZoneInfo(tz)
    now = now if now.tzinfo else now.replace(tzinfo=local)
    clean = _normalise(text)
    if not clean:
        return None
    when = _relative(clean, now, local) or _iso(clean, local) or _absolute(clean, local, order)
    if when is None or (future is not None and when > now + future):
        return None
    try:
        return when.astimezone(timezone.utc)
    except OverflowError:  # 31/12/9999 west of Greenwich: past what UTC holds, the Item takes it as far ahead
        return when


def _normalise(text: str) -> str:
    # NFC first: a decomposed "giờ" would not match the patterns.
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _relative(text: str, now: datetime, local: ZoneInfo) -> datetime | None:
    if _JUST_NOW.search(text):
        return now
    if found := _RELATIVE.search(text):
        count = int(found[1]) if found[1].isdigit() else 1
        unit = found[2].rstrip("s") if found[2] not in _UNIT_SECONDS else found[2]
        return now - timedelta(seconds=count * _UNIT_SECONDS[unit])
    if (found := _DAY_WORD.search(text)) and _date(text, "dmy") is None:  # "Hôm nay, 14/09/2012": the date
        day = (now.astimezone(local) - timedelta(days=_DAY_WORDS[found[1]])).date()
        hour, minute, second = _time_of_day(text) or (0, 0, 0)
        return _local(local, day.year, day.month, day.day, hour, minute, second)
    return None


def _iso(text: str, local: ZoneInfo) -> datetime | None:
    found = _ISO.search(text)
    if found is None:
        return None
    day, clock, zone = found.groups()
    try:
        when = datetime.fromisoformat(f"{day}T{clock or '00:00'}".replace(",", "."))
    except ValueError:
        return None
    offset = _iso_offset(zone) if zone else _zone(text)[0]  # "2026-11-20 08:15 GMT+7"
    return when.replace(tzinfo=offset or local)


def _iso_offset(zone: str) -> timezone:
    if zone == "z":
        return timezone.utc
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    return timezone(timedelta(minutes=minutes if zone[0] == "+" else -minutes))


def _absolute(text: str, local: ZoneInfo, order: DateOrder) -> datetime | None:
    """A written date, its time of day (anywhere around it) and its zone (else ``local``)."""
    zone, text = _zone(text)
    date_parts = _date(text, order)
    if date_parts is None:
        return None
    (year, month, day), rest = date_parts
    hour, minute, second = _time_of_day(rest) or (0, 0, 0)
    return _local(zone or local, year, month, day, hour, minute, second)


def _zone(text: str) -> tuple[timezone | None, str]:
    """The "GMT+7" part, and the text without it (so its digits are not read as a time)."""
    found = _ZONE.search(text)
    if found is None:
        return None, text
    sign, hours, minutes = found.groups()
    offset = timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
    zone = timezone(-offset if sign == "-" else offset)
    return zone, text[: found.start()] + " " + text[found.end():]


def _date(text: str, order: DateOrder) -> tuple[tuple[int, int, int], str] | None:
    """(year, month, day) of the first date written in ``text``, and the text without it."""
    for pattern in (_NUMERIC_DATE, _SPELLED_DATE, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _SHORT_DATE):
        if found := pattern.search(text):
            rest = text[: found.start()] + " " + text[found.end():]
            return _ymd(pattern, found, order), rest
    return None


def _ymd(pattern: re.Pattern[str], found: re.Match[str], order: DateOrder) -> tuple[int, int, int]:
    if pattern in (_NUMERIC_DATE, _SHORT_DATE):  # 03/04/2026 is the 3rd of April unless the page is month first
        year = int(found[4]) + (2000 if pattern is _SHORT_DATE else 0)
        first, second = int(found[1]), int(found[3])
        return (year, first, second) if order == "mdy" else (year, second, first)
    if pattern is _SPELLED_DATE:
        return int(found[3]), int(found[2]), int(found[1])
    if pattern is _DAY_MONTH_YEAR:
        return int(found[3]), _MONTHS[found[2]], int(found[1])
    return int(found[3]), _MONTHS[found[1]], int(found[2])


def _time_of_day(text: str) -> tuple[int, int, int] | None:
    found = _TIME.search(text)
    if found is None:
        return None
    hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
    half = found[4]
    if half is None or hour > 12:
        return hour, minute, second
    if hour == 12:  # "12:30 trưa" is noon, "12:10 đêm" and "12:05 SA" are just after midnight
        return (0 if half in _NOON_IS_MIDNIGHT else 12), minute, second
    if half in _AFTERNOON_FROM and hour >= _AFTERNOON_FROM[half] and not (half == "trưa" and hour >= 10):
        hour += 12  # "04:00 chiều" is 16:00, "11:05 tối" 23:05, "9 giờ đêm" 21:00; "2 giờ đêm" stays 2:00
    return hour, minute, second


def numeric_date_order(text: str) -> DateOrder:
    """"mdy" when the numeric dates in ``text`` (a whole page) that can only be read one way are
    month first ("03-15-2012"), else "dmy": the order to read that page's ambiguous ones in.

    >>> numeric_date_order("04-03-14, 10:20 PM ... 04-23-14, 07:15 AM")
    'mdy'
    """
    month_first = day_first = 0
    for found in _ANY_NUMERIC.finditer(text):
        first, second = int(found[1]), int(found[3])
        day_first += first > 12 >= second
        month_first += second > 12 >= first
    return "mdy" if month_first > day_first else "dmy"


_WEEKDAY = re.compile(r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|cn|t[2-7])\b")
_DATE_LINE_WORDS = re.compile(r"\b(?:cập nhật|đăng(?: lúc| ngày)?|ngày|lúc|giờ|gmt|utc|published|updated|posted|on|at)\b")
_DATE_LINE_CHARS = 80
_DATE_LINE_OTHER_WORDS = 3  # a section name or a byline beside the date ("Nông thôn - ...", "Bài: Trà My")


def is_date_line(line: str) -> bool:
    """A line that holds a written date and little else ("Thứ Năm, 17/02/2011, 14:20",
    "Cập nhật: 05/06/2017 10:30 GMT+7"): the date line an extractor kept as the text's first line."""
    clean = _normalise(line)
    if not clean or len(clean) > _DATE_LINE_CHARS or (_ISO.search(clean) is None and _date(clean, "dmy") is None):
        return False
    for pattern in (_ISO, _ZONE, _NUMERIC_DATE, _SPELLED_DATE, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _SHORT_DATE, _TIME, _WEEKDAY, _DATE_LINE_WORDS):
        clean = pattern.sub(" ", clean)
    return len(re.findall(r"[^\W\d_]+", clean)) <= _DATE_LINE_OTHER_WORDS  # numbers beside it are counters


def has_numeric_date(text: str) -> bool:
    """Whether ``text`` writes a date in numbers ("04-03-14", "15/3/2012"): its order then matters."""
    return _ANY_NUMERIC.search(text) is not None


def from_timestamp(text: str) -> datetime | None:
    """A Unix time in seconds (10 digits) or milliseconds (13), as tooltips and ``data-time`` keep it."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (10, 13):
        return None
    return datetime.fromtimestamp(int(digits) / (1000 if len(digits) == 13 else 1), timezone.utc)


def _local(zone: tzinfo, year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:  # 31/02, 25:00 ...
        return None
