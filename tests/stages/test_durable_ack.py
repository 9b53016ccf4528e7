"""The queue acks an item only after its index write is on disk (issue 14, point 10): with the
index committing at ``synchronous=NORMAL`` its WAL reached the disk only at a checkpoint, after
the ack (``FULL``), so a power loss could leave an acked item missing from the index forever.

Observed for real: ``langnghe enrich`` runs under ``strace``, which records every
``fsync``/``fdatasync`` with the file it was made on; and ``pwrite64`` with the file it was made on: whenever the queue writes its WAL (the ack), what
the index wrote to its WAL before must have been synced."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from langnghe.queue.sqlite import SQLiteQueue
from langnghe.testing import build_item

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"\b(?P<call>pwrite64|fsync|fdatasync)\(\d+<(?P<path>[^>]+)>")


def _events(trace: str, data: Path) -> list[tuple[str, str]]:
    """(``write`` or ``sync``, ``queue`` or ``index``) for each call on the two WAL files, in order."""
    names = {str(data / "queue.sqlite3-wal"): "queue", str(data / "index.sqlite3-wal"): "index"}
    return [("write" if m["call"] == "pwrite64" else "sync", names[m["path"]])
            for m in CALL.finditer(trace) if m["path"] in names]


def _unsynced_index_writes_before_queue_writes(events: list[tuple[str, str]]) -> int:
    """How often the queue wrote (an ack) while the index had written and not synced since."""
    dirty, found = False, 0
    for call, store in events:
        if store == "index":
            dirty = call == "write" or (dirty and call != "sync")
        elif call == "write" and dirty:
            found += 1
    return found


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace to see the syncs")
def test_the_ack_of_an_enriched_batch_follows_a_sync_of_the_index(tmp_path: Path) -> None:
    data = (tmp_path / "data").resolve()
    with SQLiteQueue(data / "queue.sqlite3") as queue:
        queue.put([build_item(text=f"Người dân phản ánh đường ngập số {n}") for n in range(5)])
    trace = tmp_path / "trace"
    result = subprocess.run(
        ["strace", "-f", "-y", "-qq", "-e", "trace=pwrite64,fsync,fdatasync", "-o", str(trace),
         sys.executable, "-m", "langnghe.cli", "enrich", "--data-dir", str(data), "--config-dir", str(ROOT / "config")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
    )
    if "PTRACE" in result.stderr or "Operation not permitted" in result.stderr:
        pytest.skip(f"strace cannot trace here: {result.stderr[-300:]}")
    assert result.returncode == 0, result.stderr[-2000:]
    events = _events(trace.read_text(), data)
    with SQLiteQueue(data / "queue.sqlite3") as queue:
        assert queue.stats().done == 5
    first_index_write = events.index(("write", "index"))
    assert ("write", "queue") in events[first_index_write:]  # the ack came after an index write
    assert _unsynced_index_writes_before_queue_writes(events) == 0, events
