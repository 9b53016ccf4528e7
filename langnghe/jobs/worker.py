"""``langnghe worker STAGE``: one stage by itself, pass after pass, until asked to stop.

``enrich`` drains the item stream through the enrich stage (opened once); while the index is
unavailable the batch goes back without spending attempts and the worker waits with backoff.
``claims`` syncs the config's claims.yaml into the claim base and, when an entry changed,
matches the indexed items again (:func:`langnghe.jobs.claims.sync_claims`).
``stories`` and ``rollup`` run their incremental jobs each pass (stories: the items not yet in a
story; rollup: the last hours). Each pass with work yields one line for the log.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from langnghe.app import App
from langnghe.jobs.claims import sync_claims
from langnghe.jobs.core import enrich_line, open_enrich_stage, run_rollup, run_stories
from langnghe.stages.base import Backoff, StageRunner

ROLLUP_LOOKBACK = timedelta(hours=6)


def run_worker(app: App, stage: str, *, stop: threading.Event, interval: float, once: bool = False) -> Iterator[str]:
    """Passes of ``stage`` until ``stop`` is set (or one pass with ``once``); yields a line per pass with work."""
    if stage == "enrich":
        yield from _enrich(app, stop, interval, once)
        return
    while not stop.is_set():
        if stage == "claims":
            synced = sync_claims(app)
            if synced is not None:
                yield synced.line()
        elif stage == "stories":
            report = run_stories(app.settings)
            if report.scanned:
                yield f"stories: {report.line()}"
        else:
            now = datetime.now(timezone.utc)
            rolled = run_rollup(app.settings, now - ROLLUP_LOOKBACK, now)
            yield f"rollup: {rolled.busy_hours} busy hours recounted"
        if once:
            return
        stop.wait(interval)


def _enrich(app: App, stop: threading.Event, interval: float, once: bool) -> Iterator[str]:
    stage = open_enrich_stage(app)
    backoff = Backoff(initial=1.0, maximum=max(interval, 60.0))
    try:
        runner = StageRunner(stage, app.queue, batch_size=app.settings.batch_size, backoff=backoff,
                             sleep=stop.wait)  # fmt: skip
        down = 0
        while not stop.is_set():
            report = runner.drain(should_stop=stop.is_set)
            if report.processed:
                yield f"enrich: {enrich_line(report)}"
            if once:
                return
            down = down + 1 if report.unavailable else 0
            stop.wait(backoff.delay(down) if down else interval)
    finally:
        stage.close()
