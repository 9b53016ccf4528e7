"""``kind: html`` end to end against a local mock site: a section front page with CSS
selectors, pagination, a redesigned section whose selector matches nothing, hostile answers
and a re-crawl answered 304. Plus the pure listing reader."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.connectors.listing import read_listing
from langnghe.crawlers.options import ListingOptions
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items, url_path
from langnghe.item import Item
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures" / "listing"
FAST = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}
SECTION = {
    "link_selector": "article.item-news",
    "title_selector": "h3.title-news",
    "next_selector": "a.next-page",
    "max_pages": 2,
    "url_pattern": r"/thoi-su/[\w-]+-\d+\.html$",
}


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def serve(site: MockSite) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.add("/thoi-su.html", fixture("thoi-su.html"), headers={"ETag": '"thoi-su-1"'})
    site.add("/thoi-su-p2.html", fixture("thoi-su-p2.html"), headers={"ETag": '"thoi-su-p2-1"'})
    site.add("/thoi-su-p3.html", fixture("thoi-su-p2.html"))
    site.add("/kinh-te.html", fixture("kinh-te.html"))
    for name in ("chay-chung-cu-mini-4901", "sat-lo-deo-4902", "tuyen-metro-4910"):
        site.add(f"/thoi-su/{name}.html", fixture(name.rsplit("-", 1)[0] + ".html"))
    site.add("/video/clip-sat-lo-4906.html", fixture("sat-lo-deo.html"))
    site.add("/bao-cao.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", content_type="application/pdf")


def make_sources(site: MockSite) -> list[SourceConfig]:
    return [
        SourceConfig(id="pho-thi", kind="html", url=site.url("/thoi-su.html"), options=SECTION),
        SourceConfig(id="doi-giao-dien", kind="html", url=site.url("/kinh-te.html"), options=SECTION),
        SourceConfig(id="danh-sach-mat", kind="html", url=site.url("/khong-co.html"), options=SECTION),
        SourceConfig(id="danh-sach-pdf", kind="html", url=site.url("/bao-cao.pdf"), options=SECTION),
        SourceConfig(id="sai-bo-chon", kind="html", url=site.url("/thoi-su.html"), options={"link_selector": "a[href"}),
    ]


@dataclass
class Crawled:
    first: CrawlReport
    second: CrawlReport
    items: dict[str, Item]
    hits: dict[str, int]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    settings = Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=tmp_path_factory.mktemp("listing"), download_delay=0.01, author_key=SecretStr(TEST_AUTHOR_KEY))
    with MockSite() as site:
        serve(site)
        sources = make_sources(site)
        first = run_crawl(sources, settings, scrapy_overrides=FAST)
        second = run_crawl(sources, settings, scrapy_overrides=FAST)
        hits = {path: site.hits(path) for path in {seen.path.split("?")[0] for seen in site.requests}}
    yield Crawled(first, second, queued_items(settings, by=url_path), hits)


def test_articles_from_the_listing_come_from_their_pages(crawled: Crawled) -> None:
    item = crawled.items["thoi-su/chay-chung-cu-mini-4901.html"]
    assert (item.source, item.platform, item.kind, item.content_from) == ("pho-thi", "news", "article", "page")
    assert item.title == "Cháy chung cư mini ở Cầu Giấy, cư dân thoát nạn nhờ thang dây"
    assert "dùng thang dây được lắp từ đợt kiểm tra phòng cháy" in item.text
    for boilerplate in ("Tin liên quan", "Kiểm tra phòng cháy ở nhà trọ", "Bình luận", "Giấy phép", "Đăng nhập"):
        assert boilerplate not in item.text
    assert item.published_at == datetime(2026, 11, 30, 3, 5, tzinfo=timezone.utc)  # 10:05 in Hà Nội


def test_pagination_reads_max_pages_and_drops_duplicates(crawled: Crawled) -> None:
    metro = crawled.items["thoi-su/tuyen-metro-4910.html"]  # only on page 2
    assert metro.published_at == datetime(2026, 12, 1, 0, 20, tzinfo=timezone.utc)
    assert crawled.hits.get("/thoi-su-p3.html", 0) == 0  # max_pages: 2
    report = crawled.first.sources["pho-thi"]
    # page 1: the top story (and its #box-comment twin), the absolute link, the 404; page 2: metro only
    assert report.entries == 4 and report.items == 4
    assert crawled.hits["/thoi-su/sat-lo-deo-4902.html"] == 1
    assert crawled.hits["/thoi-su/chay-chung-cu-mini-4901.html"] == 1


def test_url_pattern_leaves_out_ads_and_video(crawled: Crawled) -> None:
    assert crawled.hits.get("/video/clip-sat-lo-4906.html", 0) == 0
    assert not [path for path in crawled.items if "quangcao" in path or path.startswith("video/")]
    assert set(crawled.items) == {
        "thoi-su/chay-chung-cu-mini-4901.html", "thoi-su/sat-lo-deo-4902.html",
        "thoi-su/bai-bi-go-4905.html", "thoi-su/tuyen-metro-4910.html",
    }


def test_an_unusable_page_keeps_the_listing_title(crawled: Crawled) -> None:
    item = crawled.items["thoi-su/bai-bi-go-4905.html"]
    assert item.content_from == "feed_summary" and item.fetch_error == "HTTP 404"
    assert item.title == "Đề xuất thu phí xe vào nội đô giờ cao điểm"  # from title_selector


def test_a_selector_that_matches_nothing_is_a_warning_naming_it(crawled: Crawled) -> None:
    report = crawled.first.sources["doi-giao-dien"]
    assert report.warnings == [
        "link_selector 'article.item-news' không khớp liên kết nào (trang có thể đã đổi bố cục)"
    ]
    assert not report.errors and report.items == 0


def test_hostile_listings_are_errors_naming_source_and_url(crawled: Crawled) -> None:
    errors = {ident: report.errors for ident, report in crawled.first.sources.items() if report.errors}
    assert set(errors) == {"danh-sach-mat", "danh-sach-pdf", "sai-bo-chon"}
    assert "HTTP 404" in errors["danh-sach-mat"][0] and "/khong-co.html" in errors["danh-sach-mat"][0]
    assert "/bao-cao.pdf: không phải trang HTML (application/pdf)" in errors["danh-sach-pdf"][0]
    assert "nguồn sai-bo-chon: options.link_selector: bộ chọn CSS sai" in errors["sai-bo-chon"][0]
    assert crawled.first.finished and crawled.first.items == 4


def test_recrawl_is_answered_304_and_queues_nothing(crawled: Crawled) -> None:
    second = crawled.second
    assert second.finished and second.items == 0 and second.items_new == 0
    assert second.sources["pho-thi"].not_modified == 1  # page 1 unchanged: page 2 is not asked for
    assert crawled.hits["/thoi-su.html"] == 2 and crawled.hits["/thoi-su-p2.html"] == 1


# -- the pure listing reader -------------------------------------------------------------


def test_read_listing_resolves_dedupes_filters_and_finds_the_next_page() -> None:
    html = fixture("thoi-su.html").replace("{base}", "https://phothi.example")
    page = read_listing(html, "https://phothi.example/thoi-su.html", ListingOptions.model_validate(SECTION))
    assert [link.url.rsplit("/", 1)[1] for link in page.links] == [
        "chay-chung-cu-mini-4901.html", "sat-lo-deo-4902.html", "bai-bi-go-4905.html",
    ]
    assert page.links[0].title == "Cháy chung cư mini ở Cầu Giấy, cư dân thoát nạn nhờ thang dây"
    assert page.found == 6 and page.next_url == "https://phothi.example/thoi-su-p2.html"


def test_read_listing_with_link_elements_and_image_links() -> None:
    html = """<html><head><base href="https://phothi.example/tin/"></head><body>
      <ul class="tin"><li><a href="a-1.html">  Tiêu đề
        một  </a></li><li><a href="b-2.html" title="Ảnh: lễ hội"><img src="x.jpg"></a></li>
        <li><a href="javascript:void(0)">Xem thêm</a></li><li><a href="mailto:toasoan@phothi.example">Gửi</a></li></ul>
    </body></html>"""
    options = ListingOptions(link_selector="ul.tin a")
    page = read_listing(html, "https://phothi.example/tin/", options)
    assert [(link.url, link.title) for link in page.links] == [
        ("https://phothi.example/tin/a-1.html", "Tiêu đề một"),
        ("https://phothi.example/tin/b-2.html", "Ảnh: lễ hội"),
    ]
    assert page.next_url is None


def test_bad_url_pattern_is_an_option_error() -> None:
    with pytest.raises(ValueError, match="biểu thức chính quy sai"):
        ListingOptions(link_selector="a", url_pattern="(thoi-su")
