"""The generated site: size, spread over days, sections and provinces, determinism."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from langnghe.demo import DemoSite, build_site, render_site, write_site
from langnghe.demo import geo
from langnghe.demo.model import SECTIONS, VN_TZ
from langnghe.demo.render import default_bases

from .conftest import END

_DIACRITICS = re.compile(
    "[" + "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩ"
    "òóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ" + "]", re.I
)


def test_at_least_300_items_from_five_outlets_and_a_forum(site: DemoSite) -> None:
    counts = Counter(i.outlet for i in site.items)
    news = [o for o in site.outlets if o.platform == "news"]
    forums = [o for o in site.outlets if o.platform == "forum"]
    assert len(site.items) >= 300
    assert len(news) >= 5 and len(forums) == 1
    assert all(counts[o.id] >= 30 for o in site.outlets)


def test_items_span_exactly_fourteen_local_days(site: DemoSite) -> None:
    days = {i.local_day for i in site.items}
    assert days == set(site.days())
    assert min(days) == END - timedelta(days=13) and max(days) == END
    assert all(i.published.utcoffset() == timedelta(hours=7) for i in site.items)


def test_more_items_by_day_than_by_night(site: DemoSite) -> None:
    hours = Counter(i.published.astimezone(VN_TZ).hour for i in site.items)
    daytime = sum(hours[h] for h in range(7, 19))
    night = sum(hours[h] for h in (0, 1, 2, 3, 4, 5))
    assert daytime > 6 * night


def test_every_section_and_most_provinces_appear(site: DemoSite) -> None:
    sections = Counter(i.section for i in site.items)
    assert set(sections) == set(SECTIONS)
    assert all(sections[s] >= 8 for s in SECTIONS)
    provinces = {i.province for i in site.items if i.province}
    assert len(provinces) >= 28
    assert provinces <= {p.name for p in geo.PROVINCES}
    text = " ".join(f"{i.summary} {i.text}" for i in site.items)
    assert sum(former in text for p in geo.PROVINCES for former in p.formers) >= 10


def test_sentiment_is_mixed(site: DemoSite) -> None:
    sentiments = Counter(i.sentiment for i in site.items)
    assert all(sentiments[s] >= 60 for s in ("positive", "neutral", "negative"))


def test_article_lengths_and_unique_titles(site: DemoSite) -> None:
    articles = [i for i in site.items if i.outlet != "phophuong"]
    for item in articles:
        words = len(item.summary.split()) + len(item.text.split())
        assert 150 <= words <= 420, (item.id, words)
        assert 3 <= len(item.paragraphs) <= 8, item.id
    titles = [i.title for i in site.items]
    assert len(set(titles)) == len(titles)


def test_no_template_markup_leaks_into_text(site: DemoSite) -> None:
    for item in site.items:
        for text in (item.title, item.summary, *item.paragraphs, *(r.text for r in item.replies)):
            assert not re.search(r"[{}]|\[[^\]]*\|", text), (item.id, text)


def test_forum_posts_are_informal(site: DemoSite) -> None:
    posts = [i for i in site.items if i.outlet == "phophuong"]
    texts = [i.title + " " + i.text for i in posts]
    unaccented = [i for i in posts if any(len(p) > 30 and not _DIACRITICS.search(p) for p in i.paragraphs)]
    assert len(unaccented) >= 5
    assert sum(bool(re.search(r"\b(ko|dc|mn|b)\b", t)) for t in texts) >= 10
    assert sum(bool(re.search(r"[\U0001F300-\U0001FAFF]", t)) for t in texts) >= 10
    assert sum(len(i.replies) for i in posts) >= len(posts)


def test_write_site_writes_every_page(site: DemoSite, tmp_path: Path) -> None:
    count = write_site(site, tmp_path)
    assert count == sum(len(pages) for pages in render_site(site, default_bases(site)).values())
    item = site.items_of("hungyen")[0]
    page = (tmp_path / "hungyen" / item.path.lstrip("/")).read_text(encoding="utf-8")
    assert item.title in page
    assert (tmp_path / "phophuong" / "forums" / "-" / "index.rss").is_file()


def test_same_inputs_give_the_same_site_and_bytes() -> None:
    first, second = build_site(END, seed=7), build_site(END, seed=7)
    assert first.items == second.items
    bases = default_bases(first)
    assert render_site(first, bases) == render_site(second, bases)
    other = build_site(END, seed=8)
    assert [i.title for i in other.items] != [i.title for i in first.items]


def test_the_window_follows_the_end_date() -> None:
    later = build_site(date(2027, 1, 5))
    assert {i.local_day for i in later.items} == set(later.days())
    assert later.days()[-1] == date(2027, 1, 5)


def test_not_after_drops_what_is_not_yet_published(site: DemoSite) -> None:
    cut = datetime(2026, 11, 20, 9, 0, tzinfo=VN_TZ)
    early = build_site(END, not_after=cut)
    assert early.items and all(i.published <= cut for i in early.items)
    assert all(r.published <= cut for i in early.items for r in i.replies)
    assert len(early.items) < len(site.items)
