"""Data files are private to the account that runs langnghe (issue 14, point 12): after a real
``ingest``, ``digest`` and ``export`` every file of the data folder (SQLite files with their
-wal and -shm, logs, digests, exports, the author key) is 0600 and every folder 0700, whatever
the umask of the shell that started them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from langnghe.testing_kill import write_config, write_stream

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _langnghe(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "langnghe.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env, check=False, umask=0o022)


def _modes(root: Path) -> dict[str, str]:
    """Path (relative) -> octal permission bits of the folder and everything in it."""
    found = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_an_ingest_digest_and_export_leave_only_private_files(tmp_path: Path) -> None:
    stream, config, data = tmp_path / "stream.jsonl", write_config(tmp_path / "config"), tmp_path / "data"
    write_stream(stream, days=2, volume=1.0)
    options = ("--data-dir", str(data), "--config-dir", str(config))
    for args in (("ingest", str(stream)), ("digest", "--day", "2026-10-31"),
                 ("export", "--output", str(data / "items.csv"))):
        result = _langnghe(*args, *options)
        assert result.returncode == 0, result.stderr[-2000:]
    modes = _modes(data)
    assert {"index.sqlite3", "queue.sqlite3", "digests", "items.csv"} <= modes.keys()
    wrong = {path: mode for path, mode in modes.items()
             if mode != (oct(0o700) if (data / path).is_dir() else oct(0o600))}
    assert wrong == {}


def test_an_app_makes_a_data_folder_of_an_earlier_version_private(tmp_path: Path) -> None:
    from langnghe.app import App
    from langnghe.settings import Settings

    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)  # as an earlier version left it, its files 0644 inside
    with App(Settings(data_dir=data)):
        pass
    assert oct(stat.S_IMODE(data.stat().st_mode)) == oct(0o700)
