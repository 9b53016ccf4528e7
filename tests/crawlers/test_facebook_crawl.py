"""``kind: facebook`` end to end against a mock Graph API: page posts and their comments,
``paging.next`` caps (and a next page on another host), Graph error bodies (code 190, rate
limits), hostile answers, a missing token, and the token kept out of everything the crawl
writes. Loopback only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlEvent, CrawlReport, run_crawl
from langnghe.crawlers.connectors.facebook import Post, comment_link, graph_problem, next_page, posts_url
from langnghe.crawlers.options import source_options
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items
from langnghe.errors import ConfigError
from langnghe.item import Item, make_item_id
from langnghe.pseudonym import pseudonymise
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures" / "facebook"
AUTHOR_KEY = TEST_AUTHOR_KEY
TOKEN = "EAAGm0PX4ZCpsBAThuNghiemTokenTrang0123456789"
OLD_TOKEN = "EAAGm0PX4ZCpsBATokenCuDaHetHan9876543210"
FAST = {"DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.01}
JSON = "application/json; charset=UTF-8"
PAGE = "104857600123456"
POST_1, POST_2, POST_3 = (f"{PAGE}_{n}" for n in ("812345678901234", "812345678905678", "812345678909999"))
POST_FIELDS = ("id,message,created_time,permalink_url,shares,reactions.summary(total_count).limit(0),"
               "comments.summary(total_count).limit(0)")


def posts_path(page: str, token: str = TOKEN) -> str:
    """The request the connector must send, written out as the Graph API documents it."""
    return f"/v21.0/{page}/posts?fields={POST_FIELDS}&limit=25&access_token={token}"


def comments_path(post: str) -> str:
    fields = "id,message,created_time,from,parent%7Bid%7D,like_count"
    return f"/v21.0/{post}/comments?fields={fields}&filter=stream&limit=100&access_token={TOKEN}"


def fixture(name: str, site: MockSite | None = None) -> str:
    text = (FIXTURES / name).read_text(encoding="utf-8").replace("{token}", TOKEN)
    return text.replace("{base}", site.base) if site is not None else text


def next_target(name: str, site: MockSite) -> str:
    """Where a fixture's ``paging.next`` points (path and query, as the mock site matches them)."""
    parts = urlsplit(json.loads(fixture(name, site))["paging"]["next"])
    return f"{parts.path}?{parts.query}"


def serve(site: MockSite) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
    site.add(posts_path("thanhpho.hcm"), fixture("posts-1.json"), content_type=JSON)
    site.add(next_target("posts-1.json", site), fixture("posts-2.json"), content_type=JSON)
    site.add(next_target("posts-2.json", site), fixture("posts-3.json"), content_type=JSON)
    site.add(comments_path(POST_1), fixture("comments-1.json"), content_type=JSON)
    site.add(next_target("comments-1.json", site), fixture("comments-2.json"), content_type=JSON)
    site.add(comments_path(POST_3), fixture("comments-3.json"), content_type=JSON)
    site.add(posts_path("trang.ngoai"), fixture("other-host.json"), content_type=JSON)
    site.add(posts_path("trang.cu", OLD_TOKEN), fixture("token-expired.json"), status=400, content_type=JSON)
    site.add(posts_path("trang.ban"), fixture("rate-limited.json"), status=403, content_type=JSON)
    site.add(posts_path("trang.html"), "<!DOCTYPE html><html><body><h1>Đăng nhập Facebook</h1></body></html>")
    site.add(posts_path("trang.loi"), '{"error": {"message": "An unknown error occurred", "code": 1}}', status=500,
             content_type=JSON)


def make_sources(site: MockSite) -> list[SourceConfig]:
    base = site.url("/v21.0")

    def source(ident: str, *pages: str, **options: object) -> SourceConfig:
        return SourceConfig(id=ident, kind="facebook", url=base, options={"page_ids": list(pages), **options})

    return [
        source("fb-trang", "thanhpho.hcm", max_pages=2),
        source("fb-ngoai", "trang.ngoai", comments=False),
        source("fb-het-han", "trang.cu", token_env="FB_TOKEN_CU"),
        source("fb-gioi-han", "trang.ban"),
        source("fb-thieu-token", "thanhpho.hcm", token_env="FB_KHONG_CO_TOKEN"),
        source("fb-html", "trang.html"),
        source("fb-500", "trang.loi"),
    ]


def item_id(native_id: str) -> str:
    return make_item_id("facebook", native_id=native_id)


