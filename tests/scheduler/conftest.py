"""A scheduler on a controlled clock: time-machine moves ``datetime.now`` for every thread,
``wakeup()`` makes APScheduler look at the new time, and the run log tells when jobs ran."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from langnghe.scheduler.service import Service
from langnghe.settings import Settings, load_settings

WAIT_SECONDS = 60.0


def wait_for(condition: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def write_config(folder: Path, *, sources: list[dict[str, object]] | None = None,
                 schedule: dict[str, object] | None = None, alerts: dict[str, object] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(yaml.safe_dump({"sources": sources or []}), encoding="utf-8")
    (folder / "schedule.yaml").write_text(yaml.safe_dump(schedule or {}), encoding="utf-8")
    (folder / "alerts.yaml").write_text(yaml.safe_dump(alerts or {"channels": {}, "alerts": []}), encoding="utf-8")
    return folder


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    def make(**config: object) -> Settings:
        config_dir = write_config(tmp_path / "config", **config)  # type: ignore[arg-type]
        return load_settings(data_dir=tmp_path / "data", config_dir=config_dir)

    return make


@pytest.fixture
def services() -> Iterator[list[Service]]:
    """Every service a test starts is stopped, also when the test fails."""
    started: list[Service] = []
    yield started
    for service in started:
        service.stop()
