"""``langnghe sources`` says how often a source's pages gave a metadata time that missed the
visible byline by whole hours (the byline was kept), in the table and in ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.crawlers.events import CrawlEvent, CrawlReport
from langnghe.labels import HEALTH_VI
from langnghe.settings import Settings
from langnghe.stores.health import record_crawl_health


def _sources(tmp_path: Path, *events: CrawlEvent) -> tuple[str, dict[str, object]]:
    config = tmp_path / "config"
    config.mkdir()
    (config / "sources.yaml").write_text("sources:\n  - {id: bao-a, kind: rss, url: 'https://bao-a.example/rss'}\n",
                                         encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", config_dir=config)
    report = CrawlReport.for_sources([("bao-a", "https://bao-a.example/rss")])
    for event in (*events, CrawlEvent(kind="done", reason="finished")):
        report.apply(event)
    settings.paths.health.parent.mkdir(parents=True, exist_ok=True)
    record_crawl_health(settings.paths.health, report)
    where = ["--data-dir", str(settings.data_dir), "--config-dir", str(config)]
    table = CliRunner().invoke(app, ["sources", *where], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    listed = CliRunner().invoke(app, ["sources", "--json", *where])
    return " ".join(table.output.split()), json.loads(listed.stdout)["sources"][0]["health"]


def test_sources_shows_how_often_metadata_and_byline_disagree(tmp_path: Path) -> None:
    off = CrawlEvent(kind="item", source="bao-a", new=True, metadata_off=True)
    table, health = _sources(tmp_path, off, *[CrawlEvent(kind="item", source="bao-a", new=True)] * 3)
    assert HEALTH_VI["metadata_off"] in table and "1 (25%)" in table
    assert health["metadata_off_total"] == 1 and health["metadata_off_share"] == 0.25


def test_the_column_stays_away_while_no_source_had_any(tmp_path: Path) -> None:
    table, health = _sources(tmp_path, CrawlEvent(kind="item", source="bao-a", new=True))
    assert HEALTH_VI["metadata_off"] not in table and health["metadata_off_total"] == 0
