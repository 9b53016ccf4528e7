"""``kind: sitemap`` end to end against a local mock site: a Google News sitemap, a sitemap
index with a gzipped child, an index that lists itself, broken sitemaps, and a re-crawl
answered 304. Plus the pure parsing and filtering functions."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlEvent, CrawlReport, run_crawl
from langnghe.crawlers.connectors.base import ParseError
from langnghe.crawlers.connectors.sitemap import SitemapLink, parse_sitemap, recent_links
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items, url_path
from langnghe.item import Item
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures" / "sitemap"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.now(timezone.utc).replace(microsecond=0)
# Sitemap dates relative to the crawl, written as the site would (local time, +07:00).
DATES = {
    "gio_truoc": NOW - timedelta(hours=1),
    "hom_qua": NOW - timedelta(hours=26),
    "tuan_truoc": NOW - timedelta(days=8),
}
MAX_SIZE = 200_000
FAST = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1, "DOWNLOAD_MAXSIZE": MAX_SIZE}
URLSET = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
INDEX = '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'


def fixture(name: str, base: str = "") -> str:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for key, when in DATES.items():
        text = text.replace("{" + key + "}", when.astimezone(HANOI).isoformat())
    return text.replace("{base}", base) if base else text


def serve(site: MockSite) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    xml = "application/xml; charset=utf-8"
    site.add("/news-sitemap.xml", fixture("news-sitemap.xml"), content_type=xml, headers={"ETag": '"news-1"'})
    site.add("/sitemap-index.xml", fixture("sitemap-index.xml"), content_type=xml, headers={"ETag": '"index-1"'})
    gz = gzip.compress(fixture("bai-moi.xml", site.base).encode("utf-8"))
    site.add("/sitemaps/bai-moi.xml.gz", gz, content_type="application/x-gzip")
    site.add("/sitemaps/2025-01.xml", fixture("2025-01.xml"), content_type=xml)
    site.add("/sitemaps/chuyen-muc.xml", fixture("chuyen-muc.xml"), content_type=xml)
    pages = {
        "/thoi-su/mua-lu-quang-ngai-4801.html": "mua-lu-quang-ngai.html",
        "/kinh-te/gia-lua-gao-tang-4802.html": "gia-lua-gao-tang.html",
        "/doi-song/xe-buyt-dien-4810.html": "xe-buyt-dien.html",
        "/suc-khoe/an-toan-thuc-pham-4820.html": "an-toan-thuc-pham.html",
        # Listed but outside the recent window, the pattern or max_undated: never fetched.
        "/thoi-su/ket-xe-cua-ngo-4700.html": "xe-buyt-dien.html",
        "/video/clip-nuoc-ngap-4804.html": "xe-buyt-dien.html",
        "/doi-song/tet-duong-lich-4500.html": "xe-buyt-dien.html",
        "/suc-khoe/huong-dan-tiem-chung-1200.html": "xe-buyt-dien.html",
    }
    for path, name in pages.items():
        site.add(path, fixture(name))
    serve_limits_and_hostile(site)


def serve_limits_and_hostile(site: MockSite) -> None:
    children = "".join(f"<sitemap><loc>{{base}}/sitemaps/nho-{n}.xml</loc><lastmod>{DATES['gio_truoc'].isoformat()}"
                       f"</lastmod></sitemap>" for n in (1, 2, 3))
    site.add("/chi-muc-nho.xml", INDEX.format(children), content_type="application/xml")
    for n in (1, 2, 3):
        site.add(f"/sitemaps/nho-{n}.xml", URLSET.format(""), content_type="application/xml")
    site.add("/hong.xml", fixture("hong.xml"), content_type="application/xml")
    site.add("/trang-loi.html", fixture("trang-loi.html"))
    site.add("/sitemaps/hong.xml.gz", b"\x1f\x8b\x08\x00" + b"khong phai gzip" * 4, content_type="application/x-gzip")
    huge = URLSET.format("<url><loc>{base}/tin/rat-nhieu.html</loc></url>" * 20_000).replace("{base}", site.base)
    site.add("/sitemaps/qua-lon.xml.gz", gzip.compress(huge.encode()), content_type="application/x-gzip")


def make_sources(site: MockSite) -> list[SourceConfig]:
    news = {"recent": "2d", "url_pattern": r"/(thoi-su|kinh-te)/"}
    return [
        SourceConfig(id="tin-nhanh", kind="sitemap", url=site.url("/news-sitemap.xml"), options=news),
        SourceConfig(id="bao-chi-muc", kind="sitemap", url=site.url("/sitemap-index.xml"), options={"max_undated": 1}),
        SourceConfig(id="chi-muc-nho", kind="sitemap", url=site.url("/chi-muc-nho.xml"), options={"max_sitemaps": 2}),
        SourceConfig(id="sitemap-hong", kind="sitemap", url=site.url("/hong.xml")),
        SourceConfig(id="sitemap-html", kind="sitemap", url=site.url("/trang-loi.html")),
        SourceConfig(id="gz-hong", kind="sitemap", url=site.url("/sitemaps/hong.xml.gz")),
        SourceConfig(id="gz-qua-lon", kind="sitemap", url=site.url("/sitemaps/qua-lon.xml.gz")),
        SourceConfig(id="sitemap-mat", kind="sitemap", url=site.url("/khong-co.xml")),
        SourceConfig(id="mau-sai", kind="sitemap", url=site.url("/news-sitemap.xml"),
                     options={"url_pattern": "(thoi-su"}),
    ]


def make_settings(data_dir: Path) -> Settings:
    return Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=data_dir, download_delay=0.01, author_key=SecretStr(TEST_AUTHOR_KEY))


@dataclass
class Crawled:
    first: CrawlReport
    second: CrawlReport
    second_events: list[CrawlEvent]
    items: dict[str, Item]
    hits: dict[str, int]
    conditional_hits: int


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    settings = make_settings(tmp_path_factory.mktemp("sitemap"))
    with MockSite() as site:
        serve(site)
        sources = make_sources(site)
        first = run_crawl(sources, settings, scrapy_overrides=FAST)
        second_events: list[CrawlEvent] = []
        second = run_crawl(sources, settings, on_event=second_events.append, scrapy_overrides=FAST)
        paths = {seen.path.split("?")[0] for seen in site.requests}
        hits = {path: site.hits(path) for path in paths}
        conditional = site.conditional_hits()
    yield Crawled(first, second, second_events, queued_items(settings, by=url_path), hits, conditional)


def test_news_sitemap_articles_come_from_their_pages(crawled: Crawled) -> None:
    item = crawled.items["thoi-su/mua-lu-quang-ngai-4801.html"]
    assert (item.source, item.platform, item.kind, item.content_from) == ("tin-nhanh", "news", "article", "page")
    assert item.title == "Mưa lũ ở Quảng Ngãi, hàng nghìn hộ dân phải sơ tán"
    assert "mực nước sông Trà Khúc vượt báo động ba" in item.text
    for boilerplate in ("Tin liên quan", "Hồ chứa thủy điện", "Giấy phép", "Đăng nhập", "Bản quyền"):
        assert boilerplate not in item.text
    assert item.published_at == datetime(2026, 11, 30, 1, 15, tzinfo=timezone.utc)  # 08:15 GMT+7 on the page


def test_a_page_without_a_date_takes_the_news_publication_date(crawled: Crawled) -> None:
    item = crawled.items["kinh-te/gia-lua-gao-tang-4802.html"]
    assert item.content_from == "page" and "Tháp Mười" in item.text
    assert item.published_at == DATES["hom_qua"]


def test_an_unusable_page_keeps_the_news_title(crawled: Crawled) -> None:
    item = crawled.items["thoi-su/bai-da-go-4803.html"]
    assert item.content_from == "feed_summary" and item.fetch_error == "HTTP 404"
    assert item.title == "Cấm xe tải nặng qua cầu Trà Khúc & đường tránh từ ngày mai"
    assert item.published_at == DATES["gio_truoc"]


def test_old_and_unmatched_urls_are_not_fetched(crawled: Crawled) -> None:
    assert crawled.first.sources["tin-nhanh"].entries == 3  # of 5: one a week old, one a /video/ URL
    assert crawled.hits.get("/thoi-su/ket-xe-cua-ngo-4700.html", 0) == 0
    assert crawled.hits.get("/video/clip-nuoc-ngap-4804.html", 0) == 0


def test_index_reads_the_gzipped_child_and_the_undated_one(crawled: Crawled) -> None:
    bus = crawled.items["doi-song/xe-buyt-dien-4810.html"]
    assert bus.source == "bao-chi-muc" and bus.title.startswith("Thêm năm tuyến xe buýt điện")
    assert bus.published_at == datetime(2026, 12, 1, 7, 30, tzinfo=timezone.utc)
    food = crawled.items["suc-khoe/an-toan-thuc-pham-4820.html"]
    assert "thịt heo đã bốc mùi" in food.text
    assert food.published_at == datetime(2026, 11, 26, 23, 0, tzinfo=timezone.utc)
    assert crawled.first.sources["bao-chi-muc"].items == 2


def test_index_skips_old_children_old_urls_extra_undated_and_itself(crawled: Crawled) -> None:
    assert crawled.hits.get("/sitemaps/2025-01.xml", 0) == 0  # lastmod outside the recent window
    assert crawled.hits.get("/doi-song/tet-duong-lich-4500.html", 0) == 0
    assert crawled.hits.get("/suc-khoe/huong-dan-tiem-chung-1200.html", 0) == 0  # max_undated: 1
    assert crawled.hits["/sitemap-index.xml"] == 2  # once per crawl, though it lists itself
    assert crawled.hits["/sitemaps/bai-moi.xml.gz"] == 1  # not conditional-cached: only the first crawl
    assert not crawled.first.sources["bao-chi-muc"].errors


def test_max_sitemaps_caps_an_index_with_a_warning(crawled: Crawled) -> None:
    report = crawled.first.sources["chi-muc-nho"]
    assert [crawled.hits.get(f"/sitemaps/nho-{n}.xml", 0) for n in (1, 2, 3)] == [2, 0, 0]  # both crawls
    assert report.warnings == ["không đọc 2 sitemap của chỉ mục: đã tới max_sitemaps (2)"]
    assert not report.errors


def test_broken_sitemaps_are_errors_naming_source_and_url(crawled: Crawled) -> None:
    errors = {ident: report.errors for ident, report in crawled.first.sources.items() if report.errors}
    assert set(errors) == {"sitemap-hong", "sitemap-html", "gz-hong", "gz-qua-lon", "sitemap-mat", "mau-sai"}
    assert "/hong.xml: XML sai cú pháp (dòng 8" in errors["sitemap-hong"][0]
    assert "/trang-loi.html: địa chỉ trả về một trang HTML, không phải sitemap" in errors["sitemap-html"][0]
    assert "/sitemaps/hong.xml.gz: không giải nén được sitemap" in errors["gz-hong"][0]
    assert f"lớn hơn giới hạn tải về ({MAX_SIZE} byte)" in errors["gz-qua-lon"][0]
    assert "HTTP 404" in errors["sitemap-mat"][0] and "/khong-co.xml" in errors["sitemap-mat"][0]
    assert "nguồn mau-sai: options.url_pattern: biểu thức chính quy sai" in errors["mau-sai"][0]
    assert crawled.hits.get("/tin/rat-nhieu.html", 0) == 0
    assert crawled.first.finished and crawled.first.items == 5


def test_recrawl_is_answered_304_and_queues_nothing(crawled: Crawled) -> None:
    second = crawled.second
    assert second.finished and second.items == 0 and second.items_new == 0
    assert second.sources["tin-nhanh"].not_modified == 1 and second.sources["bao-chi-muc"].not_modified == 1
    assert crawled.conditional_hits >= 2
    assert crawled.hits["/thoi-su/mua-lu-quang-ngai-4801.html"] == 1
    assert not [event for event in crawled.second_events if event.kind == "item"]


# -- pure functions ----------------------------------------------------------------------


def test_parse_news_sitemap_reads_nested_title_and_date() -> None:
    parsed = parse_sitemap(fixture("news-sitemap.xml", "https://bao.example").encode(), HANOI)
    assert parsed.kind == "urlset" and len(parsed.links) == 5
    first = parsed.links[0]
    assert first.loc == "https://bao.example/thoi-su/mua-lu-quang-ngai-4801.html"
    assert first.title == "Mưa lũ ở Quảng Ngãi, hàng nghìn hộ dân phải sơ tán"
    assert first.when == DATES["gio_truoc"] and not first.day_only


def test_parse_index_and_zone_less_dates() -> None:
    body = INDEX.format("<sitemap><loc>https://bao.example/a.xml</loc><lastmod>2026-11-20T08:15:00</lastmod></sitemap>"
                        "<sitemap><loc>https://bao.example/b.xml</loc><lastmod>2026-11-20</lastmod></sitemap>")
    parsed = parse_sitemap(body.encode(), HANOI)
    assert parsed.kind == "sitemapindex"
    assert [link.when for link in parsed.links] == [
        datetime(2026, 11, 20, 1, 15, tzinfo=timezone.utc), datetime(2026, 11, 19, 17, 0, tzinfo=timezone.utc),
    ]
    assert [link.day_only for link in parsed.links] == [False, True]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "câu trả lời rỗng"),
        ("<!DOCTYPE html><html><head><meta charset=utf-8></head><body>Lỗi</body></html>".encode(), "một trang HTML, không phải sitemap"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "phần tử gốc là <rss>, cần <urlset> hoặc <sitemapindex>"),
        (URLSET.format("<url><loc>https://bao.example/?a=1&b=2</loc></url>").encode(), "XML sai cú pháp"),
        (b"Warning: mysql_connect(): Too many connections", "không phải XML"),
    ],
)
def test_not_a_sitemap(body: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_sitemap(body, HANOI)


def test_recent_links_order_window_pattern_and_undated_cap() -> None:
    cutoff = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)

    def link(loc: str, when: datetime | None, day_only: bool = False) -> SitemapLink:
        return SitemapLink(loc=f"https://bao.example{loc}", when=when, day_only=day_only, title="")

    links = [
        link("/thoi-su/cu.html", cutoff - timedelta(hours=1)),
        link("/thoi-su/moi.html", cutoff + timedelta(hours=1)),
        link("/thoi-su/moi-hon.html", cutoff + timedelta(hours=5)),
        link("/thoi-su/ca-ngay.html", datetime(2026, 11, 19, 17, 0, tzinfo=timezone.utc), day_only=True),
        link("/video/moi.html", cutoff + timedelta(hours=2)),
        link("/thoi-su/khong-ngay-1.html", None),
        link("/thoi-su/khong-ngay-2.html", None),
    ]
    kept = recent_links(links, cutoff=cutoff, pattern=re.compile("/thoi-su/"), max_undated=1)
    assert [k.loc.rsplit("/", 1)[1] for k in kept] == ["moi-hon.html", "moi.html", "ca-ngay.html", "khong-ngay-1.html"]
