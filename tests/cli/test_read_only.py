"""Read commands never write: ``trends`` and ``emerging`` compute; the detection job alone stores."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from langnghe.app import App
from langnghe.cli import app
from langnghe.detection.emerging import EmergingIssue, IssueSignals
from langnghe.jobs.core import run_emerging, run_rollup, run_stories
from langnghe.settings import Settings
from langnghe.stores.detections import DetectionStore
from langnghe.testing_stories import T0, build_cases

REPO = Path(__file__).resolve().parents[2]
AT = T0 + timedelta(days=1)


def _settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "data", config_dir=REPO / "config")
    with App(settings) as application:
        application.index.upsert([item for _, item in build_cases()])
    run_stories(settings)
    run_rollup(settings, T0 - timedelta(days=1), T0 + timedelta(days=2))
    return settings


def _read_commands(settings: Settings) -> list[str]:
    """What each of trends and emerging printed, with and without --json."""
    runner, where = CliRunner(), ["--data-dir", str(settings.data_dir), "--config-dir", str(settings.config_dir)]
    printed = []
    for command in (["trends", "--granularity", "day"], ["trends"], ["emerging", "--limit", "3"]):
        for extra in ([], ["--json"]):
            result = runner.invoke(app, [*command, "--at", AT.isoformat(), *extra, *where])
            assert result.exit_code == 0, result.output
            printed.append(result.stdout)
    return printed


def _fingerprint(path: Path) -> str:
    files = [path, path.with_name(path.name + "-wal")]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files if f.exists())).hexdigest()


def test_trends_and_emerging_do_not_create_the_detection_store(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    printed = _read_commands(settings)
    assert json.loads(printed[-1])["at"] == AT.isoformat()
    assert not settings.paths.detections.exists()


def test_trends_and_emerging_leave_stored_detections_unchanged(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    signals = IssueSignals(recent=5, earlier=1, daily=(0, 0, 0, 0, 1, 2, 3), negative_share=0.8, sources=3, authors=4,
                           top_author_share=0.25, first_social=None, first_news=T0)  # fmt: skip
    stored = EmergingIssue(kind="concern", key="da-luu", title="Một xếp hạng đã lưu", score=9.9, signals=signals)
    # a ranking at AT that differs from what the index gives
    store = DetectionStore(settings.paths.detections)
    try:
        store.save_emerging(AT, [stored])
    finally:
        store.close()
    before = _fingerprint(settings.paths.detections)
    _read_commands(settings)
    assert _fingerprint(settings.paths.detections) == before
    store = DetectionStore(settings.paths.detections)
    try:
        assert [issue.key for issue in store.emerging(AT)] == ["da-luu"]
    finally:
        store.close()


def test_the_detection_job_stores_what_emerging_prints(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    printed = json.loads(_read_commands(settings)[-1])["issues"]
    ranked = run_emerging(settings, AT, limit=3)
    store = DetectionStore(settings.paths.detections)
    try:
        assert store.emerging(AT) == printed == [issue.to_dict() for issue in ranked]
    finally:
        store.close()


def test_summary_and_sources_print_their_response_as_json(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    runner, where = CliRunner(), ["--data-dir", str(settings.data_dir)]
    summary = json.loads(runner.invoke(app, ["summary", "--json", *where]).stdout)
    assert summary["total"] == len(build_cases()) == sum(value["count"] for value in summary["by_platform"])
    assert summary["first_day"] <= summary["busiest_days"][0][0] <= summary["last_day"]
    listed = runner.invoke(app, ["sources", "--json", *where, "--config-dir", str(settings.config_dir)])
    sources = json.loads(listed.stdout)["sources"]
    assert sources and {"id", "name", "enabled", "interval", "health"} <= set(sources[0])
    assert all(source["health"] is None for source in sources)  # nothing crawled in this folder
