"""`kill -9` of `langnghe ingest` at random moments, each followed by a restart: the data folder
ends up as a clean run's (issue 13; the full size is `bench/bench_kill.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from langnghe.testing_kill import (
    Snapshot, analyst_moments, clean_ingest, differences, killed_ingest, snapshot, write_config, write_stream,
)

# 735 items: a slow issue, the false claim, bursts, forum threads. Four kills keep the suite inside its
# budget; bench/bench_kill.py kills twenty times (the README figure).
DAYS, VOLUME, KILLS = 14, 1.0, 4


@pytest.mark.slow
def test_an_ingest_killed_and_restarted_ends_as_a_clean_run(tmp_path: Path) -> None:
    stream = tmp_path / "stream.jsonl"
    count = write_stream(stream, days=DAYS, volume=VOLUME)
    config = write_config(tmp_path / "config")
    timeline = clean_ingest(stream, tmp_path / "clean", config)
    report = killed_ingest(stream, tmp_path / "killed", config, timeline=timeline, kills=KILLS, seed=7)
    assert report.kills == KILLS
    emerging_at, trends_at = analyst_moments(DAYS)
    clean = snapshot(tmp_path / "clean", config, emerging_at=emerging_at, trends_at=trends_at)
    killed = snapshot(tmp_path / "killed", config, emerging_at=emerging_at, trends_at=trends_at)
    assert len(clean.documents) == count and clean.spread and clean.stories  # the comparison has matter
    assert differences(clean, killed) == [], f"kills ({report.phases(count)}) at {report.at_kill}"


def test_the_comparison_names_what_differs() -> None:
    clean = Snapshot(documents={"tin-00001": {"story_id": "st_a", "text": "Mưa lớn"}, "tin-00002": {"story_id": "st_a"}},
                     story_of={"tin-00001": "st_a", "tin-00002": "st_a"}, stories=[{"id": "st_a", "size": 2}],
                     rollups={("all", "*", "2026-10-01T00:00:00+00:00"): 2}, spread=[], detections=[],
                     commands={"stories --json": {"stories_total": 1}})
    assert differences(clean, clean) == []
    killed = Snapshot(documents={"tin-00001": {"story_id": "st_b", "text": "Mưa lớn"}, "tin-00002": {"story_id": "st_a"}},
                      story_of={"tin-00001": "st_b", "tin-00002": "st_a"}, stories=[{"id": "st_a", "size": 1}],
                      rollups={("all", "*", "2026-10-01T00:00:00+00:00"): 3}, spread=[], detections=[],
                      commands={"stories --json": {"stories_total": 2}})
    assert [line.split(" (")[0] for line in differences(clean, killed)] == [
        "index: field story_id differs on 1 items", "story store: 1 items in another story or none",
        "story store: story records differ", "roll-ups: 1 rows differ", "`langnghe stories --json` differs",
    ]
