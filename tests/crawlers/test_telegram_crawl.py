"""The Telegram channel-preview crawler end to end against a local t.me (real scrapy in a
child process): two preview pages, service and photo-only messages, a reply, a channel
without a preview, a missing channel, a bad URL, and a re-crawl; plus the pure parsers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.connectors.base import ParseError
from langnghe.crawlers.connectors.telegram import parse_count, parse_preview, preview_url
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, SeenRequest, queued_items, url_path
from langnghe.errors import ConfigError
from langnghe.item import Item, make_item_id
from langnghe.pseudonym import pseudonymise
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures" / "telegram"
KEY = TEST_AUTHOR_KEY
FAST = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}
CHANNEL = "/s/tinnhanh_mau"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def serve(site: MockSite) -> None:
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    site.add(CHANNEL, fixture("kenh.html"), headers={"ETag": '"p1"'})
    site.add(f"{CHANNEL}?before=120", fixture("kenh-truoc-120.html"), headers={"ETag": '"p2"'})
    site.add("/s/kenh_khac", fixture("kenh.html").replace("tinnhanh_mau", "kenh_khac"))  # no validators
    site.add("/s/kenh_rieng", fixture("khong-xem-truoc.html"))


def sources(site: MockSite) -> list[SourceConfig]:
    return [
        SourceConfig(id="tin-nhanh", kind="telegram", url=site.url(CHANNEL)),
        SourceConfig(id="kenh-khac", kind="telegram", url=site.url("/kenh_khac"),
                     options={"max_entries": 3, "max_pages": 5}),
        SourceConfig(id="kenh-rieng", kind="telegram", url=site.url("/s/kenh_rieng")),
        SourceConfig(id="kenh-mat", kind="telegram", url=site.url("/s/kenh_da_xoa")),
        SourceConfig(id="sai-dia-chi", kind="telegram", url=site.url("/joinchat/AbCdEf/12")),
    ]


def make_settings(data_dir: Path) -> Settings:
    return Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=data_dir, download_delay=0.01, author_key=SecretStr(KEY))


def queued(settings: Settings) -> dict[str, Item]:
    """Queued items by their post, ``<channel>/<n>`` (the path of https://t.me/<channel>/<n>)."""
    return queued_items(settings, by=url_path)


@dataclass
class Crawled:
    first: CrawlReport
    second: CrawlReport
    items: dict[str, Item]
    first_requests: list[SeenRequest]
    second_requests: list[SeenRequest]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    settings = make_settings(tmp_path_factory.mktemp("telegram"))
    with MockSite() as site:
        serve(site)
        first = run_crawl(sources(site), settings, scrapy_overrides=FAST)
        before = len(site.requests)
        second = run_crawl(sources(site), settings, scrapy_overrides=FAST)
        requests = list(site.requests)
    yield Crawled(first, second, queued(settings), requests[:before], requests[before:])


def test_posts_of_two_pages_with_text_views_and_links(crawled: Crawled) -> None:
    mine = {post: item for post, item in crawled.items.items() if post.startswith("tinnhanh_mau/")}
    assert sorted(mine) == [f"tinnhanh_mau/{n}" for n in (115, 116, 118, 119, 120, 123, 124, 125)]
    item = mine["tinnhanh_mau/120"]
    assert (item.kind, item.platform, item.source, item.parent_id) == ("post", "telegram", "tin-nhanh", None)
    assert item.id == make_item_id("telegram", native_id="tinnhanh_mau/120")
    assert item.url == "https://t.me/tinnhanh_mau/120" and item.content_from == "native"
    assert item.text == ("⚠️ Cảnh báo mưa lớn tại TP.HCM chiều tối nay, nguy cơ ngập ở các tuyến đường trũng.\n"
                         "Người dân hạn chế ra đường lúc triều cường lên.")
    assert item.published_at == datetime(2024, 6, 10, 1, 15, tzinfo=timezone.utc)
    views = {post: it.engagement.views for post, it in mine.items()}
    assert views["tinnhanh_mau/120"] == 1200 and views["tinnhanh_mau/125"] == 3_400_000
    assert views["tinnhanh_mau/118"] == 987 and views["tinnhanh_mau/124"] == 12_500


def test_service_messages_and_posts_without_text_are_skipped(crawled: Crawled) -> None:
    for skipped in ("121", "122", "117"):  # pinned notice, photo alone, sticker
        assert f"tinnhanh_mau/{skipped}" not in crawled.items
    assert "Ảnh bạn đọc gửi" in crawled.items["tinnhanh_mau/124"].text  # a photo's caption is text


def test_a_reply_keeps_only_its_own_text(crawled: Crawled) -> None:
    item = crawled.items["tinnhanh_mau/123"]
    assert item.text == "Cập nhật: nước đã ngập sâu 30 cm trên đường Nguyễn Hữu Cảnh, xe máy nên đi đường khác."


def test_authors_are_pseudonymised(crawled: Crawled) -> None:
    assert crawled.items["tinnhanh_mau/123"].author == pseudonymise("Ngọc Anh", KEY.encode())  # a signed post
    assert crawled.items["tinnhanh_mau/120"].author == pseudonymise("tinnhanh_mau", KEY.encode())  # the channel's own
    assert all(item.author and item.author.startswith("u_") for item in crawled.items.values())


def test_max_pages_and_max_entries_limit_the_pages_read(crawled: Crawled) -> None:
    paths = [seen.path for seen in crawled.first_requests]
    assert paths.count(CHANNEL) == paths.count(f"{CHANNEL}?before=120") == 1
    assert f"{CHANNEL}?before=115" not in paths  # two pages by default
    assert paths.count("/s/kenh_khac") == 1 and not any("kenh_khac?" in path for path in paths)
    capped = sorted(post for post in crawled.items if post.startswith("kenh_khac/"))
    assert capped == ["kenh_khac/123", "kenh_khac/124", "kenh_khac/125"]  # the newest three
    assert crawled.first.sources["tin-nhanh"].items == 8 and crawled.first.sources["tin-nhanh"].errors == []


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("kenh-rieng", "không phải trang xem trước kênh (không có .tgme_widget_message; tiêu đề trang 'Telegram: Contact @kenh_rieng')"),
        ("kenh-mat", "HTTP 404"),
        ("sai-dia-chi", "cần địa chỉ xem trước kênh Telegram"),
    ],
)
def test_bad_channels_are_errors_naming_source_and_url(crawled: Crawled, source: str, reason: str) -> None:
    errors = crawled.first.sources[source].errors
    assert len(errors) == 1 and reason in errors[0] and crawled.first.sources[source].items == 0
    assert "/kenh_rieng" in errors[0] or "/kenh_da_xoa" in errors[0] or "/joinchat/" in errors[0]


