"""The detection job stores each day's ranking with the copy floods held back from it, and the
query service reads them back as ``emerging --json`` shows them (issue 15, point 3)."""

from __future__ import annotations

from pathlib import Path

from langnghe.app import App
from langnghe.jobs.detect import rank_period
from langnghe.service import QueryService
from langnghe.settings import Settings
from langnghe.testing_voices import FLOOD_CONCERN, FLOOD_DAYS, FLOOD_STORY, day_end, voice_stream

REPO = Path(__file__).resolve().parents[2]


def test_the_job_stores_copy_floods_apart_from_the_ranking(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=REPO / "config")
    with App(settings) as app:
        app.index.upsert(voice_stream().items)
    first, last = day_end(FLOOD_DAYS[0] - 1), day_end(FLOOD_DAYS[-1])
    assert rank_period(settings, first, last).rankings == len(FLOOD_DAYS) + 1
    with App(settings) as app:
        stored = QueryService(app).stored_emerging(last)
    assert stored is not None
    assert {(flood.kind, flood.key) for flood in stored.floods} == {("concern", FLOOD_CONCERN), ("story", FLOOD_STORY)}
    assert all(flood.flood and "lan truyền có tổ chức?" in flood.explanation for flood in stored.floods)
    assert not {issue.key for issue in stored.issues} & {FLOOD_CONCERN, FLOOD_STORY}
    json = stored.model_dump(mode="json")
    assert json["floods"][0]["signals"]["flood_items"] == 40 and json["issues"][0]["signals"]["voices_recent"] > 0
