"""Shared fixtures: one demo site for a fixed date, its loopback servers, and one run of
``langnghe demo`` on the embedded store for that date, shared by the modules that read it (a run
takes about 40 s; a rerun on the same folder adds nothing, which test_demo_e2e checks)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from langnghe.demo import DemoSite, ServedSite, build_site, serve_site

END = date(2026, 11, 20)


@pytest.fixture(scope="session")
def site() -> DemoSite:
    return build_site(END, seed=7)


@pytest.fixture(scope="module")
def served(site: DemoSite) -> Iterator[ServedSite]:
    with serve_site(site) as running:
        yield running


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, subprocess.CompletedProcess[str]]]:
    """``langnghe demo --end-date END`` on the embedded store, once: (its data folder, the run)."""
    data_dir = tmp_path_factory.mktemp("demo")
    yield data_dir, subprocess.run(
        [sys.executable, "-m", "langnghe.cli", "demo", "--end-date", END.isoformat(), "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=420, check=False,
    )