@dataclass
class Crawled:
    first: CrawlReport
    second: CrawlReport
    events: list[CrawlEvent]
    items: dict[str, Item]
    paths: list[str]
    settings: Settings


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    settings = Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=tmp_path_factory.mktemp("facebook"), download_delay=0.01,
                        author_key=SecretStr(AUTHOR_KEY))
    with pytest.MonkeyPatch.context() as env, MockSite() as site:
        env.setenv("FACEBOOK_TOKEN", TOKEN)  # the crawl child inherits os.environ
        env.setenv("FB_TOKEN_CU", OLD_TOKEN)
        env.delenv("FB_KHONG_CO_TOKEN", raising=False)
        serve(site)
        sources = make_sources(site)
        events: list[CrawlEvent] = []
        first = run_crawl(sources, settings, on_event=events.append, scrapy_overrides=FAST)
        second = run_crawl(sources, settings, on_event=events.append, scrapy_overrides=FAST)
        paths = [seen.path for seen in site.requests]
    yield Crawled(first, second, events, queued_items(settings), paths, settings)


def test_posts_are_items_with_their_engagement(crawled: Crawled) -> None:
    post = crawled.items[item_id(POST_1)]
    assert (post.kind, post.platform, post.source, post.parent_id) == ("post", "facebook", "fb-trang", None)
    assert post.text.startswith("Thông báo: từ ngày 6/5 điều chỉnh giờ thu gom rác tại quận 3")
    assert post.url == "https://www.facebook.com/thanhpho.hcm/posts/pfbid0812345678901234"
    assert post.published_at == datetime(2024, 5, 4, 2, 0, tzinfo=timezone.utc)
    assert (post.engagement.likes, post.engagement.comments, post.engagement.shares) == (215, 3, 14)


def test_comments_hang_on_their_post_and_replies_on_their_comment(crawled: Crawled) -> None:
    first = crawled.items[item_id("812345678901234_1122334455667788")]
    assert first.kind == "comment" and first.parent_id == item_id(POST_1)
    assert first.author == pseudonymise("Trần Thị Mai", AUTHOR_KEY.encode())
    assert first.url == "https://www.facebook.com/thanhpho.hcm/posts/pfbid0812345678901234?comment_id=1122334455667788"
    assert first.engagement.likes == 25
    reply = crawled.items[item_id("812345678901234_1122334455669999")]
    assert reply.parent_id == first.id and reply.text == "Đồng ý, hẻm nhà tôi ở Võ Văn Tần cũng vậy."
    on_page_2 = crawled.items[item_id("812345678909999_2233445566778899")]
    assert on_page_2.parent_id == item_id(POST_3)


def test_paging_next_is_followed_up_to_max_pages(crawled: Crawled) -> None:
    kinds = sorted(item.kind for item in crawled.items.values() if item.source == "fb-trang")
    assert kinds == ["comment"] * 4 + ["post"] * 3  # two pages of posts, two pages of comments on the first post
    assert item_id("812345678901234_1122334455661111") in crawled.items  # the comments' second page
    assert not any("after=QVFIUmFmdGVyMg" in path for path in crawled.paths)  # posts page 3 is past max_pages
    assert not any(path.startswith(f"/v21.0/{POST_2}/comments") for path in crawled.paths)  # it has 0 comments


def test_posts_and_comments_without_a_message_are_skipped_and_counted(crawled: Crawled) -> None:
    assert item_id(f"{PAGE}_812345678900001") not in crawled.items
    assert item_id("812345678901234_1122334455660000") not in crawled.items
    warnings = crawled.first.sources["fb-trang"].warnings
    assert "trang thanhpho.hcm: bài đăng: bỏ qua 1 mục không có nội dung" in warnings
    assert f"bình luận của bài {POST_1}: bình luận: bỏ qua 1 mục không có nội dung" in warnings
    assert crawled.first.sources["fb-trang"].errors == []


def test_a_next_page_on_another_host_is_not_followed(crawled: Crawled) -> None:
    report = crawled.first.sources["fb-ngoai"]
    assert report.items == 1 and report.errors == []
    assert "trang sau nằm trên máy chủ khác (graph.facebook.com): không theo" in report.warnings[0]
    assert not any("/comments" in path and "812345678907777" in path for path in crawled.paths)  # comments: false


