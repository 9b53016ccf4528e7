"""``ingest``'s outputs do not depend on how it is run: the NLP in worker processes
(:class:`~langnghe.nlp.pool.AnnotatePool`) or in the calling one gives the same indexed
items, stories, roll-ups and detections, row for row."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from langnghe.demo.stream import build_stream
from langnghe.jobs.core import ingest_file
from langnghe.settings import Settings

pytestmark = pytest.mark.slow

CONFIG = Path(__file__).resolve().parents[2] / "config"
# the stores ingest derives; the queue's bookkeeping and the claim store's load times are not outputs
OUTPUTS = ("index.sqlite3", "stories.sqlite3", "trends.sqlite3", "detections.sqlite3")


def _rows(data_dir: Path) -> dict[str, list[str]]:
    """Every row of every table of the output stores (full-text shadow tables aside), sorted."""
    found: dict[str, list[str]] = {}
    for name in OUTPUTS:
        with sqlite3.connect(data_dir / name) as conn:
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE '%fts%'")]  # fmt: skip
            for table in tables:
                rows = conn.execute(f"SELECT * FROM {table}").fetchall()
                found[f"{name}:{table}"] = sorted(json.dumps(row, ensure_ascii=False, default=bytes.hex) for row in rows)
        conn.close()
    return found


def test_ingest_in_worker_processes_gives_the_outputs_of_one_process(tmp_path: Path) -> None:
    stream = build_stream(days=14, volume=0.3, bursts=((9, 6),), slow_issues=(0,), claims=(0,))
    path = tmp_path / "stream.jsonl"
    path.write_text("".join(item.to_json() + "\n" for item in stream.items), encoding="utf-8")
    outputs = {}
    for workers in (1, 2):
        data_dir = tmp_path / f"data-{workers}"
        outcome = ingest_file(Settings(data_dir=data_dir, config_dir=CONFIG, enrich_workers=workers), path)
        assert outcome.enrich.done == len(stream.items) and outcome.stories is not None
        assert outcome.stories.clustered == len(stream.items) and outcome.detections is not None
        outputs[workers] = _rows(data_dir)
    one, pooled = outputs[1], outputs[2]
    assert len(one["index.sqlite3:docs"]) == len(stream.items) and one["trends.sqlite3:rollups"]
    assert one["detections.sqlite3:spikes"] and one["detections.sqlite3:emerging"]
    assert one["stories.sqlite3:stories"]
    for table in one:
        assert pooled[table] == one[table], table
