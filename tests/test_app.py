"""The App opens each typed store once, in the file DataPaths names, and closes them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from langnghe.app import App
from langnghe.settings import Settings
from langnghe.testing import DbTarget

TYPED = {"stories": "stories", "detections": "detections", "claims": "claims", "health": "health",
         "outbox": "outbox", "alerts": "alerts", "runs": "scheduler"}  # port -> DataPaths name


def test_each_typed_store_opens_once_in_its_named_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    app = App.from_settings(settings)
    for port, path in TYPED.items():
        assert getattr(app, port) is getattr(app, port)
        assert getattr(settings.paths, path).exists(), port
    assert app.opened() == list(TYPED)
    app.close()
    with pytest.raises(RuntimeError, match="closed"):
        app.detections


def test_with_db_url_every_typed_store_opens_the_one_database(db_target: DbTarget, tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from langnghe.db import database_url
    from langnghe.stores.runs import JobRun

    url = database_url(db_target("langnghe"))
    settings = Settings(data_dir=tmp_path / "data", db_url=url)
    with App(settings) as app:
        for port in ("stories", "detections", "claims", "health", "outbox", "alerts", "runs", "accounts", "saved_searches",
                     "field_reports"):
            getattr(app, port)
        app.runs.record(JobRun("digest", datetime(2026, 12, 7, tzinfo=timezone.utc), 1.0, "ok", ""))
        app.accounts.add_user("lan", "mat-khau-cua-lan", "analyst")
    assert sorted(path.name for path in (tmp_path / "data").glob("*.sqlite3")) == []  # no file per store
    with App(settings) as again:  # another process of the deployment sees the same rows
        assert list(again.runs.last_runs()) == ["digest"] and again.accounts.user_by_name("lan") is not None
