"""Feeds, URLs and pages without a crawler: the pure parts of the RSS crawler."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from langnghe.crawlers.extract import extract_article
from langnghe.crawlers.feeds import FeedEntry, FeedError, html_to_text, parse_date_text, parse_feed
from langnghe.crawlers.pages import (
    SourceContext,
    choose_published,
    extract_page,
    item_from_article,
    item_from_feed,
    page_problem,
)
from langnghe.crawlers.urls import canonical_url, clean_url

FIXTURES = Path(__file__).parent / "fixtures"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "http://127.0.0.1:8000"
NOW = datetime(2024, 5, 4, tzinfo=timezone.utc)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", BASE)


def feed(name: str, content_type: str | None = "application/xml") -> list[FeedEntry]:
    return parse_feed(fixture(name).encode(), url=f"{BASE}/{name}", content_type=content_type, tz=HCM).entries


# -- URLs ----------------------------------------------------------------------------------


def test_clean_url_drops_tracking_and_fragment_keeps_real_parameters() -> None:
    assert clean_url("https://bao.example/a.html?utm_source=rss&id=7&fbclid=x&UTM_Medium=y#binh-luan") == (
        "https://bao.example/a.html?id=7"
    )
    assert clean_url("https://bao.example/a.html?b=2&a=1") == clean_url("https://bao.example/a.html?a=1&b=2")


def test_canonical_url_prefers_rel_canonical_resolved_against_the_page() -> None:
    page = "https://bao.example/tin/lu.html?utm_source=rss"
    assert canonical_url(page, "/tin/lu-2024.html?utm_campaign=share") == "https://bao.example/tin/lu-2024.html"
    assert canonical_url(page, None) == "https://bao.example/tin/lu.html"
    assert canonical_url(page, "javascript:void(0)") == "https://bao.example/tin/lu.html"


# -- feeds ---------------------------------------------------------------------------------


def test_rss_entries() -> None:
    entries = feed("rss.xml")
    assert len(entries) == 7
    first = entries[0]
    assert first.title == "Hà Nội ô nhiễm không khí ở mức có hại cho sức khỏe"
    assert first.link == f"{BASE}/tin/o-nhiem-ha-noi.html?utm_source=rss&utm_medium=feed#binh-luan"
    assert first.published == datetime(2024, 5, 1, 1, 30, tzinfo=timezone.utc)
    assert first.author == "Nguyễn Văn An"
    assert entries[2].summary == "Giá xăng RON 95 giảm 320 đồng mỗi lít & giá dầu giữ nguyên.\n" \
                                 "Liên bộ Công Thương - Tài chính vừa điều chỉnh."


def test_atom_entries_naive_dates_are_vietnam_time() -> None:
    entries = feed("atom.xml")
    assert [e.guid for e in entries] == ["urn:phota:thread:1", "urn:phota:thread:2"]
    # <updated>2024-05-03T09:15:00</updated> has no zone: 09:15 in Hà Nội is 02:15 UTC
    assert entries[0].published == datetime(2024, 5, 3, 2, 15, tzinfo=timezone.utc)
    assert entries[1].published == datetime(2024, 5, 3, 2, 20, tzinfo=timezone.utc)  # <published> wins
    assert entries[1].summary == "Tuyến xe buýt điện mới chạy khá đúng giờ."
    assert entries[1].author == "Bác Tư Xe Ôm"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed, 01 May 2024 08:30:00 +0700", datetime(2024, 5, 1, 1, 30, tzinfo=timezone.utc)),
        ("Wed, 01 May 2024 08:30:00 GMT", datetime(2024, 5, 1, 8, 30, tzinfo=timezone.utc)),
        ("2024-05-01T08:30:00Z", datetime(2024, 5, 1, 8, 30, tzinfo=timezone.utc)),
        ("2024-05-01 08:30:00", datetime(2024, 5, 1, 1, 30, tzinfo=timezone.utc)),
        ("hôm qua", None),
    ],
)
def test_date_text(text: str, expected: datetime | None) -> None:
    assert parse_date_text(text, HCM) == expected


def test_broken_xml_is_a_feed_error() -> None:
    with pytest.raises(FeedError, match=r"XML sai cú pháp \(.*dòng \d+, cột \d+\), không đọc được mục nào"):
        feed("broken.xml")


def test_html_page_instead_of_feed_is_a_feed_error() -> None:
    with pytest.raises(FeedError, match="địa chỉ trả về một trang HTML, không phải nguồn cấp tin RSS hay Atom"):
        feed("trang-chu.html", content_type="text/html; charset=utf-8")


def test_empty_body_is_a_feed_error() -> None:
    with pytest.raises(FeedError, match="câu trả lời rỗng"):
        parse_feed(b"", url=BASE, content_type=None, tz=HCM)


def test_valid_feed_without_entries_is_not_an_error() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Tr\xe1\xbb\x91ng</title></channel></rss>'
    assert parse_feed(body, url=BASE, content_type=None, tz=HCM).entries == []


def test_truncated_feed_with_recoverable_entries_gives_a_warning() -> None:
    body = fixture("rss.xml").encode()
    cut = body[: body.index(b"<item>", body.index(b"<item>") + 1) + 40]
    parsed = parse_feed(cut, url=BASE, content_type=None, tz=HCM)
    assert len(parsed.entries) >= 1
    assert parsed.warning is not None and "có lỗi XML" in parsed.warning and "vẫn đọc được" in parsed.warning


def test_html_to_text_keeps_paragraphs_and_decodes_entities() -> None:
    html = "<p>Giá xăng <b>giảm</b> &amp; ổn định</p><script>track()</script><p>Dòng&nbsp;hai<br>ba</p>"
    assert html_to_text(html) == "Giá xăng giảm & ổn định\nDòng hai\nba"


# -- pages ---------------------------------------------------------------------------------


def test_extraction_keeps_the_article_and_drops_the_boilerplate() -> None:
    page = extract_page(fixture("o-nhiem-ha-noi.html"), f"{BASE}/tin/o-nhiem-ha-noi.html")
    assert page is not None
    assert page.title == "Hà Nội ô nhiễm không khí ở mức có hại cho sức khỏe"
    assert page.text.startswith("Sáng nay, chỉ số chất lượng không khí")
    assert "phun nước rửa đường" in page.text
    for boilerplate in ("Đăng nhập", "Tin liên quan", "Giấy phép", "Liên hệ quảng cáo"):
        assert boilerplate not in page.text
    assert page.date == datetime.fromisoformat("2024-05-01T08:30:00+07:00")
    assert page.author == "Nguyễn Văn An"


def test_page_without_article_is_a_problem() -> None:
    entry = feed("rss.xml")[6]
    page = extract_page(fixture("trang-trong.html"), f"{BASE}/tin/trang-trong.html")
    assert page_problem(page, entry) is not None
    assert page_problem(None, entry) == "không trích được nội dung chính của trang"
    good = extract_page(fixture("giao-thong.html"), f"{BASE}/tin/giao-thong.html")
    assert page_problem(good, feed("rss.xml")[5]) is None


def test_choose_published() -> None:
    feed_time = datetime(2024, 5, 2, 7, 5, tzinfo=timezone.utc)
    day_only = datetime(2024, 5, 2)
    aware = datetime.fromisoformat("2024-05-02T15:00:00+07:00")
    assert choose_published(day_only, feed_time, HCM) == feed_time
    assert choose_published(day_only, None, HCM) == datetime(2024, 5, 1, 17, 0, tzinfo=timezone.utc)
    assert choose_published(aware, feed_time, HCM) == datetime(2024, 5, 2, 8, 0, tzinfo=timezone.utc)
    assert choose_published(datetime(2024, 5, 2, 9, 0), None, HCM) == datetime(2024, 5, 2, 2, 0, tzinfo=timezone.utc)
    assert choose_published(None, feed_time, HCM) == feed_time


def test_items_from_page_and_from_feed_share_the_id_when_there_is_no_rel_canonical() -> None:
    ctx = SourceContext(id="bao-mau", platform="news", tz=HCM)
    entry = feed("rss.xml")[0]
    page = extract_article(fixture("o-nhiem-ha-noi.html"), entry.link or "", now=NOW)
    from_page = item_from_article(ctx, entry, page, page_url=entry.link or "", author_of=lambda a: a, now=NOW)
    from_feed = item_from_feed(ctx, entry, fetch_error="HTTP 503", author_of=lambda a: a, now=NOW)
    assert from_feed is not None
    assert from_page.id == from_feed.id
    assert from_page.canonical_url == f"{BASE}/tin/o-nhiem-ha-noi.html"
    assert (from_page.content_from, from_feed.content_from) == ("page", "feed_summary")
    assert from_feed.fetch_error == "HTTP 503" and from_feed.text == entry.summary
    assert from_page.kind == "article"
    assert SourceContext(id="pho-ta", platform="forum", tz=HCM).kind == "post"


def test_entry_without_link_uses_its_guid_and_without_either_is_skipped() -> None:
    ctx = SourceContext(id="bao-mau", platform="news", tz=HCM)
    entry = FeedEntry(link=None, guid="baomau-9", title="Tin ngắn", summary="Nội dung", published=None, author=None)
    item = item_from_feed(ctx, entry, fetch_error=None, author_of=lambda a: a, now=NOW)
    assert item is not None and item.canonical_url is None
    nothing = FeedEntry(link=None, guid=None, title="Tin ngắn", summary="", published=None, author=None)
    assert item_from_feed(ctx, nothing, fetch_error=None, author_of=lambda a: a, now=NOW) is None


@pytest.mark.parametrize(
    "variant",
    [
        "https://m.bao.example/thoi-su/a.html",
        "https://amp.bao.example/thoi-su/a.html",
        "https://bao.example/amp/thoi-su/a.html",
        "https://bao.example/thoi-su/a.html/amp",
        "https://bao.example/thoi-su/a.amp.html",
        "https://bao.example/thoi-su/a.html?amp=1",
        "https://bao.example/thoi-su/a.html?amp",
        "https://mobile.bao.example/thoi-su/a.html?utm_source=zalo&zarsrc=30#comment",
    ],
)
def test_amp_and_mobile_variants_are_the_article(variant: str) -> None:
    assert clean_url(variant) == "https://bao.example/thoi-su/a.html"


def test_real_parts_of_a_url_are_kept() -> None:
    assert clean_url("https://m.example/a.html") == "https://m.example/a.html"  # a site named m.example
    assert clean_url("https://bao.example/champions/a.html") == "https://bao.example/champions/a.html"
    assert clean_url("https://bao.example/tin/a-amp.html?page=2") == "https://bao.example/tin/a-amp.html?page=2"


def test_a_canonical_on_another_site_or_the_home_page_is_not_trusted() -> None:
    page = "https://tinh.example/thoi-su/ban-dang-lai.html?utm_source=zalo"
    assert canonical_url(page, "https://quocgia.example/thoi-su/ban-goc.html") == "https://tinh.example/thoi-su/ban-dang-lai.html"
    assert canonical_url(page, "https://tinh.example/") == "https://tinh.example/thoi-su/ban-dang-lai.html"
    assert canonical_url(page, "https://www.tinh.example/thoi-su/ban-dung.html") == "https://www.tinh.example/thoi-su/ban-dung.html"
    assert canonical_url("https://tinh.example/", "/") == "https://tinh.example/"


def test_a_version_1_json_feed_is_read_like_any_feed() -> None:
    body = (
        '{"version": "https://jsonfeed.org/version/1", "title": "Diễn đàn Mẫu", "home_page_url": "https://dd.example/",'
        ' "items": [{"id": 7, "external_url": "https://dd.example/t/7", "title": "Hỏi &amp; đáp",'
        ' "content_text": "Cho mình hỏi đường lên cầu mới.", "summary": "Hỏi đường",'
        ' "date_modified": "2026-11-21T10:00:00", "author": {"name": "hoa_sen"}}, "not an item"]}'
    ).encode("utf-8")
    feed = parse_feed(body, url=BASE + "/feed.json", content_type="application/feed+json", tz=HCM)
    assert (feed.title, feed.link, feed.warning) == ("Diễn đàn Mẫu", "https://dd.example/", None)
    [entry] = feed.entries
    assert entry == FeedEntry(
        link="https://dd.example/t/7", guid="7", title="Hỏi & đáp", summary="Cho mình hỏi đường lên cầu mới.",
        published=datetime(2026, 11, 21, 3, 0, tzinfo=timezone.utc), author="hoa_sen",
    )  # fmt: skip


@pytest.mark.parametrize("body", [b'{"title": "no version"}', b"[1, 2]", b'{"version": "https://jsonfeed.org/version/1.1", "items": ['])
def test_json_that_is_no_json_feed_is_a_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError, match="JSON"):
        parse_feed(body, url=BASE + "/x.json", content_type=None, tz=HCM)


def test_an_xml_feed_gives_its_own_title_and_home_page() -> None:
    feed = parse_feed(fixture("rss.xml").encode(), url=BASE + "/rss.xml", content_type=None, tz=HCM)
    assert feed.title and feed.link == BASE + "/"
