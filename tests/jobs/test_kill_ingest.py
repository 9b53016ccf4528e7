"""`kill -9` of `langnghe ingest` at random moments, each followed by a restart: the data folder
ends up as a clean run's (issue 13; the full size is `bench/bench_kill.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from langnghe.testing_kill import (
    analyst_moments, clean_ingest, differences, killed_ingest, snapshot, write_config, write_stream,
)

pytestmark = pytest.mark.slow

DAYS, VOLUME, KILLS = 14, 1.0, 8  # 735 items: a slow issue, the false claim, bursts, forum threads
REACH = 0.6  # kills within the first 60% of a clean run's time: reading, enrich, stories, roll-ups


def test_an_ingest_killed_and_restarted_ends_as_a_clean_run(tmp_path: Path) -> None:
    stream = tmp_path / "stream.jsonl"
    count = write_stream(stream, days=DAYS, volume=VOLUME)
    config = write_config(tmp_path / "config")
    longest = clean_ingest(stream, tmp_path / "clean", config)
    report = killed_ingest(stream, tmp_path / "killed", config, kills=KILLS, longest=REACH * longest, seed=7)
    assert report.kills == KILLS
    emerging_at, trends_at = analyst_moments(DAYS)
    clean = snapshot(tmp_path / "clean", config, emerging_at=emerging_at, trends_at=trends_at)
    killed = snapshot(tmp_path / "killed", config, emerging_at=emerging_at, trends_at=trends_at)
    assert len(clean.documents) == count and clean.spread and clean.stories  # the comparison has matter
    assert differences(clean, killed) == [], f"kills at {report.moments} s, items indexed then {report.indexed_at_kill}"
