"""Report periods and the overview's counts against the period before."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from elasticsearch import Elasticsearch

from langnghe.errors import InputError
from langnghe.index.es import ElasticsearchIndex
from langnghe.index.sqlite import SQLiteIndex
from langnghe.reports.names import Names
from langnghe.reports.overview import build_overview, daily_volume
from langnghe.reports.periods import local_day, local_days, local_month, parse_month
from langnghe.testing import build_item

TZ = "Asia/Ho_Chi_Minh"
VN = ZoneInfo(TZ)


def test_a_month_is_a_local_calendar_month_compared_with_the_one_before() -> None:
    january = local_month(date(2027, 1, 15), TZ)
    assert (january.since, january.until) == (datetime(2027, 1, 1, tzinfo=VN), datetime(2027, 2, 1, tzinfo=VN))
    assert (january.previous.since, january.previous.until) == (datetime(2026, 12, 1, tzinfo=VN), january.since)
    assert len(january.days) == 31 and january.label == "01/2027"
    assert len(local_month(date(2028, 2, 1), TZ).days) == 29
    day = local_day(date(2026, 11, 20), TZ)
    assert day.since.astimezone(timezone.utc) == datetime(2026, 11, 19, 17, tzinfo=timezone.utc)
    assert day.previous.since == datetime(2026, 11, 19, tzinfo=VN) and day.days == [date(2026, 11, 20)]
    assert local_days(date(2026, 11, 20), 14, TZ).days[0] == date(2026, 11, 7)


@pytest.mark.parametrize("text", ["2026-00", "2026-13", "2026/11", "13/2026", "Nov 2026", ""])
def test_a_bad_month_names_the_option_and_the_shape_in_vietnamese(text: str) -> None:
    with pytest.raises(InputError, match=r"^--month: không đọc được tháng .* \(viết như 11/2026 hoặc 2026-11\)$"):
        parse_month(text)


def test_a_month_is_read_as_the_reports_write_it_or_as_iso() -> None:
    assert parse_month("11/2026") == parse_month("2026-11") == parse_month(" 11/2026 ") == date(2026, 11, 1)
    assert parse_month("1/2027") == date(2027, 1, 1)


@pytest.mark.parametrize("text", ["tháng 11/2026", " 11-2026 ", "11.2026"])
def test_a_month_is_read_by_the_shared_parser_in_other_spellings(text: str) -> None:
    assert parse_month(text) == date(2026, 11, 1)


def test_overview_counts_a_period_against_the_one_before(tmp_path: Path) -> None:
    start = datetime(2026, 11, 1, tzinfo=VN)
    items = [
        build_item(source="a", platform="news", provinces=["Huế"], concerns=["education"], sentiment="negative",
                   published_at=start + timedelta(days=n)) for n in range(5)
    ] + [
        build_item(source="b", platform="forum", provinces=["Huế"], sentiment="positive",
                   published_at=start - timedelta(days=3)),
        build_item(source="b", platform="forum", provinces=["Cà Mau"], published_at=start + timedelta(days=40)),
    ]  # fmt: skip
    with SQLiteIndex(tmp_path / "i.sqlite3") as index:
        index.upsert(items)
        month = local_month(date(2026, 11, 1), TZ)
        overview = build_overview(index, month, Names(concerns={"education": "Giáo dục"}), tz=TZ)
        volume = daily_volume(index, month, Names(), tz=TZ)
    assert (overview.total.current, overview.total.previous) == (5, 1)
    assert [(c.label, c.current, c.previous, c.change) for c in overview.of("province")] == [("Huế", 5, 1, "+4")]
    assert [(c.label, c.current) for c in overview.of("platform")] == [("Báo điện tử", 5), ("Diễn đàn", 0)]
    assert [(m.label, m.sentiment) for m in overview.mixes] == [("Giáo dục", {"negative": 5})]
    assert volume["Tất cả"][:6] == [1, 1, 1, 1, 1, 0] and len(volume["Tất cả"]) == 30
    assert sum(volume["Báo điện tử"]) == 5


def test_the_overview_is_the_same_on_elasticsearch(tmp_path: Path, es_client: Elasticsearch, es_prefix: str) -> None:
    start = datetime(2026, 11, 20, tzinfo=VN)
    items = [
        build_item(source=f"nguon-{n % 3}", platform="forum" if n % 2 else "news",
                   provinces=["Huế", "Cà Mau"][: 1 + n % 2], concerns=["education"],
                   sentiment=["negative", "positive"][n % 2], story_id=f"st-{n % 2}", title=f"Tin số {n}", published_at=start + timedelta(hours=n * 5 - 20)) for n in range(10)
    ]  # fmt: skip
    names = Names(concerns={"education": "Giáo dục"})
    day = local_day(date(2026, 11, 20), TZ)
    production = ElasticsearchIndex(es_client, prefix=es_prefix, refresh="true")
    with SQLiteIndex(tmp_path / "i.sqlite3") as embedded:
        for backend in (embedded, production):
            backend.upsert(items)
        expected = build_overview(embedded, day, names, tz=TZ)
        assert build_overview(production, day, names, tz=TZ) == expected and expected.total.current == 5
        assert [story.items for story in expected.stories] == [3, 2]
        assert daily_volume(production, day, names, tz=TZ) == daily_volume(embedded, day, names, tz=TZ)
    production.close()


def test_a_top_storys_title_is_its_best_headline_and_its_first_sample_that_item(tmp_path: Path) -> None:
    from langnghe.reports.overview import top_stories

    start = datetime(2026, 11, 20, 8, tzinfo=VN)
    posts = [build_item(id=f"dien-dan-{n:04d}", platform="forum", kind="post", source="dien-dan", story_id="st-ca",
                        title="ca chet trang song lach vang, ai biet chuyen gi khong", url=f"https://x.example/{n}",
                        published_at=start + timedelta(hours=n)) for n in range(3)]  # fmt: skip
    accented = build_item(id="dien-dan-0009", platform="forum", kind="post", source="dien-dan", story_id="st-ca",
                          title="Cá chết trắng sông Lạch Vàng sáng nay", url="https://x.example/9",
                          published_at=start + timedelta(hours=5))  # fmt: skip
    day = local_day(date(2026, 11, 20), TZ)
    with SQLiteIndex(tmp_path / "i.sqlite3") as index:
        index.upsert([*posts, accented])
        (story,) = top_stories(index, day.filters(), Names(), tz=TZ)
    assert story.title == "Cá chết trắng sông Lạch Vàng sáng nay"
    assert story.samples[0].url == "https://x.example/9"
