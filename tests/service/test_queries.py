"""QueryService on a small data folder: the stories test cases indexed, clustered and rolled up."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from langnghe.app import App
from langnghe.errors import InputError
from langnghe.index.base import Filters
from langnghe.detection.emerging import EmergingIssue, IssueSignals
from langnghe.item import Item
from langnghe.jobs.core import run_emerging, run_rollup, run_stories
from langnghe.jobs.detect import detect_period
from langnghe.service import QueryService
from langnghe.service.detection_views import EmergingResponse, issue_view
from langnghe.settings import Settings
from langnghe.testing_stories import T0, build_cases

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), config_dir=REPO / "config")
    with App(settings) as app:
        app.index.upsert([item for _, item in build_cases()])
    run_stories(settings)
    run_rollup(settings, T0 - timedelta(days=1), T0 + timedelta(days=2))
    return settings


@pytest.fixture
def service(settings: Settings) -> Iterator[QueryService]:
    with App(settings) as app:
        yield QueryService(app)


def _items(settings: Settings) -> list[Item]:
    with App(settings) as app:
        return list(app.index.scan())


def test_search_pages_with_cursor_tokens_to_the_end(service: QueryService, settings: Settings) -> None:
    everything = _items(settings)
    seen: list[str] = []
    page = service.search("", sort="time", size=4)
    while True:
        assert page.total == len(everything) and page.sort == "time"
        seen += [hit.item.id for hit in page.hits]
        if page.next is None:
            break
        page = service.search("", sort="time", size=4, cursor=page.next)
    newest_first = [hit.item.id for hit in service.app.index.search("", limit=100).hits]
    assert seen == newest_first and len(set(seen)) == len(everything)
    times = [hit.item.published_at or hit.item.fetched_at for hit in service.app.index.search("", limit=100).hits]
    assert times == sorted(times, reverse=True)
    dumped = service.search("", size=1).model_dump(mode="json")
    assert isinstance(dumped["next"], str) and dumped["hits"][0]["item"]["id"] == newest_first[0]
    with pytest.raises(InputError, match="cursor"):
        service.search("", size=1, cursor="hỏng")


def test_facets_series_and_summary_count_the_same_items(service: QueryService, settings: Settings) -> None:
    total = len(_items(settings))
    facets = service.facets(["source", "platform"])
    assert facets.total == total and sum(value.count for value in facets.facets["platform"]) == total
    series = service.series(interval="day")
    assert series.tz == settings.timezone and sum(bucket.count for bucket in series.buckets) == total
    assert service.summary().total == total
    with pytest.raises(InputError, match="unknown facet field"):
        service.facets(["tac_gia"])
    some = Filters(terms={"platform": (facets.facets["platform"][0].value,)})
    assert service.facets(["source"], filters=some).total == facets.facets["platform"][0].count


def test_an_item_comes_with_its_signals_and_story(service: QueryService, settings: Settings) -> None:
    clustered = next(item for item in _items(settings) if item.story_id)
    found = service.item(clustered.id)
    assert found is not None and found.item == clustered
    assert found.story is not None and found.story.id == clustered.story_id and clustered.id in found.story.item_ids
    assert found.claims == [] and found.source_name is None  # the shipped config names no source of the cases
    assert service.item("khong-co-muc-nay") is None


def test_a_story_comes_with_its_items(service: QueryService) -> None:
    listed = service.stories(limit=3)
    assert listed.stories_total >= len(listed.stories) > 0
    largest = listed.stories[0]
    assert [story.size for story in listed.stories] == sorted((story.size for story in listed.stories), reverse=True)
    story = service.story(largest.id, items=2)
    assert story is not None and story.story.item_ids == largest.item_ids[:2]
    assert [item.id for item in story.items] == largest.item_ids[:2]
    assert all(item.story_id == largest.id for item in story.items)
    newest = service.story(largest.id, items=2, order="newest")
    assert newest is not None and [item.id for item in newest.items] == list(reversed(largest.item_ids))[:2]
    assert service.story("khong-co-su-viec") is None
    assert service.stories(at=T0 - timedelta(days=1)).stories == []


def test_a_storys_link_is_the_item_its_title_comes_from(service: QueryService) -> None:
    for story in service.stories(limit=20).stories:
        assert story.title_item_id in story.item_ids or len(story.item_ids) == 50
        named = service.app.index.get(story.title_item_id or "")
        assert named is not None and story.title == (named.title or story.title)
        assert story.link == named.url


def test_trends_and_emerging_are_computed_without_storing(service: QueryService, settings: Settings) -> None:
    at = T0 + timedelta(days=1)
    trends = service.trends(at, granularity="day")
    assert trends.end <= at and trends.values_tested > 0
    emerging = service.emerging(at.astimezone(timezone(timedelta(hours=7))), limit=5)
    assert emerging.model_dump(mode="json")["at"].endswith("+07:00")
    assert not settings.paths.detections.exists()  # read queries never open the detection store


def test_claims_and_sources_answer_on_an_empty_base(service: QueryService, settings: Settings) -> None:
    claims = service.claims(datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert claims.claims == [] and claims.model_dump(mode="json")["at"] == "2026-01-01T00:00:00+00:00"
    sources = service.sources()
    assert sources.sources and all(source.health is None for source in sources.sources)  # never crawled here
    assert not settings.paths.claims.exists() and not settings.paths.health.exists()  # a read creates no store


def test_queries_leave_the_index_file_as_it_was(service: QueryService, settings: Settings) -> None:
    def digest() -> str:  # the file and its write-ahead log, where an uncheckpointed write would be
        files = [settings.paths.index, settings.paths.index.with_name(settings.paths.index.name + "-wal")]
        return hashlib.sha256(b"".join(path.read_bytes() for path in files if path.exists())).hexdigest()

    before = digest()
    service.search("nước", size=2)
    service.facets(["province"])
    service.trends(T0 + timedelta(hours=6))
    service.emerging(T0 + timedelta(hours=6))
    assert digest() == before


@pytest.fixture
def copied(settings: Settings, tmp_path: Path) -> Settings:
    """The module's data folder, copied: for tests that run the detection job (a writer)."""
    shutil.copytree(settings.data_dir, tmp_path / "data")
    return Settings(data_dir=tmp_path / "data", config_dir=settings.config_dir)


