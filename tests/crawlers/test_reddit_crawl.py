"""``kind: reddit`` end to end against a mock Reddit (real scrapy in a child process), plus its
pure JSON functions. Fixtures in ``fixtures/reddit/`` are Reddit's listing and comment shapes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.connectors.base import ParseError
from langnghe.crawlers.connectors.reddit import (
    RedditConnector,
    comment_things,
    comments_url,
    listing_children,
    listing_json_url,
    page_url,
)
from langnghe.crawlers.options import source_options
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items
from langnghe.item import Item, make_item_id
from langnghe.pseudonym import pseudonymise
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures"
KEY = TEST_AUTHOR_KEY
FAST = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1}
JSON = "application/json; charset=UTF-8"
SUB = "/r/VietNam/comments"
NGAP = f"{SUB}/1d0a001/ngap_nuoc_o_thu_duc_sau_con_mua_chieu_nay"


def fixture(name: str) -> str:
    return (FIXTURES / "reddit" / name).read_text(encoding="utf-8")


def serve(site: MockSite) -> None:
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    site.add("/r/VietNam/new.json?raw_json=1", fixture("listing-1.json"), content_type=JSON)
    site.add("/r/VietNam/new.json?raw_json=1&after=t3_1d0a003", fixture("listing-2.json"), content_type=JSON)
    site.add(f"{NGAP}.json", fixture("comments-1d0a001.json"), content_type=JSON)
    site.add(f"{SUB}/1d0a002/gia_dien_tang_48_tu_hom_nay.json", '[{"kind": "Listing", "data": {', content_type=JSON)
    site.add(f"{SUB}/1d0a003/hoi_ve_thu_tuc_doi_bang_lai_xe.json", fixture("comments-1d0a003.json"), content_type=JSON)
    site.add("/r/DongCua/new.json", "<!DOCTYPE html><html><body><h1>Bạn cần đăng nhập</h1></body></html>")


def make_settings(data_dir: Path) -> Settings:
    return Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=data_dir, download_delay=0.01, author_key=SecretStr(KEY))


def native(name: str) -> str:
    return make_item_id("reddit", native_id=name)


@dataclass
class Crawled:
    first: CrawlReport
    second: CrawlReport
    items: dict[str, Item]  # by id
    requested: list[str]  # by the first crawl
    base: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    settings = make_settings(tmp_path_factory.mktemp("reddit"))
    with MockSite() as site:
        serve(site)
        sources = [
            SourceConfig(id="reddit-vn", kind="reddit", url=site.url("/r/VietNam/new"),
                         options={"max_entries": 4, "max_comments": 50}),
            SourceConfig(id="reddit-dong", kind="reddit", url=site.url("/r/DongCua/new.json")),
        ]
        first = run_crawl(sources, settings, scrapy_overrides=FAST)
        requested = [seen.path for seen in site.requests]  # by the first crawl
        second = run_crawl(sources, settings, scrapy_overrides=FAST)
        base = site.base
    yield Crawled(first, second, queued_items(settings), requested, base)


def test_posts_keep_title_text_date_engagement_and_a_pseudonymous_author(crawled: Crawled) -> None:
    post = crawled.items[native("t3_1d0a001")]
    assert (post.kind, post.platform, post.source, post.content_from) == ("post", "reddit", "reddit-vn", "native")
    assert post.title == "Ngập nước ở Thủ Đức sau cơn mưa chiều nay"
    assert post.text.startswith("Đường Võ Văn Ngân ngập tới đầu gối")
    assert '"sắp xong" & "đang thi công"' in post.text  # raw_json=1: no &amp;
    assert post.url == f"{crawled.base}{NGAP}/"
    assert post.published_at == datetime(2024, 5, 1, 3, 0, tzinfo=timezone.utc)
    assert (post.engagement.likes, post.engagement.comments) == (152, 4)
    assert post.author == pseudonymise("meo_sai_gon", KEY.encode()) and post.parent_id is None


def test_a_link_post_has_its_link_as_text_and_a_removed_one_keeps_its_title(crawled: Crawled) -> None:
    link = crawled.items[native("t3_1d0a002")]
    assert link.title == "Giá điện tăng 4,8% từ hôm nay"
    assert link.text == "https://baomau.example/tin/gia-dien-tang.html"
    removed = crawled.items[native("t3_1d0a003")]
    assert removed.title.startswith("Hỏi về thủ tục") and removed.text == ""
    assert removed.author is None and removed.engagement.likes == 0  # score -3: no likes, never negative


def test_comments_link_to_their_parents_and_skip_deleted_bodies_and_more_stubs(crawled: Crawled) -> None:
    comments = {i.id: i for i in crawled.items.values() if i.kind == "comment"}
    assert set(comments) == {native("t1_kc0001"), native("t1_kc0002"), native("t1_kc0004")}
    top, reply = comments[native("t1_kc0001")], comments[native("t1_kc0002")]
    assert top.parent_id == native("t3_1d0a001") and reply.parent_id == native("t1_kc0001")
    assert reply.text == "Trời ơi, vậy mà chưa ai lên tiếng. Thoát nước kém quá."
    assert reply.published_at == datetime(2024, 5, 1, 3, 20, tzinfo=timezone.utc)
    assert reply.author == pseudonymise("meo_sai_gon", KEY.encode()) and top.engagement.likes == 20
    assert reply.url == f"{crawled.base}{NGAP}/kc0002/"


def test_after_is_followed_up_to_max_entries(crawled: Crawled) -> None:
    posts = {i.id for i in crawled.items.values() if i.kind == "post"}
    assert posts == {native(f"t3_1d0a00{n}") for n in (1, 2, 3, 4)}  # page 2 read, its second post not
    assert "/r/VietNam/new.json?raw_json=1&after=t3_1d0a003" in crawled.requested
    assert not any("after=t3_1d0a005" in path for path in crawled.requested)
    assert not any("/1d0a005/" in path for path in crawled.requested)
    assert not any("/1d0a004/" in path for path in crawled.requested)  # num_comments 0: not asked
    assert f"{NGAP}.json?limit=50&sort=new&raw_json=1" in crawled.requested
    assert crawled.first.sources["reddit-vn"].entries == 4


def test_bad_answers_are_errors_naming_source_and_url_while_the_rest_is_crawled(crawled: Crawled) -> None:
    sources = crawled.first.sources
    [html] = sources["reddit-dong"].errors
    assert "cần JSON, nhận một trang HTML" in html and "/r/DongCua/new.json?raw_json=1" in html
    [broken] = sources["reddit-vn"].errors
    assert "JSON sai cú pháp" in broken and "/1d0a002/gia_dien_tang_48_tu_hom_nay.json" in broken
    assert "nguồn reddit-dong (" in "\n".join(crawled.first.problems())
    assert sources["reddit-vn"].items == 7 and sources["reddit-dong"].items == 0


def test_a_recrawl_queues_nothing_new(crawled: Crawled) -> None:
    assert crawled.first.items_new == 7
    assert crawled.second.finished and crawled.second.items == 7 and crawled.second.items_new == 0


# -- pure functions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://www.reddit.com/r/VietNam/new.json", "https://www.reddit.com/r/VietNam/new.json?raw_json=1"),
        ("https://www.reddit.com/r/VietNam/new/", "https://www.reddit.com/r/VietNam/new.json?raw_json=1"),
        ("https://old.reddit.com/r/VietNam/top?t=week", "https://old.reddit.com/r/VietNam/top.json?t=week&raw_json=1"),
        ("https://reddit.com/r/VietNam/new.json?raw_json=1", "https://reddit.com/r/VietNam/new.json?raw_json=1"),
    ],
)
def test_listing_json_url(given: str, expected: str) -> None:
    assert listing_json_url(given) == expected


def test_page_url_replaces_after_and_comments_url_drops_the_trailing_slash() -> None:
    url = "https://www.reddit.com/r/VietNam/new.json?raw_json=1&after=t3_a"
    assert page_url(url, "t3_b") == "https://www.reddit.com/r/VietNam/new.json?raw_json=1&after=t3_b"
    assert comments_url("https://www.reddit.com", "/r/VietNam/comments/x/y/", 20) == \
        "https://www.reddit.com/r/VietNam/comments/x/y.json?limit=20&sort=new&raw_json=1"


def test_comment_things_are_depth_first_without_more_stubs() -> None:
    names = [c["name"] for c in comment_things(json.loads(fixture("comments-1d0a001.json")))]
    assert names == ["t1_kc0001", "t1_kc0002", "t1_kc0003", "t1_kc0004"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"message": "Forbidden", "error": 403}, "một câu trả lời báo lỗi: Forbidden (403)"),
        ({"kind": "Listing", "data": {"after": None}}, "không có data.children"),
        ([1, 2, 3], "một danh sách 3 phần tử"),
    ],
)
def test_listing_children_says_what_came_instead(data: Any, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        listing_children(data)
    with pytest.raises(ParseError):
        list(comment_things({"kind": "Listing"}))


def test_start_asks_the_json_listing_with_accept_json() -> None:
    source = SourceConfig(id="r", kind="reddit", url="https://www.reddit.com/r/VietNam/new")
    connector = RedditConnector(source, source_options(source), cast(Any, None))
    [request] = list(connector.start())
    assert request.url == "https://www.reddit.com/r/VietNam/new.json?raw_json=1"
    assert request.headers.get("Accept") == b"application/json" and request.meta["conditional"] is True
