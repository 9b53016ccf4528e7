"""The scrapy settings follow langnghe's Settings, and overrides win."""

from __future__ import annotations

from pathlib import Path

from langnghe.crawlers.scrapy_settings import BACKOFF_CODES_SETTING, QUEUE_PATH_SETTING, build_scrapy_settings
from langnghe.settings import Settings


def test_politeness_comes_from_settings(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, download_delay=2.5, user_agent="langnghe-thu/1.0")
    built = build_scrapy_settings(settings)
    assert built["ROBOTSTXT_OBEY"] is True and built["AUTOTHROTTLE_ENABLED"] is True
    assert built["USER_AGENT"] == "langnghe-thu/1.0"
    assert built["DOWNLOAD_DELAY"] == built["AUTOTHROTTLE_START_DELAY"] == 2.5
    assert built["CONCURRENT_REQUESTS_PER_DOMAIN"] <= 2
    assert 429 in built[BACKOFF_CODES_SETTING] and 503 in built[BACKOFF_CODES_SETTING]
    assert built[QUEUE_PATH_SETTING] == str(tmp_path / "queue.sqlite3")
    assert built["TELNETCONSOLE_ENABLED"] is False and built["REMOTE_CONTROL_ENABLED"] is False


def test_overrides_win(tmp_path: Path) -> None:
    built = build_scrapy_settings(Settings(data_dir=tmp_path), {"DOWNLOAD_TIMEOUT": 1, "DOWNLOAD_DELAY": 0})
    assert (built["DOWNLOAD_TIMEOUT"], built["DOWNLOAD_DELAY"]) == (1, 0)
