"""Users' dates and times: dd/mm/yyyy [HH:MM] in local time as every output writes them, or ISO."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from langnghe.errors import InputError
from langnghe.times import parse_local_day, parse_local_time

HCM = "Asia/Ho_Chi_Minh"
LOCAL = ZoneInfo(HCM)


@pytest.mark.parametrize("text, expected", [
    ("07/12/2026", datetime(2026, 12, 7, tzinfo=LOCAL)),
    ("7/12/2026 08:00", datetime(2026, 12, 7, 8, 0, tzinfo=LOCAL)),
    ("07-12-2026 8h30", datetime(2026, 12, 7, 8, 30, tzinfo=LOCAL)),
    ("07/12/2026 lúc 20:15", datetime(2026, 12, 7, 20, 15, tzinfo=LOCAL)),
    ("2026-12-07", datetime(2026, 12, 7, tzinfo=LOCAL)),
    ("2026-12-07T08:00", datetime(2026, 12, 7, 8, 0, tzinfo=LOCAL)),
    ("2026-12-07T01:00+00:00", datetime(2026, 12, 7, 8, 0, tzinfo=LOCAL)),
])
def test_local_and_iso_times_are_read_in_the_local_zone(text: str, expected: datetime) -> None:
    assert parse_local_time(text, HCM, option="--at") == expected


def test_a_bare_day_as_an_end_bound_includes_that_whole_day() -> None:
    assert parse_local_time("07/12/2026", HCM, option="--until", end=True) == datetime(2026, 12, 8, tzinfo=LOCAL)
    assert parse_local_time("07/12/2026 10:00", HCM, option="--until", end=True) == datetime(2026, 12, 7, 10, tzinfo=LOCAL)


@pytest.mark.parametrize("text, message", [
    ("31/02/2026", "--at: không có ngày '31/02/2026'"),
    ("07/12/2026 25:00", "--at: giờ không hợp lệ trong '07/12/2026 25:00'"),
    ("hôm qua", "--at: không đọc được thời điểm 'hôm qua' (viết như 07/12/2026"),
    ("2026-02-30", "--at: không có ngày '2026-02-30'"),
])
def test_bad_times_are_one_vietnamese_line_naming_the_option(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_local_time(text, HCM, option="--at")
    assert str(caught.value).startswith(message)


def test_days_accept_both_orders_and_refuse_a_clock() -> None:
    assert parse_local_day("07/12/2026", HCM, option="--day") == date(2026, 12, 7)
    assert parse_local_day("2026-12-07", HCM, option="--day") == date(2026, 12, 7)
    with pytest.raises(InputError, match="--day: cần một ngày, không kèm giờ"):
        parse_local_day("07/12/2026 08:00", HCM, option="--day")
    with pytest.raises(InputError, match="--day: không đọc được ngày '12/2026'"):
        parse_local_day("12/2026", HCM, option="--day")
