"""The XenForo 2 crawler end to end against a local forum (real scrapy in a child process):
a forum listing, a thread of two pages with quotes and signatures, a login wall, a page
that is not XenForo, a missing thread, and a re-crawl; plus the pure parsing functions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.connectors.base import ParseError
from langnghe.crawlers.connectors.xenforo import parse_thread_page, reaction_count, thread_of
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, SeenRequest, queued_items, url_path
from langnghe.item import Item, make_item_id
from langnghe.pseudonym import pseudonymise
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures" / "xenforo"
KEY = TEST_AUTHOR_KEY
FAST = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}
FORUM = "/forums/chuyen-tro-linh-tinh.17/"
T101 = "/threads/ngap-nang-o-quan-8-sau-con-mua.101/"
T102 = "/threads/hoa-don-tien-dien-thang-6-tang-vot.102/"
T103 = "/threads/ket-xe-tren-cau-sai-gon-gio-cao-diem.103/"
HOST = "127.0.0.1"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def serve(site: MockSite, listing_etag: str) -> None:
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    site.add(FORUM, fixture("forum.html"), headers={"ETag": listing_etag})
    site.add(T101, fixture("thread-101-page-1.html"))
    site.add(f"{T101}page-2", fixture("thread-101-page-2.html"), headers={"ETag": '"t101-2"'})
    site.add(T102, fixture("thread-102.html"))
    site.add("/threads/chi-danh-cho-thanh-vien.301/", fixture("login.html"))
    site.add("/threads/mat-nuoc-thu-duc.302/", fixture("khac-giao-dien.html"))
    site.add("/forums/khu-vuc-rieng.18/", fixture("login.html"))


def sources(site: MockSite) -> list[SourceConfig]:
    return [
        SourceConfig(id="voz-mau", kind="xenforo", url=site.url(FORUM), options={"max_threads": 2}),
        SourceConfig(id="dien-dan-khoa", kind="xenforo", url=site.url("/threads/chi-danh-cho-thanh-vien.301/")),
        SourceConfig(id="giao-dien-la", kind="xenforo", url=site.url("/threads/mat-nuoc-thu-duc.302/")),
        SourceConfig(id="khu-rieng", kind="xenforo", url=site.url("/forums/khu-vuc-rieng.18/")),
        SourceConfig(id="chu-de-mat", kind="xenforo", url=site.url("/threads/da-bi-xoa.303/")),
    ]


def make_settings(data_dir: Path) -> Settings:
    return Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=data_dir, download_delay=0.01, author_key=SecretStr(KEY))


def queued(settings: Settings) -> dict[str, Item]:
    """Queued items by URL path: the thread's address for its first post, ``.../post-N`` for replies."""
    return queued_items(settings, by=url_path)


def thread_id(number: int) -> str:
    return make_item_id("forum", native_id=f"{HOST}:thread-{number}")


@dataclass
class Crawled:
    first: CrawlReport
    second: CrawlReport
    items: dict[str, Item]
    first_requests: list[SeenRequest]
    second_requests: list[SeenRequest]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    settings = make_settings(tmp_path_factory.mktemp("xenforo"))
    with MockSite() as site:
        serve(site, '"f1"')
        first = run_crawl(sources(site), settings, scrapy_overrides=FAST)
        before = len(site.requests)
        serve(site, '"f2"')  # the listing changed (a new reply somewhere); thread pages did not
        second = run_crawl(sources(site), settings, scrapy_overrides=FAST)
        requests = list(site.requests)
    yield Crawled(first, second, queued(settings), requests[:before], requests[before:])


def test_the_first_post_is_the_thread_itself(crawled: Crawled) -> None:
    post = crawled.items[T101.lstrip("/")]
    assert (post.kind, post.platform, post.source, post.parent_id) == ("post", "forum", "voz-mau", None)
    assert post.id == thread_id(101)
    assert post.title == "Ngập nặng ở quận 8 sau cơn mưa chiều qua"  # without the "Thời sự" prefix label
    assert post.text.startswith("Chiều qua mưa chừng một tiếng mà đường Phạm Thế Hiển ngập tới bánh xe")
    assert post.published_at == datetime(2024, 6, 10, 8, 20, tzinfo=timezone.utc)  # 15:20 +07:00
    assert post.engagement.likes == 5  # two names and "và 3 người khác"
    assert post.content_from == "native"


