"""Incremental crawling against a local site: conditional requests, the seen-URL store,
Retry-After and backoff, and syndicated copies sharing one near_dup_key."""

from __future__ import annotations

from pathlib import Path

from crawl_pages import PARAGRAPHS, article_page, rss
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import run_crawl
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items, url_path
from langnghe.queue import SQLiteQueue
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FAST = {"DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.1}
DATE = "Mon, 20 Nov 2026 08:15:00 +0700"


def settings_for(tmp_path: Path) -> Settings:
    return Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=tmp_path, download_delay=0.01, author_key=SecretStr(TEST_AUTHOR_KEY))


def queue_size(settings: Settings) -> int:
    with SQLiteQueue(settings.paths.queue) as queue:
        stats = queue.stats()
    return stats.ready + stats.leased


def serve_outlet(site: MockSite, feed_etag: str, slugs: list[str]) -> None:
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain", headers={"ETag": '"r1"'})
    entries = [(f"Tin {slug}", f"{{base}}/tin/{slug}.html", DATE) for slug in slugs]
    site.add("/rss.xml", rss(entries), content_type="application/rss+xml", headers={"ETag": feed_etag})
    for slug in slugs:
        site.add(f"/tin/{slug}.html", article_page(f"Tin {slug}", [f"Bài {slug}.", *PARAGRAPHS]))


