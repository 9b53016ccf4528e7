"""Terminal tables name sources and watch topics as the configuration does, never by their ids."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.cli.render_stories import print_stories
from langnghe.detection.story_records import Story
from langnghe.index import open_index
from langnghe.settings import Settings
from langnghe.service.views import story_view
from langnghe.testing import build_item

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)
SOURCES_YAML = """\
sources:
  - {id: bao-song-hong, kind: rss, name: Báo Sông Hồng - Thời sự, url: 'https://songhong.example/rss.xml'}
  - {id: dien-dan-pho, kind: rss, name: Diễn đàn Phố Phường, url: 'https://pho.example/rss.xml', platform: forum}
"""
IDS = ("bao-song-hong", "dien-dan-pho", "o-nhiem-moi-truong", "gia-ca-doi-song")
NAMES = ("Báo Sông Hồng - Thời sự", "Diễn đàn Phố Phường", "Ô nhiễm môi trường", "Giá cả, đời sống")


@pytest.fixture
def where(tmp_path: Path) -> list[str]:
    """``--data-dir``/``--config-dir`` of an index whose sources and watch topics the config names."""
    config = tmp_path / "config"
    config.mkdir()
    shutil.copy(REPO / "config" / "topics.yaml", config / "topics.yaml")
    (config / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", config_dir=config)
    items = [build_item(id=f"ten-{n:04d}", source=("bao-song-hong", "dien-dan-pho")[n % 2],
                        platform=("news", "forum")[n % 2], title=f"Cá chết trên sông, số {n}",
                        published_at=START + timedelta(hours=n), provinces=["Hưng Yên"], section="politics_society",
                        sentiment="negative", watch_topics=[("o-nhiem-moi-truong", "gia-ca-doi-song")[n % 2]])
             for n in range(6)]  # fmt: skip
    index = open_index(settings)
    try:
        index.upsert(items)
    finally:
        index.close()
    return ["--data-dir", str(settings.data_dir), "--config-dir", str(config)]


def _shown(args: list[str]) -> str:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_summary_names_sources_and_watch_topics(where: list[str]) -> None:
    shown = _shown(["summary", *where])
    for name in NAMES:
        assert name in shown
    for slug in IDS:
        assert slug not in shown


def test_summary_json_keeps_the_ids(where: list[str]) -> None:
    shown = _shown(["summary", "--json", *where])
    assert '"bao-song-hong"' in shown and '"o-nhiem-moi-truong"' in shown and "Báo Sông Hồng" not in shown


def test_search_hits_name_their_source(where: list[str]) -> None:
    shown = _search(where)
    assert "Báo Sông Hồng - Thời sự" in shown and "Diễn đàn Phố Phường" in shown
    assert "bao-song-hong" not in shown and "dien-dan-pho" not in shown


def _search(where: list[str]) -> str:
    # search reads the config of the environment (LANGNGHE_CONFIG_DIR), as every command does without --config-dir
    result = CliRunner().invoke(app, ["search", "cá chết", *where[:2]], env={"COLUMNS": "200",
                                                                            "LANGNGHE_CONFIG_DIR": where[3]})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_sources_lists_names_and_keeps_the_id_to_type(where: list[str]) -> None:
    shown = _shown(["sources", *where])
    assert "Báo Sông Hồng - Thời sự" in shown and "Diễn đàn Phố Phường" in shown
    assert "bao-song-hong" in shown  # the id is what --source takes: shown beside the name


def test_stories_name_their_sources() -> None:
    story = Story(id="st-1", title="Cá chết trắng sông Lạch Vàng", keywords=("cá chết",), first_seen=START,
                  last_seen=START + timedelta(hours=5), size=5, item_ids=("a", "b", "c", "d", "e"),
                  sources={"bao-song-hong": 3, "dien-dan-pho": 2}, platforms={"news": 3, "forum": 2},
                  provinces={"Hưng Yên": 5}, sentiment={"negative": 5}, emotion={}, title_item_id="a")  # fmt: skip
    console = Console(record=True, width=200, color_system=None)
    print_stories(console, [story_view(story)], tz="Asia/Ho_Chi_Minh", heading="Sự việc",
                  source_names={"bao-song-hong": "Báo Sông Hồng - Thời sự", "dien-dan-pho": "Diễn đàn Phố Phường"})
    shown = console.export_text()
    assert "Báo Sông Hồng - Thời sự 3" in shown and "Diễn đàn Phố Phường 2" in shown
    assert "bao-song-hong" not in shown


def test_no_stories_is_said_in_vietnamese() -> None:
    console = Console(record=True, width=200, color_system=None)
    print_stories(console, [], tz="Asia/Ho_Chi_Minh", heading="Sự việc")
    shown = console.export_text()
    assert "chưa có sự việc nào" in shown and "run `" not in shown


def test_sources_write_crawl_intervals_in_vietnamese(where: list[str]) -> None:
    shown = _shown(["sources", *where])
    assert "1 giờ" in shown  # sources.yaml's default interval, once "1h"
    assert " 1h " not in shown