def test_replies_on_both_pages_are_comments_of_the_thread(crawled: Crawled) -> None:
    replies = {path: item for path, item in crawled.items.items() if path.startswith(f"{T101.lstrip('/')}post-")}
    assert sorted(path.rpartition("-")[2] for path in replies) == ["1002", "1003", "1004", "1005"]
    assert {(item.kind, item.parent_id, item.title) for item in replies.values()} == {("comment", thread_id(101), "")}
    assert replies[f"{T101.lstrip('/')}post-1004"].id == make_item_id("forum", native_id=f"{HOST}:post-1004")
    other = crawled.items[f"{T102.lstrip('/')}post-2002"]
    assert other.kind == "comment" and other.parent_id == thread_id(102)


def test_quotes_and_signatures_are_not_in_the_text(crawled: Crawled) -> None:
    reply = crawled.items[f"{T101.lstrip('/')}post-1002"]
    assert reply.text == ("Nhà mình ở Bình Đông cũng ngập, triều cường cộng mưa lớn thì chịu rồi.\n"
                          "Chờ dự án chống ngập xong chắc đỡ hơn.")
    around = crawled.items[f"{T101.lstrip('/')}post-1005"]
    assert around.text == ("Bổ sung thêm cho bác trên:\n"
                           "Đúng vậy, cuối tháng này còn đợt triều cường nữa, bà con kê đồ đạc lên cao trước đi.")
    texts = "\n".join(item.text for item in crawled.items.values())
    for leftover in ("đã nói:", "Bấm để xem thêm", "Sống ở quận 8 từ nhỏ", "Đi đường nhớ", "Chánh Hưng quê tôi"):
        assert leftover not in texts


def test_dates_are_utc_and_authors_pseudonymised(crawled: Crawled) -> None:
    reply = crawled.items[f"{T101.lstrip('/')}post-1004"]
    assert reply.published_at == datetime(2024, 6, 11, 0, 30, tzinfo=timezone.utc)
    assert reply.author == pseudonymise("ba_tu_chanh_hung", KEY.encode())
    assert crawled.items[f"{T101.lstrip('/')}post-1005"].author == reply.author
    handles = {"meo_con_q8", "thanh_hai", "Lê Minh", "ba_tu_chanh_hung", "Hoàng Yến", "tho_dien_q3"}
    assert all(item.author is not None and item.author.startswith("u_") for item in crawled.items.values())
    assert not handles & {item.author for item in crawled.items.values()}


def test_likes_come_from_the_reactions_bar(crawled: Crawled) -> None:
    likes = {path.rpartition("-")[2]: item.engagement.likes for path, item in crawled.items.items() if "post-" in path}
    assert likes == {"1002": 1, "1003": 0, "1004": 2, "1005": 0, "2002": 1}


def test_max_threads_limits_the_listing(crawled: Crawled) -> None:
    report = crawled.first.sources["voz-mau"]
    assert report.errors == [] and report.items == 7 and report.items_new == 7
    paths = [seen.path for seen in crawled.first_requests]
    assert paths.count(T101) == paths.count(T102) == paths.count(FORUM) == 1
    assert T103 not in paths  # the third thread is past max_threads


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("dien-dan-khoa", "trang chủ đề không có bài nào (article.message): trang yêu cầu đăng nhập ('Bạn phải đăng nhập"),
        ("giao-dien-la", "trang chủ đề không có bài nào (article.message): không phải trang XenForo 2?"),
        ("khu-rieng", "trang danh sách không có chủ đề nào (.structItem--thread): trang yêu cầu đăng nhập"),
        ("chu-de-mat", "HTTP 404"),
    ],
)
def test_bad_pages_are_errors_naming_source_and_url(crawled: Crawled, source: str, reason: str) -> None:
    errors = crawled.first.sources[source].errors
    assert len(errors) == 1 and reason in errors[0]
    assert ("/threads/" in errors[0] or "/forums/" in errors[0]) and crawled.first.sources[source].items == 0
    assert f"nguồn {source} (" in "\n".join(crawled.first.problems())


