"""The crawl state store, the backoff policy and the syndication index, without a crawler."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from crawl_pages import PARAGRAPHS

from langnghe.crawlers.middlewares import parse_retry_after, retry_delay
from langnghe.crawlers.state import CrawlState, DropFile
from langnghe.crawlers.syndication import SyndicationIndex, signature, with_syndication_keys
from langnghe.item import Item, NlpResult, utcnow

TEXT = " ".join(PARAGRAPHS)


def test_validators_round_trip_and_are_forgotten_without_any(tmp_path: Path) -> None:
    state = CrawlState.in_dir(tmp_path)
    state.remember("http://a/rss", '"e1"', "Mon, 20 Nov 2026 01:00:00 GMT")
    found = state.validators("http://a/rss")
    assert found is not None and found.headers() == {
        "If-None-Match": '"e1"', "If-Modified-Since": "Mon, 20 Nov 2026 01:00:00 GMT"}
    state.remember("http://a/rss", None, None)
    assert state.validators("http://a/rss") is None
    state.close()


def test_seen_keys_are_per_source_and_survive_reopening(tmp_path: Path) -> None:
    state = CrawlState.in_dir(tmp_path)
    state.mark_seen([("a", "http://x/1", "id1"), ("a", "http://x/2", None), ("a", "http://x/1", "id1")])
    state.close()
    state = CrawlState.in_dir(tmp_path)
    assert state.seen("a", ["http://x/1", "http://x/3"]) == {"http://x/1"}
    assert state.seen("b", ["http://x/1"]) == set() and state.seen_count("a") == 2
    many = [f"http://x/{n}" for n in range(1200)]  # more than one IN (...) chunk
    state.mark_seen(("a", key, None) for key in many)
    assert len(state.seen("a", many)) == 1200
    state.close()


def test_drop_files_are_done_only_with_the_same_hash(tmp_path: Path) -> None:
    state = CrawlState.in_dir(tmp_path)
    drop = DropFile("/d/a.csv", 10, 1.0, "abc")
    assert not state.file_done("s", drop)
    state.mark_file("s", drop, 3)
    assert state.file_done("s", drop) and not state.file_done("s", DropFile("/d/a.csv", 11, 2.0, "abd"))
    state.close()


@pytest.mark.parametrize(
    ("status", "header", "attempt", "expected"),
    [(429, "7", 0, 7.0), (503, None, 0, 1.0), (503, None, 3, 8.0), (500, None, 10, 60.0), (503, "soon", 1, 2.0)],
)
def test_retry_delay(status: int, header: str | None, attempt: int, expected: float) -> None:
    assert retry_delay(status, header, attempt, base=1.0, cap=60.0) == expected


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=5), usegmt=True), now) == 0.0


def _item(item_id: str, text: str) -> Item:
    return Item(id=item_id, source="s", platform="news", fetched_at=utcnow(), title="", text=text)


def test_syndication_keys(tmp_path: Path) -> None:
    index = SyndicationIndex(tmp_path / "state.sqlite3")
    edited = TEXT.replace("Sáng nay,", "Chiều qua,").replace("thuốc men", "thuốc chữa bệnh") + " Tin: Báo Tỉnh."
    other = " ".join(p[::-1] for p in PARAGRAPHS)
    assert index.key_for("orig0001", TEXT) == "orig0001"
    assert index.key_for("copy0001", edited) == "orig0001"
    assert index.key_for("orig0001", TEXT) == "orig0001"  # a re-crawl keeps its key
    assert index.key_for("else0001", other) == "else0001"
    assert index.key_for("short001", "Mưa lớn ở miền Trung.") is None and signature("Mưa lớn") is None
    keyed = with_syndication_keys([_item("copy0002", edited), _item("short002", "Ngắn.")], index)
    assert keyed[0].nlp == NlpResult(near_dup_key="orig0001") and keyed[1].nlp is None
    index.close()


def test_the_nlp_stage_keeps_the_crawl_key() -> None:
    from langnghe import nlp

    item = _item("copy0003", TEXT).model_copy(update={"nlp": NlpResult(near_dup_key="orig0001")})
    plain = _item("plain003", TEXT)
    enriched, fresh = nlp.enrich_items([item, plain])
    assert enriched.nlp is not None and enriched.nlp.near_dup_key == "orig0001" and enriched.nlp.section is not None
    assert fresh.nlp is not None and fresh.nlp.near_dup_key not in (None, "orig0001")


def test_the_embedded_ledger_is_the_port(tmp_path: Path) -> None:
    from langnghe.crawlers.ledger import CrawlLedger, SyndicationSketches, open_crawl_ledger

    ledger = open_crawl_ledger(tmp_path)
    try:
        assert isinstance(ledger, CrawlState) and ledger.path == tmp_path / "crawl_state.sqlite3"
        _: CrawlLedger = ledger  # checked by mypy: the implementation honours the Protocol
        sketches: SyndicationSketches = ledger.sketches()
        try:
            assert sketches.keys_for([("goc", TEXT), ("ban-sao", TEXT + " Nguồn: báo địa phương.")]) == ["goc", "goc"]
        finally:
            sketches.close()
    finally:
        ledger.close()
