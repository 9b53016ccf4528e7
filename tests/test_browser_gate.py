"""The browser tests skip without Chromium, with the reason, except under make test, where they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SAMPLE = """
import pytest

@pytest.mark.browser
def test_drives_chromium():
    pass

def test_plain():
    pass
"""


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text("from browser_gate import *\n")
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    (tmp_path / "browser").mkdir()
    (tmp_path / "browser" / "test_unmarked.py").write_text("def test_in_browser_folder():\n    pass\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: drives Chromium\n")
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGNGHE_CHROMIUM", "LANGNGHE_BROWSER_REQUIRED")}
    paths = os.pathsep.join(filter(None, [str(TESTS), clean.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, env={**clean, **env, "PYTHONPATH": paths}, capture_output=True, text=True,
                          timeout=120)  # fmt: skip


def test_skipped_with_the_reason_outside_make_test(tmp_path: Path) -> None:
    result = _run(tmp_path, LANGNGHE_CHROMIUM=str(tmp_path / "no-chromium"))
    assert result.returncode == 0, result.stdout
    assert "1 passed, 2 skipped" in result.stdout
    assert f"no Chromium at {tmp_path / 'no-chromium'}" in result.stdout
    assert "scripts/ensure-chromium.sh" in result.stdout
    assert "2 BROWSER TEST(S) NOT RUN" in result.stdout


def test_fails_under_make_test(tmp_path: Path) -> None:
    result = _run(tmp_path, LANGNGHE_CHROMIUM=str(tmp_path / "no-chromium"), LANGNGHE_BROWSER_REQUIRED="1")
    assert result.returncode == 1, result.stdout
    assert "1 passed, 2 errors" in result.stdout
    assert "make test runs the browser tests" in result.stdout


def test_runs_when_chromium_is_there(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    result = _run(tmp_path, LANGNGHE_CHROMIUM=str(fake), LANGNGHE_BROWSER_REQUIRED="1")
    assert result.returncode == 0, result.stdout
    assert "3 passed" in result.stdout
    assert "NOT RUN" not in result.stdout