def test_graph_errors_and_hostile_answers_are_clear_errors_naming_the_source(crawled: Crawled) -> None:
    errors = {ident: report.errors for ident, report in crawled.first.sources.items() if report.errors}
    assert set(errors) == {"fb-het-han", "fb-gioi-han", "fb-thieu-token", "fb-html", "fb-500"}
    assert "mã truy cập hết hạn hoặc mất hiệu lực (mã 190, OAuthException): hãy đặt mã mới vào FB_TOKEN_CU" in errors["fb-het-han"][0]
    assert "Graph API giới hạn tần suất (mã 4): (#4) Application request limit reached" in errors["fb-gioi-han"][0]
    assert "hãy đặt biến môi trường FB_KHONG_CO_TOKEN" in errors["fb-thieu-token"][0]
    assert "cần JSON, nhận một trang HTML" in errors["fb-html"][0]
    assert "HTTP 500" in errors["fb-500"][0]
    for ident in ("fb-html", "fb-500"):
        assert "/v21.0/trang." in errors[ident][0] and "access_token=***" in errors[ident][0]


def test_the_token_is_sent_but_never_written_down(crawled: Crawled) -> None:
    assert posts_path("thanhpho.hcm") in crawled.paths  # the API got its token...
    written = [event.to_json() for event in crawled.events]
    written += [json.dumps(crawled.first.as_dict()), *(item.to_json() for item in crawled.items.values())]
    for secret in (TOKEN, OLD_TOKEN):
        assert not any(secret in text for text in written)  # ...and no event, report or item holds it
        for path in crawled.settings.data_dir.rglob("*"):  # queue, crawl state, crawl log
            assert not path.is_file() or secret.encode() not in path.read_bytes(), path
    log = Path(crawled.first.log_path or "").read_text(encoding="utf-8")
    assert "Gave up retrying <GET" in log and "access_token=***" in log


def test_a_recrawl_queues_nothing_new(crawled: Crawled) -> None:
    assert crawled.first.items == 8 and crawled.first.items_new == 8
    assert crawled.second.finished and crawled.second.items == 8 and crawled.second.items_new == 0


# -- pure parts -----------------------------------------------------------------------------------


def test_posts_url_orders_the_documented_parameters() -> None:
    assert posts_url("https://graph.facebook.com/v21.0/", "thanhpho.hcm", "T") == (
        f"https://graph.facebook.com/v21.0/thanhpho.hcm/posts?fields={POST_FIELDS}&limit=25&access_token=T")


def test_next_page_stays_on_the_base_host_and_keeps_the_token() -> None:
    base = "https://graph.facebook.com/v21.0"
    same = {"paging": {"next": f"{base}/1/posts?access_token=T&limit=25&after=A"}}
    assert next_page(same, base, "T") == f"{base}/1/posts?access_token=T&limit=25&after=A"  # as given
    assert next_page({"paging": {"next": f"{base}/1/posts?after=A"}}, base, "T") == f"{base}/1/posts?after=A&access_token=T"
    assert next_page({"paging": {"cursors": {"after": "A"}}}, base, "T") is None
    with pytest.raises(ValueError, match="máy chủ khác"):
        next_page({"paging": {"next": "https://graph.example.test/v21.0/1/posts?after=A"}}, base, "T")


@pytest.mark.parametrize(
    ("code", "reason", "stop"),
    [
        (190, "mã truy cập hết hạn hoặc mất hiệu lực (mã 190", True),
        (4, "Graph API giới hạn tần suất (mã 4)", True),
        (17, "Graph API giới hạn tần suất (mã 17)", True),
        (32, "Graph API giới hạn tần suất (mã 32)", True),
        (613, "Graph API giới hạn tần suất (mã 613)", True),
        (10, "page X: mã truy cập không có quyền đọc (mã 10)", False),
        (100, "page X: HTTP 400, OAuthException (mã 100): Trang không tồn tại", False),
    ],
)
def test_graph_error_codes(code: int, reason: str, stop: bool) -> None:
    body = {"error": {"message": "Trang không tồn tại", "type": "OAuthException", "code": code}}
    found, stops = graph_problem(400, body, "page X", "FACEBOOK_TOKEN")
    assert reason in found and stops is stop


def test_comment_link_points_into_the_post() -> None:
    post = Post("1_2", "https://www.facebook.com/p/posts/pfbid02")
    assert comment_link(post, "2_345") == "https://www.facebook.com/p/posts/pfbid02?comment_id=345"
    assert comment_link(Post("1_2", None), "2_345") is None


def test_a_source_without_pages_is_a_config_error() -> None:
    source = SourceConfig(id="fb-rong", kind="facebook", url="https://graph.facebook.com/v21.0")
    with pytest.raises(ConfigError, match="nguồn fb-rong: options.page_ids: cần ít nhất một mã trang"):
        source_options(source)