def test_a_recrawl_is_conditional_and_upserts_nothing_new(crawled: Crawled) -> None:
    second = crawled.second
    assert second.sources["tin-nhanh"].not_modified == 1 and second.sources["tin-nhanh"].items == 0
    assert second.sources["kenh-khac"].items == 3 and second.items_new == 0
    asked = [(seen.path, seen.conditional) for seen in crawled.second_requests if seen.path.startswith(CHANNEL)]
    assert asked == [(CHANNEL, True)]  # 304: the older page is not asked for


# -- pure functions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"), [("856", 856), ("1.2K", 1200), ("12,5K", 12500), ("3M", 3_000_000), ("1.5B", 1_500_000_000),
                        (" 7\u00a0K ", 7000), ("nhiều", None)],
)
def test_short_counts(text: str, count: int | None) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize(
    ("url", "preview"),
    [("https://t.me/s/tinnhanh_mau", "https://t.me/s/tinnhanh_mau"),
     ("https://t.me/tinnhanh_mau/", "https://t.me/s/tinnhanh_mau")],
)
def test_preview_urls(url: str, preview: str) -> None:
    assert preview_url(url) == preview


def test_a_post_link_is_not_a_channel() -> None:
    with pytest.raises(ConfigError, match="cần địa chỉ xem trước kênh Telegram"):
        preview_url("https://t.me/tinnhanh_mau/120")


def test_an_empty_preview_has_no_posts_and_a_login_page_is_an_error() -> None:
    page = parse_preview('<section class="tgme_channel_history js-message_history"></section>', ZoneInfo("UTC"))
    assert page.posts == [] and page.oldest is None
    with pytest.raises(ParseError, match="không phải trang xem trước kênh"):
        parse_preview("<html><head><title>Telegram Web</title></head><body><form id='login'></form></body></html>",
                      ZoneInfo("UTC"))
