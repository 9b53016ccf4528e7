"""The job lines ``langnghe status`` shows: a crawl in which sources failed says so, by name."""

from __future__ import annotations

from langnghe.crawlers.events import CrawlReport
from langnghe.scheduler.details import crawl_done


def _report(failed: set[str], *, items: int = 3) -> CrawlReport:
    report = CrawlReport.for_sources([(ident, f"https://{ident}.example/rss") for ident in ("a", "b", "c")])
    for ident, source in report.sources.items():
        source.items = items
        if ident in failed:
            source.errors.append("cannot fetch: connection refused")
    report.finished = True
    return report


def test_a_crawl_in_which_some_sources_failed_is_partial_and_names_them() -> None:
    done = crawl_done(_report({"b", "c"}), {"a": "Báo A", "b": "Báo Bê", "c": "Đài Xê"})
    assert done.outcome == "partial"
    assert done.detail.startswith("lỗi 2/3 nguồn: Báo Bê, Đài Xê")
    assert "9 tin" in done.detail


def test_a_crawl_whose_every_source_failed_is_an_error_and_a_clean_one_is_ok() -> None:
    assert crawl_done(_report({"a", "b", "c"}), {}).outcome == "error"
    clean = crawl_done(_report(set()), {"a": "Báo A"})
    assert clean.outcome == "ok" and "nguồn" not in clean.detail