def test_an_unchanged_recrawl_sends_only_conditional_requests_and_stores_nothing(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with MockSite() as site:
        serve_outlet(site, '"v1"', ["mua-lu", "sat-lo"])
        source = SourceConfig(id="bao-mau", kind="rss", url=site.url("/rss.xml"))
        first = run_crawl([source], settings, scrapy_overrides=FAST)
        assert first.ok and first.items == 2 and first.items_new == 2
        before = len(site.requests)
        second = run_crawl([source], settings, scrapy_overrides=FAST)
        again = site.requests[before:]
    assert second.ok and second.items == 0 and second.sources["bao-mau"].not_modified == 1
    assert [r.path for r in again] == ["/robots.txt", "/rss.xml"]
    assert all(r.conditional for r in again)  # robots.txt too: answered from the stored copy
    assert queue_size(settings) == 2
    assert "1 không đổi từ lần thu thập trước (304)" in second.summary_line()


def test_a_changed_feed_fetches_only_the_new_article(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with MockSite() as site:
        serve_outlet(site, '"v1"', ["mua-lu", "sat-lo"])
        source = SourceConfig(id="bao-mau", kind="rss", url=site.url("/rss.xml"))
        run_crawl([source], settings, scrapy_overrides=FAST)
        serve_outlet(site, '"v2"', ["mua-lu", "sat-lo", "ngap-ung"])
        second = run_crawl([source], settings, scrapy_overrides=FAST)
        assert site.hits("/tin/mua-lu.html") == 1 and site.hits("/tin/ngap-ung.html") == 1
    assert second.items == 1 and second.items_new == 1 and second.sources["bao-mau"].known == 2
    assert queue_size(settings) == 3


def test_a_feed_whose_page_failed_for_now_is_asked_again_in_full(tmp_path: Path) -> None:
    """A page that answered 500 is tried again next crawl: the feed's ETag was not stored for it."""
    settings = settings_for(tmp_path)
    with MockSite() as site:
        serve_outlet(site, '"v1"', ["mua-lu", "sat-lo"])
        site.add("/tin/sat-lo.html", "busy", status=500)
        source = SourceConfig(id="bao-mau", kind="rss", url=site.url("/rss.xml"))
        first = run_crawl([source], settings, scrapy_overrides=FAST)
        assert first.items_with_feed_summary == 1
        site.add("/tin/sat-lo.html", article_page("Tin sat-lo"))
        second = run_crawl([source], settings, scrapy_overrides=FAST)
        assert site.hits("/tin/mua-lu.html") == 1  # queued the first time: not fetched again
        third = run_crawl([source], settings, scrapy_overrides=FAST)
    assert second.sources["bao-mau"].not_modified == 0 and second.sources["bao-mau"].known == 1
    assert second.items == 1 and second.items_with_feed_summary == 0 and second.items_new == 1
    assert third.sources["bao-mau"].not_modified == 1 and third.items == 0


def test_a_missing_page_does_not_keep_the_feed_from_being_remembered(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with MockSite() as site:
        serve_outlet(site, '"v1"', ["mua-lu"])
        site.add("/tin/mua-lu.html", "gone", status=404)
        source = SourceConfig(id="bao-mau", kind="rss", url=site.url("/rss.xml"))
        run_crawl([source], settings, scrapy_overrides=FAST)
        second = run_crawl([source], settings, scrapy_overrides=FAST)
    assert second.sources["bao-mau"].not_modified == 1 and second.items == 0


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with MockSite() as site:
        serve_outlet(site, '"v1"', ["mua-lu"])
        site.add(
            "/rss.xml", rss([("Tin mua-lu", "{base}/tin/mua-lu.html", DATE)]), content_type="application/rss+xml",
            fail_first=1, fail_status=429, fail_headers={"Retry-After": "1"},
        )
        report = run_crawl([SourceConfig(id="bao-mau", kind="rss", url=site.url("/rss.xml"))], settings,
                           scrapy_overrides=FAST)
        feed_times = [r.at for r in site.requests if r.path == "/rss.xml"]
    assert report.ok and report.items == 1
    assert len(feed_times) == 2 and feed_times[1] - feed_times[0] >= 0.95


def test_a_long_retry_after_is_left_to_the_next_crawl(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with MockSite() as site:
        serve_outlet(site, '"v1"', ["mua-lu"])
        site.add("/rss.xml", "x", fail_first=5, fail_status=503, fail_headers={"Retry-After": "3600"})
        serve_outlet_b = SourceConfig(id="bao-khac", kind="rss", url=site.url("/khac.xml"))
        site.add("/khac.xml", rss([("Tin khác", "{base}/tin/mua-lu.html", DATE)]), content_type="application/rss+xml")
        report = run_crawl([SourceConfig(id="bao-mau", kind="rss", url=site.url("/rss.xml")), serve_outlet_b],
                           settings, scrapy_overrides=FAST)
        assert site.hits("/rss.xml") == 1
    assert "HTTP 503" in report.sources["bao-mau"].errors[0]
    assert report.sources["bao-khac"].items == 1


def test_backoff_doubles_between_retries(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with MockSite() as site:
        serve_outlet(site, '"v1"', ["mua-lu"])
        site.add("/rss.xml", rss([("Tin mua-lu", "{base}/tin/mua-lu.html", DATE)]), content_type="application/rss+xml",
                 fail_first=2, fail_status=502)
        report = run_crawl([SourceConfig(id="bao-mau", kind="rss", url=site.url("/rss.xml"))], settings,
                           scrapy_overrides={**FAST, "RETRY_TIMES": 2, "RETRY_BACKOFF_BASE": 0.4})
        times = [r.at for r in site.requests if r.path == "/rss.xml"]
    assert report.ok and report.items == 1 and len(times) == 3
    assert times[1] - times[0] >= 0.35 and times[2] - times[1] >= 0.75


REPRINT = [
    "Theo tin từ Thông tấn xã, " + PARAGRAPHS[0],
    PARAGRAPHS[1],
    PARAGRAPHS[2].replace("Lãnh đạo tỉnh", "Chủ tịch tỉnh"),
    PARAGRAPHS[3],
]


def test_syndicated_copies_share_a_near_dup_key_and_are_all_kept(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with MockSite() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        site.add("/a.xml", rss([("Tỉnh chủ động ứng phó mưa lớn", "{base}/a/goc.html", DATE)]), content_type="application/rss+xml")
        site.add("/b.xml", rss([("Chủ động ứng phó mưa lũ", "{base}/b/dang-lai.html", DATE),
                                ("Khai mạc hội chợ", "{base}/b/hoi-cho.html", DATE)]), content_type="application/rss+xml")
        site.add("/a/goc.html", article_page("Tỉnh chủ động ứng phó mưa lớn"))
        site.add("/b/dang-lai.html", article_page("Chủ động ứng phó mưa lũ", REPRINT))
        site.add("/b/hoi-cho.html", article_page("Khai mạc hội chợ", [
            "Hội chợ thương mại quốc tế năm nay quy tụ hơn ba trăm doanh nghiệp đến từ mười hai quốc gia "
            "và vùng lãnh thổ, trưng bày hàng tiêu dùng, nông sản và thủ công mỹ nghệ.",
            "Ban tổ chức cho biết khách tham quan được miễn phí vé vào cửa, có xe đưa đón từ trung tâm thành "
            "phố và khu ẩm thực phục vụ đến mười giờ đêm trong suốt năm ngày diễn ra sự kiện.",
        ]))
        first = run_crawl([SourceConfig(id="bao-a", kind="rss", url=site.url("/a.xml"))], settings, scrapy_overrides=FAST)
        second = run_crawl([SourceConfig(id="bao-b", kind="rss", url=site.url("/b.xml"))], settings, scrapy_overrides=FAST)
    assert first.items == 1 and second.items == 2
    by_path = queued_items(settings, by=url_path)
    original, reprint, other = by_path["a/goc.html"], by_path["b/dang-lai.html"], by_path["b/hoi-cho.html"]
    assert original.nlp is not None and reprint.nlp is not None
    assert reprint.nlp.near_dup_key == original.nlp.near_dup_key == original.id
    assert other.nlp is None or other.nlp.near_dup_key != original.id
