"""A new user's first commands after `langnghe demo`: they read the demo's configuration (and say
so on stderr), unless a config folder is named."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner, Result

from langnghe.app import App
from langnghe.cli import app
from langnghe.cli.defaults import default_month
from langnghe.service import QueryService
from langnghe.service.latest import default_moment, last_complete_day
from langnghe.testing import build_item
from langnghe.demo.run import write_demo_config
from langnghe.settings import Settings, load_settings, resolve_settings

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
    assert resolve_settings({"data_dir": demo_data}, follow_link=False).config_dir == Path("config")


def test_a_moved_data_folder_keeps_its_config(demo_data: Path, tmp_path: Path) -> None:
    moved = demo_data.rename(tmp_path / "du-lieu-khac")
    assert load_settings(data_dir=moved).config_dir == moved / "demo-config"


def test_a_link_to_a_missing_folder_falls_back_to_the_default(demo_data: Path, caplog: pytest.LogCaptureFixture) -> None:
    (demo_data / "config-dir.txt").write_text("# ghi bởi demo\nkhong-co\n", encoding="utf-8")
    assert load_settings(data_dir=demo_data).config_dir == Path("config")
    assert "khong-co" in caplog.text


# -- daily-use defaults: the last complete period that holds data ---------------------------------

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def old_data(tmp_path: Path) -> tuple[Settings, datetime]:
    """A data folder whose newest item was published at 20:40 local time, 400 days ago."""
    newest = (datetime.now(VN) - timedelta(days=400)).replace(hour=20, minute=40, second=0, microsecond=0)
    settings = Settings(data_dir=tmp_path / "data", config_dir=REPO / "config")
    items = [build_item(published_at=newest - timedelta(hours=h), section="xa-hoi", sentiment="neutral") for h in range(6)]
    with App(settings) as application:
        application.index.upsert(items)
    return settings, newest


def _invoke(settings: Settings, *args: str) -> Result:
    result = CliRunner().invoke(app, [*args, "--data-dir", str(settings.data_dir), "--config-dir", str(settings.config_dir)])
    assert result.exit_code == 0, result.output
    return result


def test_digest_defaults_to_the_last_complete_day_with_items_and_says_so(old_data: tuple[Settings, datetime]) -> None:
    settings, newest = old_data
    result = _invoke(settings, "digest")
    assert f"Bản tin ngày {newest:%d/%m/%Y}" in result.stderr
    assert result.stdout.strip().endswith(f"ban-tin-{newest:%Y-%m-%d}.html")
    assert "Tổng số: **6** tin" in (settings.paths.digests / f"ban-tin-{newest:%Y-%m-%d}.md").read_text(encoding="utf-8")


def test_trends_defaults_to_the_last_complete_hour_with_items(old_data: tuple[Settings, datetime]) -> None:
    settings, newest = old_data
    result = _invoke(settings, "trends", "--json")
    assert datetime.fromisoformat(json.loads(result.stdout)["end"]) == newest.replace(minute=0) + timedelta(hours=1)
    assert f"Khung xét: 20:00–21:00 ngày {newest:%d/%m/%Y}" in result.stderr


def test_trends_by_day_defaults_to_the_newest_items_day(old_data: tuple[Settings, datetime]) -> None:
    settings, newest = old_data
    result = _invoke(settings, "trends", "--granularity", "day", "--json")
    assert datetime.fromisoformat(json.loads(result.stdout)["end"]) == datetime.combine(
        newest.date() + timedelta(days=1), time(), VN)
    assert f"Khung xét: ngày {newest:%d/%m/%Y}" in result.stderr


def test_emerging_defaults_to_the_end_of_the_newest_items_day(old_data: tuple[Settings, datetime]) -> None:
    settings, newest = old_data
    result = _invoke(settings, "emerging", "--json")
    assert datetime.fromisoformat(json.loads(result.stdout)["at"]) == datetime.combine(
        newest.date() + timedelta(days=1), time(), VN)


def test_report_defaults_to_the_newest_items_month_when_the_previous_one_is_empty(
    old_data: tuple[Settings, datetime], tmp_path: Path
) -> None:
    settings, newest = old_data
    result = _invoke(settings, "report", "-o", str(tmp_path / "bao-cao.docx"))
    assert f"Báo cáo tháng {newest:%m/%Y}" in result.stderr and (tmp_path / "bao-cao.docx").exists()


def test_fresh_data_keeps_the_plain_defaults(tmp_path: Path) -> None:
    now = datetime(2026, 12, 7, 8, 30, tzinfo=VN)
    assert last_complete_day(now, now - timedelta(minutes=5), "Asia/Ho_Chi_Minh") == date(2026, 12, 6)
    assert default_moment(now, now - timedelta(minutes=5), "hour", "Asia/Ho_Chi_Minh") == now
    assert default_moment(now, None, "day", "Asia/Ho_Chi_Minh") == now


def test_report_month_is_the_previous_one_when_it_has_items(old_data: tuple[Settings, datetime]) -> None:
    settings, newest = old_data
    following = (newest.date().replace(day=28) + timedelta(days=10)).replace(day=5)
    with App(settings) as application:
        chosen = default_month(QueryService(application), datetime.combine(following, time(9), VN))
    assert chosen.value == newest.date().replace(day=1) and "tháng trước" in chosen.note


# -- dates as every output writes them: dd/mm/yyyy [HH:MM], local time ------------------------------


def test_digest_day_reads_dd_mm_yyyy(old_data: tuple[Settings, datetime]) -> None:
    settings, newest = old_data
    result = _invoke(settings, "digest", "--day", f"{newest:%d/%m/%Y}")
    assert result.stdout.strip().endswith(f"ban-tin-{newest:%Y-%m-%d}.html")
    assert "Bản tin ngày" not in result.stderr  # a chosen day is not announced as a default


def test_trends_and_emerging_at_read_a_local_time(old_data: tuple[Settings, datetime]) -> None:
    settings, newest = old_data
    at = newest.replace(hour=8, minute=0)
    for command in ("trends", "emerging"):
        result = _invoke(settings, command, "--at", f"{at:%d/%m/%Y %H:%M}", "--json")
        stamp = json.loads(result.stdout)["end" if command == "trends" else "at"]
        assert datetime.fromisoformat(stamp) == at, command
        assert "Khung xét" not in result.stderr and "Tính đến" not in result.stderr


def test_report_month_reads_mm_yyyy(old_data: tuple[Settings, datetime], tmp_path: Path) -> None:
    settings, newest = old_data
    result = _invoke(settings, "report", "--month", f"{newest:%m/%Y}", "-o", str(tmp_path / "r.docx"))
    assert (tmp_path / "r.docx").exists() and "Báo cáo tháng" not in result.stderr


def test_a_bad_day_is_one_vietnamese_line(old_data: tuple[Settings, datetime]) -> None:
    settings, _ = old_data
    result = CliRunner().invoke(app, ["digest", "--day", "31/02/2026", "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 2 and "--day: không có ngày '31/02/2026'" in result.stderr
