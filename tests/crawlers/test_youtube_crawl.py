"""``kind: youtube`` end to end against a mock Data API: comment threads and their replies,
paging caps, API error bodies (comments disabled, quota, bad key), hostile answers, a
missing key, and the key kept out of everything the crawl writes. Loopback only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlEvent, CrawlReport, run_crawl
from langnghe.crawlers.connectors.base import ParseError
from langnghe.crawlers.connectors.credentials import scrub
from langnghe.crawlers.connectors.youtube import api_problem, thread_comments, threads_url
from langnghe.crawlers.options import source_options
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items
from langnghe.errors import ConfigError
from langnghe.item import Item, make_item_id
from langnghe.pseudonym import pseudonymise
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

FIXTURES = Path(__file__).parent / "fixtures" / "youtube"
AUTHOR_KEY = TEST_AUTHOR_KEY
API_KEY = "AIzaSyThuNghiem-Khoa_0123456789abcdef"
WRONG_KEY = "AIzaSyKhoaSaiBiThuHoi-9876543210"
VIDEO_B_ITEMS = 1  # one top-level comment, no replies
FAST = {"DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.01}
JSON = "application/json; charset=UTF-8"
BASE = "/youtube/v3"
VIDEO_A, VIDEO_B, NO_COMMENTS = "Vx7kLmN2pQa", "Bt3rZ9yHw1E", "Kd0sTaT8uLm"
CHANNEL = "UCkenhTinTuc0VnA1b2C3d4E"
TOP = "UgwA1b2C3d4E5f6G7h8I9jK4AaABAg"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def threads_path(param: str, ident: str, token: str | None = None, key: str = API_KEY) -> str:
    """The request the connector must send, written out as the API documents it."""
    query = f"part=snippet,replies&{param}={ident}&maxResults=100&order=time&textFormat=plainText"
    return f"{BASE}/commentThreads?{query}" + (f"&pageToken={token}" if token else "") + f"&key={key}"


def video(ident: str, token: str | None = None, key: str = API_KEY) -> str:
    return threads_path("videoId", ident, token, key)


def serve(site: MockSite) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
    site.add(video(VIDEO_A), fixture("video-a-1.json"), content_type=JSON)
    site.add(video(VIDEO_A, "QURTSl9pMl9yUTJ3"), fixture("video-a-2.json"), content_type=JSON)
    site.add(video(VIDEO_A, "QURTSl9pM19yUTN4"), fixture("video-a-3.json"), content_type=JSON)
    site.add(video(VIDEO_B), fixture("video-b.json"), content_type=JSON, headers={"ETag": '"yt-b-1"'})
    site.add(video(NO_COMMENTS), fixture("comments-disabled.json"), status=403, content_type=JSON)
    site.add(threads_path("allThreadsRelatedToChannelId", CHANNEL), fixture("channel.json"), content_type=JSON)
    site.add(video("HetHanMucQa"), fixture("quota-exceeded.json"), status=403, content_type=JSON)
    site.add(video("KhoaSaiVid1", key=WRONG_KEY), fixture("key-invalid.json"), status=400, content_type=JSON)
    site.add(video("TrangHtml01"), "<!DOCTYPE html><html><body><h1>Đăng nhập</h1></body></html>")
    site.add(video("JsonHong001"), '{"items": [{"id": ', content_type=JSON)
    site.add(video("LoiMayChu50"), '{"error": {"code": 500, "message": "Backend Error"}}', status=500,
             content_type=JSON)


def make_sources(site: MockSite) -> list[SourceConfig]:
    base = site.url(BASE)

    def source(ident: str, **options: object) -> SourceConfig:
        return SourceConfig(id=ident, kind="youtube", url=base, options=options)

    return [
        source("yt-video", video_ids=[VIDEO_A, VIDEO_B, NO_COMMENTS], max_pages=2),
        source("yt-kenh", channel_id=CHANNEL, max_entries=1),
        source("yt-quota", video_ids=["HetHanMucQa"]),
        source("yt-khoa-sai", video_ids=["KhoaSaiVid1"], api_key_env="YT_KHOA_SAI"),
        source("yt-thieu-khoa", video_ids=[VIDEO_A], api_key_env="YT_KHONG_CO_KHOA"),
        source("yt-html", video_ids=["TrangHtml01"]),
        source("yt-json-hong", video_ids=["JsonHong001"]),
        source("yt-500", video_ids=["LoiMayChu50"]),
    ]


def queued(settings: Settings) -> dict[str, Item]:
    return queued_items(settings)


def comment_id(native_id: str) -> str:
    return make_item_id("youtube", native_id=native_id)


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
    settings = Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=tmp_path_factory.mktemp("youtube"), download_delay=0.01,
                        author_key=SecretStr(AUTHOR_KEY))
    with pytest.MonkeyPatch.context() as env, MockSite() as site:
        env.setenv("YOUTUBE_API_KEY", API_KEY)  # the crawl child inherits os.environ
        env.setenv("YT_KHOA_SAI", WRONG_KEY)
        env.delenv("YT_KHONG_CO_KHOA", raising=False)
        serve(site)
        sources = make_sources(site)
        events: list[CrawlEvent] = []
        first = run_crawl(sources, settings, on_event=events.append, scrapy_overrides=FAST)
        second = run_crawl(sources, settings, on_event=events.append, scrapy_overrides=FAST)
        paths = [seen.path for seen in site.requests]
    yield Crawled(first, second, events, queued(settings), paths, settings)


def test_top_level_comments_hang_on_the_video_and_replies_on_their_comment(crawled: Crawled) -> None:
    top = crawled.items[comment_id(TOP)]
    assert (top.kind, top.platform, top.source) == ("comment", "youtube", "yt-video")
    assert top.text == "Ngập ở đường Nguyễn Hữu Cảnh lại kéo dài cả buổi chiều, xe chết máy hàng loạt."
    assert top.parent_id == make_item_id("youtube", native_id=f"video:{VIDEO_A}")
    assert top.url == f"https://www.youtube.com/watch?v={VIDEO_A}&lc={TOP}"
    assert top.published_at == datetime(2024, 5, 1, 9, 15, tzinfo=timezone.utc)
    assert top.engagement.likes == 12 and top.engagement.comments == 4
    assert top.author == pseudonymise("UCnguoiXem01aBcDeFgHiJkL", AUTHOR_KEY.encode())
    reply = crawled.items[comment_id(f"{TOP}.9xYzReply01")]
    assert reply.kind == "comment" and reply.parent_id == top.id
    assert reply.url == f"https://www.youtube.com/watch?v={VIDEO_A}&lc={TOP}.9xYzReply01"
    assert reply.text == "Nhà tôi ở Thảo Điền cũng ngập tới đầu gối, khổ lắm."


def test_pages_follow_next_page_token_up_to_max_pages(crawled: Crawled) -> None:
    from_a = [item for item in crawled.items.values() if item.url and f"v={VIDEO_A}&" in item.url]
    assert len(from_a) == 5  # page 1: two threads and two replies; page 2: one thread
    assert video(VIDEO_A, "QURTSl9pMl9yUTJ3") in crawled.paths
    assert not any("pageToken=QURTSl9pM19yUTN4" in path for path in crawled.paths)  # page 3 is past max_pages


def test_max_entries_caps_threads_and_stops_paging(crawled: Crawled) -> None:
    from_channel = [item for item in crawled.items.values() if item.source == "yt-kenh"]
    assert [item.text for item in from_channel] == ["Đề nghị thành phố công khai tiến độ dự án chống ngập."]
    assert not any("pageToken=QURTSl9rZW5oMg" in path for path in crawled.paths)


def test_comments_disabled_on_one_video_is_a_warning_and_the_others_are_read(crawled: Crawled) -> None:
    report = crawled.first.sources["yt-video"]
    assert report.errors == []
    assert any(f"video {NO_COMMENTS} đã tắt bình luận" in warning for warning in report.warnings)
    assert any("bỏ qua 1 chuỗi bình luận (một chuỗi bình luận không có 'topLevelComment')" in w for w in report.warnings)
    assert report.items == 6 and report.entries == 5  # five threads taken (one of them malformed)


def test_api_errors_and_hostile_answers_are_clear_errors_naming_the_source(crawled: Crawled) -> None:
    errors = {ident: report.errors for ident, report in crawled.first.sources.items() if report.errors}
    assert set(errors) == {"yt-quota", "yt-khoa-sai", "yt-thieu-khoa", "yt-html", "yt-json-hong", "yt-500"}
    assert "đã hết hạn mức API (quotaExceeded)" in errors["yt-quota"][0]
    assert "khóa API không hợp lệ (keyInvalid): hãy kiểm tra khóa trong YT_KHOA_SAI" in errors["yt-khoa-sai"][0]
    assert "hãy đặt biến môi trường YT_KHONG_CO_KHOA" in errors["yt-thieu-khoa"][0]
    assert "cần JSON, nhận một trang HTML" in errors["yt-html"][0]
    assert "JSON sai cú pháp" in errors["yt-json-hong"][0]
    assert "HTTP 500" in errors["yt-500"][0]
    for ident in ("yt-html", "yt-json-hong", "yt-500"):
        assert "/youtube/v3/commentThreads?" in errors[ident][0] and "key=***" in errors[ident][0]
    problems = "\n".join(crawled.first.problems())
    assert "nguồn yt-quota (" in problems and "nguồn yt-500 (" in problems


def test_the_key_is_sent_but_never_written_down(crawled: Crawled) -> None:
    assert video(VIDEO_A) in crawled.paths  # the API got its key...
    written = [event.to_json() for event in crawled.events]
    written += [json.dumps(crawled.first.as_dict()), *(item.to_json() for item in crawled.items.values())]
    for secret in (API_KEY, WRONG_KEY):
        assert not any(secret in text for text in written)  # ...and no event, report or item holds it
        for path in crawled.settings.data_dir.rglob("*"):  # queue, crawl state, crawl log
            assert not path.is_file() or secret.encode() not in path.read_bytes(), path
    log = Path(crawled.first.log_path or "").read_text(encoding="utf-8")
    assert "Gave up retrying <GET" in log and "LoiMayChu50" in log  # scrapy's own line is there, scrubbed
    assert "key=***" in log and "key=****" not in log


def test_api_requests_do_not_consult_robots_txt(crawled: Crawled) -> None:
    assert "/robots.txt" not in crawled.paths


def test_a_recrawl_queues_nothing_new(crawled: Crawled) -> None:
    assert crawled.first.items == 7 and crawled.first.items_new == 7
    # Video B's page carries an ETag: asked again with If-None-Match (validators stored without the key), 304.
    assert crawled.second.sources["yt-video"].not_modified == 1
    assert crawled.second.finished and crawled.second.items == 7 - VIDEO_B_ITEMS and crawled.second.items_new == 0


# -- pure parts -----------------------------------------------------------------------------------


def test_threads_url_orders_the_documented_parameters() -> None:
    url = threads_url("https://www.googleapis.com/youtube/v3/", ("videoId", VIDEO_A), "K", "TRANG2")
    assert url == ("https://www.googleapis.com/youtube/v3/commentThreads?part=snippet,replies&videoId=Vx7kLmN2pQa"
                   "&maxResults=100&order=time&textFormat=plainText&pageToken=TRANG2&key=K")


def test_scrub_hides_key_and_token_values() -> None:
    text = f"cannot fetch https://h.test/v3/x?videoId=a&key={API_KEY}&pageToken=b: HTTP 500"
    assert scrub(text) == "cannot fetch https://h.test/v3/x?videoId=a&key=***&pageToken=b: HTTP 500"
    assert scrub("https://g.test/v21.0/1/posts?access_token=EAAB%2Fx&after=c") == \
           "https://g.test/v21.0/1/posts?access_token=***&after=c"
    assert scrub(f"(https://h.test/v3/x?key={API_KEY}): HTTP 500") == "(https://h.test/v3/x?key=***): HTTP 500"
    assert scrub(f"the key {API_KEY} leaked", [API_KEY]) == "the key *** leaked"
    assert scrub(scrub(text)) == scrub(text)  # events are scrubbed, then their log line again


@pytest.mark.parametrize(
    ("name", "status", "reason", "severity", "stop"),
    [
        ("comments-disabled.json", 403, f"video {NO_COMMENTS} đã tắt bình luận", "source_warning", False),
        ("quota-exceeded.json", 403, "đã hết hạn mức API (quotaExceeded)", "source_error", True),
        ("key-invalid.json", 400, "khóa API không hợp lệ (keyInvalid): hãy kiểm tra khóa trong YOUTUBE_API_KEY",
         "source_error", True),
    ],
)
def test_api_error_bodies(name: str, status: int, reason: str, severity: str, stop: bool) -> None:
    problem = api_problem(status, json.loads(fixture(name)), f"video {NO_COMMENTS}", "YOUTUBE_API_KEY")
    assert reason in problem.reason and (problem.severity, problem.stop) == (severity, stop)


def test_other_api_errors() -> None:
    not_found = {"error": {"code": 404, "message": "Không tìm thấy", "errors": [{"reason": "videoNotFound"}]}}
    assert api_problem(404, not_found, "video X", "K").reason == "không tìm thấy video X (HTTP 404, videoNotFound)"
    assert api_problem(502, None, "video X", "K").reason == "video X: HTTP 502, API không kèm mô tả lỗi"
    details = {"error": {"code": 400, "message": "API key not valid.", "errors": [{"reason": "badRequest"}],
                         "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]}}
    assert api_problem(400, details, "video X", "K").stop


def test_thread_comments_reads_a_thread_and_rejects_one_without_its_comment() -> None:
    page = json.loads(fixture("video-a-1.json"))
    top, *replies = thread_comments(page["items"][0])
    assert (top.native_id, top.parent_native_id, top.likes, top.replies) == (TOP, f"video:{VIDEO_A}", 12, 4)
    assert [r.parent_native_id for r in replies] == [TOP, TOP] and replies[1].author == "UCnguoiXem03aBcDeFgHiJkL"
    with pytest.raises(ParseError, match="topLevelComment"):
        thread_comments(json.loads(fixture("video-b.json"))["items"][1])
    with pytest.raises(ParseError, match="snippet"):
        thread_comments({"id": "x"})


def test_a_source_with_nothing_to_read_is_a_config_error() -> None:
    source = SourceConfig(id="yt-rong", kind="youtube", url="https://www.googleapis.com/youtube/v3")
    with pytest.raises(ConfigError, match="nguồn yt-rong: options.channel_id: cần video_ids hoặc channel_id"):
        source_options(source)
