"""End to end: the real `langnghe demo` command on the bundled site, killed and rerun.

Each run serves the demo site on loopback, crawls it in a child process, enriches
with the shipped models and indexes into SQLite under a temporary data folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from langnghe.demo import build_site, planted_events
from langnghe.index.base import Filters
from langnghe.index.sqlite import SQLiteIndex
from langnghe.queue.sqlite import SQLiteQueue

pytestmark = pytest.mark.slow

END = date(2026, 11, 20)
SITE = build_site(END)
RUN_LIMIT_S = 420


def _langnghe(*args: str, data_dir: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "langnghe.cli", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=RUN_LIMIT_S, check=False, **kwargs,  # type: ignore[call-overload]
    )


def _demo(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return _langnghe("demo", "--end-date", END.isoformat(), data_dir=data_dir)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, subprocess.CompletedProcess[str]]]:
    data_dir = tmp_path_factory.mktemp("demo")
    yield data_dir, _demo(data_dir)


@pytest.fixture
def index(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> Iterator[SQLiteIndex]:
    data_dir, _ = demo_run
    with SQLiteIndex(data_dir / "index.sqlite3") as backend:
        yield backend


def test_demo_succeeds_and_prints_summary(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data_dir, result = demo_run
    assert result.returncode == 0, result.stderr[-3000:]
    for heading in ("Nguồn", "Lĩnh vực", "Sắc thái", "Tỉnh, thành phố", "Ngày nhiều tin nhất", "Demo run time"):
        assert heading in result.stdout
    digest = data_dir / "digests" / f"ban-tin-{END:%Y-%m-%d}.html"
    assert str(digest) in result.stdout.replace("\n", "")
    html = digest.read_text(encoding="utf-8")
    assert "Bản tin dư luận xã hội" in html and "Hưng Yên" in html


def test_every_demo_item_is_indexed_once_with_nlp(index: SQLiteIndex) -> None:
    assert index.count() == len(SITE.items)
    hits = index.search(limit=1000).hits
    assert len({hit.item.id for hit in hits}) == len(SITE.items)
    for hit in hits:
        item = hit.item
        assert item.nlp is not None and item.nlp.section and item.nlp.sentiment, item.url
        assert item.nlp.tokens and item.text and item.published_at is not None
        assert item.platform in {"news", "forum"}
        assert item.author is None or item.author.startswith("u_")
    assert {f.value for f in index.facets("platform")} == {"news", "forum"}
    assert len(index.facets("province", size=100)) >= 30


def test_hourly_rollups_are_written(demo_run: tuple[Path, subprocess.CompletedProcess[str]], index: SQLiteIndex) -> None:
    from datetime import datetime, timezone

    from langnghe.index.trends import SQLiteTrendStore

    data_dir, _ = demo_run
    since, until = datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 12, 1, tzinfo=timezone.utc)
    with SQLiteTrendStore(data_dir / "trends.sqlite3") as store:
        assert sum(count for _, count in store.series("all", "*", since, until)) == len(SITE.items)
        province = index.facets("province", size=1)[0]
        assert sum(count for _, count in store.series("province", province.value, since, until)) == province.count


def test_robots_blocked_pages_keep_the_feed_summary(index: SQLiteIndex) -> None:
    blocked = [item for item in SITE.items if item.robots_blocked]
    assert blocked
    summaries = [hit.item for hit in index.search(limit=1000).hits if hit.item.content_from == "feed_summary"]
    assert len(summaries) >= len(blocked)
    assert all(item.fetch_error for item in summaries)
    assert any("robots" in (item.fetch_error or "").lower() for item in summaries)


def test_planted_issue_grows_and_points_to_its_province(index: SQLiteIndex) -> None:
    issue = planted_events(SITE)["issue"]
    query = " OR ".join(f'"{keyword}"' for keyword in issue.keywords)
    counts = [bucket.count for bucket in index.date_histogram(query)]
    assert sum(counts) >= len(issue.item_ids)
    assert sum(counts[-3:]) > 3 * max(1, sum(counts[:5]))
    # Residents' posts name their village, not the province; the items that name one agree on it.
    provinces = index.facets("province", query)
    assert provinces[0].value == issue.province
    # The shipped pollution watch-list tags the planted issue's items.
    assert index.count(Filters(terms={"watch_topic": ("o-nhiem-moi-truong",)})) >= 0.9 * len(issue.item_ids)
    # ... and so does the default pollution concern, stored in nlp.concerns.
    concerns = dict((facet.value, facet.count) for facet in index.facets("concern", query))
    assert concerns["pollution_environment"] >= 0.9 * len(issue.item_ids)
    negative = index.count(Filters(terms={"province": (issue.province,), "sentiment": ("negative",)}))
    positive = index.count(Filters(terms={"province": (issue.province,), "sentiment": ("positive",)}))
    assert negative > positive


def test_rerun_is_safe(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data_dir, _ = demo_run
    again = _demo(data_dir)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "(0 new or changed)" in again.stdout
    with SQLiteIndex(data_dir / "index.sqlite3") as backend:
        assert backend.count() == len(SITE.items)


def _wait_for(condition, limit_s: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _queued(data_dir: Path) -> int:
    path = data_dir / "queue.sqlite3"
    if not path.exists():
        return 0
    with SQLiteQueue(path) as queue:
        stats = queue.stats()
    return stats.ready + stats.leased + stats.done


def _indexed(data_dir: Path) -> int:
    path = data_dir / "index.sqlite3"
    if not path.exists():
        return 0
    with SQLiteIndex(path) as backend:
        return backend.count()


def _kill_demo_when(data_dir: Path, condition) -> None:  # type: ignore[no-untyped-def]
    """Start the demo in its own process group and SIGKILL the whole group once ``condition`` holds."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "langnghe.cli", "demo", "--end-date", END.isoformat(), "--data-dir", str(data_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        assert _wait_for(lambda: condition() or proc.poll() is not None, RUN_LIMIT_S)
        assert proc.poll() is None, "the demo finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def test_kill_during_crawl_and_during_enrich_then_rerun(tmp_path: Path) -> None:
    _kill_demo_when(tmp_path, lambda: _queued(tmp_path) >= 60)
    assert 0 < _queued(tmp_path) < len(SITE.items) + 1
    _kill_demo_when(tmp_path, lambda: _indexed(tmp_path) > 0)
    result = _demo(tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    with SQLiteIndex(tmp_path / "index.sqlite3") as backend:
        assert backend.count() == len(SITE.items)
        assert len({hit.item.id for hit in backend.search(limit=1000).hits}) == len(SITE.items)
    with SQLiteQueue(tmp_path / "queue.sqlite3") as queue:
        stats = queue.stats()
    assert stats.done == len(SITE.items) and stats.ready == 0 and stats.dead == 0
