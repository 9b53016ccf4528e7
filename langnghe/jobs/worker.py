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
from langnghe.errors import BackendUnavailable
from langnghe.stages.base import Backoff, StageRunner

ROLLUP_LOOKBACK = timedelta(hours=6)


def run_worker(app: App, stage: str, *, stop: threading.Event, interval: float, once: bool = False) -> Iterator[str]:
    """Passes of ``stage`` until ``stop`` is set (or one pass with ``once``); yields a line per pass with work."""
    if stage == "enrich":
        yield from _enrich(app, stop, interval, once)
        return
    backoff, down = Backoff(initial=1.0, maximum=max(interval, 60.0)), 0
    while not stop.is_set():
        try:
            line = _derived_pass(app, stage)
            down = 0
        except BackendUnavailable as exc:  # transient: the same pass again later, nothing lost
            down += 1
            line = f"{stage}: kho dữ liệu tạm thời không dùng được ({exc}); lượt này sẽ chạy lại"
        if line:
            yield line
        if once:
            return
        stop.wait(backoff.delay(down) if down else interval)


def _derived_pass(app: App, stage: str) -> str | None:
    """One pass of the claims, stories or rollup worker; its line when it did something."""
    if stage == "claims":
        synced = sync_claims(app)
        return synced.line() if synced is not None else None
    if stage == "stories":
        report = run_stories(app.settings)
        return f"stories: {report.line()}" if report.scanned else None
    now = datetime.now(timezone.utc)
    rolled = run_rollup(app.settings, now - ROLLUP_LOOKBACK, now)
    return f"rollup: đếm lại {rolled.busy_hours} giờ có tin"


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
