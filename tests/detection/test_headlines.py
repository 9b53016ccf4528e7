"""A story's and an emerging issue's title: the most representative well-formed headline,
accented, from a news item when one exists, and its link that item's."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.detection.emerging import rank_emerging
from langnghe.detection.headlines import headline_key, well_formed
from langnghe.detection.stories import Assignment
from langnghe.detection.story_records import member_of, summarize_story
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.testing import build_item
from langnghe.testing_voices import ordinary_text

T0 = datetime(2026, 11, 10, 1, tzinfo=timezone.utc)
KEYWORDS = ["cá chết", "sông Lạch Vàng", "xả thải", "Phúc Hưng"]
FORUM_TITLE = "ca chet trang song lach vang, cong ty phuc hung xa thai a moi nguoi"
NEWS_TITLE = "Cá chết trắng sông Lạch Vàng nghi do Công ty Phúc Hưng xả thải"


def _forum_then_news(story_id: str = "st_ca_chet") -> list[Item]:
    """An unaccented forum post (every top keyword) an hour before an accented article (fewer)."""
    forum = build_item(id="dien-dan-0001", platform="forum", kind="post", source="dien-dan", title=FORUM_TITLE,
                       text=FORUM_TITLE, published_at=T0, url="https://diendan.example/t/1", story_id=story_id,
                       keywords=KEYWORDS, sentiment="negative")  # fmt: skip
    news = build_item(id="bao-a-0001", platform="news", kind="article", source="bao-a", title=NEWS_TITLE,
                      text="Người dân phát hiện cá chết trắng sông.", published_at=T0 + timedelta(hours=1),
                      url="https://baoa.example/ca-chet.html", story_id=story_id, keywords=KEYWORDS[:2],
                      sentiment="negative")  # fmt: skip
    return [forum, news]


def test_a_story_is_named_after_the_accented_article_not_the_earlier_unaccented_post() -> None:
    members = [member_of(item, Assignment(item.id, "st_1", 0, "similar", 0.5)) for item in _forum_then_news()]
    story = summarize_story("st_1", members)
    assert story.title == NEWS_TITLE
    assert story.title_item_id == "bao-a-0001"
    assert story.to_json()["title_item_id"] == "bao-a-0001"


def test_without_news_the_best_post_title_is_used_and_accent_wins_over_time() -> None:
    accented = build_item(id="post-0002", platform="forum", kind="post", title="Cá chết trắng sông Lạch Vàng sáng nay",
                          published_at=T0 + timedelta(hours=3), keywords=KEYWORDS[:1])  # fmt: skip
    plain = build_item(id="post-0001", platform="forum", kind="post", title=FORUM_TITLE, published_at=T0, keywords=KEYWORDS)
    members = [member_of(item, Assignment(item.id, "st_2", 0, "similar", 0.5)) for item in (plain, accented)]
    assert summarize_story("st_2", members).title_item_id == "post-0002"


def test_headline_key_prefers_well_formed_news_titles() -> None:
    assert not well_formed(FORUM_TITLE) and well_formed(NEWS_TITLE)
    news = headline_key(NEWS_TITLE, platform="news", kind="article", published_at=T0 + timedelta(hours=5), item_id="b")
    post = headline_key("Cá chết trắng sông ở quê em", platform="forum", kind="post", published_at=T0, item_id="a")
    cut = headline_key("Cá chết trắng sông ở quê em…", platform="news", kind="post", published_at=T0, item_id="c")
    assert news < cut < post


def test_an_emerging_issue_takes_the_articles_headline_and_cites_that_article_first(tmp_path: Path) -> None:
    at = T0 + timedelta(days=7)
    growing, rng = [], random.Random(7)
    for day in range(7):  # a week of history, growing, on forums first, unaccented titles
        for n in range(day):
            growing.append(build_item(
                id=f"post-{day}-{n}", platform="forum", kind="post", source="dien-dan", author=f"u_{n}",
                title=FORUM_TITLE, text=ordinary_text(rng), published_at=T0 + timedelta(days=day, hours=n),
                story_id="st_ca_chet", keywords=KEYWORDS, sentiment="negative"))  # fmt: skip
    article = _forum_then_news()[1]
    late_news = build_item(**{**article.model_dump(), "published_at": at - timedelta(hours=2), "fetched_at": at})
    with SQLiteIndex(tmp_path / "i.sqlite3") as index:
        index.upsert([*growing, late_news, build_item(id="cu-0000001", published_at=T0 - timedelta(days=1))])
        ranked = rank_emerging(index, at, kinds=("story",))
    assert [issue.key for issue in ranked] == ["st_ca_chet"]
    assert ranked[0].title == NEWS_TITLE
    assert ranked[0].item_ids[0] == "bao-a-0001"
