"""Vietnamese (and English) date lines -> aware UTC datetimes, against a fixed clock."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

import pytest

from langnghe.crawlers.dates import DateOrder, from_timestamp, is_date_line, numeric_date_order, parse_vietnamese_date

# 12:00 in Hà Nội on Sunday 22 November 2026.
NOW = datetime(2026, 11, 22, 5, 0, tzinfo=timezone.utc)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ hai, 20/11/2026, 08:15 (GMT+7)", utc(2026, 11, 20, 1, 15)),
        ("Chủ nhật, 22/11/2026, 06:40 (GMT+07:00)", utc(2026, 11, 21, 23, 40)),
        ("20/11/2026, 08:15 GMT+0", utc(2026, 11, 20, 8, 15)),
        ("20/11/2026 08:15 (UTC-5)", utc(2026, 11, 20, 13, 15)),
        ("20/11/2026 08:15", utc(2026, 11, 20, 1, 15)),
        ("08:15 20/11/2026", utc(2026, 11, 20, 1, 15)),
        ("20/11/2026 - 8h15", utc(2026, 11, 20, 1, 15)),
        ("20.11.2026 08:15:30", utc(2026, 11, 20, 1, 15, 30)),
        ("20-11-2026", utc(2026, 11, 19, 17, 0)),
        ("3/4/2026", utc(2026, 4, 2, 17, 0)),  # day first: 3 April
        ("ngày 20 tháng 11 năm 2026", utc(2026, 11, 19, 17, 0)),
        ("Ngày 5 tháng 1 năm 2026 lúc 14:20", utc(2026, 1, 5, 7, 20)),
        ("20 tháng 11, 2026 - 08:15", utc(2026, 11, 20, 1, 15)),
        ("Cập nhật: 08:15 ngày 20/11/2026", utc(2026, 11, 20, 1, 15)),
        ("20/11/2026 03:15 CH", utc(2026, 11, 20, 8, 15)),
        ("20/11/2026 12:05 SA", utc(2026, 11, 19, 17, 5)),
        ("2026-11-20T08:15:00+07:00", utc(2026, 11, 20, 1, 15)),
        ("2026-11-20T08:15:00+0700", utc(2026, 11, 20, 1, 15)),
        ("2026-11-20T01:15:00Z", utc(2026, 11, 20, 1, 15)),
        ("2026-11-20T01:15:00.123Z", utc(2026, 11, 20, 1, 15, 0, 123000)),
        ("2026-11-20T08:15:00", utc(2026, 11, 20, 1, 15)),  # no zone: local time
        ("2026-11-20", utc(2026, 11, 19, 17, 0)),
        ("Nov 20, 2026 8:15 PM", utc(2026, 11, 20, 13, 15)),
        ("20 November 2026", utc(2026, 11, 19, 17, 0)),
        ("November 20th, 2026 at 08:15", utc(2026, 11, 20, 1, 15)),
    ],
)
def test_absolute_dates(text: str, expected: datetime) -> None:
    assert parse_vietnamese_date(text, now=NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vừa xong", NOW),
        ("Vừa đăng", NOW),
        ("just now", NOW),
        ("5 phút trước", utc(2026, 11, 22, 4, 55)),
        ("30 giây trước", utc(2026, 11, 22, 4, 59, 30)),
        ("2 giờ trước", utc(2026, 11, 22, 3, 0)),
        ("1 tiếng trước", utc(2026, 11, 22, 4, 0)),
        ("3 ngày trước", utc(2026, 11, 19, 5, 0)),
        ("2 tuần trước", utc(2026, 11, 8, 5, 0)),
        ("hôm qua lúc 21:30", utc(2026, 11, 21, 14, 30)),
        ("Hôm nay, 07:05", utc(2026, 11, 22, 0, 5)),
        ("hôm kia 09:00", utc(2026, 11, 20, 2, 0)),
        ("Hôm qua", utc(2026, 11, 20, 17, 0)),  # the local day only
        ("3 hours ago", utc(2026, 11, 22, 2, 0)),
        ("a day ago", utc(2026, 11, 21, 5, 0)),
        ("Yesterday at 9:30 PM", utc(2026, 11, 21, 14, 30)),
    ],
)
def test_relative_dates(text: str, expected: datetime) -> None:
    assert parse_vietnamese_date(text, now=NOW) == expected


def test_today_is_the_local_day_not_the_utc_one() -> None:
    # 23:30 UTC on the 21st is already 06:30 on the 22nd in Hà Nội.
    late = datetime(2026, 11, 21, 23, 30, tzinfo=timezone.utc)
    assert parse_vietnamese_date("Hôm nay, 06:00", now=late) == utc(2026, 11, 21, 23, 0)


def test_other_source_zone() -> None:
    got = parse_vietnamese_date("20/11/2026 08:15", now=NOW, tz="Europe/Paris")
    assert got == utc(2026, 11, 20, 7, 15)


def test_naive_now_is_local_time() -> None:
    assert parse_vietnamese_date("2 giờ trước", now=datetime(2026, 11, 22, 12, 0)) == utc(2026, 11, 22, 3, 0)


def test_decomposed_unicode_is_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "ngày 20 tháng 11 năm 2026, 2 giờ")
    assert parse_vietnamese_date(decomposed, now=NOW) == utc(2026, 11, 19, 17, 0)
    assert parse_vietnamese_date(unicodedata.normalize("NFD", "2 giờ trước"), now=NOW) == utc(2026, 11, 22, 3, 0)


def test_result_is_aware_utc() -> None:
    got = parse_vietnamese_date("Thứ hai, 20/11/2026, 08:15 (GMT+7)", now=NOW)
    assert got is not None and got.tzinfo == timezone.utc


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Không có ngày tháng nào ở đây",
        "31/02/2026",
        "29/02/2026",  # 2026 is not a leap year
        "32/01/2026",
        "20/13/2026",
        "11/20/2026",  # month first is not read: there is no 13th month... nor 20th
        "20/11/2026 25:00",
        "2026-02-30T08:00:00+07:00",
        "ngày 31 tháng 4 năm 2026",
        "25/11/2026",  # three days ahead of now
        "2027-01-01T00:00:00Z",
    ],
)
def test_impossible_or_future_dates_give_none(text: str) -> None:
    assert parse_vietnamese_date(text, now=NOW) is None


def test_up_to_a_day_ahead_is_accepted() -> None:
    # Clock skew and zone slips: a page stamped a few hours ahead keeps its date.
    assert parse_vietnamese_date("22/11/2026 20:00", now=NOW) == utc(2026, 11, 22, 13, 0)
    assert parse_vietnamese_date("23/11/2026 11:00", now=NOW) == utc(2026, 11, 23, 4, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20/11/26 08:15", utc(2026, 11, 20, 1, 15)),
        ("Gửi lúc 21:30 19/11/26", utc(2026, 11, 19, 14, 30)),
    ],
)
def test_forums_short_year(text: str, expected: datetime) -> None:
    assert parse_vietnamese_date(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["1/2/345", "phiên bản 2.1.26", "12/25/26", "10/11/12/13"])
def test_short_forms_that_are_no_date(text: str) -> None:
    assert parse_vietnamese_date(text, now=NOW) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08/10/2016 lúc 11:05 tối", utc(2016, 10, 8, 16, 5)),
        ("Thứ Tư, 20/03/2013, 04:00 chiều", utc(2013, 3, 20, 9, 0)),
        ("10/05/2015 | 9:15 sáng", utc(2015, 5, 10, 2, 15)),
        ("01/02/2020 12:30 trưa", utc(2020, 2, 1, 5, 30)),
        ("01/02/2020 1:30 trưa", utc(2020, 2, 1, 6, 30)),  # half past one after noon
        ("01/02/2020 11:00 trưa", utc(2020, 2, 1, 4, 0)),
        ("01/02/2020 9 giờ 15 phút đêm", utc(2020, 2, 1, 14, 15)),
        ("01/02/2020 2:40 đêm", utc(2020, 1, 31, 19, 40)),  # the small hours stay small
        ("01/02/2020 12:10 đêm", utc(2020, 1, 31, 17, 10)),
        ("01/02/2020 3:04 a.m.", utc(2020, 1, 31, 20, 4)),
        ("01/02/2020 9g15 tối", utc(2020, 2, 1, 14, 15)),
    ],
)
def test_vietnamese_twelve_hour_clocks(text: str, expected: datetime) -> None:
    assert parse_vietnamese_date(text, now=NOW) == expected


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("03-15-2012, 03:04 AM", "mdy", utc(2012, 3, 14, 20, 4)),
        ("04-03-14, 10:20 PM", "mdy", utc(2014, 4, 3, 15, 20)),
        ("04-03-14, 10:20 PM", "dmy", utc(2014, 3, 4, 15, 20)),
        ("05-03-13 21:10", "dmy", utc(2013, 3, 5, 14, 10)),
    ],
)
def test_numeric_dates_in_the_page_order(text: str, order: DateOrder, expected: datetime) -> None:
    assert parse_vietnamese_date(text, now=NOW, order=order) == expected


@pytest.mark.parametrize(
    ("page", "order"),
    [
        ("03-15-2012, 03:04 AM ... 03-16-2012, 09:40 PM", "mdy"),
        ("04-03-14, 10:20 PM ... 04-23-14, 07:15 AM", "mdy"),
        ("05-03-13 21:10 ... 25-03-13 08:45", "dmy"),
        ("04-03-14 only ambiguous dates 05-06-14", "dmy"),
        ("no date at all", "dmy"),
    ],
)
def test_numeric_date_order_from_the_page(page: str, order: DateOrder) -> None:
    assert numeric_date_order(page) == order


def test_a_written_date_beats_the_day_word_beside_it() -> None:
    # A site's "today" strip: the date it names, not the day the page was read.
    assert parse_vietnamese_date("Hôm nay: Thứ Sáu, 14/09/2012", now=NOW) == utc(2012, 9, 13, 17, 0)


def test_unix_timestamps() -> None:
    assert from_timestamp("1526040000") == utc(2018, 5, 11, 12, 0)
    assert from_timestamp("1526040000000") == utc(2018, 5, 11, 12, 0)
    assert from_timestamp("152604") is None and from_timestamp("2018-05-11") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ Năm, 17/02/2011, 14:20", True),
        ("05/06/2017 10:30 GMT+7", True),
        ("Cập nhật: 12/09/2012 07:45", True),
        ("Nông thôn - Thứ Tư, 20/03/2013, 04:00 chiều", True),
        ("10/05/2010 | 08:40 Lượt xem: 1.204", True),  # a view counter beside it
        ("Hôm qua mình đi chợ", False),
        ("Ngày 12/3/2020, xã tổ chức họp dân về dự án mở rộng đường", False),
    ],
)
def test_date_lines(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected
