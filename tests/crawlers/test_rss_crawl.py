"""The RSS crawler end to end against a local mock site: real scrapy in a child process,
real feeds and pages, robots.txt, failing pages, malformed feeds, re-crawls, and a child
that dies. Loopback only; every server is stopped by its test."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlEvent, CrawlReport, run_crawl
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items, url_path
from langnghe.item import Item
from langnghe.pseudonym import pseudonymise
from langnghe.queue import SQLiteQueue
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures"
KEY = TEST_AUTHOR_KEY
FAST = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}  # the slow page times out after 1 s, twice


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def serve_fixtures(site: MockSite) -> None:
    site.add("/robots.txt", fixture("robots.txt"), content_type="text/plain")
    site.add("/rss.xml", fixture("rss.xml"), content_type="application/rss+xml; charset=utf-8")
    site.add("/atom.xml", fixture("atom.xml"), content_type="application/atom+xml")
    site.add("/broken.xml", fixture("broken.xml"), content_type="application/xml")
    site.add("/trang-chu.html", fixture("trang-chu.html"))
    for name in ("o-nhiem-ha-noi", "lu-mien-trung", "trang-trong"):
        site.add(f"/tin/{name}.html", fixture(f"{name}.html"))
    site.add("/tin/giao-thong.html", fixture("giao-thong.html"), fail_first=1)  # 503 once, then fine
    site.add("/private/bi-mat.html", "<html><body><p>Không được lấy trang này.</p></body></html>")
    for name in ("chu-de-1", "chu-de-2"):
        site.add(f"/dien-dan/{name}.html", fixture(f"{name}.html"))


def make_sources(site: MockSite) -> list[SourceConfig]:
    return [
        SourceConfig(id="bao-mau", kind="rss", url=site.url("/rss.xml")),
        SourceConfig(id="pho-ta", kind="rss", url=site.url("/atom.xml"), platform="forum"),
        SourceConfig(id="feed-hong", kind="rss", url=site.url("/broken.xml")),
        SourceConfig(id="feed-html", kind="rss", url=site.url("/trang-chu.html")),
        SourceConfig(id="feed-mat", kind="rss", url=site.url("/khong-co.xml")),
        SourceConfig(id="sai-tuy-chon", kind="rss", url=site.url("/rss.xml"), options={"max_entries": 0}),
    ]


def make_settings(data_dir: Path) -> Settings:
    return Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=data_dir, download_delay=0.01, author_key=SecretStr(KEY))


def queued_by_path(settings: Settings) -> dict[str, Item]:
    """Every item in the queue by URL path, query left out."""
    return queued_items(settings, by=lambda item: url_path(item).split("?")[0])


@dataclass
class Crawled:
    first: CrawlReport
    events: list[CrawlEvent]
    second: CrawlReport
    second_events: list[CrawlEvent]
    items: dict[str, Item]
    paths_requested: list[str]
    user_agents: set[str]
    settings: Settings


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    settings = make_settings(tmp_path_factory.mktemp("crawl"))
    with MockSite() as site:
        serve_fixtures(site)
        sources = make_sources(site)
        events: list[CrawlEvent] = []
        first = run_crawl(sources, settings, on_event=events.append, scrapy_overrides=FAST)
        second_events: list[CrawlEvent] = []
        second = run_crawl(sources, settings, on_event=second_events.append, scrapy_overrides=FAST)
        requested = [seen.path for seen in site.requests]
        agents = {seen.user_agent for seen in site.requests}
    yield Crawled(first, events, second, second_events, queued_by_path(settings), requested, agents, settings)


def test_articles_come_from_their_pages_without_boilerplate(crawled: Crawled) -> None:
    item = crawled.items["tin/o-nhiem-ha-noi.html"]
    assert item.content_from == "page" and item.fetch_error is None
    assert item.source == "bao-mau" and item.platform == "news" and item.kind == "article"
    assert item.title == "Hà Nội ô nhiễm không khí ở mức có hại cho sức khỏe"
    assert "bụi mịn PM2.5" in item.text and "Đăng nhập" not in item.text and "Giấy phép" not in item.text
    assert item.canonical_url is not None and item.canonical_url.endswith("/tin/o-nhiem-ha-noi.html")
    assert item.published_at == datetime(2024, 5, 1, 1, 30, tzinfo=timezone.utc)
    assert item.author == pseudonymise("Nguyễn Văn An", KEY.encode())


def test_rel_canonical_gives_the_id_and_a_day_only_page_date_yields_to_the_feed(crawled: Crawled) -> None:
    item = crawled.items["tin/lu-mien-trung.html"]
    assert item.content_from == "page"
    assert item.canonical_url is not None and item.canonical_url.endswith("/tin/lu-mien-trung-2024.html")
    assert item.published_at == datetime(2024, 5, 2, 7, 5, tzinfo=timezone.utc)  # 14:05 +07:00 from the feed


def test_a_503_is_retried(crawled: Crawled) -> None:
    assert crawled.items["tin/giao-thong.html"].content_from == "page"
    assert crawled.paths_requested.count("/tin/giao-thong.html") >= 2


def test_forum_source_gives_posts_with_pseudonymous_authors(crawled: Crawled) -> None:
    first, second = crawled.items["dien-dan/chu-de-1.html"], crawled.items["dien-dan/chu-de-2.html"]
    assert (first.kind, first.platform, first.source) == ("post", "forum", "pho-ta")
    assert "nước máy nhà tôi ở phường 5 quận 8" in first.text
    assert first.author == pseudonymise("meo_con_q8", KEY.encode())
    assert second.author is not None and second.author.startswith("u_") and "Tư" not in second.author
    assert first.published_at == datetime(2024, 5, 3, 2, 15, tzinfo=timezone.utc)  # naive 09:15 in Hà Nội


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("tin/khong-ton-tai.html", "HTTP 404"),
        ("private/bi-mat.html", "robots.txt không cho phép"),
        ("delay/5/cham.html", "hết thời gian chờ sau 1 giây"),
        ("tin/trang-trong.html", "nội dung trang ngắn hơn phần tóm tắt trong nguồn cấp tin (không thấy bài viết trên trang)"),
    ],
)
def test_failed_pages_keep_the_feed_summary(crawled: Crawled, path: str, reason: str) -> None:
    item = crawled.items[path]
    assert item.content_from == "feed_summary"
    assert item.fetch_error == reason
    assert item.text and "<" not in item.text
    failures = {(f.url.split("/", 3)[3], f.reason) for f in crawled.first.sources["bao-mau"].pages_failed}
    assert (path, reason) in failures


def test_feed_summary_is_stripped_of_html(crawled: Crawled) -> None:
    item = crawled.items["tin/khong-ton-tai.html"]
    assert item.text == "Giá xăng RON 95 giảm 320 đồng mỗi lít & giá dầu giữ nguyên.\n" \
                        "Liên bộ Công Thương - Tài chính vừa điều chỉnh."


def test_robots_txt_is_obeyed_and_the_user_agent_sent(crawled: Crawled) -> None:
    assert "/robots.txt" in crawled.paths_requested
    assert not any(path.startswith("/private/") for path in crawled.paths_requested)
    assert crawled.user_agents == {crawled.settings.user_agent}


def test_bad_feeds_are_errors_naming_source_and_url_while_others_are_crawled(crawled: Crawled) -> None:
    report = crawled.first
    errors = {ident: source.errors for ident, source in report.sources.items() if source.errors}
    assert set(errors) == {"feed-hong", "feed-html", "feed-mat", "sai-tuy-chon"}
    assert "XML sai cú pháp" in errors["feed-hong"][0] and "/broken.xml" in errors["feed-hong"][0]
    assert "trang HTML, không phải nguồn cấp tin RSS hay Atom" in errors["feed-html"][0]
    assert "HTTP 404" in errors["feed-mat"][0] and "/khong-co.xml" in errors["feed-mat"][0]
    assert "nguồn sai-tuy-chon: options.max_entries" in errors["sai-tuy-chon"][0]
    problems = "\n".join(report.problems())
    assert "nguồn feed-hong (" in problems and "nguồn feed-mat (" in problems
    assert report.sources["bao-mau"].items == 7 and report.sources["pho-ta"].items == 2


def test_report_totals_and_events(crawled: Crawled) -> None:
    report = crawled.first
    assert report.finished and report.child_error is None and not report.ok  # bad feeds make it not ok
    assert (report.items, report.items_new, report.items_with_feed_summary) == (9, 9, 4)
    assert report.pages_failed == 4
    assert report.pages_fetched == 6  # five articles and posts, plus the page with no article
    assert report.sources["bao-mau"].entries == 7
    kinds = [event.kind for event in crawled.events]
    assert kinds[-1] == "done" and kinds.count("item") == 9 and kinds.count("source_error") == 4
    assert len(crawled.items) == 9
    assert "9 tin (9 mới hoặc đã đổi)" in report.summary_line()


def test_a_recrawl_queues_nothing_new(crawled: Crawled) -> None:
    second = crawled.second
    # Pages queued by the first crawl are not fetched again (seen URLs); the four whose pages
    # failed are tried again and fall back on the same feed text.
    assert second.finished and second.items == 4 and second.pages_fetched == 1  # the page with no article
    assert second.sources["bao-mau"].known == 3 and second.sources["pho-ta"].known == 2
    assert [p.split("?")[0] for p in crawled.paths_requested].count("/tin/o-nhiem-ha-noi.html") == 1
    assert second.items_new == 0
    assert all(event.new is False for event in crawled.second_events if event.kind == "item")
    with SQLiteQueue(crawled.settings.paths.queue) as queue:
        assert queue.stats().leased + queue.stats().ready == 9


def test_entries_without_follow_links_use_the_feed(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with MockSite() as site:
        serve_fixtures(site)
        source = SourceConfig(id="pho-ta", kind="rss", url=site.url("/atom.xml"), follow_links=False)
        report = run_crawl([source], settings)
        assert site.hits("/dien-dan/chu-de-1.html") == 0
    assert report.ok and report.items == 2 and report.pages_fetched == 0
    items = queued_by_path(settings)
    assert {i.content_from for i in items.values()} == {"feed_summary"}
    assert all(i.fetch_error is None for i in items.values())


def test_no_sources_no_child(tmp_path: Path) -> None:
    report = run_crawl([], make_settings(tmp_path))
    assert report.finished and report.items == 0 and report.log_path is None


# -- the child process dies ----------------------------------------------------------------


def crawler_children() -> list[int]:
    """Live crawl child processes of this test process (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z" and b"langnghe.crawlers.child" in cmdline:
            found.append(int(stat.parent.name))
    return found


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


@needs_proc
def test_killed_child_is_reported_and_queued_items_stay(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    killed: list[int] = []

    def kill_on_first_item(event: CrawlEvent) -> None:
        if event.kind == "item" and not killed:
            killed.extend(crawler_children())
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    with MockSite() as site:
        serve_fixtures(site)
        site.add("/chua-xong.html", "<html><body><p>không bao giờ tới</p></body></html>", delay=60)
        feed = fixture("atom.xml").replace("/dien-dan/chu-de-2.html", "/chua-xong.html")
        site.add("/atom-cham.xml", feed, content_type="application/atom+xml")
        source = SourceConfig(id="pho-ta", kind="rss", url=site.url("/atom-cham.xml"))
        report = run_crawl([source], settings, on_event=kill_on_first_item, scrapy_overrides={"DOWNLOAD_TIMEOUT": 90})
    assert len(killed) == 1
    assert not report.finished
    assert report.child_error is not None and "bị dừng bởi tín hiệu SIGKILL" in report.child_error
    assert "các tin đã vào hàng đợi vẫn được giữ" in report.child_error
    assert any(line.startswith("tiến trình thu thập: ") for line in report.problems())
    assert report.items == 1
    assert list(queued_by_path(settings)) == ["dien-dan/chu-de-1.html"]


@needs_proc
def test_an_error_in_on_event_stops_the_child(tmp_path: Path) -> None:
    def explode(event: CrawlEvent) -> None:
        raise RuntimeError("progress bar broke")

    with MockSite() as site:
        serve_fixtures(site)
        with pytest.raises(RuntimeError, match="progress bar broke"):
            run_crawl([SourceConfig(id="pho-ta", kind="rss", url=site.url("/atom.xml"))], make_settings(tmp_path),
                      on_event=explode)
    assert crawler_children() == []


def test_unwritable_queue_stops_the_crawl_loudly(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.paths.queue.mkdir(parents=True)  # a directory where the queue file should be
    with MockSite() as site:
        serve_fixtures(site)
        report = run_crawl([SourceConfig(id="pho-ta", kind="rss", url=site.url("/atom.xml"))], settings)
    assert not report.ok and report.child_error is not None
    assert "không ghi được hàng đợi" in report.child_error
    assert "cannot open the queue" in report.child_error  # quoted from the child's log


def test_failure_endpoints_fall_back_with_clear_reasons(tmp_path: Path) -> None:
    item = "<item><title>Tin {n}</title><link>{{base}}{path}</link><description>Tóm tắt tin {n}.</description></item>"
    paths = ["/drop/a.html", "/redirect-loop/b.html", "/status/500/c.html", "/empty/d.html", "/to.html",
             "/tin/gioi-han.html"]
    with MockSite() as site:
        entries = "".join(item.format(n=n, path=path) for n, path in enumerate(paths))
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Thử</title>{entries}</channel></rss>'
        url = site.add("/rss.xml", feed, content_type="application/rss+xml")
        site.add("/to.html", "<html><body><article>" + "<p>Một đoạn văn dài về thời sự.</p>" * 3000 + "</article>")
        site.add("/tin/gioi-han.html", fixture("giao-thong.html"), fail_first=1, fail_status=429)
        report = run_crawl(
            [SourceConfig(id="thu", kind="rss", url=url)],
            make_settings(tmp_path),
            scrapy_overrides={"RETRY_TIMES": 1, "DOWNLOAD_MAXSIZE": 50_000},
        )
        assert site.hits("/status/500/c.html") == 2  # retried once
        assert site.hits("/tin/gioi-han.html") == 2
    reasons = {f.url.split("/", 3)[3]: f.reason for f in report.sources["thu"].pages_failed}
    assert reasons == {
        "drop/a.html": "máy chủ đóng kết nối trước khi trả lời xong",
        "redirect-loop/b.html": "chuyển hướng quá nhiều lần",
        "status/500/c.html": "HTTP 500",
        "empty/d.html": "không trích được nội dung chính của trang",
        "to.html": "câu trả lời lớn hơn giới hạn tải về (DOWNLOAD_MAXSIZE)",
    }
    assert report.items == 6 and report.items_with_feed_summary == 5  # the 429 was retried and succeeded
