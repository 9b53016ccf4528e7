"""``langnghe sources`` shows how many URLs of a source were refused as internal addresses (SSRF
guard), with the Vietnamese reason, in the table and in ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.crawlers.events import CrawlEvent, CrawlReport
from langnghe.settings import Settings
from langnghe.stores.health import record_crawl_health

REASON = "địa chỉ nội bộ bị chặn (169.254.169.254)"


def test_sources_shows_urls_refused_as_internal_addresses(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "sources.yaml").write_text("sources:\n  - {id: bao-a, kind: rss, url: 'https://bao-a.example/rss'}\n",
                                         encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", config_dir=config)
    report = CrawlReport.for_sources([("bao-a", "https://bao-a.example/rss")])
    for event in (CrawlEvent(kind="item", source="bao-a", new=True),
                  CrawlEvent(kind="page_failed", source="bao-a", url="http://169.254.169.254/x", reason=REASON, blocked=True),
                  CrawlEvent(kind="done", reason="finished")):
        report.apply(event)
    settings.paths.health.parent.mkdir(parents=True, exist_ok=True)
    record_crawl_health(settings.paths.health, report)
    where = ["--data-dir", str(settings.data_dir), "--config-dir", str(config)]
    table = CliRunner().invoke(app, ["sources", *where], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "1 địa chỉ bị chặn" in " ".join(table.output.split())
    listed = CliRunner().invoke(app, ["sources", "--json", *where])
    health = json.loads(listed.stdout)["sources"][0]["health"]
    assert health["blocked_total"] == 1 and health["last_blocked"] == f"{REASON}: http://169.254.169.254/x"
