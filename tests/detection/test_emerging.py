"""Emerging-issue signals, score and explanation on hand-built items."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.detection.emerging import collect_signals, explain, rank_emerging, score_signals
from langnghe.testing import build_item, build_nlp
from langnghe.testing_voices import ordinary_text

AT = datetime(2026, 11, 20, 17, tzinfo=timezone.utc)  # midnight in Vietnam
DAY = timedelta(days=1)


def _items(key: str, per_day: list[int], *, platform: str = "forum", sentiment: str = "negative",
           authors: int = 20, news_from: int | None = None) -> list[Item]:
    """``per_day[i]`` items on day i of the week before AT (day 6 is the last), about one story."""
    items, rng = [], random.Random(key)
    for day, count in enumerate(per_day):
        for number in range(count):
            on_news = news_from is not None and day >= news_from and number % 2 == 0
            items.append(build_item(
                id=f"{key}-{day}-{number:03d}", story_id=key, platform="news" if on_news else platform,
                source=f"nguon-{number % 5}" if on_news else "dien-dan", author=f"u_{number % authors}",
                text=ordinary_text(rng),
                published_at=AT - (7 - day) * DAY + timedelta(hours=2 + number % 20),
                nlp=build_nlp(sentiment=sentiment, keywords=["mùi hôi", "cá chết"], provinces=["Hưng Yên"]),
            ))  # fmt: skip
    return items


def test_a_growing_angry_issue_seen_on_forums_first_scores_and_explains_itself() -> None:
    signals = collect_signals(_items("ca-chet", [0, 1, 1, 2, 3, 5, 8], news_from=5), AT)
    assert (signals.recent, signals.earlier, signals.daily) == (13, 7, (0, 1, 1, 2, 3, 5, 8))
    assert signals.social_first and signals.rising_days == 3 and signals.negative_share == 1.0
    assert score_signals(signals) > 0
    text = explain(signals)
    assert text.startswith("13 tin, 8 tài khoản trong 48 giờ qua; 6,5 tiếng nói độc lập mỗi ngày so với 1,4 trong "
                           "5 ngày trước đó (nhịp tăng gấp")
    assert "100% tin tiêu cực" in text and "báo chí đưa tin từ" in text


def test_flat_lone_or_already_huge_issues_score_low() -> None:
    flat = score_signals(collect_signals(_items("deu", [4, 4, 4, 4, 4, 4, 4]), AT))
    lone = score_signals(collect_signals(_items("mot-nguoi", [0, 0, 1, 1, 2, 4, 6], authors=1), AT))
    growing = score_signals(collect_signals(_items("tang", [0, 0, 1, 1, 2, 4, 6]), AT))
    huge = score_signals(collect_signals(_items("lon", [20, 20, 40, 60, 90, 150, 250]), AT))
    calm = score_signals(collect_signals(_items("vui", [0, 0, 1, 1, 2, 4, 6], sentiment="positive"), AT))
    assert flat == 0 and lone == 0
    assert growing > calm > 0 and growing > huge


def test_ranking_reads_stories_from_the_index_and_needs_a_week_of_history(tmp_path: Path) -> None:
    index = SQLiteIndex(tmp_path / "i.sqlite3")
    try:
        index.upsert(_items("ca-chet", [1, 1, 1, 2, 3, 5, 8], news_from=5) + _items("deu", [3, 3, 3, 3, 3, 3, 3]))
        ranked = rank_emerging(index, AT, kinds=("story",))
        assert [issue.key for issue in ranked] == ["ca-chet"]
        assert ranked[0].provinces == ["Hưng Yên"] and len(ranked[0].item_ids) == 21
        assert ranked[0].to_dict()["signals"]["growth"] > 1
        assert rank_emerging(index, AT - 3 * DAY, kinds=("story",)) == []  # the index does not cover that week
    finally:
        index.close()


def test_each_day_holds_its_first_moment_and_not_its_end() -> None:
    items = [build_item(story_id="ranh-gioi", author=f"u_{n}", published_at=AT - n * DAY, text=ordinary_text(random.Random(n)))
             for n in range(1, 8)]  # fmt: skip
    signals = collect_signals(items, AT)
    assert signals.daily == (1, 1, 1, 1, 1, 1, 1) and (signals.recent, signals.earlier) == (2, 5)
