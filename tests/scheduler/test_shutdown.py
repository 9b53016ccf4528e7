"""Graceful shutdown: SIGTERM stops `langnghe run` after the jobs in hand; the enrich job
finishes and acks its batch and leaves the rest queued; logs are JSON lines."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from langnghe.index.sqlite import SQLiteIndex
from langnghe.stages.base import StageRunner
from langnghe.stages.enrich import EnrichStage
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.testing import build_item

from .conftest import write_config


def test_sigterm_stops_run_gracefully_with_json_logs(tmp_path: Path) -> None:
    config_dir = write_config(tmp_path / "config", schedule={"enrich_every": "1h", "detect_every": "1h"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "langnghe.cli", "run", "--log-format", "json", "--data-dir", str(tmp_path / "data"),
         "--config-dir", str(config_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stderr is not None
        events: list[dict[str, object]] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            if line.startswith("{"):
                events.append(json.loads(line))
                if events[-1].get("job") == "enrich":  # a job ran: the scheduler is up
                    break
        assert any(e.get("event") == "start" for e in events), events
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, rest
    after = [json.loads(line) for line in rest.splitlines() if line.startswith("{")]
    assert [e["event"] for e in after if e.get("event") in ("signal", "stop", "stopped")] == ["signal", "stop", "stopped"]
    assert all({"time", "level", "logger", "message"} <= set(e) for e in events + after)


def test_enrich_stops_between_batches_and_leaves_the_rest_queued(tmp_path: Path) -> None:
    queue = SQLiteQueue(tmp_path / "queue.sqlite3")
    index = SQLiteIndex(tmp_path / "index.sqlite3")
    try:
        queue.put([build_item() for _ in range(10)])
        batches: list[int] = []
        worker = StageRunner(EnrichStage(index, lambda items: items), queue, batch_size=4)
        report = worker.drain(on_batch=batches.append, should_stop=lambda: len(batches) >= 1)
        assert report.done == 4 and batches == [4]  # the batch in hand was finished and acked
        stats = queue.stats()
        assert (stats.done, stats.ready, stats.leased) == (4, 6, 0)
        assert index.count() == 4
    finally:
        queue.close()
        index.close()


def test_run_once_runs_every_job_in_order_and_records_them(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from langnghe.cli import app
    from langnghe.stores.runs import RunLog
    from langnghe.scheduler.service import ONCE_ORDER

    config_dir = write_config(tmp_path / "config")
    result = CliRunner().invoke(app, ["run", "--once", "--log-format", "text", "--data-dir", str(tmp_path / "data"),
                                      "--config-dir", str(config_dir)])
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == list(ONCE_ORDER)
    log = RunLog((tmp_path / "data" / "scheduler.sqlite3"))
    try:
        runs = log.last_runs()
    finally:
        log.close()
    assert sorted(runs) == sorted(ONCE_ORDER)
    assert all(run.outcome == "ok" for run in runs.values()), runs
