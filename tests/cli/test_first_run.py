"""A new user's first commands after `langnghe demo`: they read the demo's configuration (and say
so on stderr), unless a config folder is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.demo.run import write_demo_config
from langnghe.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
DEMO_SOURCES: list[dict[str, object]] = [
    {"id": "demo-thu-a", "name": "Báo Thử A", "kind": "rss", "url": "http://127.0.0.1:9/a.xml"},
    {"id": "demo-thu-b", "name": "Diễn đàn Thử B", "kind": "rss", "url": "http://127.0.0.1:9/b.xml"},
]


@pytest.fixture
def demo_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder the demo wrote its config into, with the shipped config as the default."""
    monkeypatch.delenv("LANGNGHE_CONFIG_DIR", raising=False)
    monkeypatch.chdir(REPO)  # the default config folder is ./config
    data = tmp_path / "langnghe-data"
    write_demo_config(Settings(data_dir=data, config_dir=REPO / "config"), DEMO_SOURCES)
    return data


def _source_ids(stdout: str) -> set[str]:
    return {source["id"] for source in json.loads(stdout)["sources"]}


def test_sources_after_the_demo_lists_the_demo_sources_and_names_the_config(demo_data: Path) -> None:
    result = CliRunner().invoke(app, ["sources", "--json", "--data-dir", str(demo_data)])
    assert result.exit_code == 0, result.output
    assert _source_ids(result.stdout) == {"demo-thu-a", "demo-thu-b"}
    assert "Cấu hình đang dùng:" in result.stderr and str(demo_data / "demo-config") in result.stderr


def test_an_explicit_config_dir_still_wins(demo_data: Path) -> None:
    result = CliRunner().invoke(app, ["sources", "--json", "--data-dir", str(demo_data), "--config-dir", "config"])
    assert result.exit_code == 0, result.output
    ids = _source_ids(result.stdout)
    assert "demo-thu-a" not in ids and len(ids) > 10
    assert "Cấu hình đang dùng" not in result.stderr


def test_the_environment_wins_over_the_data_folder(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGNGHE_CONFIG_DIR", str(REPO / "config"))
    assert load_settings(data_dir=demo_data).config_dir == REPO / "config"


def test_a_data_folder_without_a_link_reads_the_default_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANGNGHE_CONFIG_DIR", raising=False)
    assert load_settings(data_dir=tmp_path).config_dir == Path("config")


def test_the_demo_itself_does_not_follow_the_link(demo_data: Path) -> None:
    assert load_settings(data_dir=demo_data, follow_link=False).config_dir == Path("config")
