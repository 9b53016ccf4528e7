from datetime import timedelta
from pathlib import Path

import pytest

from langnghe.config import load_config, parse_duration
from langnghe.errors import ConfigError
from langnghe.settings import load_settings

REPO = Path(__file__).resolve().parents[1]


def _write(folder: Path, sources: str, topics: str | None = None) -> Path:
    (folder / "sources.yaml").write_text(sources, encoding="utf-8")
    if topics is not None:
        (folder / "topics.yaml").write_text(topics, encoding="utf-8")
    return folder


def test_shipped_config_loads() -> None:
    config = load_config(REPO / "config")
    assert config.sources and config.topics and config.alerts
    assert all(source.example for source in config.sources)


@pytest.mark.parametrize(
    ("text", "expected"), [("30m", timedelta(minutes=30)), ("2h", timedelta(hours=2)), ("1d", timedelta(days=1)), (90, timedelta(seconds=90))]
)
def test_durations(text: object, expected: timedelta) -> None:
    assert parse_duration(text) == expected


def test_bad_interval_names_file_key_and_expectation(tmp_path: Path) -> None:
    _write(tmp_path, "sources:\n  - id: a\n    kind: rss\n    url: https://a.example/rss\n  - id: b\n    kind: rss\n    url: https://b.example/rss\n    interval: often\n")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    message = str(err.value)
    assert str(tmp_path / "sources.yaml") in message
    assert "sources[1].interval" in message
    assert "cần một khoảng thời gian như '30m'" in message and "nhận 'often'" in message


def test_unknown_key_and_missing_key(tmp_path: Path) -> None:
    _write(tmp_path, "sources:\n  - id: a\n    kind: rss\n    url: https://a.example/rss\n    intervall: 1h\n")
    with pytest.raises(ConfigError, match=r"sources\[0\]\.intervall: khóa lạ \(kiểm tra chính tả\)"):
        load_config(tmp_path)
    _write(tmp_path, "sources:\n  - id: a\n    kind: rss\n")
    with pytest.raises(ConfigError, match=r"sources\[0\]\.url: thiếu khóa bắt buộc"):
        load_config(tmp_path)


def test_unknown_source_kind(tmp_path: Path) -> None:
    _write(tmp_path, "sources:\n  - id: a\n    kind: carrier-pigeon\n    url: https://a.example/\n")
    with pytest.raises(ConfigError, match=r"sources\[0\]\.kind: cần một trong các giá trị .*'rss'.* hoặc 'collaborator', nhận 'carrier-pigeon'"):
        load_config(tmp_path)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    _write(tmp_path, "sources:\n  - id: a\n    kind: [rss\n")
    with pytest.raises(ConfigError, match=r"sources.yaml: YAML sai cú pháp \(dòng \d+, cột \d+\)"):
        load_config(tmp_path)


def test_duplicate_ids_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="sources.yaml: không có tệp này"):
        load_config(tmp_path)
    _write(tmp_path, "sources:\n  - {id: a, kind: rss, url: 'https://a.example/'}\n  - {id: a, kind: rss, url: 'https://b.example/'}\n")
    with pytest.raises(ConfigError, match="mã nguồn 'a' bị trùng"):
        load_config(tmp_path)


def test_environment_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "sources:\n  - {id: a, kind: rss, url: '${DEMO_BASE}/rss.xml'}\n")
    with pytest.raises(ConfigError, match=r"sources\[0\]\.url: biến môi trường DEMO_BASE chưa được đặt"):
        load_config(tmp_path)
    monkeypatch.setenv("DEMO_BASE", "http://127.0.0.1:8080")
    assert load_config(tmp_path).sources[0].url == "http://127.0.0.1:8080/rss.xml"


def test_topics_validated(tmp_path: Path) -> None:
    _write(tmp_path, "sources: []\n", "topics:\n  - id: x\n    name: X\n    query: ''\n")
    with pytest.raises(ConfigError, match=r"topics.yaml: topics\[0\]\.query"):
        load_config(tmp_path)


def test_a_topic_id_of_a_saved_search_is_refused(tmp_path: Path) -> None:
    """A saved search's watch topic is ``saved-<n>``: topics.yaml may not take one of those ids."""
    _write(tmp_path, "sources: []\n", "topics:\n  - id: saved-1\n    name: X\n    query: lũ\n")
    with pytest.raises(ConfigError, match=r"topics.yaml: topics: .*mã chủ đề 'saved-1': mã bắt đầu bằng 'saved-' dành cho tìm kiếm đã lưu"):
        load_config(tmp_path)


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LANGNGHE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LANGNGHE_BATCH_SIZE", "32")
    settings = load_settings()
    assert settings.data_dir == tmp_path and settings.batch_size == 32
    assert load_settings(batch_size=8).batch_size == 8  # command line wins
    monkeypatch.setenv("LANGNGHE_BATCH_SIZE", "lots")
    with pytest.raises(ConfigError, match="^cài đặt sai: LANGNGHE_BATCH_SIZE: cần một số nguyên, nhận 'lots'$"):
        load_settings()
