"""Crawl events on the wire and the report folded from them."""

from __future__ import annotations

import pytest

from langnghe.crawlers.events import CrawlEvent, CrawlReport


def test_event_json_round_trip_keeps_vietnamese() -> None:
    event = CrawlEvent(kind="item", source="bao-mau", title="Mưa lớn ở miền Trung", new=False, page_fetched=True)
    line = event.to_json()
    assert "Mưa lớn" in line and "null" not in line
    assert CrawlEvent.from_json(line) == event


@pytest.mark.parametrize("line", ['{"kind": "party"}', "[1, 2]", '"item"', "Scrapy 2.19 started"])
def test_non_events_are_rejected(line: str) -> None:
    with pytest.raises(ValueError):
        CrawlEvent.from_json(line)


def test_unknown_fields_from_a_newer_child_are_ignored() -> None:
    assert CrawlEvent.from_json('{"kind": "done", "reason": "finished", "stats": {}}').reason == "finished"


def test_report_folds_events_per_source() -> None:
    report = CrawlReport.for_sources([("a", "http://127.0.0.1/a.xml"), ("b", "http://127.0.0.1/b.xml")])
    events = [
        CrawlEvent(kind="feed", source="a", entries=3),
        CrawlEvent(kind="item", source="a", content_from="page", new=True, page_fetched=True),
        CrawlEvent(kind="item", source="a", content_from="page", new=False, page_fetched=True),
        *[CrawlEvent(kind="page_failed", source="a", url=f"http://127.0.0.1/{n}", reason="HTTP 404") for n in range(5)],
        CrawlEvent(kind="item", source="a", content_from="feed_summary", new=True, page_fetched=False),
        CrawlEvent(kind="source_error", source="b", reason="bad feed at http://127.0.0.1/b.xml: empty"),
        CrawlEvent(kind="done", reason="finished"),
    ]
    for event in events:
        report.apply(event)
    assert (report.items, report.items_new, report.items_with_feed_summary) == (3, 2, 1)
    assert (report.pages_fetched, report.pages_failed, report.source_errors) == (2, 5, 1)
    assert report.finished and not report.ok
    problems = report.problems()
    assert problems[0] == "nguồn a: 5 trang dùng phần tóm tắt của feed (HTTP 404): " \
                          "http://127.0.0.1/0, http://127.0.0.1/1, http://127.0.0.1/2 và 2 trang nữa"
    assert problems[1] == "nguồn b (http://127.0.0.1/b.xml): bad feed at http://127.0.0.1/b.xml: empty"
    assert report.as_dict()["totals"]["items"] == 3


def test_job_round_trip_carries_the_author_key_and_interval() -> None:
    from datetime import timedelta
    from pathlib import Path

    from pydantic import SecretStr

    from langnghe.config import SourceConfig
    from langnghe.crawlers.job import job_from_json, job_to_json
    from langnghe.settings import Settings

    source = SourceConfig(id="bao-mau", kind="rss", url="http://127.0.0.1/rss.xml", interval="30m",
                          options={"max_entries": 5})
    settings = Settings(data_dir=Path("du-lieu"), author_key=SecretStr("khoa"), download_delay=0.25)
    sources, back, scrapy = job_from_json(job_to_json([source], settings, {"DOWNLOAD_TIMEOUT": 3}))
    assert sources == [source] and sources[0].interval == timedelta(minutes=30)
    assert back.author_key is not None and back.author_key.get_secret_value() == "khoa"
    assert (back.data_dir, back.download_delay) == (Path("du-lieu"), 0.25)
    assert scrapy == {"DOWNLOAD_TIMEOUT": 3}


def test_known_entries_unchanged_sources_and_undated_items_are_counted() -> None:
    report = CrawlReport.for_sources([("a", "http://127.0.0.1/a.xml"), ("b", "http://127.0.0.1/b.xml")])
    for event in (
        CrawlEvent(kind="feed", source="a", entries=5, known=3),
        CrawlEvent(kind="item", source="a", new=True, dated=True),
        CrawlEvent(kind="item", source="a", new=True, dated=False),
        CrawlEvent(kind="not_modified", source="b", url="http://127.0.0.1/b.xml"),
        CrawlEvent(kind="done", reason="finished"),
    ):
        report.apply(event)
    assert (report.sources["a"].known, report.sources["a"].items_undated, report.sources["b"].not_modified) == (3, 1, 1)
    assert report.ok and report.as_dict()["totals"]["not_modified"] == 1
    line = report.summary_line()
    assert "1 tin không có ngày đăng" in line and "1 không đổi từ lần thu thập trước (304)" in line


def test_the_summary_and_problem_lines_read_in_vietnamese() -> None:
    report = CrawlReport.for_sources([("a", "http://127.0.0.1/a.xml"), ("b", "http://127.0.0.1/b.xml")])
    for event in (
        CrawlEvent(kind="item", source="a", content_from="feed_summary", new=True, dated=False, future_dated=True),
        CrawlEvent(kind="item", source="a", content_from="page", page_fetched=True, metadata_off=True),
        CrawlEvent(kind="page_failed", source="a", url="http://127.0.0.1/1", reason="HTTP 500"),
        CrawlEvent(kind="not_modified", source="b", url="http://127.0.0.1/b.xml"),
        CrawlEvent(kind="source_warning", source="b", reason="XML sai cú pháp"),
        CrawlEvent(kind="source_error", source="b", reason="HTTP 404"),
        CrawlEvent(kind="child_failed", reason="bị dừng bởi tín hiệu SIGKILL"),
    ):
        report.apply(event)
    assert report.summary_line() == (
        "đã thu thập 2 nguồn: 2 tin (1 mới hoặc đã đổi), tải 1 trang, 1 trang lỗi, 1 tin lấy phần tóm tắt của feed"
        "; 1 tin không có ngày đăng (1 tin ghi ngày trong tương lai, đã bỏ ngày)"
        "; 1 trang có giờ trong siêu dữ liệu lệch giờ ghi trên bài cả tiếng (giữ giờ trên bài)"
        "; 1 không đổi từ lần thu thập trước (304); 1 nguồn lỗi"
        "; tiến trình thu thập dừng sớm (các tin đã vào hàng đợi vẫn được giữ)"
    )
    assert report.problems() == [
        "tiến trình thu thập: bị dừng bởi tín hiệu SIGKILL",
        "nguồn a: 1 trang dùng phần tóm tắt của feed (HTTP 500): http://127.0.0.1/1",
        "nguồn b (http://127.0.0.1/b.xml): HTTP 404",
        "nguồn b (http://127.0.0.1/b.xml): XML sai cú pháp",
    ]
