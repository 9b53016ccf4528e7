"""Hostile input from sources: each is reported with the source id and skipped, and the other
sources of the same crawl go on. One crawl over one local site holds them all."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from crawl_pages import PARAGRAPHS, article_page, rss, to_cp1258
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items
from langnghe.item import Item
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

DATE = "Mon, 20 Nov 2026 08:15:00 +0700"
LIMITS = {"DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 0, "DOWNLOAD_MAXSIZE": 512 * 1024, "DOWNLOAD_WARNSIZE": 256 * 1024}
BOMB = gzip.compress(b"<rss>" + b" " * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB unpacked, ~64 KiB sent
LEGACY_TITLE = "Người dân xã Tân Phú phản ánh đường hư hỏng"
LEGACY_TEXT = [
    "Nhiều hộ dân ở xã Tân Phú cho biết tuyến đường liên thôn đã xuống cấp nghiêm trọng sau mùa mưa, "
    "xe máy đi lại rất khó khăn và học sinh phải lội bùn đến trường.",
    *PARAGRAPHS[1:],
]


@dataclass
class Hostile:
    report: CrawlReport
    items: dict[str, Item]


def _feed(site: MockSite, path: str, link: str) -> str:
    return site.add(path, rss([("Tin " + link, "{base}" + link, DATE)]), content_type="application/rss+xml")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    settings = Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=tmp_path_factory.mktemp("hostile"), download_delay=0.01, author_key=SecretStr(TEST_AUTHOR_KEY))
    with MockSite() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        site.add("/bomb.xml", BOMB, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
        site.add("/huge.xml", b"<rss>" + b"x" * (1024 * 1024), content_type="application/rss+xml")
        site.add("/truncated.xml", rss([("Tin cụt", "{base}/tin/cut.html", DATE)])[:-60], content_type="application/rss+xml")
        site.add("/tin/cut.html", article_page("Tin bị cắt", PARAGRAPHS[:2]))
        site.add("/binary.xml", bytes(range(256)) * 8, content_type="application/octet-stream")
        _feed(site, "/pages.xml", "/tin/huge.html")
        site.add("/tin/huge.html", article_page("Trang quá lớn", ["chữ " * 200_000]))
        _feed(site, "/legacy.xml", "/tin/cp1258.html")
        # cp1258 writes tones as combining marks; the page declares nothing and the server names no charset.
        site.add("/tin/cp1258.html", to_cp1258(article_page(LEGACY_TITLE, LEGACY_TEXT, charset=None)),
                 content_type="text/html")
        _feed(site, "/bad-utf8.xml", "/tin/bad-utf8.html")
        page = article_page("Trang có byte hỏng", PARAGRAPHS).encode("utf-8")
        site.add("/tin/bad-utf8.html", page.replace("Theo Đài".encode(), b"Theo \xff\xfe\xc3"))
        _feed(site, "/ok.xml", "/tin/ok.html")
        site.add("/tin/ok.html", article_page("Tin bình thường", PARAGRAPHS))
        sources = [
            SourceConfig(id="gzip-bomb", kind="rss", url=site.url("/bomb.xml")),
            SourceConfig(id="huge-feed", kind="rss", url=site.url("/huge.xml")),
            SourceConfig(id="loop", kind="rss", url=site.url("/redirect-loop/rss.xml")),
            SourceConfig(id="dropped", kind="rss", url=site.url("/drop/rss.xml")),
            SourceConfig(id="truncated", kind="rss", url=site.url("/truncated.xml")),
            SourceConfig(id="binary", kind="rss", url=site.url("/binary.xml")),
            SourceConfig(id="huge-page", kind="rss", url=site.url("/pages.xml")),
            SourceConfig(id="legacy", kind="rss", url=site.url("/legacy.xml")),
            SourceConfig(id="bad-utf8", kind="rss", url=site.url("/bad-utf8.xml")),
            SourceConfig(id="fine", kind="rss", url=site.url("/ok.xml")),
        ]
        report = run_crawl(sources, settings, scrapy_overrides=LIMITS)
    yield Hostile(report, queued_items(settings, by=lambda item: item.source))


def _error(hostile: Hostile, source: str) -> str:
    errors = hostile.report.sources[source].errors
    assert errors, f"{source}: no error reported"
    return errors[0]


def test_the_crawl_finishes_and_healthy_sources_give_items(hostile: Hostile) -> None:
    assert hostile.report.finished and hostile.report.child_error is None
    assert hostile.items["fine"].content_from == "page" and "mưa lớn" in hostile.items["fine"].text


def test_a_gzip_bomb_stops_at_the_size_limit(hostile: Hostile) -> None:
    assert "giới hạn tải về" in _error(hostile, "gzip-bomb")


def test_a_huge_feed_is_refused(hostile: Hostile) -> None:
    assert "giới hạn tải về" in _error(hostile, "huge-feed")


def test_a_redirect_loop_ends(hostile: Hostile) -> None:
    assert "chuyển hướng quá nhiều lần" in _error(hostile, "loop")


def test_a_dropped_connection_is_named(hostile: Hostile) -> None:
    assert "máy chủ đóng kết nối" in _error(hostile, "dropped")


def test_a_truncated_feed_gives_what_it_holds_with_a_warning(hostile: Hostile) -> None:
    warnings = hostile.report.sources["truncated"].warnings
    assert warnings and "có lỗi XML" in warnings[0] and "vẫn đọc được" in warnings[0]
    assert "truncated" in hostile.items


def test_bytes_that_are_no_feed_are_an_error_with_the_url(hostile: Hostile) -> None:
    error = _error(hostile, "binary")
    assert "/binary.xml" in error and "nguồn cấp tin không đọc được" in error


def test_a_huge_page_keeps_the_feed_text(hostile: Hostile) -> None:
    item = hostile.items["huge-page"]
    assert item.content_from == "feed_summary" and item.fetch_error is not None
    assert "giới hạn tải về" in item.fetch_error


def test_a_page_in_a_legacy_encoding_is_decoded(hostile: Hostile) -> None:
    item = hostile.items["legacy"]
    assert item.content_from == "page" and item.title == LEGACY_TITLE
    assert "xuống cấp nghiêm trọng" in item.text  # NFC, as typed: cp1258's combining tones recomposed


def test_broken_utf8_bytes_do_not_lose_the_page(hostile: Hostile) -> None:
    item = hostile.items["bad-utf8"]
    assert item.content_from == "page" and "lũ quét" in item.text