def test_stored_detections_read_back_as_the_job_wrote_them(copied: Settings) -> None:
    at = T0 + timedelta(days=1)
    with App(copied) as app:
        service = QueryService(app)
        assert service.stored_spikes(T0 - timedelta(days=1), at) == [] and service.stored_emerging(at) is None
        assert not copied.paths.detections.exists()
    report = detect_period(copied, T0 - timedelta(hours=6), at)
    ranked = run_emerging(copied, at, limit=5)
    with App(copied) as app:
        service = QueryService(app)
        spikes = service.stored_spikes(T0 - timedelta(days=1), at + timedelta(days=1))
        assert len(spikes) == report.spikes > 0
        assert all(spike.start < at + timedelta(days=1) for spike in spikes)
        assert service.stored_emerging(at) is None and ranked == []  # no issue grows in these cases
        issue = EmergingIssue(kind="concern", key="nuoc-sach", title="Nước sạch", score=3.5,
                              signals=IssueSignals(recent=6, earlier=1, daily=(0, 0, 0, 0, 1, 2, 4), negative_share=0.5,
                                                   sources=3, authors=5, top_author_share=0.2, first_social=T0,
                                                   first_news=None), first_seen=T0)  # fmt: skip
        app.detections.save_emerging(at, [issue])  # as the job stores a ranking
        assert service.stored_emerging(at) == EmergingResponse(at=at, issues=[issue_view(issue, app.settings.timezone)])


def test_status_counts_the_queue_and_the_index(service: QueryService, settings: Settings) -> None:
    status = service.status()
    assert status.index_items == len(_items(settings)) and status.queue.ready == 0
    assert status.data_dir == str(settings.data_dir)
