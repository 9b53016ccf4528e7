"""The rule that picks a page's publication time among its metadata and its visible byline."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector

from langnghe.crawlers.page_time import Found, PageTime, TimeSource, choose_time, page_time

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)


def at(hour: int, minute: int = 0, *, offset_h: int = 7, source: TimeSource = "metadata", second: int = 0) -> Found:
    when = datetime(2020, 3, 3, hour, minute, second, tzinfo=timezone(timedelta(hours=offset_h)))
    return Found(when, source, timed=True)


def utc_of(found: Found) -> datetime:
    return found.when.astimezone(timezone.utc)


def test_agreeing_times_keep_the_metadata_with_its_seconds() -> None:
    meta, line = at(8, 20, second=41), at(8, 20, source="byline")
    assert choose_time([meta], [line], HANOI) == PageTime(utc_of(meta), "metadata")


@pytest.mark.parametrize(("meta_hour", "off"), [(1, 7), (9, 1), (15, 7)])
def test_a_byline_whole_hours_away_wins_and_says_by_how_much(meta_hour: int, off: int) -> None:
    line = at(8, 20, source="byline")
    assert choose_time([at(meta_hour, 20, second=30)], [line], HANOI) == PageTime(utc_of(line), "byline", off)


def test_a_byline_minutes_away_is_another_time_and_the_metadata_stays() -> None:
    meta = at(8, 20)
    assert choose_time([meta], [at(10, 45, source="byline")], HANOI) == PageTime(utc_of(meta), "metadata")


def test_plus_eight_metadata_without_a_byline_is_the_local_clock() -> None:
    got = choose_time([at(10, 30, offset_h=8)], [], HANOI)
    assert got == PageTime(datetime(2020, 3, 3, 3, 30, tzinfo=timezone.utc), "metadata")


@pytest.mark.parametrize("offset_h", [0, -5])
def test_utc_and_far_zones_are_taken_as_written(offset_h: int) -> None:
    meta = at(10, 30, offset_h=offset_h)
    assert choose_time([meta], [], HANOI) == PageTime(utc_of(meta), "metadata")


def test_a_day_only_metadata_gives_way_to_a_timed_byline() -> None:
    day = Found(datetime(2020, 3, 2, 17, 0, tzinfo=timezone.utc), "metadata", timed=False)
    line = at(8, 20, source="tooltip")
    assert choose_time([day], [line], HANOI) == PageTime(utc_of(line), "tooltip")


def test_nothing_gives_nothing() -> None:
    assert choose_time([], [], HANOI) == PageTime(None, None)


def page(top: str, after: str) -> Selector:
    body = "<p>" + "Bà con trong xã họp bàn việc sửa đường liên thôn trước mùa mưa. " * 12 + "</p>"
    return Selector(text=f"""<html><body><div class="top">{top}</div><div class="news">
<h1>Xã họp bàn sửa đường liên thôn trước mùa mưa</h1>{after}{body}</div></body></html>""")


def test_the_today_strip_outside_the_article_block_is_not_its_date() -> None:
    sel = page('<span class="date">Thứ Sáu, 14/09/2012 10:32</span>', '<span class="date">12/09/2012 07:45</span>')
    assert page_time(sel, now=NOW, tz="Asia/Ho_Chi_Minh").when == datetime(2012, 9, 12, 0, 45, tzinfo=timezone.utc)
    only_strip = page('<span class="date">Thứ Sáu, 14/09/2012 10:32</span>', "")
    assert page_time(only_strip, now=NOW, tz="Asia/Ho_Chi_Minh").when is None


def test_a_tooltip_beats_the_relative_text_it_explains() -> None:
    sel = page("", '<abbr class="DateTime" data-time="1526040000">10 năm trước</abbr>')
    assert page_time(sel, now=NOW, tz="Asia/Ho_Chi_Minh") == PageTime(
        datetime(2018, 5, 11, 12, 0, tzinfo=timezone.utc), "tooltip"
    )


def test_a_date_written_by_a_script_beside_the_headline() -> None:
    sel = page("", "<div class='ngaydang'><script>document.write(fmt('2014-05-20 16:20:00'))</script></div>")
    assert page_time(sel, now=NOW, tz="Asia/Ho_Chi_Minh") == PageTime(
        datetime(2014, 5, 20, 9, 20, tzinfo=timezone.utc), "script"
    )


def test_comments_beside_the_headline_are_stepped_over() -> None:
    sel = page("<!-- banner -->", '<!-- tin chính --><span class="date">12/09/2012 07:45</span><!-- hết -->')
    assert page_time(sel, now=NOW, tz="Asia/Ho_Chi_Minh").when == datetime(2012, 9, 12, 0, 45, tzinfo=timezone.utc)
