"""One scheduler per data folder (issue 14, point 11): a second `langnghe run`, or `run --once`
beside a running `run`, refuses to start with one Vietnamese line and exit 2, so two processes
never both send the digest; the lock dies with its holder (SIGKILL), so no stale lock blocks
the next start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import write_config

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, data: Path, config: Path) -> list[str]:
    return [sys.executable, "-m", "langnghe.cli", "run", *args, "--data-dir", str(data), "--config-dir", str(config)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


def _wait_started(proc: subprocess.Popen[str], timeout: float = 120) -> None:
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("{") and json.loads(line).get("event") == "start":
            return
    raise AssertionError("the first `langnghe run` did not start")


def test_a_second_run_on_the_same_data_folder_refuses_until_the_first_is_gone(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config", schedule={"enrich_every": "1h", "detect_every": "1h"})
    data = tmp_path / "data"
    first = subprocess.Popen(_run("--log-format", "json", data=data, config=config), env=_env(), text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_started(first)
        for args in ((), ("--once",)):
            second = subprocess.run(_run(*args, data=data, config=config), env=_env(), capture_output=True,
                                    text=True, timeout=60, check=False)
            assert second.returncode == 2, second.stderr[-2000:]
            message = " ".join(second.stderr.split())
            assert "đang chạy" in message and str(first.pid) in message and "Traceback" not in message
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    again = subprocess.run(_run("--once", data=data, config=config), env=_env(), capture_output=True, text=True,
                           timeout=300, check=False)
    assert again.returncode == 0, again.stderr[-2000:]
