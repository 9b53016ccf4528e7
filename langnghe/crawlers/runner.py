"""``run_crawl``: crawl sources in a child process and fold its events into a report.

The parent never imports scrapy or Twisted, so the scheduler and the tests can crawl
again and again. The child's log (scrapy at INFO) goes to ``data_dir/logs/crawl.log``,
not the terminal; when the child dies, the report says how and quotes the log's end.
Items the child committed before dying stay in the queue.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import langnghe
from langnghe.config import SourceConfig
from langnghe.crawlers.job import EXIT_BAD_JOB, EXIT_QUEUE_FAILED, job_to_json
from langnghe.crawlers.events import CrawlEvent, CrawlReport
from langnghe.settings import Settings

log = logging.getLogger(__name__)

LOG_NAME = "crawl.log"
LOG_ROTATE_BYTES = 5 * 1024 * 1024
LOG_TAIL_LINES = 12
STOP_GRACE_SECONDS = 10.0

OnEvent = Callable[[CrawlEvent], None]


def run_crawl(
    sources: Sequence[SourceConfig],
    settings: Settings,
    *,
    on_event: OnEvent | None = None,
    scrapy_overrides: Mapping[str, Any] | None = None,
    stop: threading.Event | None = None,
) -> CrawlReport:
    """Crawl ``sources`` into the queue at ``settings.paths.queue``; ``on_event`` sees every event.

    ``scrapy_overrides`` replaces scrapy settings (see :mod:`langnghe.crawlers.scrapy_settings`).
    Setting ``stop`` asks the crawler to shut down gracefully (what it fetched is queued).
    """
    report = CrawlReport.for_sources((s.id, s.url) for s in sources)
    if not sources:
        report.finished = True
        return report
    started = time.monotonic()
    log_path = _open_log_path(settings)
    report.log_path = str(log_path)
    with log_path.open("ab") as log_file:
        offset = log_file.tell()
        code = _run_child(job_to_json(list(sources), settings, scrapy_overrides), log_file, report, on_event, stop)
    if code != 0 or not report.finished:
        reason = _describe_exit(code, log_path, offset)
        if report.child_error:  # the child said why before it exited
            reason = f"{report.child_error}; {reason}"
        event = CrawlEvent(kind="child_failed", reason=reason)
        report.apply(event)
        if on_event is not None:
            on_event(event)
    report.elapsed_s = time.monotonic() - started
    return report


def _run_child(
    job: str, log_file: IO[bytes], report: CrawlReport, on_event: OnEvent | None, stop: threading.Event | None
) -> int:
    proc = subprocess.Popen(
        [sys.executable, "-m", "langnghe.crawlers.child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log_file,
        env=_child_env(),
        text=True,
        encoding="utf-8",
    )
    assert proc.stdin is not None and proc.stdout is not None
    done = threading.Event()
    if stop is not None:
        threading.Thread(target=_terminate_on, args=(stop, done, proc), daemon=True, name="crawl-stop").start()
    try:
        _send_job(proc.stdin, job)
        for line in proc.stdout:
            event = _parse(line)
            if event is not None:
                report.apply(event)
                if on_event is not None:
                    on_event(event)
        return proc.wait()
    finally:
        done.set()
        _stop(proc)


def _terminate_on(stop: threading.Event, done: threading.Event, proc: subprocess.Popen[str]) -> None:
    while not done.is_set():
        if stop.wait(0.2):
            if proc.poll() is None:
                proc.terminate()  # scrapy's graceful shutdown: the items it holds reach the queue
            return


def _send_job(stdin: IO[str], job: str) -> None:
    try:
        stdin.write(job)
        stdin.close()
    except BrokenPipeError:  # the child died at start; its exit code will say so
        pass


def _parse(line: str) -> CrawlEvent | None:
    line = line.strip()
    if not line:
        return None
    try:
        return CrawlEvent.from_json(line)
    except ValueError:
        log.warning("crawler printed a line that is not an event: %.200s", line)
        return None


def _stop(proc: subprocess.Popen[str]) -> None:
    """Called on the way out, also on Ctrl-C or an on_event error: never leave a crawler behind."""
    if proc.poll() is not None:
        return
    proc.terminate()  # scrapy shuts down gracefully on SIGTERM, flushing the queue pipeline
    try:
        proc.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _child_env() -> dict[str, str]:
    """The child must import this very langnghe, installed or not."""
    env = dict(os.environ)
    root = str(Path(langnghe.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def _open_log_path(settings: Settings) -> Path:
    logs = settings.paths.logs
    logs.mkdir(parents=True, exist_ok=True)
    path = logs / LOG_NAME
    if path.exists() and path.stat().st_size > LOG_ROTATE_BYTES:
        path.replace(path.with_name(LOG_NAME + ".1"))
    return path


def _describe_exit(code: int, log_path: Path, offset: int) -> str:
    if code < 0:
        how = f"bị dừng bởi tín hiệu {signal.Signals(-code).name}"
    elif code == EXIT_QUEUE_FAILED:
        how = "đã dừng: không ghi được hàng đợi"
    elif code == EXIT_BAD_JOB:
        how = "không đọc được việc cần làm"
    elif code == 0:
        how = "đã thoát khi chưa thu thập xong"
    else:
        how = f"lỗi, mã thoát {code}"
    tail = _log_tail(log_path, offset)
    return f"{how}; các tin đã vào hàng đợi vẫn được giữ; nhật ký: {log_path}" + (
        f"\n{tail}" if tail else ""
    )


def _log_tail(path: Path, offset: int) -> str:
    try:
        with path.open("rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-LOG_TAIL_LINES:])
