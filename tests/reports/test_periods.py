"""Report periods: a month still running is cut at its last complete local day and compared
with the same first days of the month before."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from langnghe.errors import InputError
from langnghe.reports.periods import local_month, month_so_far

TZ = "Asia/Ho_Chi_Minh"
VN = ZoneInfo(TZ)


def test_a_month_that_is_over_is_the_whole_month_against_the_whole_month_before() -> None:
    period = month_so_far(date(2026, 11, 1), TZ, datetime(2026, 12, 2, tzinfo=timezone.utc))
    assert period == local_month(date(2026, 11, 1), TZ)
    assert (period.previous.since, period.previous.until) == (datetime(2026, 10, 1, tzinfo=VN), datetime(2026, 11, 1, tzinfo=VN))


def test_a_running_month_stops_at_its_last_complete_day_and_compares_as_many_days() -> None:
    period = month_so_far(date(2026, 12, 1), TZ, datetime(2026, 12, 15, 10, 30, tzinfo=VN))
    assert (period.since, period.until) == (datetime(2026, 12, 1, tzinfo=VN), datetime(2026, 12, 15, tzinfo=VN))
    assert (period.previous.since, period.previous.until) == (datetime(2026, 11, 1, tzinfo=VN), datetime(2026, 11, 15, tzinfo=VN))
    assert len(period.days) == len(period.previous.days) == 14


def test_the_local_day_decides_not_the_utc_one() -> None:
    # 17:30 UTC on 14/12 is already 00:30 on 15/12 in Hà Nội: 14 complete days
    period = month_so_far(date(2026, 12, 1), TZ, datetime(2026, 12, 14, 17, 30, tzinfo=timezone.utc))
    assert period.until == datetime(2026, 12, 15, tzinfo=VN)


def test_a_short_month_before_is_compared_whole() -> None:
    period = month_so_far(date(2027, 3, 1), TZ, datetime(2027, 3, 31, 9, 0, tzinfo=VN))
    assert len(period.days) == 30 and period.previous.until == datetime(2027, 3, 1, tzinfo=VN)


@pytest.mark.parametrize("now", [datetime(2026, 12, 1, 9, 0, tzinfo=VN), datetime(2026, 11, 20, tzinfo=VN)])
def test_a_month_without_a_complete_day_is_refused_in_vietnamese(now: datetime) -> None:
    with pytest.raises(InputError, match="^--month: tháng 12/2026 chưa có ngày nào trọn vẹn"):
        month_so_far(date(2026, 12, 1), TZ, now)
