"""``kind: mastodon`` end to end against a mock instance (real scrapy in a child process), plus its
pure functions. Fixtures in ``fixtures/mastodon/`` are Mastodon's Status and Account JSON."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.connectors.mastodon import account_handle, next_link, shown_status
from langnghe.crawlers.options import source_options
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items
from langnghe.errors import ConfigError
from langnghe.item import Item, make_item_id
from langnghe.pseudonym import pseudonymise
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures"
KEY = TEST_AUTHOR_KEY
FAST = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}
JSON = "application/json; charset=utf-8"
TAG = "/api/v1/timelines/tag/moitruong"
STATUSES = "/api/v1/accounts/109876543210/statuses?limit=40&exclude_reblogs=true"


def fixture(name: str) -> str:
    return (FIXTURES / "mastodon" / name).read_text(encoding="utf-8")


def link(base: str, next_max: str, prev_min: str) -> str:
    return f'<{base}{TAG}?limit=40&max_id={next_max}>; rel="next", <{base}{TAG}?limit=40&min_id={prev_min}>; rel="prev"'


def serve(site: MockSite) -> None:
    base = site.base
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    site.add(f"{TAG}?limit=40", fixture("tag-1.json"), content_type=JSON,
             headers={"Link": link(base, "112345600000000001", "112345600000000003"), "ETag": 'W/"trang-1"'})
    site.add(f"{TAG}?limit=40&max_id=112345600000000001", fixture("tag-2.json"), content_type=JSON,
             headers={"Link": link(base, "112345500000000008", "112345500000000009")})
    site.add("/api/v1/accounts/lookup?acct=baomoitruong", fixture("lookup.json"), content_type=JSON)
    site.add(STATUSES, fixture("statuses.json"), content_type=JSON)
    site.add(f"/dong-cua{TAG}?limit=40", "<!DOCTYPE html><html><body><p>Đăng nhập để xem</p></body></html>")


def make_settings(data_dir: Path) -> Settings:
    return Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=data_dir, download_delay=0.01, author_key=SecretStr(KEY))


@dataclass
class Crawled:
    first: CrawlReport
    second: CrawlReport
    items: dict[str, Item]  # by status id
    requested: list[str]  # by the first crawl
    host: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    settings = make_settings(tmp_path_factory.mktemp("mastodon"))
    with MockSite() as site:
        serve(site)
        sources = [
            SourceConfig(id="masto-vn", kind="mastodon", url=site.base + "/",
                         options={"hashtags": ["#moitruong"], "accounts": ["@baomoitruong", "khongtontai"]}),
            SourceConfig(id="masto-dong", kind="mastodon", url=site.url("/dong-cua"),
                         options={"hashtags": ["moitruong"]}),
        ]
        first = run_crawl(sources, settings, scrapy_overrides=FAST)
        requested = [seen.path for seen in site.requests]
        second = run_crawl(sources, settings, scrapy_overrides=FAST)
        host = site.base.removeprefix("http://")
    items = queued_items(settings, by=lambda item: (item.url or "").rsplit("/", 1)[-1])
    yield Crawled(first, second, items, requested, host)


def test_a_status_becomes_a_post_with_text_date_lang_and_engagement(crawled: Crawled) -> None:
    post = crawled.items["112345600000000003"]
    assert (post.kind, post.platform, post.source, post.content_from) == ("post", "mastodon", "masto-vn", "native")
    assert post.id == make_item_id("mastodon", native_id=f"{crawled.host}:112345600000000003")
    assert post.text == "Sáng nay bụi mịn ở Hà Nội lại vượt ngưỡng, chỉ số AQI hơn 200. #moitruong\n" \
                        "Mọi người nhớ đeo khẩu trang & hạn chế ra đường nhé."
    assert post.published_at == datetime(2024, 5, 1, 1, 30, tzinfo=timezone.utc) and post.lang == "vi"
    assert (post.engagement.likes, post.engagement.comments, post.engagement.shares) == (12, 1, 4)
    assert post.author == pseudonymise(f"xanhsach@{crawled.host}", KEY.encode())  # a local acct gets its instance


def test_replies_are_comments_of_the_status_they_answer(crawled: Crawled) -> None:
    reply = crawled.items["112345600000000002"]
    assert reply.kind == "comment" and reply.parent_id == crawled.items["112345600000000003"].id
    assert reply.text == "@xanhsach Ở Long Biên cũng mù mịt từ sáng sớm."
    assert reply.published_at == datetime(2024, 5, 1, 1, 45, 10, tzinfo=timezone.utc)
    assert reply.author == pseudonymise("lan_hoa@mastodon.example", KEY.encode())
    answer = crawled.items["112345700000000004"]  # to a status this crawl did not read
    assert answer.parent_id == make_item_id("mastodon", native_id=f"{crawled.host}:112340000000000001")


def test_private_and_media_only_statuses_are_left_out_and_the_warning_is_the_title(crawled: Crawled) -> None:
    assert "112345600000000001" not in crawled.items and "112345500000000008" not in crawled.items
    cw = crawled.items["112345500000000009"]
    assert cw.title == "Ô nhiễm nguồn nước" and cw.text.startswith("Kênh Nhiêu Lộc")


def test_a_reblog_stands_for_the_reblogged_status(crawled: Crawled) -> None:
    shared = crawled.items["112345650000000001"]
    assert shared.url == "https://mastodon.example/@nguoidan/112345650000000001"
    assert shared.id == make_item_id("mastodon", native_id=f"{crawled.host}:112345650000000001")
    assert shared.author == pseudonymise("nguoidan@mastodon.example", KEY.encode()) and shared.engagement.shares == 30
    assert "112345700000000003" not in crawled.items


def test_link_next_is_followed_up_to_max_pages(crawled: Crawled) -> None:
    assert f"{TAG}?limit=40&max_id=112345600000000001" in crawled.requested
    assert not any("max_id=112345500000000008" in path for path in crawled.requested)  # max_pages: 2
    assert "/api/v1/accounts/lookup?acct=baomoitruong" in crawled.requested and STATUSES in crawled.requested
    assert len(crawled.items) == 6 and crawled.first.sources["masto-vn"].entries == 8


def test_bad_answers_are_errors_naming_source_and_url_while_the_rest_is_crawled(crawled: Crawled) -> None:
    sources = crawled.first.sources
    [html] = sources["masto-dong"].errors
    assert "cần JSON, nhận một trang HTML" in html and f"/dong-cua{TAG}?limit=40" in html
    [missing] = sources["masto-vn"].errors
    assert "HTTP 404" in missing and "/api/v1/accounts/lookup?acct=khongtontai" in missing
    assert sources["masto-vn"].items == 6 and sources["masto-dong"].items == 0


def test_a_recrawl_queues_nothing_new(crawled: Crawled) -> None:
    second = crawled.second
    assert crawled.first.items_new == 6
    assert second.finished and second.sources["masto-vn"].not_modified == 1  # the tag timeline's ETag: a 304
    assert second.items == 3 and second.items_new == 0  # the account's statuses, read again, unchanged


# -- pure functions and options ------------------------------------------------------------


def test_next_link() -> None:
    header = '<https://a.example/api/v1/x?min_id=9>; rel="prev", <https://a.example/api/v1/x?max_id=7>; rel="next"'
    assert next_link(header) == "https://a.example/api/v1/x?max_id=7"
    assert next_link('<https://a.example/api/v1/x?min_id=9>; rel="prev"') is None
    assert next_link(None) is None


def test_shown_status_and_account_handle() -> None:
    inner = {"id": "2", "account": {"acct": "ai@xa.example"}}
    assert shown_status({"id": "1", "reblog": inner}) is inner
    assert shown_status({"id": "1", "reblog": None}) == {"id": "1", "reblog": None}
    assert shown_status("không phải status") is None
    assert account_handle({"acct": "gan"}, "mastodon.social") == "gan@mastodon.social"
    assert account_handle(inner["account"], "mastodon.social") == "ai@xa.example"
    assert account_handle(None, "mastodon.social") is None


def test_a_source_with_nothing_to_read_is_a_config_error() -> None:
    source = SourceConfig(id="trong", kind="mastodon", url="https://mastodon.social")
    with pytest.raises(ConfigError, match="nguồn trong: options.accounts: cần ít nhất một hashtags hoặc accounts"):
        source_options(source)
    assert source_options(source.model_copy(update={"options": {"accounts": ["a"]}})).accounts == ["a"]
