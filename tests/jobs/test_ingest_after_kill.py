"""`ingest` after a kill (issue 14, point 4): the items a killed run held are processed by the
next run, at once, even when the dead run's pid was taken by another process since (a restart
after a power loss, a busy host); an `ingest` that cannot process everything exits non-zero
and says in Vietnamese how many items are left. Real processes, real SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from langnghe.queue.sqlite import SQLiteQueue
from langnghe.testing_kill import write_config, write_stream

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
LAST_PID = Path("/proc/sys/kernel/ns_last_pid")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _ingest(stream: Path, data: Path, config: Path) -> list[str]:
    return [sys.executable, "-m", "langnghe.cli", "ingest", str(stream), "--data-dir", str(data),
            "--config-dir", str(config)]


def _states(queue: Path) -> dict[str, int]:
    try:
        with closing(sqlite3.connect(f"file:{queue}?mode=ro", uri=True, timeout=5)) as db:
            return dict(db.execute("SELECT state, count(*) FROM items GROUP BY state").fetchall())
    except sqlite3.Error:  # not created yet
        return {}


def _kill_while_leased(stream: Path, data: Path, config: Path) -> int:
    """Start an ingest, SIGKILL it once it holds a batch; returns its pid."""
    process = subprocess.Popen(_ingest(stream, data, config), env=_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while process.poll() is None and time.monotonic() < deadline:
        if _states(data / "queue.sqlite3").get("leased"):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return process.pid
        time.sleep(0.02)
    process.kill()
    raise AssertionError("the ingest never held a batch")


@contextmanager
def _process_with_pid(pid: int) -> Iterator[subprocess.Popen[bytes]]:
    """A live process given ``pid`` (the kernel hands out the pid after ns_last_pid next)."""
    for _ in range(50):
        try:
            LAST_PID.write_text(str(pid - 1))
        except OSError as exc:
            pytest.skip(f"cannot choose the next pid here ({exc})")
        sleeper = subprocess.Popen(["sleep", "600"])
        if sleeper.pid == pid:
            break
        sleeper.kill()
        sleeper.wait()
    else:
        pytest.skip(f"pid {pid} could not be taken again (other processes were started meanwhile)")
    try:
        yield sleeper
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_rerun_processes_what_a_killed_ingest_held_though_its_pid_lives_again(tmp_path: Path) -> None:
    stream, config, data = tmp_path / "stream.jsonl", write_config(tmp_path / "config"), tmp_path / "data"
    count = write_stream(stream, days=7, volume=1.0)
    killed = _kill_while_leased(stream, data, config)
    with _process_with_pid(killed):
        rerun = subprocess.run(_ingest(stream, data, config), env=_env(), capture_output=True, text=True,
                               timeout=240, check=False)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _states(data / "queue.sqlite3") == {"done": count}


HOLDER = textwrap.dedent("""
    import sys, time
    from langnghe.queue.sqlite import SQLiteQueue
    from langnghe.stages.ingest import IngestReport, read_items
    queue = SQLiteQueue(sys.argv[1])
    queue.put(list(read_items(__import__("pathlib").Path(sys.argv[2]), IngestReport(), print)))
    lease = queue.lease(10)
    print(len(lease.items), flush=True)
    time.sleep(600)
""")


def test_an_ingest_that_cannot_process_every_item_says_how_many_are_left(tmp_path: Path) -> None:
    stream, config, data = tmp_path / "stream.jsonl", write_config(tmp_path / "config"), tmp_path / "data"
    count = write_stream(stream, days=2, volume=1.0)
    data.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data / "queue.sqlite3"), str(stream)],
                              env=_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "10"  # a live worker holds 10
        result = subprocess.run(_ingest(stream, data, config), env=_env(), capture_output=True, text=True,
                                timeout=240, check=False)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1, result.stderr[-2000:]
    message = " ".join(result.stderr.split())
    assert "còn 10 tin chưa xử lý" in message and "Traceback" not in message
    with SQLiteQueue(data / "queue.sqlite3") as queue:
        assert queue.stats().done == count - 10
