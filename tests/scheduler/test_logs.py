"""Logging of the scheduler and the commands: handlers never outlive the stream they were made under."""

from __future__ import annotations

import logging

import pytest


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
