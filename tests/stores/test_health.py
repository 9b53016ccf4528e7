from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.crawlers.events import CrawlEvent, CrawlReport
from langnghe.stores.health import SourceHealthStore
from langnghe.testing import DbTarget

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)


def _report(*events: CrawlEvent) -> CrawlReport:
    report = CrawlReport.for_sources([("tot", "http://127.0.0.1/a.xml"), ("hong", "http://127.0.0.1/b.xml")])
    for event in (*events, CrawlEvent(kind="done", reason="finished")):
        report.apply(event)
    return report


def test_failures_count_up_and_a_success_resets_them(db_target: DbTarget, tmp_path: Path) -> None:
    store = SourceHealthStore(db_target("health"))
    broken = CrawlEvent(kind="source_error", source="hong", reason="not an RSS or Atom feed")
    fresh = CrawlEvent(kind="item", source="tot", new=True, content_from="page", page_fetched=True)
    for hour in range(3):
        store.record(_report(broken, fresh), at=T0 + timedelta(hours=hour))
    health = store.all()
    assert health["hong"].consecutive_failures == 3 and health["hong"].failing
    assert health["hong"].last_error == "not an RSS or Atom feed" and health["hong"].last_success_at is None
    assert health["tot"].consecutive_failures == 0 and health["tot"].runs == 3
    assert health["tot"].last_new_item_at == T0 + timedelta(hours=2)
    store.record(_report(CrawlEvent(kind="item", source="hong", new=False)), at=T0 + timedelta(hours=3))
    again = store.all()
    assert again["hong"].consecutive_failures == 0 and not again["hong"].failing
    assert again["hong"].last_success_at == T0 + timedelta(hours=3)
    # "tot" ran without new items: silent once four of its intervals pass without one.
    assert not again["tot"].silent(timedelta(hours=1), T0 + timedelta(hours=5))
    assert again["tot"].silent(timedelta(hours=1), T0 + timedelta(hours=7))
    store.close()


def test_the_share_of_items_without_a_date_is_kept_per_source(db_target: DbTarget, tmp_path: Path) -> None:
    store = SourceHealthStore(db_target("health"))
    dated = CrawlEvent(kind="item", source="tot", new=True, dated=True)
    undated = CrawlEvent(kind="item", source="tot", new=True, dated=False)
    store.record(_report(dated, dated, undated), at=T0)
    store.record(_report(undated), at=T0 + timedelta(hours=1))
    health = store.all()
    assert (health["tot"].items_total, health["tot"].undated_total) == (4, 2)
    assert health["tot"].undated_share == 0.5 and health["hong"].undated_share is None
    store.close()


def test_a_store_from_before_the_date_counts_is_upgraded(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "health.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE source_health (source TEXT PRIMARY KEY, runs INTEGER NOT NULL, last_run_at TEXT NOT NULL,"
        " last_success_at TEXT, last_new_item_at TEXT, last_error_at TEXT, last_error TEXT,"
        " items_last_run INTEGER NOT NULL, new_last_run INTEGER NOT NULL, consecutive_failures INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO source_health VALUES ('tot', 2, ?, ?, NULL, NULL, NULL, 3, 1, 0)", (T0.isoformat(), T0.isoformat()))
    db.commit()
    db.close()
    store = SourceHealthStore(path)
    store.record(_report(CrawlEvent(kind="item", source="tot", new=False, dated=False)), at=T0 + timedelta(hours=1))
    health = store.all()["tot"]
    assert health.runs == 3 and health.items_total == 1 and health.undated_share == 1.0
    store.close()


def test_urls_refused_as_internal_addresses_are_counted_with_the_reason(db_target: DbTarget, tmp_path: Path) -> None:
    store = SourceHealthStore(db_target("health"))
    reason = "địa chỉ nội bộ bị chặn (169.254.169.254)"
    refused = CrawlEvent(kind="page_failed", source="tot", url="http://169.254.169.254/latest/", reason=reason, blocked=True)
    fine = CrawlEvent(kind="page_failed", source="tot", url="http://127.0.0.1/a.html", reason="HTTP 404")
    feed = CrawlEvent(kind="source_error", source="hong", url="http://10.0.0.1/rss", reason="cannot fetch: địa chỉ nội bộ bị chặn (10.0.0.1)",
                      blocked=True)
    store.record(_report(refused, fine, feed), at=T0)
    store.record(_report(refused), at=T0 + timedelta(hours=1))
    health = store.all()
    assert health["tot"].blocked_total == 2 and health["tot"].consecutive_failures == 0
    assert health["tot"].last_blocked == f"{reason}: http://169.254.169.254/latest/"
    assert health["hong"].blocked_total == 1 and "địa chỉ nội bộ bị chặn" in (health["hong"].last_error or "")
    store.close()


def test_pages_whose_metadata_time_missed_the_byline_are_counted(db_target: DbTarget, tmp_path: Path) -> None:
    store = SourceHealthStore(db_target("health"))
    off = CrawlEvent(kind="item", source="tot", new=True, dated=True, metadata_off=True)
    fine = CrawlEvent(kind="item", source="tot", new=True, dated=True)
    store.record(_report(off, fine, fine, fine), at=T0)
    store.record(_report(off), at=T0 + timedelta(hours=1))
    health = store.all()
    assert health["tot"].metadata_off_total == 2 and health["tot"].metadata_off_share == 0.4
    assert health["hong"].metadata_off_total == 0 and health["hong"].metadata_off_share is None
    store.close()


def test_a_source_that_never_succeeded_is_failing_not_silent(db_target: DbTarget, tmp_path: Path) -> None:
    """A first crawl that could not reach the source (no name resolves): `sources` and the digest
    show it failing once, never "silent since never"."""
    store = SourceHealthStore(db_target("health"))
    dns = CrawlEvent(kind="source_error", source="hong", reason="không phân giải được tên miền (DNS)")
    store.record(_report(dns), at=T0)
    hong = store.all()["hong"]
    assert not hong.silent(timedelta(hours=1), T0 + timedelta(days=3))
    assert hong.consecutive_failures == 1 and not hong.failing
    store.close()
