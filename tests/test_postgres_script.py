"""scripts/postgres.sh: a throw-away server that keeps its data across a restart and leaves
nothing behind after ``clean`` (the distributed mode's tests restart it mid-run)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "postgres.sh"


def _script(command: str, state: Path) -> str:
    return subprocess.run([str(SCRIPT), command, "--state", str(state)], check=True, capture_output=True, text=True,
                          timeout=120).stdout.strip()  # fmt: skip


def test_a_restarted_server_keeps_its_rows_and_clean_removes_everything(pg_url: str, tmp_path: Path) -> None:
    for folder in (tmp_path, *tmp_path.parents):  # as root the server runs as postgres, who must reach it
        if folder == Path(tempfile.gettempdir()):
            break
        folder.chmod(folder.stat().st_mode | 0o011)
    state = tmp_path / "pg"
    url = _script("start", state)
    try:
        assert url.startswith("postgresql+psycopg://langnghe@127.0.0.1:")
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE kept (n int)")
            connection.exec_driver_sql("INSERT INTO kept VALUES (7)")
        engine.dispose()
        assert _script("restart", state) == url  # the same port
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT n FROM kept").scalar() == 7
        engine.dispose()
        assert _script("status", state) == f"running {url}"
    finally:
        _script("clean", state)
    assert not state.exists()
    with pytest.raises(subprocess.CalledProcessError) as stopped:
        _script("status", state)
    assert stopped.value.returncode == 3
