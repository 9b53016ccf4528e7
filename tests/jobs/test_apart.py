"""Work done apart (:mod:`langnghe.jobs.apart`): results and errors come back; a killed
parent takes its worker with it, so nothing goes on writing beside a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from langnghe.jobs.apart import Apart, parent_gone

REPO = Path(__file__).resolve().parents[2]


def _pid_of_worker() -> int:
    return os.getpid()


def _fails() -> None:
    raise ValueError("hỏng")


def test_a_call_made_apart_runs_in_another_process_and_gives_its_result_or_its_error() -> None:
    with Apart(warm=("langnghe.item",)) as side:
        assert side.submit(_pid_of_worker).result(timeout=60) != os.getpid()
        with pytest.raises(ValueError, match="hỏng"):
            side.submit(_fails).result(timeout=60)
    assert not parent_gone()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie is dead
        return stat.read().split(") ", 1)[1][0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_the_worker_dies_with_a_killed_parent(tmp_path: Path) -> None:
    pid_file = tmp_path / "worker.pid"
    script = textwrap.dedent(f"""
        import os, signal, time
        from pathlib import Path
        from langnghe.jobs.apart import Apart

        def work(path):
            Path(path).write_text(str(os.getpid()))
            time.sleep(60)

        if __name__ == "__main__":
            side = Apart()
            side.submit(work, {str(pid_file)!r})
            for _ in range(600):
                if Path({str(pid_file)!r}).exists():
                    break
                time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    (tmp_path / "parent.py").write_text(script, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.run([sys.executable, str(tmp_path / "parent.py")], env=env, timeout=120, check=False)
    assert parent.returncode == -signal.SIGKILL
    worker = int(pid_file.read_text())
    deadline = time.monotonic() + 20
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)
