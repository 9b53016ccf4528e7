"""The dashboards' queries: breakdowns with names, series per value, the dashboard, one claim."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from langnghe.app import App
from langnghe.config import load_concerns
from langnghe.claims.model import Claim
from langnghe.claims.store import MatchRecord, Stance
from langnghe.errors import InputError
from langnghe.index.base import Filters
from langnghe.jobs.core import run_rollup, run_stories
from langnghe.jobs.detect import detect_period
from langnghe.labels import SECTION_VI, SENTIMENT_VI
from langnghe.service import QueryService
from langnghe.service.dashboard import breakdown_view, spike_window
from langnghe.service.views import FacetValue
from langnghe.settings import Settings
from langnghe.testing_stories import T0, build_cases

REPO = Path(__file__).resolve().parents[2]
RUMOUR = Claim(id="cat-nuoc-toan-thanh", claim="Cắt nước toàn thành phố ba ngày", verdict="sai sự thật",
               source="Sở Xây dựng", url="https://so.example/dinh-chinh")  # fmt: skip


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), config_dir=REPO / "config")
    with App(settings) as app:
        app.index.upsert([item for _, item in build_cases()])
    run_stories(settings)
    run_rollup(settings, T0 - timedelta(days=1), T0 + timedelta(days=2))
    detect_period(settings, T0 - timedelta(hours=6), T0 + timedelta(days=1))
    return settings


@pytest.fixture
def service(settings: Settings) -> Iterator[QueryService]:
    with App(settings) as app:
        yield QueryService(app)


def test_breakdowns_name_their_values_and_count_the_filtered_items(service: QueryService) -> None:
    found = service.breakdowns(top=3)
    by_field = {breakdown.field: breakdown for breakdown in found.breakdowns}
    assert list(by_field) == ["section", "concern", "province", "source", "sentiment"]
    assert by_field["section"].label == "Lĩnh vực" and by_field["sentiment"].label == "Sắc thái"
    assert all(value.name == SECTION_VI[value.value] for value in by_field["section"].values)
    assert all(value.name == SENTIMENT_VI[value.value] for value in by_field["sentiment"].values)
    assert sum(value.count for value in by_field["sentiment"].values) == found.total == service.app.index.count()
    assert all(len(breakdown.values) <= 3 for breakdown in found.breakdowns)
    top = by_field["sentiment"].values[0]
    narrowed = service.breakdowns(["source"], filters=Filters(terms={"sentiment": (top.value,)}))
    assert narrowed.total == top.count
    with pytest.raises(InputError, match="unknown facet field"):
        service.breakdowns(["tac_gia"])


def test_concerns_and_sources_are_named_from_the_config(settings: Settings, tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(settings.config_dir, config)
    with App(settings) as app:
        sources = [facet.value for facet in app.index.facets("source")]
    (config / "sources.yaml").write_text("sources:\n" + "".join(
        f"  - id: {source}\n    name: Nguồn {n} có dấu\n    kind: rss\n    url: https://s{n}.example/rss\n"
        for n, source in enumerate(sources)), encoding="utf-8")  # fmt: skip
    with App(Settings(data_dir=settings.data_dir, config_dir=config)) as app:
        service = QueryService(app)
        found = service.breakdowns(["source", "concern"], top=50)
        named = {value.value: value.name for value in found.breakdowns[0].values}
        assert named == {source: f"Nguồn {n} có dấu" for n, source in enumerate(sources)}
        yaml = (config / "sources.yaml").read_text(encoding="utf-8")
        (config / "sources.yaml").write_text(yaml.replace("Nguồn 0 có dấu", "Báo đổi tên"), encoding="utf-8")
        assert service.value_names()["source"][sources[0]] == "Báo đổi tên"  # the names follow the file
    assert found.breakdowns[1].values == []  # these cases carry no concern


def test_a_concern_is_named_as_topics_yaml_names_it(service: QueryService) -> None:
    concerns = {concern.id: concern.name for concern in load_concerns(service.app.settings.config_dir)}
    assert service.value_names()["concern"] == concerns
    some = sorted(concerns)[:2]
    counts = [FacetValue(value=some[0], count=3), FacetValue(value=some[1], count=1), FacetValue(value="la", count=1)]
    found = breakdown_view("concern", counts, service.value_names())
    assert found.label == "Mối quan tâm"
    assert [value.name for value in found.values] == [concerns[some[0]], concerns[some[1]], "la"]


def test_series_per_value_adds_up_to_the_series_and_keeps_the_filters(service: QueryService) -> None:
    total = service.series(interval="day")
    layers = service.value_series("sentiment", ["negative", "neutral", "positive"], interval="day")
    assert [layer.name for layer in layers] == ["Tiêu cực", "Trung tính", "Tích cực"]
    per_day: dict[object, int] = {}
    for layer in layers:
        for bucket in layer.series.buckets:
            per_day[bucket.start] = per_day.get(bucket.start, 0) + bucket.count
    assert {b.start: b.count for b in total.buckets if b.count} == {s: c for s, c in per_day.items() if c}
    only = service.value_series("sentiment", ["negative", "positive"], filters=Filters(terms={"sentiment": ("negative",)}))
    assert [layer.value for layer in only] == ["negative"]


def test_the_dashboard_lines_tone_up_with_the_volume_and_lists_stored_spikes(service: QueryService) -> None:
    found = service.dashboard(interval="hour")
    starts = [bucket.start for bucket in found.series.buckets]
    assert starts and all([bucket.start for bucket in layer.series.buckets] == starts for layer in found.tone)
    assert [sum(layer.series.buckets[n].count for layer in found.tone) for n in range(len(starts))] == [
        bucket.count for bucket in found.series.buckets]
    assert found.spikes and found.spikes == service.stored_spikes(*spike_window(None, None, service.newest()) or ())
    assert all(spike.explanation and spike.title for spike in found.spikes)
    before = Filters(until=T0 - timedelta(days=2))
    assert service.dashboard(filters=before).spikes == [] and service.dashboard(filters=before).series.buckets == []


def test_the_spike_window_is_the_filters_range_else_the_week_before_the_newest_item() -> None:
    assert spike_window(None, None, None) is None
    assert spike_window(None, None, T0) == (T0 + timedelta(hours=1) - timedelta(days=7), T0 + timedelta(hours=1))
    assert spike_window(T0, T0 + timedelta(days=1), None) == (T0, T0 + timedelta(days=1))
    assert spike_window(None, T0, T0 + timedelta(days=30)) == (T0 - timedelta(days=7), T0)


def _match(n: int, stance: Stance, url: str | None) -> MatchRecord:
    return MatchRecord(claim_id=RUMOUR.id, item_id=f"muc-{n}", similarity=0.9, method="retrieval", stance=stance,
                       published_at=T0 + timedelta(days=n), source="bao-a", platform="news",
                       title=f"<script>alert({n})</script> Cắt nước", url=url)  # fmt: skip


def test_a_claim_comes_with_the_items_that_spread_and_refute_it(settings: Settings, tmp_path: Path) -> None:
    copied = Settings(data_dir=tmp_path / "data", config_dir=settings.config_dir)
    shutil.copytree(settings.data_dir, copied.data_dir)
    with App(copied) as app:
        app.claims.upsert_claims([RUMOUR], "config")
        records = [_match(0, "spreads", "https://a.example/1"), _match(1, "spreads", "javascript:alert(1)"),
                   _match(2, "refutes", "https://so.example/2")]  # fmt: skip
        app.claims.record([record.item_id for record in records], records)
        service = QueryService(app)
        found = service.claim(RUMOUR.id)
        assert found is not None and found.claim.id == RUMOUR.id and found.claim.items == 2
        assert [item.item_id for item in found.spreading] == ["muc-0", "muc-1"]
        assert [item.link for item in found.spreading] == ["https://a.example/1", None]  # javascript: is no link
        assert [(item.item_id, item.stance_name) for item in found.refuting] == [("muc-2", "Bác bỏ, đính chính")]
        assert sum(found.claim.per_day.values()) == 2
        early = service.claim(RUMOUR.id, T0 + timedelta(hours=12))
        assert early is not None and [item.item_id for item in early.spreading] == ["muc-0"] and early.refuting == []
        assert service.claim("khong-co") is None
