"""The App opens each typed store once, in the file DataPaths names, and closes them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from langnghe.app import App
from langnghe.settings import Settings

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
