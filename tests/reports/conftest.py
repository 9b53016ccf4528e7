"""The demo's fourteen days in a data folder, shared by the report tests (read-only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from langnghe.demo.testing import ingest_demo
from langnghe.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a data folder filled by replaying the demo site through ``langnghe ingest``."""
    return ingest_demo(tmp_path_factory.mktemp("reports") / "data", REPO / "config")