def test_a_recrawl_upserts_nothing_new_and_asks_conditionally(crawled: Crawled) -> None:
    report = crawled.second.sources["voz-mau"]
    assert report.items_new == 0 and report.errors == []
    assert report.not_modified == 1 and report.items == 5  # page 2 answered 304; page 1 and thread 102 re-read
    asked = {seen.path: seen.conditional for seen in crawled.second_requests}
    assert asked[FORUM] is True and asked[f"{T101}page-2"] is True
    assert asked[T101] is False and asked[T102] is False  # a first page names the last page: never 304
    assert len({item.id for item in crawled.items.values()}) == 7  # the queue holds each post once


def test_max_pages_reads_the_newest_pages_and_the_opening_post(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with MockSite() as site:
        serve(site, '"f1"')
        url = site.url(f"{T101}page-2")  # a thread's page: the crawl starts from its first page
        report = run_crawl([SourceConfig(id="mot-trang", kind="xenforo", url=url, options={"max_pages": 1})],
                           settings, scrapy_overrides=FAST)
        assert site.hits(T101) == 1 and site.hits(f"{T101}page-2") == 1
    assert report.ok and report.sources["mot-trang"].items == 3
    items = queued(settings)
    assert sorted(items) == [T101.lstrip("/"), f"{T101.lstrip('/')}post-1004", f"{T101.lstrip('/')}post-1005"]
    assert items[f"{T101.lstrip('/')}post-1004"].parent_id == items[T101.lstrip("/")].id


# -- pure functions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://voz.vn/t/ngap-o-quan-8.912345/page-7",
         ("https://voz.vn/t/ngap-o-quan-8.912345/", "912345", "voz.vn")),
        ("https://www.dien-dan.vn/threads/gia-2.5-trieu.42",
         ("https://www.dien-dan.vn/threads/gia-2.5-trieu.42/", "42", "dien-dan.vn")),
        ("https://dien-dan.vn/threads/42/#post-9", ("https://dien-dan.vn/threads/42/", "42", "dien-dan.vn")),
        ("https://dien-dan.vn/index.php?threads/ngap.7/",
         ("https://dien-dan.vn/index.php?threads/ngap.7/", "7", "dien-dan.vn")),
    ],
)
def test_thread_addresses(url: str, expected: tuple[str, str, str]) -> None:
    thread = thread_of(url)
    assert thread is not None and (thread.url, thread.id, thread.host) == expected
    assert thread.page(1) == expected[0] and thread.page(3) == f"{expected[0]}page-3"


@pytest.mark.parametrize("url", ["https://voz.vn/f/chuyen-tro-linh-tinh.17/", "https://dien-dan.vn/whats-new/posts/"])
def test_listings_are_not_threads(url: str) -> None:
    assert thread_of(url) is None


@pytest.mark.parametrize(
    ("footer", "likes"),
    [
        ('<div class="reactionsBar"><a class="reactionsBar-link"><bdi>An</bdi>, <bdi>Bình</bdi> and 1,204 others</a>'
         "</div>", 1206),
        ('<div class="reactionsBar"><a class="reactionsBar-link"><bdi>An 1990</bdi></a></div>', 1),
        ('<div class="reactionsBar"><a class="reactionsBar-link">An, Bình</a></div>', 2),
        ('<div class="reactionsBar js-reactionsList "></div>', 0),
        ("<footer></footer>", None),
    ],
)
def test_reaction_counts(footer: str, likes: int | None) -> None:
    assert reaction_count(Selector(text=f'<article class="message">{footer}</article>')) == likes


def test_the_last_page_comes_from_the_page_nav_with_skipped_pages() -> None:
    html = fixture("thread-101-page-1.html").replace(
        '<li class="pageNav-page "><a href="/threads/ngap-nang-o-quan-8-sau-con-mua.101/page-2">2</a></li>',
        '<li class="pageNav-page pageNav-page--skip"><a data-xf-click="menu">…</a></li>'
        '<li class="pageNav-page "><a href="/threads/ngap-nang-o-quan-8-sau-con-mua.101/page-57">57</a></li>')
    page = parse_thread_page(html, f"https://dien-dan.vn{T101}", TZ)
    assert (page.page, page.last_page, len(page.posts)) == (1, 57, 3)


def test_a_bot_check_page_is_named() -> None:
    html = "<html><head><title>Just a moment...</title></head><body><div id='cf-wrapper'></div></body></html>"
    with pytest.raises(ParseError, match="trang kiểm tra chống bot"):
        parse_thread_page(html, f"https://dien-dan.vn{T101}", TZ)
