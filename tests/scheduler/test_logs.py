"""Logging of the scheduler and the commands: handlers never outlive the stream they were made under."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from langnghe.scheduler.tasks import Runtime
from langnghe.settings import load_settings

from .conftest import write_config


def test_a_log_handler_made_under_a_swapped_stderr_writes_to_the_stderr_of_the_moment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # a command run in process (a test runner) swaps stderr, makes its handler, then closes the
    # stream: a handler bound to that stream printed "--- Logging error ---" tracebacks ever after
    import io
    import sys

    from langnghe.scheduler.logs import StderrHandler

    swapped, before = io.StringIO(), sys.stderr
    sys.stderr = swapped
    try:
        handler = StderrHandler()
    finally:
        sys.stderr = before
    swapped.close()
    handler.emit(logging.LogRecord("langnghe", logging.WARNING, __file__, 1, "một dòng cảnh báo", None, None))
    err = capsys.readouterr().err
    assert "một dòng cảnh báo" in err and "Logging error" not in err


@pytest.fixture
def text_logs(capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[[], list[str]]]:
    """``langnghe run --log-format text`` logging; yields a reader of the lines written so far."""
    from langnghe.scheduler import logs

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logs.configure("text")
    yield lambda: capsys.readouterr().err.splitlines()
    root.handlers[:], root.level = handlers, level


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    from langnghe.scheduler import tasks
    from langnghe.scheduler.config import load_schedule
    from langnghe.stores.runs import RunLog

    config_dir = write_config(tmp_path / "config", sources=[
        {"id": "bao-hong", "kind": "rss", "name": "Báo Hỏng", "url": "http://127.0.0.1:9/feed.rss"}])
    settings = load_settings(data_dir=tmp_path / "data", config_dir=config_dir)
    settings.data_dir.mkdir(parents=True)
    made = tasks.Runtime(settings, load_schedule(config_dir), RunLog(settings.paths.scheduler))
    tasks.install(made)
    yield made
    tasks.install(None)
    made.close()


def test_text_log_lines_of_jobs_name_the_job_with_its_outcome(runtime: Runtime, text_logs: Callable[[], list[str]]) -> None:
    from langnghe.scheduler import tasks

    @tasks.recorded("rollup")
    def fine() -> tasks.Done:
        return tasks.Done("xong")

    @tasks.recorded("digest")
    def broken() -> tasks.Done:
        raise OSError("disk full")

    fine()
    broken()
    lines = text_logs()
    finished = next(line for line in lines if "job finished" in line)
    assert "job=rollup" in finished and "outcome=ok" in finished and "detail=xong" in finished
    failed = next(line for line in lines if "job failed" in line)
    assert "job=digest" in failed and 'error="OSError: disk full"' in failed
    assert any(line.startswith("Traceback") for line in lines)  # the traceback below its line, not lost


def test_a_crawl_problem_in_the_text_log_names_the_source(
    runtime: Runtime, text_logs: Callable[[], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from langnghe.scheduler import tasks

    monkeypatch.setenv("LANGNGHE_ALLOW_PRIVATE_HOSTS", "127.0.0.1:9")
    tasks.crawl("bao-hong")
    problem = next(line for line in text_logs() if "crawl problem" in line)
    assert "source=bao-hong" in problem and "127.0.0.1:9/feed.rss" in problem
    run = runtime.runs.last_runs()["crawl:bao-hong"]  # what `langnghe status` shows: not "ok"
    assert run.outcome == "error" and run.detail.startswith("lỗi 1/1 nguồn: Báo Hỏng")


def test_an_alert_in_the_text_log_names_its_rule_and_subject(text_logs: Callable[[], list[str]]) -> None:
    # the fields langnghe.alerts.job logs with each alert sent
    logging.getLogger("langnghe.alerts.job").info("alert", extra={
        "event": "alert", "rule": "tin-gia", "subject": "claim:c1", "title": "Tin sai lan truyền: 3 tin"})
    line = text_logs()[-1]
    assert line.endswith('alert rule=tin-gia subject=claim:c1 title="Tin sai lan truyền: 3 tin"')


def test_a_crawl_cut_short_by_shutdown_is_stopped_not_a_source_failure(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # stopping `langnghe run` kills the crawler process; that is no fault of the source: counted
    # as a failure, every restart brought a source closer to a "nguồn có vấn đề" alert
    import socket

    from langnghe.scheduler import tasks
    from langnghe.stores.health import SourceHealthStore

    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        config_dir = runtime.settings.config_dir
        write_config(config_dir, sources=[
            {"id": "bao-hong", "kind": "rss", "name": "Báo Hỏng", "url": f"http://127.0.0.1:{port}/feed.rss"}])
        monkeypatch.setenv("LANGNGHE_ALLOW_PRIVATE_HOSTS", f"127.0.0.1:{port}")
        runtime.stop.set()
        tasks.crawl("bao-hong")
    run = runtime.runs.last_runs()["crawl:bao-hong"]
    assert run.outcome == "stopped" and run.detail.startswith("dừng sớm: ")
    store = SourceHealthStore(runtime.settings.paths.health)
    try:
        health = store.all().get("bao-hong")
    finally:
        store.close()
    assert health is None or health.consecutive_failures == 0
